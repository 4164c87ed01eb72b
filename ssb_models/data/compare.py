"""Compare a cell's simulation with a published dataset: the Python API behind
``ssb compare`` (``docs/compare.md``).

The dataset's conditions (temperature, rate, cathode design) are applied to the
cell; everything else stays the cell's default, and the JSON lists every such
choice under ``assumptions``.
"""

import math

import numpy as np

from ..errors import InputError
from ..files import to_json
from ..physics.constants import CELSIUS_OFFSET, FARADAY, GAS_CONSTANT

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
    from ..parameters.registry import get_cell
    from ..parameters.registry import parameter_values as cell_pv

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
    per_row = "temperature_C" in dataset.columns
    if per_row:
        note("temperature_C", "per row", "dataset")
    if T is None:
        T = pv["Ambient temperature [K]"] - CELSIUS_OFFSET
        if not per_row or None in dataset.temperatures():
            note("temperature_C", T, "cell default (the dataset gives none)")
    elif not per_row:
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
    for key, name in (("lower_cutoff_V", "Lower voltage cut-off [V]"),
                      ("upper_cutoff_V", "Upper voltage cut-off [V]")):
        if key in d:
            out[name] = float(d[key])
            note(name, float(d[key]), f"dataset ({key})")
    if "separator_thickness_um" in d:
        out["Separator thickness [m]"] = d["separator_thickness_um"] * 1e-6
        note("Separator thickness [m]", d["separator_thickness_um"] * 1e-6,
             "dataset (separator_thickness_um)")
    for k, v in dataset.overrides.items():
        out[k] = float(v)
        note(k, float(v), "dataset (stated condition)")
    if "n_0" in _cell_windows(module) and (THICKNESS in out or AM_FRACTION in out):
        # full cell: keep the cell's N/P (capacity balance) when the cathode changes
        ratio = (out.get(THICKNESS, pv[THICKNESS]) * out.get(AM_FRACTION, pv[AM_FRACTION])
                 / (pv[THICKNESS] * pv[AM_FRACTION]))
        am_n = "Negative electrode active material volume fraction"
        ratio *= pv[am_n] / out.get(am_n, pv[am_n])
        L_n = pv["Negative electrode thickness [m]"] * ratio
        out["Negative electrode thickness [m]"] = L_n
        note("Negative electrode thickness [m]", L_n, "assumed: scaled with the cathode "
             "loading (and the anode's active fraction) so that the cell's N/P ratio "
             "(anode/cathode capacity) is kept")
    for a in dataset.assumptions:
        note("dataset", a, "assumed (dataset file)")
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


def _cell_windows(module):
    from ..parameters.derived import windows
    from ..parameters.registry import parameter_values as cell_pv

    return windows(cell_pv(module.CELL.id), module.CELL.model_options)


def dataset_c_rate(runner, dataset, rate, temperature_C):
    """The C-rate of ``rate`` in the dataset's rate unit (a C-rate as is; a current
    density [mA/cm2] over the cell's 1C areal capacity at ``temperature_C``)."""
    if dataset.rate_unit == "C-rate":
        return float(rate)
    pv = runner.point_values(1.0, temperature_C)
    nominal_mAh_cm2 = pv["Nominal cell capacity [A.h]"] * 1e3 / (
        pv["Electrode height [m]"] * pv["Electrode width [m]"] * 1e4)
    return float(rate) / nominal_mAh_cm2


def _capacity(summary, unit):
    return summary["capacity_mAh_g"] if unit == "mAh/g" else summary["capacity_mAh_cm2"]


def compare(dataset, cell, overrides=None, options=None, out_dir=None, line=True):
    """Simulate ``dataset`` (a :class:`ssb_models.data.datasets.Dataset`, an id or a path)
    with ``cell`` and return the comparison dict (see ``docs/compare.md``).

    ``line=False`` skips the extra discharges that draw the simulated rate line of a
    points dataset (the points themselves are always simulated)."""
    from .datasets import Dataset, load_dataset

    ds = dataset if isinstance(dataset, Dataset) else load_dataset(dataset)
    over, T, notes = conditions(ds, cell, overrides)
    out = {"dataset": ds.id, "kind": ds.kind, "citation": ds.citation, "source": ds.source,
           "cell": None, "temperature_C": T, "role": ds.role,
           "capacity_unit": ds.capacity_unit, "rate_unit": ds.rate_unit,
           "overrides": over, "assumptions": notes, "provenance": ds.provenance}
    if ds.kind in ("resistance", "property", "tortuosity"):
        module, pv = cell_values(cell, over)
        out["cell"] = module.CELL.id
        out["quantity"] = ds.quantity
        x_col, y_col = COLUMNS_OF[ds.kind]
        rows = []
        for x, y in zip(ds.columns[x_col], ds.columns[y_col]):
            T_k = x if ds.kind == "resistance" else T
            if ds.kind == "resistance":
                sim = interface_resistance_ohm_cm2(pv, ds.quantity, T_k)
            elif ds.kind == "property":
                sim = transport_property(pv, ds.quantity, T_k, x)
            else:
                sim = tortuosity_factor(pv, ds.quantity, x)
            err, pct = point_errors([y], [sim])
            rows.append({x_col: x, "temperature_C": T_k, "reported": y, "simulated": sim,
                         "error": float(err[0]), "error_pct": float(pct[0])})
        out["points"] = rows
        out["_line"] = []
        if out_dir is not None:
            out["files"] = write(out, ds, out_dir)
        return out
    from ..experiments.discharge_runner import DischargeRunner

    runner = DischargeRunner(cell, options, over)
    out["cell"] = runner.module.CELL.id
    if ds.kind == "points":
        rows = []
        temps = [T if t is None else t for t in ds.temperatures()]
        for rate, cap, T_k in zip(ds.columns["rate"], ds.columns["capacity"], temps):
            c = dataset_c_rate(runner, ds, rate, T_k)
            s, _, _ = runner.discharge(c, T_k)
            sim = _capacity(s, ds.capacity_unit)
            err, pct = point_errors([cap], [sim])
            rows.append({"rate": rate, "c_rate": c, "temperature_C": T_k, "reported": cap,
                         "simulated": sim,
                         f"reported_{_key(ds.capacity_unit)}": cap,
                         f"simulated_{_key(ds.capacity_unit)}": sim,
                         "error": float(err[0]), "error_pct": float(pct[0]),
                         "termination": s["termination"]})
        out["points"] = rows
        out["_line"] = []
        if line and len(set(temps)) == 1:
            rates = np.asarray(ds.columns["rate"], float)
            grid = np.geomspace(rates.min() / 3, rates.max() * 3, 9)
            for r in grid:
                s_r, _, _ = runner.discharge(dataset_c_rate(runner, ds, r, temps[0]), temps[0])
                out["_line"].append((r, _capacity(s_r, ds.capacity_unit)))
    else:
        c = dataset_c_rate(runner, ds, ds.rate, T)
        s, ts, _ = runner.discharge(c, T)
        q_sim = _capacity_series(ts, s, ds.capacity_unit)
        keep = np.concatenate([[True], np.diff(q_sim) > 0])
        q_sim, v_sim = q_sim[keep], ts["voltage_V"][keep]
        out.update({"rate": ds.rate, "c_rate": c,
                    **curve_metrics(ds.columns["capacity"], ds.columns["voltage_V"],
                                    q_sim, v_sim)})
        out["points"] = [{"rate": ds.rate, "c_rate": c, "temperature_C": T,
                          "reported": ds.columns["capacity"][-1],
                          "simulated": float(q_sim[-1]),
                          f"reported_{_key(ds.capacity_unit)}": ds.columns["capacity"][-1],
                          f"simulated_{_key(ds.capacity_unit)}": float(q_sim[-1]),
                          "error": out["capacity_error"], "error_pct": out["capacity_error_pct"]}]
        out["_line"] = list(zip(q_sim.tolist(), v_sim.tolist()))
    if out_dir is not None:
        out["files"] = write(out, ds, out_dir)
    return out


# ------------------------------------------------- resistances and properties
#: (x column, measured column) of the kinds that need no discharge
COLUMNS_OF = {"resistance": ("temperature_C", "asr_ohm_cm2"),
              "property": ("concentration_mol_m3", "value"),
              "tortuosity": ("se_volume_fraction", "tortuosity")}


def tortuosity_factor(pv, domain, se_volume_fraction):
    """The cell's tortuosity factor of the ion-conducting phase in the ``domain``
    ("positive" or "negative") composite at SE volume fraction eps:
    tau = eps / B = eps^(1 - b) with the Bruggeman coefficient b (docs/model.md)."""
    name = f"{domain.capitalize()} electrode Bruggeman coefficient (electrolyte)"
    if name not in pv.keys() or (domain == "negative"
                                 and "Negative electrode porosity" not in pv.keys()):
        raise InputError(f"the cell has no composite {domain} electrode to compare a "
                         "tortuosity with.")
    return float(se_volume_fraction) ** (1.0 - pv[name])


def cell_values(cell, overrides):
    """(cell module, numeric parameter values after ``overrides``), checked and derived
    at full charge (:func:`ssb_models.experiments.prepare.checked_values`, then
    :func:`~ssb_models.experiments.prepare.derive`)."""
    from ..experiments.prepare import checked_values, derive

    module, pv = checked_values(cell, overrides)
    derive(pv, module)
    return module, pv


def _value(pv, symbol):
    return float(np.ravel(pv.evaluate(symbol))[0])


def interface_resistance_ohm_cm2(pv, quantity, temperature_C):
    r"""Small-signal area-specific resistance of an interface of the cell [Ohm cm2]
    (``docs/compare.md``): the linearised Butler-Volmer charge-transfer resistance
    :math:`R_{ct} = RT/(F i_0)` plus the interface ASR of the option
    ``"interface resistance"``, divided by the contact fraction:

    * ``li_interface``: Li metal|SE, :math:`(RT/(F i_0) + R_a(p))/f_a`, per cell area;
    * ``cathode_interface_per_interface_area``: cathode|SE per contacted particle area,
      :math:`(RT/(F i_0) + R_c)/f_c` at x = 0.5 (the value a planar thin-film
      interface measures);
    * ``cathode_interface_per_cell_area``: the same spread over the composite's
      interface area, :math:`/(a L)` with :math:`a = 3\varepsilon_{AM}/R_p` (what an
      impedance arc of a composite cathode measures per cell area).
    """
    import pybamm

    T = float(temperature_C) + CELSIUS_OFFSET
    RT_F = GAS_CONSTANT * T / FARADAY
    c_e = pv["Initial concentration in electrolyte [mol.m-3]"]
    if quantity == "li_interface":
        if "Lithium metal interface ASR [Ohm.m2]" not in pv.keys():
            raise InputError("'li_interface' resistance needs a Li-metal cell; this cell's "
                             "negative electrode is a composite (compare a cathode "
                             "quantity instead).")
        i0 = pv["Exchange-current density for lithium metal electrode [A.m-2]"]
        value = _value(pv, i0(pybamm.Scalar(c_e), pybamm.Scalar(0.0), pybamm.Scalar(T)))
        asr = pv["Lithium metal interface ASR [Ohm.m2]"]
        R_a = _value(pv, asr(pybamm.Scalar(pv["Stack pressure [Pa]"]))) if callable(asr) \
            else float(asr)
        f = pv["Initial negative electrode interface utilisation"]
        return (RT_F / value + R_a) / f * 1e4
    c_max = pv["Maximum concentration in positive electrode [mol.m-3]"]
    i0 = pv["Positive electrode exchange-current density [A.m-2]"]
    value = _value(pv, i0(pybamm.Scalar(c_e), pybamm.Scalar(0.5 * c_max),
                          pybamm.Scalar(c_max), pybamm.Scalar(T)))
    R = (RT_F / value + pv["Positive electrode interface ASR [Ohm.m2]"]) \
        / pv["Initial positive electrode interface utilisation"]
    if quantity == "cathode_interface_per_cell_area":
        a = 3 * pv["Positive electrode active material volume fraction"] \
            / pv["Positive particle radius [m]"]
        R = R / (a * pv["Positive electrode thickness [m]"])
    return R * 1e4


def transport_property(pv, quantity, temperature_C, concentration):
    """The cell's electrolyte property at (concentration [mol.m-3], T [C]):
    transference number, salt diffusivity [m2.s-1] or conductivity [S.m-1]."""
    import pybamm

    name = {"transference_number": "Cation transference number",
            "salt_diffusivity_m2_s": "Electrolyte diffusivity [m2.s-1]",
            "conductivity_S_m": "Electrolyte conductivity [S.m-1]"}[quantity]
    f = pv[name]
    if not callable(f):
        return float(f)
    return _value(pv, f(pybamm.Scalar(float(concentration)),
                        pybamm.Scalar(float(temperature_C) + CELSIUS_OFFSET)))


def _key(unit):
    return "mAh_g" if unit == "mAh/g" else "mAh_cm2"


def _capacity_series(ts, summary, unit):
    q = ts["capacity_mAh"] - ts["capacity_mAh"][0]
    if unit == "mAh/g":
        return q / (summary["active_material_mass_mg"] / 1e3)
    return q / summary["area_cm2"]


def write(result, dataset, out_dir):
    """Overlay figure (published as markers, simulated as a line) and comparison.json."""
    from pathlib import Path

    from ..plotting import pyplot, save

    plt = pyplot()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    line = np.asarray(result["_line"], float)
    if dataset.kind in ("resistance", "property", "tortuosity"):
        xk = COLUMNS_OF[dataset.kind][0]
        x = [p[xk] for p in result["points"]]
        ax.plot(x, [p["simulated"] for p in result["points"]], "s--",
                label=f"simulated ({result['cell']})")
        ax.plot(x, [p["reported"] for p in result["points"]], "o", ms=7,
                label=f"published ({dataset.id})")
        ax.set_xlabel({"temperature_C": "Temperature [C]", "se_volume_fraction":
                       "SE volume fraction", "concentration_mol_m3":
                       "Concentration [mol/m3]"}[xk])
        ax.set_ylabel(f"{dataset.quantity}" + (" [Ohm cm2]" if dataset.kind == "resistance"
                                               else ""))
        if dataset.kind == "resistance":
            ax.set_yscale("log")
    elif dataset.kind == "points" and not len(line):
        x = [p["rate"] for p in result["points"]]
        ax.semilogx(x, [p["simulated"] for p in result["points"]], "s",
                    label=f"simulated ({result['cell']})")
        ax.semilogx(x, [p["reported"] for p in result["points"]], "o", ms=7,
                    label=f"published ({dataset.id})")
        ax.set_xlabel(f"Rate [{dataset.rate_unit}]")
        ax.set_ylabel(f"Discharge capacity [{dataset.capacity_unit}]")
    elif dataset.kind == "points":
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
    T = result["temperature_C"]
    ax.set_title(f"{dataset.id} vs {result['cell']}" + (f", {T:g} C" if T is not None else ""),
                 fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    png = out / "overlay.png"
    save(fig, png)
    js = out / "comparison.json"
    js.write_text(to_json(public(result)) + "\n")
    return {"plot": str(png), "json": str(js)}


def public(result):
    """The comparison without internal keys (what --json prints)."""
    return {k: v for k, v in result.items() if not k.startswith("_")}
