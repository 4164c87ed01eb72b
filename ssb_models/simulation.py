"""Run a predefined or user experiment on a shipped cell: the Python API
behind ``ssb run``.

Import direction: ``experiments`` -> ``build`` -> ``runner`` / ``procedures`` ->
``results`` -> ``outputs``; this module sits on top and nothing below imports it.
"""

import time

import numpy as np

from .build import (  # noqa: F401  (public names re-exported)
    CELSIUS,
    _check_flags_apply,
    build_model,
    model_for,
    model_options,
    prepare,
    run_options,
    run_signature,
)
from .experiments import ExperimentSpec, load_experiment
from .outputs import write_eis, write_outputs, write_procedure
from .parameters.registry import get_cell
from .procedures import PROCEDURES
from .results import Result, _version
from .runner import (
    areal,
    experiment_timeseries,
    first_instant_timeseries,
    summarize,
    summarize_experiment,
)


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
    if spec.type == "cycle-life":  # writes as it goes
        result = PROCEDURES[spec.type](module.CELL.id, spec, options, overrides,
                                       temperature_C, out_dir=out_dir)
    else:
        result = _run_experiment(module, spec, pv, c_rate, temperature_C, overrides,
                                 options)
    result.summary["run"] = signature
    if out_dir is not None:
        result.files = _write(result, spec, out_dir)
    return result


def _write(result, spec, out_dir):
    if spec.type == "eis":
        return write_eis(result, out_dir)
    if spec.type != "cycling":
        return write_procedure(result, out_dir)
    return write_outputs(result, out_dir)


def _run_experiment(module, spec, pv, c_rate, temperature_C, overrides, options):
    """Solve a prepared experiment; the Result without files."""
    import pybamm

    if spec.type == "eis":
        return _run_eis(module, spec, pv, options, overrides)
    if spec.type != "cycling":
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
        ts = {**first_instant_timeseries(pv, float(pv["Current function [A]"]) * c_rate),
              "cycle": np.ones(1), "step": np.ones(1)}
        solution = None
        reason = (f"the first step failed at its first instant, 0 mAh (solver: {reason})"
                  if reason else "voltage beyond the cut-off at t = 0 (the first step ended "
                  "at its first instant), 0 mAh")
    else:
        ts = experiment_timeseries(solution)
    summary = _summary(module, spec, pv, c_rate, ts, solution, solve_time, overrides)
    if reason is not None:
        summary["termination"] = reason
    summary["model_options"] = {k: str(v) for k, v in model_options(module, options).items()}
    if "temperature_C" in ts:
        summary["heat_transfer_coefficient_W_m2K"] = pv["Total heat transfer coefficient "
                                                        "[W.m-2.K-1]"]
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


def _summary(module, spec, pv, c_rate, ts, solution, solve_time, overrides):
    import pybamm

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


