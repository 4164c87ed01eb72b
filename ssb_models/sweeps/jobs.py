"""The work of a sweep: one :class:`Job` per point, solved alone (:func:`run_point`)
or in batched chunks of points that share their structural values
(:func:`run_chunk`); what a worker process runs. Never raises: a failed point is a
result with its error."""

import json
import time
from dataclasses import dataclass

from .spec import C_RATE, TEMPERATURE

#: points solved in one IDAKLU call (docs/sweeps.md, "Batched solving"); an
#: interrupted sweep loses at most the chunks in flight
CHUNK = 16


@dataclass(frozen=True)
class Job:
    """One point of a sweep, with everything a worker needs to solve it."""

    cell: str
    c_rate: float | None
    temperature_C: float | None
    options: dict
    overrides: dict
    #: the point's values ({parameter name: value}; may hold C_RATE, TEMPERATURE)
    point: dict
    metrics: tuple
    #: rebuild the model for every point instead of passing values as inputs
    rebuild: bool = False
    #: None: the batched discharge; else the ExperimentSpec the point runs
    experiment: object = None


_RUNNERS = {}


def _runner(cell, options, overrides, input_names):
    from ..experiments.discharge_runner import DischargeRunner

    key = (cell, json.dumps(options, sort_keys=True, default=str),
           json.dumps(overrides, sort_keys=True), tuple(sorted(input_names)))
    if key not in _RUNNERS:
        if len(_RUNNERS) > 8:
            _RUNNERS.clear()
        _RUNNERS[key] = DischargeRunner(cell, options, overrides, sorted(input_names))
    return _RUNNERS[key]


def structural_key(point):
    """The values of a point that shape the mesh (a runner is built per distinct key)."""
    from ..experiments.discharge_runner import is_structural

    return tuple(sorted((n, v) for n, v in point.items() if is_structural(n)))


def group_structural(jobs):
    """Jobs (``[(index, Job), ...]``) reordered so that points sharing their structural
    values (thicknesses, radii, space-charge inputs) run one after another: each worker
    then builds a model once per structural value instead of once per point when such a
    parameter is not the slowest-varying one of a grid (results are stored by point
    index, so the order changes nothing else)."""
    return sorted(jobs, key=lambda job: (structural_key(job[1].point), job[0]))


def chunks(jobs, size=CHUNK):
    """Consecutive jobs (already grouped by :func:`group_structural`) cut into chunks
    of at most ``size`` that share their structural values (one built model each)."""
    out, current, key = [], [], None
    for i, job in jobs:
        k = structural_key(job.point)
        if current and (k != key or len(current) >= size):
            out.append(current)
            current = []
        current.append((i, job))
        key = k
    if current:
        out.append(current)
    return out


def run_point(job):
    """Solve one sweep point (a :class:`Job`); never raises. Returns a dict with status
    ("ok"/"error"), metrics, error and elapsed seconds."""
    from ..experiments.discharge_runner import is_structural

    t0 = time.perf_counter()
    try:
        point = dict(job.point)
        c_rate = point.pop(C_RATE, job.c_rate)
        temperature_C = point.pop(TEMPERATURE, job.temperature_C)
        if job.experiment is not None:
            out = _experiment_point(job.cell, job.experiment, c_rate, temperature_C,
                                    job.options, {**job.overrides, **point}, job.metrics)
            return {"status": "ok", "metrics": out, "error": None,
                    "elapsed": time.perf_counter() - t0}
        fixed = dict(job.overrides)
        inputs = {}
        for name, value in point.items():
            if job.rebuild or is_structural(name):
                fixed[name] = value
            else:
                inputs[name] = value
        runner = _runner(job.cell, job.options, fixed, inputs.keys())
        summary, _, _ = runner.discharge(c_rate, temperature_C, inputs)
        out = {m: summary.get(m) for m in job.metrics}
        return {"status": "ok", "metrics": out, "error": None,
                "elapsed": time.perf_counter() - t0}
    except Exception as exc:  # recorded with the point; the sweep goes on
        msg = f"{type(exc).__name__}: {str(exc).strip()}"
        return {"status": "error", "metrics": {}, "error": msg,
                "elapsed": time.perf_counter() - t0}


def _experiment_point(cell, exp, c_rate, temperature_C, options, overrides, metrics):
    """One point of an experiment sweep: the experiment run with the point's values
    as overrides; its metrics (the experiment registry's ``extract``)."""
    import pybamm

    from ..experiments import registry
    from ..simulation import run_experiment

    level = pybamm.logger.level
    pybamm.set_logging_level("CRITICAL")  # a failed point is recorded, not logged
    try:
        result = run_experiment(exp, cell, c_rate=c_rate, temperature_C=temperature_C,
                                overrides=overrides, options=options or None)
    finally:
        pybamm.logger.setLevel(level)
    return registry.get(exp.type).extract(exp, result, metrics)


def run_chunk(chunk, compile=False):
    """Solve a chunk of sweep points (``[(index, Job), ...]``) with one batched IDAKLU
    call (:meth:`ssb_models.experiments.discharge_runner.DischargeRunner.discharge_many`,
    with compiled model functions if ``compile``); never raises. Returns ``[(index,
    result), ...]`` as :func:`run_point` would (a point the batch cannot solve is solved
    alone and fails alone)."""
    from ..experiments.discharge_runner import is_structural

    t0 = time.perf_counter()
    first = chunk[0][1]
    if first.rebuild or len(chunk) == 1 or first.experiment is not None:
        return [(i, run_point(job)) for i, job in chunk]
    try:
        points, fixed, names = [], dict(first.overrides), None
        for _, job in chunk:
            point = dict(job.point)
            c_rate = point.pop(C_RATE, job.c_rate)
            temperature_C = point.pop(TEMPERATURE, job.temperature_C)
            inputs = {n: v for n, v in point.items() if not is_structural(n)}
            fixed.update({n: v for n, v in point.items() if is_structural(n)})
            names = names or tuple(sorted(inputs))
            points.append((c_rate, temperature_C, inputs))
        runner = _runner(first.cell, first.options, fixed, names)
        summaries = runner.discharge_many(points, compile=compile)
    except Exception:  # a bad point or input: each point alone, with its own error
        return [(i, run_point(job)) for i, job in chunk]
    elapsed = (time.perf_counter() - t0) / len(chunk)
    return [(i, {"status": "ok", "metrics": {m: s.get(m) for m in first.metrics},
                 "error": None, "elapsed": elapsed}) for (i, _), s in zip(chunk, summaries)]
