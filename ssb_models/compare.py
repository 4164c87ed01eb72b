"""Compare a cell's simulation with a published dataset: the Python API behind
``ssb compare`` (``docs/compare.md``).

The dataset's conditions (temperature, rate, cathode design) are applied to the
cell; everything else stays the cell's default, and the JSON lists every such
choice under ``assumptions``.
"""

import math

import numpy as np

from .errors import InputError

THICKNESS = "Positive electrode thickness [m]"
AM_FRACTION = "Positive electrode active material volume fraction"
SE_FRACTION = "Positive electrode porosity"
DENSITY = "Positive electrode active material density [kg.m-3]"


# ----------------------------------------------------------------- metrics
def curve_metrics(q_ref, v_ref, q_sim, v_sim, points=200):
    """Voltage RMSE and maximum error [V] of a simulated curve against a reference on
    a common capacity grid over the overlapping range (linear interpolation of both),
    and the end-capacity error (simulated - reference, absolute and %).

    Capacities in the same unit, each strictly increasing.
    """
    q_ref, v_ref, q_sim, v_sim = (np.asarray(a, dtype=float) for a in (q_ref, v_ref, q_sim, v_sim))
    lo, hi = max(q_ref[0], q_sim[0]), min(q_ref[-1], q_sim[-1])
    if not hi > lo:
        return {"overlap": [float(lo), float(hi)], "voltage_rmse_V": math.nan,
                "voltage_max_error_V": math.nan,
                "capacity_error": float(q_sim[-1] - q_ref[-1]),
                "capacity_error_pct": float(100 * (q_sim[-1] - q_ref[-1]) / q_ref[-1])}
    grid = np.linspace(lo, hi, points)
    d = np.interp(grid, q_sim, v_sim) - np.interp(grid, q_ref, v_ref)
    return {"overlap": [float(lo), float(hi)],
            "voltage_rmse_V": float(np.sqrt(np.mean(d**2))),
            "voltage_max_error_V": float(np.max(np.abs(d))),
            "capacity_error": float(q_sim[-1] - q_ref[-1]),
            "capacity_error_pct": float(100 * (q_sim[-1] - q_ref[-1]) / q_ref[-1])}


def point_errors(reported, simulated):
    """Absolute (simulated - reported) and percentage errors of capacity points."""
    reported, simulated = np.asarray(reported, float), np.asarray(simulated, float)
    err = simulated - reported
    return err, 100 * err / reported


# ----------------------------------------------------------------- conditions
def conditions(dataset, cell, overrides=None):
    """Parameter overrides and temperature for ``dataset`` on ``cell``, and the list
    of assumptions: ``(overrides, temperature_C, assumptions)``.

    Design rules: a thickness sets the cathode thickness; a loading (of the whole
    composite unless ``active_mass_fraction`` is 1) times the active mass fraction
    is the active loading, which with the thickness sets the active-material volume
    fraction (loading / (density x thickness)), or without it the thickness at the
    cell's volume fraction. User ``--set`` values win over the dataset's.
    """
    from .parameters.registry import get_cell
    from .parameters.registry import parameter_values as cell_pv

    module = get_cell(cell)
    pv = cell_pv(module.CELL.id)
    user = dict(overrides or {})
    out, notes = {}, []

    def note(item, value, origin):
        notes.append({"item": item, "value": value, "from": origin})

    if dataset.family and dataset.family != module.CELL.id:
        note("cell family", f"dataset family '{dataset.family}' differs from cell "
             f"'{module.CELL.id}': the cell's materials stand in for the paper's", "assumed")
    elif not dataset.family:
        note("cell family", f"the dataset names no family; '{module.CELL.id}' used", "assumed")
    T = dataset.temperature_C
    if T is None:
        T = pv["Ambient temperature [K]"] - 273.15
        note("temperature_C", T, "cell default (the dataset gives none)")
    else:
        note("temperature_C", T, "dataset")
    d = dataset.design
    frac = d.get("active_mass_fraction")
    L = d.get("cathode_thickness_um")
    loading = d.get("cathode_loading_mg_cm2")
    if L is not None:
        out[THICKNESS] = L * 1e-6
        note(THICKNESS, L * 1e-6, "dataset (cathode_thickness_um)")
    if loading is not None:
        if frac is None:
            frac = 1.0
            note("active_mass_fraction", 1.0,
                 "assumed: no composition given, the loading is taken as active material")
        else:
            note("active_mass_fraction", frac, "dataset (composition)")
        active = loading * frac * 10.0  # mg/cm2 -> g/m2
        rho = pv[DENSITY] * 1e3  # g/m3
        if L is not None:
            eps = active / (rho * L * 1e-6)
            if not 0 < eps < 1:
                raise InputError(
                    f"{dataset.source}: loading {loading:g} mg/cm2 x {frac:.3g} active in "
                    f"{L:g} um gives an active volume fraction {eps:.3g}, outside (0, 1).")
            out[AM_FRACTION] = eps
            note(AM_FRACTION, eps, "dataset: active loading / (density x thickness)")
            se = pv[SE_FRACTION]
            if eps + se > 1:
                out[SE_FRACTION] = 1 - eps
                note(SE_FRACTION, 1 - eps, "assumed: SE fraction reduced so that the "
                     "volume fractions sum to 1")
        else:
            L_m = active / (rho * pv[AM_FRACTION])
            out[THICKNESS] = L_m
            note(THICKNESS, L_m, "dataset loading at the cell's active volume fraction "
                 f"{pv[AM_FRACTION]:g}")
        note("cathode loading basis", "whole composite cathode", "assumed: the review does "
             "not say whether the loading counts the active material only")
    for k, v in user.items():
        out[k] = v
        note(k, v, "user (--set)")
    for n in dataset.provenance.get("notes", []):
        note("dataset", n, "dataset")
    if dataset.rate_unit == "C-rate":
        note("C-rate basis", "1C = the cell's stoichiometric-window capacity after the design "
             "changes", "assumed: the paper's 1C basis is not given")
    note("other parameters", f"'{module.CELL.id}' defaults (ssb cells --parameters "
         f"{module.CELL.id})", "cell default")
    return out, T, notes


def _c_rate(runner, dataset, rate, temperature_C):
    if dataset.rate_unit == "C-rate":
        return float(rate)
    pv = runner.point_values(1.0, temperature_C)
    nominal_mAh_cm2 = pv["Nominal cell capacity [A.h]"] * 1e3 / (
        pv["Electrode height [m]"] * pv["Electrode width [m]"] * 1e4)
    return float(rate) / nominal_mAh_cm2


def _capacity(summary, unit):
    return summary["capacity_mAh_g"] if unit == "mAh/g" else summary["capacity_mAh_cm2"]


def compare(dataset, cell, overrides=None, options=None, out_dir=None):
    """Simulate ``dataset`` (a :class:`ssb_models.datasets.Dataset`, an id or a path)
    with ``cell`` and return the comparison dict (see ``docs/compare.md``)."""
    from .datasets import Dataset, load_dataset
    from .runner import DischargeRunner

    ds = dataset if isinstance(dataset, Dataset) else load_dataset(dataset)
    over, T, notes = conditions(ds, cell, overrides)
    runner = DischargeRunner(cell, options, over)
    out = {"dataset": ds.id, "kind": ds.kind, "citation": ds.citation, "source": ds.source,
           "cell": runner.module.CELL.id, "temperature_C": T,
           "capacity_unit": ds.capacity_unit, "rate_unit": ds.rate_unit,
           "overrides": over, "assumptions": notes, "provenance": ds.provenance}
    if ds.kind == "points":
        rows = []
        for rate, cap in zip(ds.columns["rate"], ds.columns["capacity"]):
            c = _c_rate(runner, ds, rate, T)
            s, _, _ = runner.discharge(c, T)
            sim = _capacity(s, ds.capacity_unit)
            err, pct = point_errors([cap], [sim])
            rows.append({"rate": rate, "c_rate": c, "reported": cap, "simulated": sim,
                         f"reported_{_key(ds.capacity_unit)}": cap,
                         f"simulated_{_key(ds.capacity_unit)}": sim,
                         "error": float(err[0]), "error_pct": float(pct[0])})
        out["points"] = rows
        rates = np.asarray(ds.columns["rate"], float)
        grid = np.geomspace(rates.min() / 3, rates.max() * 3, 9)
        out["_line"] = [(r, _capacity(runner.discharge(_c_rate(runner, ds, r, T), T)[0],
                                      ds.capacity_unit)) for r in grid]
    else:
        c = _c_rate(runner, ds, ds.rate, T)
        s, ts, _ = runner.discharge(c, T)
        q_sim = _capacity_series(ts, s, ds.capacity_unit)
        keep = np.concatenate([[True], np.diff(q_sim) > 0])
        q_sim, v_sim = q_sim[keep], ts["voltage_V"][keep]
        out.update({"rate": ds.rate, "c_rate": c,
                    **curve_metrics(ds.columns["capacity"], ds.columns["voltage_V"],
                                    q_sim, v_sim)})
        out["points"] = [{"rate": ds.rate, "c_rate": c, "reported": ds.columns["capacity"][-1],
                          "simulated": float(q_sim[-1]),
                          f"reported_{_key(ds.capacity_unit)}": ds.columns["capacity"][-1],
                          f"simulated_{_key(ds.capacity_unit)}": float(q_sim[-1]),
                          "error": out["capacity_error"], "error_pct": out["capacity_error_pct"]}]
        out["_line"] = list(zip(q_sim.tolist(), v_sim.tolist()))
    if out_dir is not None:
        out["files"] = write(out, ds, out_dir)
    return out


def _key(unit):
    return "mAh_g" if unit == "mAh/g" else "mAh_cm2"


def _capacity_series(ts, summary, unit):
    q = ts["capacity_mAh"] - ts["capacity_mAh"][0]
    if unit == "mAh/g":
        return q / (summary["active_material_mass_mg"] / 1e3)
    return q / summary["area_cm2"]


def write(result, dataset, out_dir):
    """Overlay figure (published as markers, simulated as a line) and comparison.json."""
    import json
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    line = np.asarray(result["_line"], float)
    if dataset.kind == "points":
        ax.semilogx(line[:, 0], line[:, 1], "-", label=f"simulated ({result['cell']})")
        ax.semilogx(dataset.columns["rate"], dataset.columns["capacity"], "o", ms=7,
                    label=f"published ({dataset.id})")
        ax.set_xlabel(f"Rate [{dataset.rate_unit}]")
        ax.set_ylabel(f"Discharge capacity [{dataset.capacity_unit}]")
    else:
        ax.plot(line[:, 0], line[:, 1], "-", label=f"simulated ({result['cell']})")
        ax.plot(dataset.columns["capacity"], dataset.columns["voltage_V"], "o", ms=4,
                label=f"published ({dataset.id})")
        ax.set_xlabel(f"Capacity [{dataset.capacity_unit}]")
        ax.set_ylabel("Voltage [V]")
    ax.set_title(f"{dataset.id} vs {result['cell']}, {result['temperature_C']:g} C", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    png = out / "overlay.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    js = out / "comparison.json"
    js.write_text(json.dumps(public(result), indent=2, default=float) + "\n")
    return {"plot": str(png), "json": str(js)}


def public(result):
    """The comparison without internal keys (what --json prints)."""
    return {k: v for k, v in result.items() if not k.startswith("_")}
