"""Constant-current discharges of one cell with the model built once.

The rate, the temperature and any swept scalar parameter are PyBaMM
``InputParameter`` s of one processed, discretised model, so a rate
capability, a temperature ladder or a sweep solves the same compiled model
again and again (``docs/sweeps.md``). Only what shapes the mesh (thicknesses,
particle radii) or feeds a table computed outside the model (the space-charge
inputs) forces a rebuild; those points get a runner of their own.

Every discharge starts from the full-charge state of the cell's window and
stops at the lower cut-off voltage (PyBaMM's voltage event).
"""

import math
import time

import numpy as np

from . import validation
from .errors import InputError
from .parameters.registry import get_cell
from .parameters.registry import parameter_values as cell_parameter_values

CELSIUS = 273.15
CURRENT = "Current function [A]"
OUTPUT_POINTS = 1001  # output samples of a discharge without a given period
TEMPERATURES = ("Ambient temperature [K]", "Initial temperature [K]")
INITIAL = "Initial concentration in {} electrode [mol.m-3]"

#: Parameters that cannot be inputs: the mesh is built from them, or the
#: space-charge tables are computed from them (docs/sweeps.md).
_STRUCTURAL_WORDS = ("thickness [m]", "particle radius [m]")


def is_structural(name):
    """True if changing ``name`` needs a rebuilt model (not an input)."""
    from .parameters.derived import SPACE_CHARGE_INPUTS

    low = name.lower()
    return any(w in low for w in _STRUCTURAL_WORDS) or name in SPACE_CHARGE_INPUTS


def _numeric_capacity(pv, window):
    """Positive-electrode window capacity [A.h] from numbers (no PyBaMM solve)."""
    F = 96485.33212
    area = pv["Electrode height [m]"] * pv["Electrode width [m]"]
    return (F * pv["Maximum concentration in positive electrode [mol.m-3]"]
            * pv["Positive electrode active material volume fraction"]
            * pv["Positive electrode thickness [m]"] * area
            * (window["x_0"] - window["x_100"]) / 3600.0)


#: names the stoichiometry windows depend on (half cell: OCP and cut-offs; a full
#: cell's also on the electrode loadings)
_WINDOW_WORDS = ("cut-off", "maximum concentration", "initial concentration", "ocp")
_FULL_CELL_WINDOW_WORDS = ("volume fraction", "porosity", "thickness")


def can_compile():
    """True if PyBaMM's ahead-of-time compilation can run here: its compiler (gcc) is
    on the PATH. PyBaMM falls back to its interpreted functions (with a logged
    warning) if a compile still fails, so this only avoids a pointless attempt."""
    import shutil

    return shutil.which("gcc") is not None


class DischargeRunner:
    """A cell's model built once for constant-current discharges.

    Parameters
    ----------
    cell : str
        Cell id.
    options : dict, optional
        Model options on top of the cell's.
    overrides : dict, optional
        Fixed parameter overrides (numbers), applied before the build.
    input_names : iterable of str, optional
        Parameters that vary between calls (as PyBaMM inputs). Structural ones
        (see :func:`is_structural`) are refused: give them as ``overrides``.
    """

    def __init__(self, cell, options=None, overrides=None, input_names=()):
        import pybamm

        from .build import model_options
        from .parameters.derived import update_derived

        self.module = get_cell(cell)
        self.options = dict(options or {})
        merged = model_options(self.module, self.options)
        pv = cell_parameter_values(self.module.CELL.id)
        overrides = dict(overrides or {})
        validation.check_names(overrides, pv)
        pv.update(overrides)
        validation.check_physical(pv)
        validation.check_interfaces(pv, merged, self.module.CELL.id)
        self.input_names = tuple(input_names)
        validation.check_names(dict.fromkeys(self.input_names), pv)
        bad = [n for n in self.input_names if is_structural(n)]
        if bad:
            raise InputError(f"{bad[0]!r} shapes the mesh or a precomputed table, so it "
                             "cannot vary in a built model; pass it as a fixed override.")
        self._window = update_derived(pv, initial_soc=1.0,
                                      options=self.module.CELL.model_options)
        self.base = pv
        self.full_cell = "n_0" in self._window
        self._varying = set(self.input_names) | {CURRENT, *TEMPERATURES}
        self._varying |= {INITIAL.format("positive")}
        if self.full_cell:
            self._varying |= {INITIAL.format("negative")}
        pv_in = pv.copy()
        pv_in.update({n: pybamm.InputParameter(n) for n in sorted(self._varying)})
        self._pv_in = pv_in
        self._sim = None
        self.model_options = {k: str(v) for k, v in merged.items()}

    @property
    def sim(self):
        """The simulation for dense single discharges, built on first use (a batched
        sweep never needs it, so its workers do not pay for it)."""
        if self._sim is None:
            import pybamm

            from .build import build_model

            self.model = build_model(self.module, self.options)
            self._sim = pybamm.Simulation(self.model, parameter_values=self._pv_in,
                                          solver=pybamm.IDAKLUSolver())
            self._sim.build()
        return self._sim

    # ------------------------------------------------------------------ inputs
    def point_values(self, c_rate, temperature_C=None, inputs=None):
        """The numeric parameter values of one discharge (a copy of the base)."""
        inputs = dict(inputs or {})
        unknown = set(inputs) - set(self.input_names)
        if unknown:
            raise InputError(f"{sorted(unknown)[0]!r} is not an input of this runner "
                             f"(inputs: {list(self.input_names) or 'none'}).")
        validation.check_c_rate(c_rate)
        validation.check_temperature_C(temperature_C, self.module)
        pv = self.base.copy()
        pv.update(inputs)
        if temperature_C is not None:
            T = float(temperature_C) + CELSIUS
            pv.update(dict.fromkeys(TEMPERATURES, T))
        if inputs:  # the base was checked when the runner was built
            validation.check_physical(pv, names=inputs)
        low = [n.lower() for n in inputs]
        words = _WINDOW_WORDS + (_FULL_CELL_WINDOW_WORDS if self.full_cell else ())
        if any(w in n for n in low for w in words):
            from .parameters.derived import update_derived

            update_derived(pv, initial_soc=1.0, options=self.module.CELL.model_options)
        else:
            Q = _numeric_capacity(pv, self._window)
            pv.update({"Nominal cell capacity [A.h]": Q, CURRENT: Q})
        pv.update({CURRENT: float(c_rate) * pv["Nominal cell capacity [A.h]"]})
        return pv

    def discharge(self, c_rate, temperature_C=None, inputs=None, period_s=None):
        """Discharge at ``c_rate`` to the lower cut-off from full charge.

        Returns ``(summary, timeseries, solution)``: the summary has
        capacity_mAh_g, capacity_mAh_cm2, mean_voltage_V, energy_mWh_cm2,
        power_mW_cm2, power_W_kg, energy_Wh_kg, ... (see :func:`summarize`).
        """
        pv = self.point_values(c_rate, temperature_C, inputs)
        values = {n: float(pv[n]) for n in self._varying}
        t_end = 1.25 * 3600.0 / float(c_rate) + 60.0
        t_eval = [0.0, t_end]
        # dense output (the solver's own interpolant) so that energy and mean voltage
        # are integrated accurately however large the solver's steps
        t_interp = (np.arange(0.0, t_end, float(period_s)) if period_s
                    else np.linspace(0.0, t_end, OUTPUT_POINTS))
        import pybamm

        t0 = time.perf_counter()
        try:
            sol = self.sim.solve(t_eval, inputs=values, t_interp=t_interp)
        except pybamm.SolverError as exc:
            if "non-positive at initial conditions" not in str(exc):
                raise
            # the voltage is below the cut-off as soon as the current flows: the
            # cell delivers nothing at this rate (a result, not a failure)
            return self._empty(pv, c_rate, time.perf_counter() - t0)
        solve_time = time.perf_counter() - t0
        ts = timeseries(sol)
        summary = summarize(pv, ts)
        summary.update({"c_rate": float(c_rate), "solve_time_s": solve_time,
                        "termination": str(sol.termination),
                        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6)})
        reached = ts["voltage_V"][-1] <= pv["Lower voltage cut-off [V]"] + 1e-3
        summary["reached_cutoff"] = bool(reached)
        return summary, ts, sol


    # ------------------------------------------------------------- batches
    #: what a batched discharge keeps of each solution (PyBaMM output_variables)
    BATCH_OUTPUTS = ("Time [s]", "Voltage [V]", "Discharge capacity [A.h]",
                     "Discharge energy [W.h]")

    def _batch_sim(self, threads, compile=False):
        """A second simulation of the same cell for batched discharges: the discharge
        energy as a model state ("calculate discharge energy") and only the variables
        the metrics need, so one IDAKLU call solves many input sets. With ``compile``,
        PyBaMM's ahead-of-time compilation of the solver's functions (IDAKLU option
        ``"compile"``: C code through gcc, cached on disk; see :func:`can_compile`)."""
        import pybamm

        from .build import build_model

        key = (int(threads), bool(compile))
        if getattr(self, "_batch", None) is None or self._batch[0] != key:
            model = build_model(self.module, {**self.options,
                                              "calculate discharge energy": "true"})
            solver = pybamm.IDAKLUSolver(output_variables=list(self.BATCH_OUTPUTS),
                                         options={"num_threads": key[0],
                                                  "compile": key[1]})
            sim = pybamm.Simulation(model, parameter_values=self._pv_in, solver=solver)
            sim.build()
            self._batch = (key, sim)
        return self._batch[1]

    def discharge_many(self, points, threads=1, compile=False):
        """Discharges of several points in one IDAKLU call (``docs/sweeps.md``,
        "Batched solving"). ``points`` = [(c_rate, temperature_C, inputs), ...];
        ``compile`` = solve with compiled model functions (:func:`can_compile`).

        Returns one summary per point with the sweep metrics (capacity, energy from
        the energy state, mean voltage = energy / capacity, power = energy /
        duration, reached_cutoff, solve_time_s = the batch's time per point). A batch
        whose solve fails is solved point by point, so one bad point fails alone."""
        import pybamm

        pvs = [self.point_values(c, T, inp) for c, T, inp in points]
        values = [{n: float(pv[n]) for n in self._varying} for pv in pvs]
        t_end = max(1.25 * 3600.0 / float(c) + 60.0 for c, _, _ in points)
        sim = self._batch_sim(threads, compile and can_compile())
        t0 = time.perf_counter()
        try:
            sols = sim.solve([0.0, t_end], inputs=values)
        except pybamm.SolverError:
            if len(points) == 1:
                raise
            return [self.discharge_many([p], threads, compile)[0] for p in points]
        if not isinstance(sols, list):
            sols = [sols]
        per_point = (time.perf_counter() - t0) / len(points)
        return [self._batch_summary(pv, c, sol, per_point)
                for pv, (c, _, _), sol in zip(pvs, points, sols)]

    def _batch_summary(self, pv, c_rate, sol, solve_time):
        area_cm2, mass_g = areal(pv)
        t = sol["Time [s]"].entries
        V = sol["Voltage [V]"].entries
        cap_mAh = float(sol["Discharge capacity [A.h]"].entries[-1]) * 1e3
        energy_mWh = float(sol["Discharge energy [W.h]"].entries[-1]) * 1e3
        duration_h = float(t[-1] - t[0]) / 3600.0
        power_mW = energy_mWh / duration_h if duration_h > 0 else math.nan
        return {
            "capacity_mAh_g": cap_mAh / mass_g, "capacity_mAh_cm2": cap_mAh / area_cm2,
            "mean_voltage_V": energy_mWh / cap_mAh if cap_mAh > 0 else None,
            "energy_mWh_cm2": energy_mWh / area_cm2, "power_mW_cm2": power_mW / area_cm2,
            "energy_Wh_kg": energy_mWh / mass_g, "power_W_kg": power_mW / mass_g,
            "nominal_capacity_mAh_cm2": pv["Nominal cell capacity [A.h]"] * 1e3 / area_cm2,
            "reached_cutoff": bool(V[-1] <= pv["Lower voltage cut-off [V]"] + 1e-3),
            "c_rate": float(c_rate), "solve_time_s": solve_time,
            "termination": str(sol.termination),
        }

    def _empty(self, pv, c_rate, solve_time):
        ts = first_instant_timeseries(pv, pv[CURRENT])
        summary = summarize(pv, ts)
        summary.update({"c_rate": float(c_rate), "solve_time_s": solve_time,
                        "termination": "voltage below the cut-off at the first instant",
                        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6),
                        "reached_cutoff": True, "power_mW_cm2": 0.0, "power_W_kg": 0.0})
        return summary, ts, None


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
            part = timeseries(st)
            n = len(part["time_s"])
            for k in keys:
                cols[k].append(part[k])
            cols["cycle"].append(np.full(n, i + 1))
            cols["step"].append(np.full(n, j + 1))
    return {k: np.concatenate(v) for k, v in cols.items()}


def _integrals(t, V, I):
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
            a, b, e1, e2 = _integrals(t, V, I)
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
