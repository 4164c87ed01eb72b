"""Run a predefined or user experiment on a shipped cell: the Python API
behind ``ssb run``."""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import validation
from .errors import InputError
from .experiments import ExperimentSpec, load_experiment
from .parameters.registry import get_cell
from .parameters.registry import parameter_values as cell_parameter_values

CELSIUS = 273.15


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


def model_options(cell_module, options=None):
    """The cell's model options updated with the user's, validated (PyBaMM's
    and ssb's keys); raises :class:`InputError` naming the bad key or value."""
    import difflib

    import pybamm

    from .models.solid_state_dfn import SSB_OPTIONS, split_options

    merged = {**cell_module.CELL.model_options, **dict(options or {})}
    known = ["model"] + list(SSB_OPTIONS) + list(pybamm.BatteryModelOptions({}).possible_options)
    for key in options or {}:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
            hint = (" Closest: " + "; ".join(f"'{c}'" for c in close) + ".") if close else ""
            raise InputError(f"Unknown model option '{key}'.{hint} ssb options: "
                             f"{', '.join(SSB_OPTIONS)}; the rest are PyBaMM's "
                             "(pybamm.BatteryModelOptions).")
    try:
        ssb, pybamm_options = split_options(merged)
        pybamm.BatteryModelOptions(pybamm_options)
    except pybamm.OptionError as exc:
        raise InputError(f"Invalid model option: {str(exc).strip()}") from None
    _check_model_choice(cell_module, merged, ssb, pybamm_options)
    _check_cell_design(cell_module, options or {}, pybamm_options)
    return merged


#: options that are the cell's design, not a modelling choice: a cell has the
#: parameters for its own value only
_DESIGN_OPTIONS = ("electrolyte", "working electrode")


def _check_cell_design(cell_module, options, pybamm_options):
    from .parameters.registry import cells

    for key in _DESIGN_OPTIONS:
        if key not in options:
            continue
        value, own = str(options[key]), str(cell_module.CELL.model_options.get(key))
        if value != own:
            others = sorted(cid for cid, m in cells().items()
                      if str(m.CELL.model_options.get(key)) == value)
            raise InputError(
                f"Option '{key}': '{value}' does not fit cell '{cell_module.CELL.id}', which "
                f"is built as '{key}': '{own}' and has only the parameters for that. "
                + (f"Cells with '{value}': {', '.join(others)}." if others else
                   f"No shipped cell has '{value}'."))
    thermal = pybamm_options.get("thermal", "isothermal")
    if thermal != "isothermal":
        raise InputError(
            f"Option 'thermal': '{thermal}' needs thermal parameters (heat capacities, "
            "densities, thermal conductivities, current collectors, heat-transfer "
            "coefficient) that the shipped cells do not have yet; allowed: 'isothermal' "
            "(the temperature is set with --temperature).")
    utilisation = pybamm_options.get("interface utilisation", "full")
    values = utilisation if isinstance(utilisation, tuple) else (utilisation,)
    if "current-driven" in values:
        raise InputError(
            "Option 'interface utilisation': 'current-driven' needs the current-driven "
            "utilisation coefficients ('Negative/Positive electrode current-driven interface "
            "utilisation coefficient [m3.mol-1]'), which no shipped cell has. Allowed: "
            "'full' or 'constant' (a fixed contact fraction, docs/interfaces.md).")


def _check_model_choice(cell_module, merged, ssb, pybamm_options):
    from .models.solid_state_dfn import MODELS

    model = merged.get("model", "p2d")
    if model not in MODELS:
        raise InputError(f"Unknown model '{model}'; allowed: {', '.join(MODELS)}.")
    if model != "reduced":
        return
    from .models.solid_state_spme import unsupported

    why = unsupported(ssb, pybamm_options)
    if why:
        raise InputError(f"The reduced model cannot run cell '{cell_module.CELL.id}' with "
                         f"these options: {why}. Use --model p2d.")


def run_options(spec, options=None):
    """The user's model options plus what the experiment needs: an impedance run
    uses the surface form (double layers)."""
    options = dict(options or {})
    if spec.type == "eis":
        options["surface form"] = "differential"
    return options


def prepare(cell, experiment="discharge", c_rate=None, temperature_C=None,
            overrides=None, options=None):
    """Validate every input and return ``(cell_module, spec, parameter_values,
    c_rate)`` ready to solve. Raises :class:`InputError` before any solve."""
    module = get_cell(cell)
    spec = experiment if isinstance(experiment, ExperimentSpec) else load_experiment(experiment)
    model_options(module, run_options(spec, options))
    validation.check_c_rate(c_rate)
    validation.check_temperature_C(temperature_C, module)
    c_rate = spec.c_rate if c_rate is None else float(c_rate)
    pv = cell_parameter_values(module.CELL.id)
    overrides = dict(overrides or {})
    validation.check_names(overrides, pv)
    pv.update(overrides)
    if temperature_C is not None:
        T = float(temperature_C) + CELSIUS
        pv.update({"Ambient temperature [K]": T, "Initial temperature [K]": T})
    validation.check_physical(pv)
    validation.check_interfaces(pv, model_options(module, run_options(spec, options)),
                                module.CELL.id)
    from .parameters.derived import update_derived

    update_derived(pv, initial_soc=spec.initial_soc, options=module.CELL.model_options)
    return module, spec, pv, c_rate


def model_for(cell, options=None):
    """The model a cell needs, for plain PyBaMM use: ``model_for("LTO_LGPS_LCO")`` is
    ``SolidStateDFN({"electrolyte": "single-ion", "working electrode": "both"})``.
    ``cell`` is a cell id or PyBaMM parameter-set name; ``options`` are added (and
    checked: a wrong combination is an :class:`InputError` naming the option)."""
    return build_model(get_cell(cell), options)


#: what sets the rate or the temperature of experiment types that do not take --c-rate /
#: --temperature (their own TOML keys)
_OWN_RATES = {"rate-capability": "its 'c_rates' list", "temperature-ladder":
              "its 'c_rates' list", "gitt": "its 'c_rate' (the pulse current)",
              "pulse": "its 'pulse_c_rate' and 'c_rate'", "eis": "no current (impedance "
              "at rest)"}


def run_signature(spec, module, c_rate=None, temperature_C=None, overrides=None,
                  options=None):
    """What identifies a run: experiment, cell, model, rate, temperature, options and
    overrides, and a short hash of them (output folder names, summary.json "run")."""
    import hashlib

    opts = {k: str(v) for k, v in dict(options or {}).items()}
    model = opts.pop("model", "p2d")
    body = {"experiment": spec.name, "steps": getattr(spec, "data", {}).get("steps"),
            "cell": module.CELL.id, "model": model, "c_rate": c_rate,
            "temperature_C": temperature_C, "options": dict(sorted(opts.items())),
            "overrides": dict(sorted(dict(overrides or {}).items()))}
    digest = hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return {**body, "hash": digest[:8]}


def _check_flags_apply(spec, c_rate, temperature_C):
    """Refuse a --c-rate or --temperature that an experiment type would ignore."""
    if c_rate is not None and spec.type in _OWN_RATES:
        raise InputError(
            f"--c-rate does not apply to the '{spec.name}' experiment (type '{spec.type}'): "
            f"its rates come from {_OWN_RATES[spec.type]}. Copy its TOML (ssb experiments; "
            "docs/experiments.md), set them there and run the file.")
    if temperature_C is not None and spec.type == "temperature-ladder":
        raise InputError(
            f"--temperature does not apply to the '{spec.name}' experiment: it runs at each "
            "of its 'temperatures_C'. Copy its TOML and set them there.")


def build_model(cell_module, options=None):
    """The cell's model: :class:`SolidStateDFN` (P2D), or :class:`SolidStateSPMe` when
    the options hold ``"model": "reduced"``."""
    from .models import SolidStateDFN, SolidStateSPMe

    opts = model_options(cell_module, options)
    cls = SolidStateSPMe if opts.pop("model", "p2d") == "reduced" else SolidStateDFN
    return cls(opts)


def run_experiment(experiment="discharge", cell="li-llzo-lco", c_rate=None,
                   temperature_C=None, overrides=None, out_dir=None, options=None):
    """Run ``experiment`` on ``cell`` and return a :class:`Result`.

    Parameters
    ----------
    experiment : str or ExperimentSpec
        Predefined name (``ssb_models.experiments.predefined()``) or TOML path.
    cell : str
        Cell id (``ssb cells``) or PyBaMM parameter-set name.
    c_rate : float, optional
        C-rate relative to the cell's stoichiometric-window capacity
        (default: the experiment's).
    temperature_C : float, optional
        Operating temperature [C] (default: the cell's).
    overrides : dict, optional
        ``{"Name [unit]": value}`` parameter overrides.
    out_dir : str or Path, optional
        If given, write ``timeseries.csv``, ``voltage.png`` and ``summary.json``.
    options : dict, optional
        Model options on top of the cell's, e.g. ``{"interface resistance": "ohmic",
        "interface utilisation": "constant"}`` (see ``docs/model.md``).
    """
    spec0 = experiment if isinstance(experiment, ExperimentSpec) else load_experiment(experiment)
    _check_flags_apply(spec0, c_rate, temperature_C)
    signature = run_signature(spec0, get_cell(cell), c_rate, temperature_C, overrides, options)
    module, spec, pv, c_rate = prepare(cell, spec0, c_rate, temperature_C, overrides,
                                       options)
    result = _run_experiment(module, spec, pv, c_rate, temperature_C, overrides, options)
    result.summary["run"] = signature
    if out_dir is not None:
        result.files = _write(result, spec, out_dir)
    return result


def _write(result, spec, out_dir):
    if spec.type == "eis":
        return _write_eis(result, out_dir)
    if spec.type != "cycling":
        from .outputs import write_procedure

        return write_procedure(result, out_dir)
    return write_outputs(result, out_dir)


def _run_experiment(module, spec, pv, c_rate, temperature_C, overrides, options):
    """Solve a prepared experiment; the Result without files."""
    import pybamm

    if spec.type == "eis":
        return _run_eis(module, spec, pv, options, overrides)
    if spec.type != "cycling":
        from .procedures import PROCEDURES

        return PROCEDURES[spec.type](module.CELL.id, spec, options, overrides, temperature_C)
    model = build_model(module, options)
    pb_experiment = spec.to_pybamm(
        c_rate, pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
    )
    sim = pybamm.Simulation(model, experiment=pb_experiment, parameter_values=pv,
                            solver=pybamm.IDAKLUSolver())
    t0 = time.perf_counter()
    reason = None
    try:
        solution = sim.solve()
    except pybamm.SolverError as exc:
        solution, reason = None, str(exc).strip()
    solve_time = time.perf_counter() - t0

    if solution is None or type(solution).__name__ == "EmptySolution" \
            or len(getattr(solution, "t", [])) < 2:
        # the first step could not start (e.g. the voltage is below the cut-off as soon
        # as the current flows): a result of 0 mAh with the reason, files written
        from .runner import first_instant_timeseries

        ts = {**first_instant_timeseries(pv, float(pv["Current function [A]"]) * c_rate),
              "cycle": np.ones(1), "step": np.ones(1)}
        solution = None
        reason = (f"the first step failed at its first instant, 0 mAh (solver: {reason})"
                  if reason else "voltage beyond the cut-off at t = 0 (the first step ended "
                  "at its first instant), 0 mAh")
    else:
        from .runner import experiment_timeseries

        ts = experiment_timeseries(solution)
    summary = _summary(module, spec, pv, c_rate, ts, solution, solve_time, overrides)
    if reason is not None:
        summary["termination"] = reason
    summary["model_options"] = {k: str(v) for k, v in model_options(module, options).items()}
    tables = {}
    if "cycles" in summary:
        tables["cycles"] = {k: [r[k] if r[k] is not None else float("nan")
                                for r in summary["cycles"]] for k in summary["cycles"][0]}
    return Result(summary=summary, timeseries=ts, solution=solution, tables=tables)


def _run_eis(module, spec, pv, options, overrides):
    """Impedance with PyBaMM's EISSimulation on the surface-form model."""
    import pybamm

    opts = run_options(spec, options)
    model = build_model(module, opts)
    eis = pybamm.EISSimulation(model, parameter_values=pv)
    f = spec.frequencies()
    t0 = time.perf_counter()
    Z = np.asarray(eis.solve(f).impedance)
    solve_time = time.perf_counter() - t0
    from .runner import areal

    area_cm2, _ = areal(pv)
    z = Z * area_cm2  # Ohm cm2
    summary = {
        "cell": module.CELL.id,
        "parameter_set": module.CELL.parameter_set,
        "experiment": spec.name,
        "type": "eis",
        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6),
        "initial_soc": spec.initial_soc,
        "frequency_range_Hz": [float(f.min()), float(f.max())],
        "high_frequency_resistance_Ohm_cm2": float(z[np.argmax(f)].real),
        "lowest_frequency_impedance_Ohm_cm2": [float(z[np.argmin(f)].real),
                                               float(z[np.argmin(f)].imag)],
        "solve_time_s": solve_time,
        "overrides": dict(overrides or {}),
        "model_options": {k: str(v) for k, v in model_options(module, opts).items()},
        "versions": {"ssb_models": _version(), "pybamm": pybamm.__version__},
    }
    ts = {"frequency_Hz": f, "Z_real_Ohm_cm2": z.real, "Z_imag_Ohm_cm2": z.imag}
    return Result(summary=summary, timeseries=ts, solution=None)


def _write_eis(result, out_dir):
    ts, s = result.timeseries, result.summary

    def draw(ax):
        ax.plot(ts["Z_real_Ohm_cm2"], -ts["Z_imag_Ohm_cm2"], "o-", ms=3)
        ax.set_xlabel("Re Z [Ohm cm2]")
        ax.set_ylabel("-Im Z [Ohm cm2]")
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_title(f"{s['cell']}: EIS at SOC {s['initial_soc']:g}, {s['temperature_C']:g} C")

    return _write_files(out_dir, s, "impedance", ts, "nyquist", draw, figsize=(6, 4.5))


def _write_files(out_dir, summary, csv_name, columns, png_name, draw, figsize=(6, 4)):
    """Write ``<csv_name>.csv`` (the columns, in order), ``<png_name>.png`` (drawn by
    ``draw(ax)``) and ``summary.json`` into ``out_dir``; return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv = out / f"{csv_name}.csv"
    np.savetxt(csv, np.column_stack(list(columns.values())), delimiter=",",
               header=",".join(columns), comments="", fmt="%.10g")
    from .outputs import _save, run_note

    fig, ax = plt.subplots(figsize=figsize)
    draw(ax)
    ax.grid(alpha=0.3)
    png = out / f"{png_name}.png"
    _save(fig, png, run_note(summary))
    js = out / "summary.json"
    js.write_text(json.dumps(summary, indent=2) + "\n")
    return {csv_name: str(csv), "plot": str(png), "summary": str(js)}


def _summary(module, spec, pv, c_rate, ts, solution, solve_time, overrides):
    import pybamm

    from .runner import summarize, summarize_experiment

    termination = solution.termination if solution is not None else None
    if hasattr(solution, "cycles") and solution.cycles:
        last = solution.cycles[-1].steps[-1] if solution.cycles[-1].steps else None
        if last is not None and getattr(last, "termination", None):
            termination = last.termination
    return {
        "cell": module.CELL.id,
        "parameter_set": module.CELL.parameter_set,
        "experiment": spec.name,
        "steps": spec.step_strings(c_rate, pv["Lower voltage cut-off [V]"],
                                   pv["Upper voltage cut-off [V]"]),
        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6),
        "c_rate": c_rate,
        "cycles_requested": spec.cycles,
        **(summarize_experiment(pv, ts) if "cycle" in ts else summarize(pv, ts)),
        "termination": str(termination),
        "solve_time_s": solve_time,
        "overrides": dict(overrides or {}),
        "versions": {"ssb_models": _version(), "pybamm": pybamm.__version__},
    }


def _version():
    from . import __version__

    return __version__


def write_outputs(result, out_dir):
    """Write the CSV time series (with cycle and step columns), the per-cycle table
    (cycles.csv), the voltage plot (coloured by cycle, or by step for one cycle), a
    retention plot for several cycles, and the summary JSON."""
    ts, s = result.timeseries, result.summary
    several = "cycle" in ts and len(np.unique(ts["cycle"])) > 1

    def draw(ax):
        import matplotlib.pyplot as plt

        x, xlabel = ts["time_s"] / 3600.0, "Time [h]"
        if not several and not s.get("charge_capacity_mAh_g"):
            # a discharge (no charge): voltage against capacity, as a discharge curve
            x = (ts["capacity_mAh"] - ts["capacity_mAh"][0]) / (s["active_material_mass_mg"]
                                                              / 1e3)
            xlabel = "Capacity [mAh per g cathode active material]"
        t_h = x
        key = "cycle" if several else "step"
        if key not in ts:
            ax.plot(t_h, ts["voltage_V"], lw=2)
        else:
            groups = np.unique(ts[key])
            cmap = plt.get_cmap("viridis" if several else "tab10")
            for n, g in enumerate(groups):
                m = ts[key] == g
                label = None
                if not several:
                    label = f"step {int(g)}: {s['steps'][int(g) - 1]}" \
                        if int(g) - 1 < len(s.get("steps", [])) else f"step {int(g)}"
                elif n in (0, len(groups) - 1):
                    label = f"cycle {int(g)}"
                ax.plot(t_h[m], ts["voltage_V"][m], lw=1.5, label=label,
                        color=cmap(n / max(len(groups) - 1, 1)) if several else cmap(n % 10))
            ax.legend(fontsize=7)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Voltage [V]")
        ax.set_title(f"{s['cell']}: {s['experiment']}, {s['c_rate']:g}C, "
                     f"{s['temperature_C']:g} C")

    files = _write_files(out_dir, s, "timeseries", ts, "voltage", draw)
    if "cycles" in result.tables:
        from .outputs import _save, run_note, write_csv

        out = Path(out_dir)
        files["cycles"] = write_csv(out / "cycles.csv", result.tables["cycles"])
        if several:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            c = result.tables["cycles"]
            fig, ax = plt.subplots(figsize=(6, 4))
            ax.plot(c["cycle"], c["discharge_capacity_mAh_g"], "o-", ms=3, label="discharge")
            ax.plot(c["cycle"], c["charge_capacity_mAh_g"], "s--", ms=3, label="charge")
            ax.set_xlabel("Cycle")
            ax.set_ylabel("Capacity [mAh per g cathode active material]")
            ax.set_title(f"{s['cell']}: capacity per cycle")
            ax.legend(fontsize=8)
            ax.grid(alpha=0.3)
            files["retention"] = _save(fig, out / "retention.png", run_note(s))
    return files

