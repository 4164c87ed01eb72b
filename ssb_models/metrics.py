"""Scalar metrics of an experiment's result: what a sweep (``docs/sweeps.md``) or a
sensitivity analysis records per point for any predefined experiment.

:func:`available` lists, for an experiment spec, every metric name with its unit —
before any solve, so a sweep file's metrics are checked when it is loaded. Names of
experiments that run several conditions carry the condition, written as in the
experiment's TOML (``capacity_mAh_g_at_2C``, ``discharge_R0_Ohm_cm2_at_soc_0.5``,
``critical_current_mA_cm2_at_3MPa``). :func:`extract` reads them from a
:class:`~ssb_models.results.Result`; a value the run did not produce (a rate that
did not discharge, no valid GITT estimate, a spectrum without an arc minimum) is
``None`` (NaN in ``results.csv``), never a made-up number.
"""

import math

_RATE_METRICS = {"capacity_mAh_g": "mAh/g", "capacity_mAh_cm2": "mAh/cm2",
                 "mean_voltage_V": "V", "energy_mWh_cm2": "mWh/cm2", "power_mW_cm2": "mW/cm2",
                 "energy_Wh_kg": "Wh/kg", "power_W_kg": "W/kg", "retention": "1",
                 "reached_cutoff": "1 = yes"}
_CYCLING = {"capacity_mAh_g": "mAh/g", "capacity_mAh_cm2": "mAh/cm2", "mean_voltage_V": "V",
            "energy_mWh_cm2": "mWh/cm2", "power_mW_cm2": "mW/cm2", "energy_Wh_kg": "Wh/kg",
            "power_W_kg": "W/kg", "charge_capacity_mAh_g": "mAh/g",
            "mean_charge_voltage_V": "V", "n_cycles": "1", "final_capacity_retention": "1",
            "last_discharge_capacity_mAh_g": "mAh/g", "mean_coulombic_efficiency": "1",
            "mean_energy_efficiency": "1"}
_EIS = {"high_frequency_resistance_Ohm_cm2": "Ohm cm2", "arc_resistance_Ohm_cm2": "Ohm cm2",
        "arc_peak_frequency_Hz": "Hz", "arcs_resistance_Ohm_cm2": "Ohm cm2", "low_frequency_Z_real_Ohm_cm2": "Ohm cm2",
        "low_frequency_minus_Z_imag_Ohm_cm2": "Ohm cm2"}
_GITT = {"capacity_mAh_g": "mAh/g", "pulses": "1", "valid_estimates": "1",
         "median_D_gitt_m2_s": "m2/s"}
_PULSE = {"discharge_R0_Ohm_cm2": "Ohm cm2", "discharge_R_end_Ohm_cm2": "Ohm cm2",
          "charge_R0_Ohm_cm2": "Ohm cm2", "charge_R_end_Ohm_cm2": "Ohm cm2", "ocv_V": "V"}
_CRITICAL = {"critical_current_mA_cm2": "mA/cm2", "onset_mA_cm2": "mA/cm2",
             "last_passed_mA_cm2": "mA/cm2", "min_contact_fraction": "1"}
_CYCLE_LIFE = {"final_capacity_retention": "1", "first_discharge_capacity_mAh_g": "mAh/g",
               "last_discharge_capacity_mAh_g": "mAh/g", "n_cycles": "1",
               "first_arc_resistance_Ohm_cm2": "Ohm cm2",
               "last_arc_resistance_Ohm_cm2": "Ohm cm2",
               "arc_resistance_growth_Ohm_cm2": "Ohm cm2",
               "last_high_frequency_resistance_Ohm_cm2": "Ohm cm2"}


def _g(x):
    return f"{float(x):g}"


def _conditions(spec):
    """[(suffix, row selector)] of an experiment that runs several conditions."""
    t = spec.type
    if t == "rate-capability":
        return [(f"_at_{_g(r)}C", {"c_rate": float(r)}) for r in spec["c_rates"]]
    if t == "temperature-ladder":
        return [(f"_at_{_g(r)}C_{_g(T)}degC", {"c_rate": float(r), "temperature_C": float(T)})
                for T in spec["temperatures_C"] for r in spec["c_rates"]]
    if t == "pulse":
        return [(f"_at_soc_{_g(s)}", {"soc": float(s)}) for s in spec["socs"]]
    if t == "critical-current":
        temps = spec["temperatures_C"]
        return [(f"_at_{_g(p)}MPa" + (f"_{_g(T)}degC" if temps else ""),
                 {"stack_pressure_MPa": float(p), **({"temperature_C": float(T)} if temps
                                                     else {})})
                for p in spec["stack_pressures_MPa"] for T in (temps or [None])]
    return [("", None)]


def _per_condition(spec, names):
    return {f"{m}{suffix}": unit for suffix, _ in _conditions(spec)
            for m, unit in names.items()}


def available(spec):
    """``{metric name: unit}`` of an :class:`~ssb_models.experiments.ExperimentSpec`."""
    t = spec.type
    if t == "cycling":
        return dict(_CYCLING)
    if t == "eis":
        return dict(_EIS)
    if t == "gitt":
        return dict(_GITT)
    if t == "cycle-life":
        return dict(_CYCLE_LIFE)
    if t in ("rate-capability", "temperature-ladder"):
        return _per_condition(spec, _RATE_METRICS)
    if t == "pulse":
        return _per_condition(spec, _PULSE)
    if t == "critical-current":
        return _per_condition(spec, _CRITICAL)
    raise ValueError(f"no metrics for experiment type {t!r}")  # TYPES are all above


def _num(v):
    if v is None or isinstance(v, str):
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _match(row, sel):
    return all(abs(float(row.get(k, math.nan)) - v) <= 1e-9 * max(1.0, abs(v))
               for k, v in sel.items())


def _rows(result, spec):
    key = {"rate-capability": "rates", "temperature-ladder": "rates", "pulse": "pulses",
           "critical-current": "critical_current"}[spec.type]
    return result.summary.get(key) or []


def _eis(freqs, z):
    import numpy as np

    from .procedures import _arc_resistance

    hfr, arc = _arc_resistance(freqs, z)
    order = np.argsort(freqs)[::-1]
    f, zr, zi = freqs[order], z.real[order], -z.imag[order]
    inside = zr <= hfr + arc + 1e-12  # the first arc (down to its minimum)
    peak = float(f[inside][np.argmax(zi[inside])])
    # all arcs: down to the last local minimum of -Im Z (where a diffusion tail starts)
    minima = [k for k in range(1, len(zi) - 1)
              if zi[k] < zi[k - 1] and zi[k] <= zi[k + 1] and zr[k] > hfr]
    arcs = float((zr[minima[-1]] if minima else zr[-1]) - hfr)
    return {"high_frequency_resistance_Ohm_cm2": hfr, "arc_resistance_Ohm_cm2": arc,
            "arc_peak_frequency_Hz": peak, "arcs_resistance_Ohm_cm2": arcs, "low_frequency_Z_real_Ohm_cm2": float(zr[-1]),
            "low_frequency_minus_Z_imag_Ohm_cm2": float(zi[-1])}


def extract(spec, result, names=None):
    """``{name: float or None}`` for ``names`` (default: all of :func:`available`)."""
    import numpy as np

    names = list(available(spec) if names is None else names)
    s, t, out = result.summary, spec.type, {}
    if t == "cycling":
        rows = s.get("cycles") or []
        ce = [r["coulombic_efficiency"] for r in rows if r.get("coulombic_efficiency")]
        ee = [r["energy_efficiency"] for r in rows if r.get("energy_efficiency")]
        out = {m: _num(s.get(m)) for m in _CYCLING}
        out["last_discharge_capacity_mAh_g"] = (
            _num(rows[-1]["discharge_capacity_mAh_g"]) if rows else None)
        out["mean_coulombic_efficiency"] = float(np.mean(ce)) if ce else None
        out["mean_energy_efficiency"] = float(np.mean(ee)) if ee else None
    elif t == "eis":
        ts = result.timeseries
        z = np.asarray(ts["Z_real_Ohm_cm2"]) + 1j * np.asarray(ts["Z_imag_Ohm_cm2"])
        out = _eis(np.asarray(ts["frequency_Hz"], float), z)
    elif t == "gitt":
        rows = _table_rows(result.tables.get("gitt", {}))
        D = [r["D_gitt_m2_s"] for r in rows if r.get("D_gitt_valid") and
             _num(r.get("D_gitt_m2_s"))]
        out = {"capacity_mAh_g": _num(s.get("capacity_mAh_g")), "pulses": _num(s.get("pulses")),
               "valid_estimates": _num(s.get("valid_estimates")),
               "median_D_gitt_m2_s": float(np.median(D)) if D else None}
    elif t == "cycle-life":
        res = s.get("resistance") or []
        arcs = [r["arc_resistance_Ohm_cm2"] for r in res]
        out = {"final_capacity_retention": _num(s.get("final_capacity_retention")),
               "first_discharge_capacity_mAh_g": _num(s.get("first_discharge_capacity_mAh_g")),
               "last_discharge_capacity_mAh_g": _num(s.get("last_discharge_capacity_mAh_g")),
               "n_cycles": _num(s.get("n_cycles")),
               "first_arc_resistance_Ohm_cm2": _num(arcs[0]) if arcs else None,
               "last_arc_resistance_Ohm_cm2": _num(arcs[-1]) if arcs else None,
               "arc_resistance_growth_Ohm_cm2": (_num(arcs[-1] - arcs[0]) if len(arcs) > 1
                                                 else None),
               "last_high_frequency_resistance_Ohm_cm2": (
                   _num(res[-1]["high_frequency_resistance_Ohm_cm2"]) if res else None)}
    else:
        base = {"rate-capability": _RATE_METRICS, "temperature-ladder": _RATE_METRICS,
                "pulse": _PULSE, "critical-current": _CRITICAL}[t]
        rows = _rows(result, spec)
        for suffix, sel in _conditions(spec):
            row = next((r for r in rows if _match(r, sel)), None)
            for m in base:
                out[f"{m}{suffix}"] = _num(row.get(m)) if row is not None else None
    return {n: out.get(n) for n in names}


def _table_rows(table):
    keys = list(table)
    n = len(table[keys[0]]) if keys else 0
    return [{k: table[k][i] for k in keys} for i in range(n)]
