"""The outcome of a run: :class:`Result` (summary, time series, tables, files), and the
pure functions that turn a PyBaMM solution into time series, per-cycle tables and
summary numbers (capacity, energy and power per area and per gram of cathode active
material)."""

import math
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Result:
    """Outcome of :func:`run_experiment`."""

    summary: dict
    timeseries: dict
    solution: object = field(repr=False, default=None)
    files: dict = field(default_factory=dict)
    tables: dict = field(repr=False, default_factory=dict)

    def to_dataframe(self, table=None):
        """A table as a :class:`pandas.DataFrame`: the time series by default, or
        one of ``tables`` (e.g. "rate_capability", "gitt", "pulse_resistance")."""
        import pandas as pd

        return pd.DataFrame(self.timeseries if table is None else self.tables[table])


def version():
    """The installed ssb_models version (summaries record it)."""
    from . import __version__

    return __version__


def first_instant_timeseries(pv, current_A):
    """The one-point time series of a run that ended at its first instant (at the lower
    cut-off, nothing discharged): a result of 0 mAh, not a failure."""
    return {"time_s": np.zeros(1), "voltage_V": np.full(1, pv["Lower voltage cut-off [V]"]),
            "current_A": np.full(1, float(current_A)), "capacity_mAh": np.zeros(1)}


def timeseries(solution):
    """Time [s], voltage [V], current [A] and discharged capacity [mAh]."""
    t = solution["Time [s]"].entries
    V = solution["Voltage [V]"].entries
    I = solution["Current [A]"].entries
    Q = solution["Discharge capacity [A.h]"].entries
    ts = {"time_s": t, "voltage_V": V, "current_A": I, "capacity_mAh": Q * 1e3}
    if is_thermal(solution):
        # lumped thermal model (docs/thermal.md): cell temperature and heat generation
        ts["temperature_C"] = solution["Volume-averaged cell temperature [C]"].entries
        ts["heat_mW"] = solution["Total heating [W]"].entries * 1e3
    return ts


def is_thermal(solution):
    """Whether a solution comes from a model with a thermal state (not isothermal)."""
    models = getattr(solution, "all_models", None) or []
    return bool(models) and models[0].options["thermal"] != "isothermal"


def areal(pv):
    """(area [cm2], cathode active-material mass [g])."""
    area_m2 = pv["Electrode height [m]"] * pv["Electrode width [m]"]
    mass_g = (pv["Positive electrode active material density [kg.m-3]"]
              * pv["Positive electrode active material volume fraction"]
              * pv["Positive electrode thickness [m]"] * area_m2 * 1e3)
    return area_m2 * 1e4, mass_g


def summarize(pv, ts):
    """Capacity, energy and power of a discharge, per area and per gram of cathode
    active material (energy = integral of V I dt; power = energy / duration)."""
    area_cm2, mass_g = areal(pv)
    t, V, I = ts["time_s"], ts["voltage_V"], ts["current_A"]
    cap_mAh = float(ts["capacity_mAh"][-1] - ts["capacity_mAh"][0])
    energy_mWh = float(np.trapezoid(V * I, t)) / 3.6  # J -> mWh
    duration_h = float(t[-1] - t[0]) / 3600.0
    power_mW = energy_mWh / duration_h if duration_h > 0 else math.nan
    thermal = {}
    if "temperature_C" in ts:
        thermal = {"max_temperature_C": float(np.max(ts["temperature_C"])),
                   "temperature_rise_K": float(np.max(ts["temperature_C"])
                                               - ts["temperature_C"][0]),
                   "heat_generated_J_cm2": float(np.trapezoid(ts["heat_mW"], t))
                   / 1e3 / area_cm2}
    return thermal | {
        "capacity_mAh_g": cap_mAh / mass_g,
        "capacity_mAh_cm2": cap_mAh / area_cm2,
        "mean_voltage_V": energy_mWh / cap_mAh if cap_mAh > 0 else None,
        "energy_mWh_cm2": energy_mWh / area_cm2,
        "power_mW_cm2": power_mW / area_cm2,
        "energy_Wh_kg": energy_mWh / mass_g,  # mWh/g = Wh/kg
        "power_W_kg": power_mW / mass_g,
        "active_material_mass_mg": mass_g * 1e3,
        "area_cm2": area_cm2,
        "nominal_capacity_mAh_cm2": pv["Nominal cell capacity [A.h]"] * 1e3 / area_cm2,
        "lower_cutoff_V": pv["Lower voltage cut-off [V]"],
        "upper_cutoff_V": pv["Upper voltage cut-off [V]"],
    }


# ------------------------------------------------------- multi-step experiments
def experiment_timeseries(solution):
    """Time series of a PyBaMM experiment solution with ``cycle`` and ``step`` columns
    (1-based), step by step: time [s], voltage [V], current [A] (> 0 on discharge) and
    net discharged capacity [mAh] (falls during a charge)."""
    keys = ["time_s", "voltage_V", "current_A", "capacity_mAh"]
    if is_thermal(solution):
        keys += ["temperature_C", "heat_mW"]
    cols = {k: [] for k in keys + ["cycle", "step"]}
    for i, cyc in enumerate(solution.cycles):
        for j, st in enumerate(cyc.steps):
            if type(st).__name__ == "EmptySolution" or not len(getattr(st, "t", ())):
                continue  # a step that could not start (beyond a cut-off): no samples
            part = timeseries(st)
            n = len(part["time_s"])
            for k in keys:
                cols[k].append(part[k])
            cols["cycle"].append(np.full(n, i + 1))
            cols["step"].append(np.full(n, j + 1))
    return {k: np.concatenate(v) for k, v in cols.items()}


def step_integrals(t, V, I):
    """Discharged and charged charge [A.s] and energy [J] of one step (trapezoid)."""
    dis, ch = np.maximum(I, 0.0), np.maximum(-I, 0.0)
    return (float(np.trapezoid(dis, t)), float(np.trapezoid(ch, t)),
            float(np.trapezoid(V * dis, t)), float(np.trapezoid(V * ch, t)))


def cycle_table(ts, pv):
    """Per-cycle results of an experiment time series (from
    :func:`experiment_timeseries`): discharge and charge capacity (per gram of cathode
    active material and per cm2), energy, mean voltages (energy / capacity), coulombic
    and energy efficiency within the cycle (discharge / charge) and capacity retention
    (discharge capacity / that of the first cycle that discharged)."""
    area_cm2, mass_g = areal(pv)
    rows = []
    for c in np.unique(ts["cycle"]):
        qd = qc = ed = ec = td = 0.0
        sel_c = ts["cycle"] == c
        for s in np.unique(ts["step"][sel_c]):
            m = sel_c & (ts["step"] == s)
            t, V, I = ts["time_s"][m], ts["voltage_V"][m], ts["current_A"][m]
            a, b, e1, e2 = step_integrals(t, V, I)
            qd, qc, ed, ec = qd + a, qc + b, ed + e1, ec + e2
            if len(t) > 1 and t[-1] > t[0] and np.trapezoid(I, t) > 0:
                td += t[-1] - t[0]  # time under discharge (rests and charges excluded)
        mAh_d, mAh_c = qd / 3.6, qc / 3.6
        rows.append({
            "cycle": int(c),
            "discharge_capacity_mAh_g": mAh_d / mass_g,
            "discharge_capacity_mAh_cm2": mAh_d / area_cm2,
            "charge_capacity_mAh_g": mAh_c / mass_g,
            "charge_capacity_mAh_cm2": mAh_c / area_cm2,
            "discharge_energy_mWh_cm2": ed / 3.6 / area_cm2,
            "charge_energy_mWh_cm2": ec / 3.6 / area_cm2,
            "mean_discharge_voltage_V": ed / qd if qd > 0 else None,
            "mean_charge_voltage_V": ec / qc if qc > 0 else None,
            "discharge_power_mW_cm2": (ed / 3.6 / area_cm2) / (td / 3600) if td > 0 else None,
            "coulombic_efficiency": qd / qc if qc > 0 and qd > 0 else None,
            "energy_efficiency": ed / ec if ec > 0 and ed > 0 else None,
        })
    first = next((r["discharge_capacity_mAh_g"] for r in rows
                  if r["discharge_capacity_mAh_g"] > 0), None)
    for r in rows:
        r["capacity_retention"] = (r["discharge_capacity_mAh_g"] / first if first else None)
    return rows


def summarize_experiment(pv, ts):
    """Summary of a multi-step run: the first cycle's discharge (the keys of
    :func:`summarize`, so a discharge-only run reads as before) plus its charge, and
    the per-cycle table under ``cycles``."""
    rows = cycle_table(ts, pv)
    first = rows[0]
    area_cm2, mass_g = areal(pv)
    out = summarize(pv, {k: ts[k][ts["cycle"] == 1] for k in ts})
    out.update({
        "capacity_mAh_g": first["discharge_capacity_mAh_g"],
        "capacity_mAh_cm2": first["discharge_capacity_mAh_cm2"],
        "mean_voltage_V": first["mean_discharge_voltage_V"],
        "energy_mWh_cm2": first["discharge_energy_mWh_cm2"],
        "energy_Wh_kg": first["discharge_energy_mWh_cm2"] * area_cm2 / mass_g,
        "power_mW_cm2": first["discharge_power_mW_cm2"] or 0.0,
        "power_W_kg": (first["discharge_power_mW_cm2"] or 0.0) * area_cm2 / mass_g,
        "charge_capacity_mAh_g": first["charge_capacity_mAh_g"],
        "charge_capacity_mAh_cm2": first["charge_capacity_mAh_cm2"],
        "mean_charge_voltage_V": first["mean_charge_voltage_V"],
        **({"max_temperature_C": float(np.max(ts["temperature_C"])),
            "temperature_rise_K": float(np.max(ts["temperature_C"]) - ts["temperature_C"][0]),
            "heat_generated_J_cm2": float(np.trapezoid(ts["heat_mW"], ts["time_s"]))
            / 1e3 / area_cm2} if "temperature_C" in ts else {}),
        "n_cycles": len(rows),
        "final_capacity_retention": rows[-1]["capacity_retention"],
        "cycles": rows,
    })
    return out


def columns(rows):
    """Rows (``[{name: value}]``) as float columns (``{name: array}``)."""
    return {k: np.array([r[k] for r in rows], dtype=float) for k in rows[0]}


def long_curves(curves, mass_g, key="c_rate"):
    """Discharge curves ``{condition: timeseries}`` as one long table: condition, time
    from the curve's start [s], voltage [V], capacity [mAh per g active material]."""
    cols = {key: [], "time_s": [], "voltage_V": [], "capacity_mAh_g": []}
    for k, ts in curves.items():
        n = len(ts["time_s"])
        cols[key].append(np.full(n, k, dtype=float))
        cols["time_s"].append(ts["time_s"] - ts["time_s"][0])
        cols["voltage_V"].append(ts["voltage_V"])
        cols["capacity_mAh_g"].append((ts["capacity_mAh"] - ts["capacity_mAh"][0]) / mass_g)
    return {k: np.concatenate(v) for k, v in cols.items()}


def table_rows(table):
    """Float columns (``{name: array}``) back as rows."""
    keys = list(table)
    n = len(table[keys[0]]) if keys else 0
    return [{k: table[k][i] for k in keys} for i in range(n)]
