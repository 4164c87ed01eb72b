"""Parameter sweeps: parallel, resumable, local processes or Dask
(``docs/sweeps.md``). The Python API behind ``ssb sweep``.

A sweep TOML names the cell, the conditions, the parameters and the metrics::

    name = "se-conductivity"
    description = "..."
    cell = "li-llzo-lco"
    experiment = "discharge"          # constant-current discharge from full charge
                                      # (batched), or any predefined experiment or
                                      # experiment TOML (path relative to this file)
    c_rate = 1.0
    temperature_C = 25.0              # optional
    metrics = ["capacity_mAh_g", "mean_voltage_V"]
    [options]                         # optional model options
    [overrides]                       # optional fixed parameter overrides
    [[parameters]]
    name = "Solid electrolyte conductivity at reference temperature [S.m-1]"
    log = [1e-3, 1.0]                 # or linear = [a, b]; both with num; or values = [...]
    num = 7
    [sampling]                        # optional
    method = "grid"                   # or "lhs" with samples and seed

Any experiment can be swept (``experiment = "eis"``, ``"rate-capability"``, ``"gitt"``,
``"pulse"``, ``"cycling"``, ``"critical-current"``, ``"temperature-ladder"``,
``"cycle-life"`` or a TOML path): each point then runs that experiment with the
point's values as parameter overrides, and the metrics are the experiment's scalar
metrics (:func:`ssb_models.metrics.available`, checked before any solve).

Each finished point is committed at once to ``DIR/sweep.sqlite`` (one row per
point, unique key), so an interrupted sweep loses only the points in flight and
``resume=True`` runs only what is missing. A point that fails is stored with
its error and the sweep goes on.
"""

import dataclasses
import difflib
import json
import math
import os
import sqlite3
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, closest_names

#: pseudo-parameters a sweep may vary besides the cell's parameters
C_RATE, TEMPERATURE = "C-rate", "Temperature [C]"
METRICS = ("capacity_mAh_g", "capacity_mAh_cm2", "mean_voltage_V", "energy_mWh_cm2",
           "power_mW_cm2", "energy_Wh_kg", "power_W_kg", "nominal_capacity_mAh_cm2",
           "reached_cutoff", "solve_time_s")
_KEYS = {"name": str, "description": str, "cell": str, "experiment": str, "c_rate": (int, float),
         "temperature_C": (int, float), "metrics": list, "options": dict, "overrides": dict,
         "parameters": list, "sampling": dict}
_REQUIRED = ("name", "cell", "parameters")
_PARAM_KEYS = ("name", "values", "linear", "log", "num")
_SAMPLING_KEYS = ("method", "samples", "seed")
STORE = "sweep.sqlite"


@dataclass(frozen=True)
class SweepSpec:
    name: str
    cell: str
    parameters: tuple  # ((name, values, spacing), ...)
    points: tuple  # ({name: value}, ...)
    description: str = ""
    c_rate: float = 1.0
    temperature_C: float | None = None
    metrics: tuple = ("capacity_mAh_g", "mean_voltage_V", "energy_mWh_cm2")
    options: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    method: str = "grid"
    source: str = ""
    #: None: the batched constant-current discharge; else the ExperimentSpec each
    #: point runs
    experiment: object = None
    #: unit of each metric (netCDF attributes)
    units: dict = field(default_factory=dict)

    def canonical(self):
        """JSON identity of the sweep (what ``--resume`` checks)."""
        ident = {"cell": self.cell, "c_rate": self.c_rate,
                 "temperature_C": self.temperature_C, "options": self.options,
                 "overrides": self.overrides, "points": list(self.points),
                 "metrics": list(self.metrics)}
        if self.experiment is not None:
            ident["experiment"] = {k: v for k, v in dataclasses.asdict(self.experiment).items()
                                   if k != "source"}
        return json.dumps(ident, sort_keys=True, default=str)

    def label(self):
        """What each point runs, for titles: "1C discharge" or the experiment name."""
        if self.experiment is None:
            return f"{self.c_rate:g}C discharge"
        return self.experiment.name + (f" at {self.c_rate:g}C" if self.c_rate else "")


def _fail(source, msg):
    raise InputError(f"{source}: {msg}")


def _is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def parse_sweep(data, source):
    """Validate a sweep mapping; return a :class:`SweepSpec` (no solve)."""
    import numpy as np

    from .parameters.registry import get_cell
    from .parameters.registry import parameter_values as cell_pv
    from .checks import check_c_rate, check_names, check_temperature_C
    from .experiments import registry
    from .models.options import model_options

    for key in data:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, list(_KEYS), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            _fail(source, f"unknown key '{key}'.{hint} Allowed keys: {', '.join(_KEYS)}.")
    for key in _REQUIRED:
        if key not in data:
            _fail(source, f"missing required key '{key}'.")
    for key, typ in _KEYS.items():
        if key in data and (isinstance(data[key], bool) or not isinstance(data[key], typ)):
            kind = {str: "a string", list: "a list", dict: "a table"}.get(typ, "a number")
            _fail(source, f"key '{key}' must be {kind}, got {data[key]!r}.")
    exp = _sweep_experiment(data.get("experiment", "discharge"), source)
    try:
        module = get_cell(data["cell"])
        check_c_rate(data.get("c_rate"))
        if exp is not None:
            try:
                registry.get(exp.type).check_flags(exp, data.get("c_rate"),
                                                   data.get("temperature_C"))
            except InputError as exc:  # the sweep file's keys, not the run flags
                raise InputError(str(exc).replace("--c-rate", "key 'c_rate'").replace(
                    "--temperature", "key 'temperature_C'")) from None
        check_temperature_C(data.get("temperature_C"), module)
        options = {k: str(v) if not isinstance(v, list) else tuple(v)
                   for k, v in dict(data.get("options", {})).items()}
        # with what the experiment adds (double layers, the Li contact state)
        model_options(module, options if exp is None
                      else registry.get(exp.type).run_options(options))
        pv = cell_pv(module.CELL.id)
        overrides = dict(data.get("overrides", {}))
        check_names(overrides, pv)
    except InputError as exc:
        _fail(source, str(exc))
    if exp is None:
        units = {m: METRIC_UNITS[m] for m in METRICS}
        metrics = tuple(data.get("metrics", SweepSpec.metrics))
    else:
        from .metrics import available

        units = available(exp)
        metrics = tuple(data.get("metrics", units))
    allowed = list(units)
    for m in metrics:
        if m not in units:
            close = difflib.get_close_matches(str(m), allowed, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            what = "a discharge" if exp is None else f"the '{exp.name}' experiment"
            _fail(source, f"unknown metric {m!r} for {what}.{hint} Metrics: "
                  f"{', '.join(allowed)}.")
    params = []
    known = [k for k in pv.keys() if _is_num(pv[k])] + [C_RATE, TEMPERATURE]
    if not data["parameters"]:
        _fail(source, "key 'parameters' must list at least one parameter.")
    for i, p in enumerate(data["parameters"]):
        where = f"parameters[{i}]"
        if not isinstance(p, dict):
            _fail(source, f"{where} must be a table with 'name' and values.")
        for k in p:
            if k not in _PARAM_KEYS:
                _fail(source, f"{where}: unknown key '{k}'. Allowed: {', '.join(_PARAM_KEYS)}.")
        name = p.get("name")
        if name not in known:
            close = closest_names(name, known)
            hint = (" Closest: " + "; ".join(f"'{c}'" for c in close) + ".") if close else ""
            _fail(source, f"{where}: {name!r} is not a numeric parameter of "
                  f"'{module.CELL.id}' (or '{C_RATE}', '{TEMPERATURE}').{hint}")
        given = [k for k in ("values", "linear", "log") if k in p]
        if len(given) != 1:
            _fail(source, f"{where} ({name}): give exactly one of 'values', 'linear', 'log'.")
        kind = given[0]
        if kind == "values":
            values = p["values"]
            if not isinstance(values, list) or not values or not all(map(_is_num, values)):
                _fail(source, f"{where} ({name}): 'values' must be a non-empty list of numbers.")
        else:
            rng, num = p[kind], p.get("num")
            if not (isinstance(rng, list) and len(rng) == 2 and all(map(_is_num, rng))
                    and rng[0] != rng[1]):
                _fail(source, f"{where} ({name}): '{kind}' must be [start, stop] numbers.")
            if not (isinstance(num, int) and not isinstance(num, bool) and num >= 2):
                _fail(source, f"{where} ({name}): 'num' must be an integer >= 2, got {num!r}.")
            if kind == "log" and min(rng) <= 0:
                _fail(source, f"{where} ({name}): 'log' needs positive bounds, got {rng}.")
            values = (np.geomspace if kind == "log" else np.linspace)(rng[0], rng[1], num)
        if exp is not None and name in (C_RATE, TEMPERATURE):
            from .experiments import registry

            try:
                registry.get(exp.type).check_flags(exp, 1.0 if name == C_RATE else None,
                                                   25.0 if name == TEMPERATURE else None)
            except InputError as exc:  # the sweep's parameter, not the run flags
                _fail(source, f"{where}: '{name}' cannot be swept here: " + str(exc).replace(
                    "--c-rate", "a C-rate").replace("--temperature", "a temperature"))
        params.append((name, tuple(float(v) for v in values), kind))
    sampling = dict(data.get("sampling", {}))
    for k in sampling:
        if k not in _SAMPLING_KEYS:
            _fail(source, f"sampling: unknown key '{k}'. Allowed: {', '.join(_SAMPLING_KEYS)}.")
    method = sampling.get("method", "grid")
    if method not in ("grid", "lhs"):
        _fail(source, f"sampling: 'method' must be 'grid' or 'lhs', got {method!r}.")
    if method == "grid":
        points = _grid(params)
    else:
        n, seed = sampling.get("samples"), sampling.get("seed", 0)
        if not (isinstance(n, int) and n >= 1):
            _fail(source, f"sampling: 'samples' must be an integer >= 1, got {n!r}.")
        if not isinstance(seed, int):
            _fail(source, f"sampling: 'seed' must be an integer, got {seed!r}.")
        points = _lhs(params, n, seed)
    return SweepSpec(name=data["name"], description=data.get("description", ""),
                     cell=module.CELL.id, parameters=tuple(params), points=tuple(points),
                     c_rate=(float(data.get("c_rate", 1.0)) if exp is None
                             else (float(data["c_rate"]) if "c_rate" in data else None)),
                     temperature_C=(float(data["temperature_C"]) if "temperature_C" in data
                                    else None),
                     metrics=metrics, options=options, overrides=overrides, method=method,
                     source=source, experiment=exp, units={m: units[m] for m in metrics})


def _sweep_experiment(name, source):
    """None for "discharge" (the batched discharge runner), else the ExperimentSpec of a
    predefined experiment or of a TOML path (relative to the sweep file's folder)."""
    from .experiments import load_experiment, predefined

    if not isinstance(name, str):
        _fail(source, f"key 'experiment' must be a string, got {name!r}.")
    if name == "discharge":
        return None
    path = Path(name)
    if not path.is_absolute() and source and Path(source).parent != Path("."):
        near = Path(source).parent / path
        if near.is_file():
            path = near
    if name not in predefined() and not path.is_file():
        close = difflib.get_close_matches(name, ["discharge", *predefined()], n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        _fail(source, f"key 'experiment': {name!r} is neither a predefined experiment nor "
              f"an experiment TOML file.{hint} Predefined: discharge, "
              f"{', '.join(predefined())}.")
    try:
        return load_experiment(name if name in predefined() else str(path))
    except InputError as exc:
        _fail(source, f"key 'experiment': {exc}")


def _grid(params):
    import itertools

    names = [p[0] for p in params]
    return [dict(zip(names, combo)) for combo in itertools.product(*(p[1] for p in params))]


def _lhs(params, n, seed):
    """Latin hypercube over each parameter's range (log-uniform for 'log' ranges;
    'values' lists are sampled by index)."""
    import numpy as np
    from scipy.stats import qmc

    u = qmc.LatinHypercube(d=len(params), seed=seed).random(n)
    points = []
    for row in u:
        point = {}
        for (name, values, kind), x in zip(params, row):
            lo, hi = values[0], values[-1]
            if kind == "log":
                point[name] = float(np.exp(np.log(lo) + x * (np.log(hi) - np.log(lo))))
            elif kind == "linear":
                point[name] = float(lo + x * (hi - lo))
            else:
                point[name] = float(values[min(int(x * len(values)), len(values) - 1)])
        points.append(point)
    return points


def load_sweep(path):
    """Load and validate a sweep TOML file, or a shipped sweep by name
    (``ssb_models.experiments.predefined_sweeps()``)."""
    from .experiments.spec import data_dir, predefined_sweeps

    name = str(path)
    if not Path(name).is_file() and name in predefined_sweeps():
        return parse_sweep(tomllib.loads((data_dir() / f"{name}.toml").read_text()),
                           f"experiments/{name}.toml")
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Sweep file '{path}' does not exist (shipped sweeps: "
                         f"{', '.join(predefined_sweeps())}).")
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    return parse_sweep(data, str(path))


def point_key(point):
    return json.dumps({k: repr(float(v)) for k, v in sorted(point.items())})


# ---------------------------------------------------------------- one point
_RUNNERS = {}


def _runner(cell, options, overrides, input_names):
    from .experiments.discharge_runner import DischargeRunner

    key = (cell, json.dumps(options, sort_keys=True, default=str),
           json.dumps(overrides, sort_keys=True), tuple(sorted(input_names)))
    if key not in _RUNNERS:
        if len(_RUNNERS) > 8:
            _RUNNERS.clear()
        _RUNNERS[key] = DischargeRunner(cell, options, overrides, sorted(input_names))
    return _RUNNERS[key]


def structural_key(point):
    """The values of a point that shape the mesh (a runner is built per distinct key)."""
    from .experiments.discharge_runner import is_structural

    return tuple(sorted((n, v) for n, v in point.items() if is_structural(n)))


def group_structural(jobs):
    """Jobs reordered so that points sharing their structural values (thicknesses,
    radii, space-charge inputs) run one after another: each worker then builds a model
    once per structural value instead of once per point when such a parameter is not
    the slowest-varying one of a grid (results are stored by point index, so the order
    changes nothing else)."""
    return sorted(jobs, key=lambda job: (structural_key(job[1][5]), job[0]))


def run_point(job):
    """Solve one sweep point; never raises. ``job`` = (cell, c_rate, temperature_C,
    options, overrides, point, metrics, rebuild, experiment). Returns a dict with status
    ("ok"/"error"), metrics, error and elapsed seconds."""
    from .experiments.discharge_runner import is_structural

    cell, c_rate, temperature_C, options, overrides, point, metrics, rebuild, exp = job
    t0 = time.perf_counter()
    try:
        point = dict(point)
        c_rate = point.pop(C_RATE, c_rate)
        temperature_C = point.pop(TEMPERATURE, temperature_C)
        if exp is not None:
            out = _experiment_point(cell, exp, c_rate, temperature_C, options,
                                    {**overrides, **point}, metrics)
            return {"status": "ok", "metrics": out, "error": None,
                    "elapsed": time.perf_counter() - t0}
        fixed = dict(overrides)
        inputs = {}
        for name, value in point.items():
            if rebuild or is_structural(name):
                fixed[name] = value
            else:
                inputs[name] = value
        runner = _runner(cell, options, fixed, inputs.keys())
        summary, _, _ = runner.discharge(c_rate, temperature_C, inputs)
        out = {m: summary.get(m) for m in metrics}
        return {"status": "ok", "metrics": out, "error": None,
                "elapsed": time.perf_counter() - t0}
    except Exception as exc:  # recorded with the point; the sweep goes on
        msg = f"{type(exc).__name__}: {str(exc).strip()}"
        return {"status": "error", "metrics": {}, "error": msg,
                "elapsed": time.perf_counter() - t0}


def _experiment_point(cell, exp, c_rate, temperature_C, options, overrides, metrics):
    """One point of an experiment sweep: the experiment run with the point's values
    as overrides; its metrics (:func:`ssb_models.metrics.extract`)."""
    import pybamm

    from .metrics import extract
    from .simulation import run_experiment

    level = pybamm.logger.level
    pybamm.set_logging_level("CRITICAL")  # a failed point is recorded, not logged
    try:
        result = run_experiment(exp, cell, c_rate=c_rate, temperature_C=temperature_C,
                                overrides=overrides, options=options or None)
    finally:
        pybamm.logger.setLevel(level)
    return extract(exp, result, metrics)


#: points solved in one IDAKLU call (docs/sweeps.md, "Batched solving"); an
#: interrupted sweep loses at most the chunks in flight
CHUNK = 16


def chunks(jobs, size=CHUNK):
    """Consecutive jobs (already grouped by :func:`group_structural`) cut into chunks
    of at most ``size`` that share their structural values (one built model each)."""
    out, current, key = [], [], None
    for i, job in jobs:
        k = structural_key(job[5])
        if current and (k != key or len(current) >= size):
            out.append(current)
            current = []
        current.append((i, job))
        key = k
    if current:
        out.append(current)
    return out


def run_chunk(chunk, compile=False):
    """Solve a chunk of sweep points with one batched IDAKLU call
    (:meth:`ssb_models.runner.DischargeRunner.discharge_many`, with compiled model
    functions if ``compile``); never raises. Returns ``[(index, result), ...]`` as
    :func:`run_point` would (a point the batch cannot solve is solved alone and fails
    alone)."""
    from .experiments.discharge_runner import is_structural

    t0 = time.perf_counter()
    first = chunk[0][1]
    cell, _, _, options, overrides, _, metrics, rebuild, exp = first
    if rebuild or len(chunk) == 1 or exp is not None:
        return [(i, run_point(job)) for i, job in chunk]
    try:
        points, fixed, names = [], dict(overrides), None
        for _, job in chunk:
            point = dict(job[5])
            c_rate = point.pop(C_RATE, job[1])
            temperature_C = point.pop(TEMPERATURE, job[2])
            inputs = {n: v for n, v in point.items() if not is_structural(n)}
            fixed.update({n: v for n, v in point.items() if is_structural(n)})
            names = names or tuple(sorted(inputs))
            points.append((c_rate, temperature_C, inputs))
        runner = _runner(cell, options, fixed, names)
        summaries = runner.discharge_many(points, compile=compile)
    except Exception:  # a bad point or input: each point alone, with its own error
        return [(i, run_point(job)) for i, job in chunk]
    elapsed = (time.perf_counter() - t0) / len(chunk)
    return [(i, {"status": "ok", "metrics": {m: s.get(m) for m in metrics}, "error": None,
                 "elapsed": elapsed}) for (i, _), s in zip(chunk, summaries)]


# ---------------------------------------------------------------- store
class Store:
    """The sweep's SQLite file: one committed row per finished point."""

    def __init__(self, out_dir):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / STORE
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS points (idx INTEGER, key TEXT UNIQUE, "
                        "inputs TEXT, status TEXT, metrics TEXT, error TEXT, elapsed REAL, "
                        "finished_at REAL)")
        self.db.commit()

    def spec(self):
        row = self.db.execute("SELECT value FROM meta WHERE key='spec'").fetchone()
        return row[0] if row else None

    def set_spec(self, canonical, source):
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('spec', ?)", (canonical,))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (source,))
        self.db.commit()

    def done_keys(self):
        return {r[0] for r in self.db.execute("SELECT key FROM points")}

    def add_many(self, rows):
        """Store finished points ``[(index, point, result), ...]`` in one transaction
        (a chunk's points are committed together)."""
        now = time.time()
        self.db.executemany(
            "INSERT OR IGNORE INTO points VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(idx, point_key(point), json.dumps(point), result["status"],
              json.dumps(result["metrics"]), result["error"], result["elapsed"], now)
             for idx, point, result in rows])
        self.db.commit()

    def close(self):
        self.db.close()


def load_results(out_dir):
    """The stored points of a sweep as a :class:`pandas.DataFrame`: one row per
    point (its index, parameter values, status, error, metrics, elapsed [s])."""
    import pandas as pd

    path = Path(out_dir) / STORE
    if not path.is_file():
        raise InputError(f"No sweep results in '{out_dir}' (no {STORE}).")
    db = sqlite3.connect(path)
    rows = db.execute("SELECT idx, inputs, status, metrics, error, elapsed FROM points "
                      "ORDER BY idx").fetchall()
    db.close()
    records = []
    for idx, inputs, status, metrics, error, elapsed in rows:
        records.append({"point": idx, **json.loads(inputs), "status": status,
                        **json.loads(metrics), "error": error, "elapsed_s": elapsed})
    return pd.DataFrame.from_records(records)


# ---------------------------------------------------------------- engines
def _init_worker(parent):
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

    def alive():
        try:
            os.kill(parent, 0)
        except OSError:
            return False
        try:  # a killed parent not yet reaped is a zombie (Linux)
            with open(f"/proc/{parent}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return True

    def watch():  # a killed parent (SIGKILL) must not leave workers behind
        while True:
            time.sleep(1.0)
            if not alive():
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _local_results(jobs, workers, size=CHUNK, compile=False):
    import concurrent.futures as cf
    import multiprocessing as mp

    # spawn: workers get this process's sys.path (Python 3.11's fork server ignores it
    # and would import a source checkout in the working directory instead of the
    # installed package)
    ctx = mp.get_context("spawn")
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                  initializer=_init_worker, initargs=(os.getpid(),))
    futures = [pool.submit(run_chunk, chunk, compile) for chunk in chunks(jobs, size)]
    try:
        for fut in cf.as_completed(futures):
            try:
                yield fut.result()
            except cf.process.BrokenProcessPool:
                from .errors import SolveError

                raise SolveError(
                    "a sweep worker process died before finishing its points (killed, "
                    "out of memory, or, from a Python script, a run_sweep call that is "
                    "not under `if __name__ == \"__main__\":`, which worker processes "
                    "re-import); the finished points are saved: finish with resume."
                ) from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _dask_results(jobs, workers, scheduler, size=CHUNK, compile=False):
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(run_chunk, chunk, compile, pure=False,
                                 key=f"ssb-chunk-{chunk[0][0]}-{time.time()}")
                   for chunk in chunks(jobs, size)]
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


#: points per worker from which ``compile="auto"`` compiles the model (its first
#: compile, ~5 s for a P2D cell on this project's 2-core benchmark machine, is then
#: repaid at ~10 ms saved per point; docs/performance.md)
COMPILE_MIN_POINTS = 500


def _compile_choice(compile, spec, n_points, workers):
    """Whether batched discharges of this sweep use compiled model functions (on the
    sweep's size, not on the points left, so that a resumed sweep solves the rest as
    the uninterrupted sweep would)."""
    from .experiments.discharge_runner import can_compile

    if compile not in ("auto", True, False):
        raise InputError(f"compile must be 'auto', True or False, got {compile!r}.")
    if spec.experiment is not None:
        return False  # experiments run point by point (PyBaMM Experiment), not batched
    if compile == "auto":
        return can_compile() and n_points / max(int(workers), 1) >= COMPILE_MIN_POINTS
    return bool(compile)


def run_sweep(spec, out_dir, engine="local", workers=None, scheduler=None, resume=False,
              progress=True, rebuild=False, chunk=None, compile="auto"):
    """Run (or finish) a sweep and return its table as a :class:`pandas.DataFrame`.

    Parameters
    ----------
    spec : SweepSpec or str or Path
        A parsed spec or a sweep TOML path.
    out_dir : str or Path
        Where ``sweep.sqlite``, ``results.csv`` and the plots go.
    engine : {"local", "dask"}
        Local worker processes, or Dask (a LocalCluster, or ``scheduler``).
    workers : int, optional
        Worker processes (default: the CPU count; ignored with ``scheduler``).
    scheduler : str, optional
        Address of a running Dask scheduler ("tcp://host:8786").
    resume : bool
        Finish an interrupted sweep in ``out_dir`` (same spec), running only the
        missing points.
    rebuild : bool
        Rebuild the model for every point instead of passing values as inputs
        (for benchmarks).
    chunk : int, optional
        Points per batched IDAKLU call (default :data:`CHUNK`; 1 = one dense solve
        per point, as before batching; for benchmarks).
    compile : {"auto", True, False}
        Solve batched discharges with compiled model functions (PyBaMM's IDAKLU
        ``"compile"`` option; needs gcc; the same results to the solver's
        tolerance). ``"auto"``: when gcc is found and the sweep has at least
        :data:`COMPILE_MIN_POINTS` points per worker (a first compile of a model
        takes ~5 s, then it is cached on disk).
    """
    if not isinstance(spec, SweepSpec):
        spec = load_sweep(spec)
    if engine not in ("local", "dask"):
        raise InputError(f"engine must be 'local' or 'dask', got {engine!r}.")
    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask.")
    workers = int(workers or os.cpu_count() or 1)
    if workers < 1:
        raise InputError(f"workers must be >= 1, got {workers}.")
    # decided on the whole sweep, so a resumed sweep solves as the uninterrupted one
    compile = _compile_choice(compile, spec, len(spec.points), workers)
    store = Store(out_dir)
    stored = store.spec()
    done = store.done_keys()
    if stored is not None and stored != spec.canonical():
        store.close()
        raise InputError(f"'{out_dir}' holds a different sweep; choose another --out.")
    if stored is not None and done and not resume:
        store.close()
        raise InputError(f"'{out_dir}' already holds this sweep ({len(done)} of "
                         f"{len(spec.points)} points done); pass --resume to finish it, "
                         "or choose another --out.")
    store.set_spec(spec.canonical(), spec.source)
    jobs = group_structural([(i, (spec.cell, spec.c_rate, spec.temperature_C, spec.options,
                                  spec.overrides, p, spec.metrics, rebuild, spec.experiment))
                             for i, p in enumerate(spec.points) if point_key(p) not in done])
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(spec.points), initial=len(spec.points) - len(jobs),
                   desc=spec.name, unit="pt", dynamic_ncols=True)
    size = int(chunk or CHUNK)
    results = (_local_results(jobs, min(workers, max(len(jobs), 1)), size, compile)
               if engine == "local"
               else _dask_results(jobs, workers, scheduler, size, compile))
    failed = 0
    try:
        if jobs:
            for done_chunk in results:
                store.add_many([(i, spec.points[i], res) for i, res in done_chunk])
                failed += sum(res["status"] != "ok" for _, res in done_chunk)
                if bar is not None:
                    bar.update(len(done_chunk))
                    bar.set_postfix(failed=failed)
    finally:
        if bar is not None:
            bar.close()
        store.close()
    df = load_results(out_dir)
    export(spec, df, out_dir)
    return df


#: units of the metrics (netCDF attributes)
METRIC_UNITS = {"capacity_mAh_g": "mAh/g", "capacity_mAh_cm2": "mAh/cm2",
                "mean_voltage_V": "V", "energy_mWh_cm2": "mWh/cm2", "power_mW_cm2": "mW/cm2",
                "energy_Wh_kg": "Wh/kg", "power_W_kg": "W/kg",
                "nominal_capacity_mAh_cm2": "mAh/cm2", "reached_cutoff": "1 = yes",
                "solve_time_s": "s"}


def to_dataset(spec, df):
    """A grid sweep as an :class:`xarray.Dataset`: the swept parameters are the
    dimensions (their values the coordinates), each metric a variable (NaN where a
    point failed), units and provenance as attributes. ``None`` for a Latin-hypercube
    sweep (no grid)."""
    import numpy as np
    import xarray as xr

    from . import __version__

    if spec.method != "grid":
        return None
    names = [p[0] for p in spec.parameters]
    dims = [f"p{i}" for i in range(len(names))]
    coords = {d: np.asarray(sorted(set(float(v) for v in df[n])), dtype=float)
              for d, n in zip(dims, names)}
    ok = df[df["status"] == "ok"] if "status" in df else df
    data_vars = {}
    for m in spec.metrics:
        if m not in df.columns:
            continue
        arr = np.full([len(coords[d]) for d in dims], np.nan)
        for _, row in ok.iterrows():
            idx = tuple(int(np.searchsorted(coords[d], float(row[n])))
                        for d, n in zip(dims, names))
            arr[idx] = float(row[m])
        data_vars[m] = (dims, arr, {"units": spec.units.get(m, METRIC_UNITS.get(m, "")),
                                    "long_name": m})
    ds = xr.Dataset(data_vars, coords={
        d: (d, coords[d], {"long_name": n, "units": n.split("[")[-1].rstrip("]")
                           if "[" in n else "1", "spacing": sp})
        for d, (n, _, sp) in zip(dims, spec.parameters)})
    ds.attrs.update({
        "title": f"ssb sweep {spec.name}", "description": spec.description,
        "cell": spec.cell, "experiment": spec.label(),
        "c_rate": "experiment's own" if spec.c_rate is None else spec.c_rate,
        "temperature_C": "cell default" if spec.temperature_C is None
        else float(spec.temperature_C),
        "options": json.dumps(spec.options, sort_keys=True),
        "overrides": json.dumps(spec.overrides, sort_keys=True, default=str),
        "parameters": json.dumps(names), "source": spec.source or "",
        "provenance": f"ssb_models {__version__}; parameter sources: ssb cells "
                      f"--parameters {spec.cell}; docs/sweeps.md",
        "failed_points": int((df["status"] != "ok").sum()) if "status" in df else 0,
    })
    return ds


def export(spec, df, out_dir):
    """Write ``results.csv``, ``results.nc`` (grid sweeps: an xarray Dataset in netCDF,
    :func:`to_dataset`) and the sweep plot (line for 1-D, heatmap for a 2-D grid,
    scatter otherwise); return the file paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    out = Path(out_dir)
    files = {"results": str(out / "results.csv")}
    df.to_csv(out / "results.csv", index=False)
    ds = to_dataset(spec, df)
    if ds is not None:
        ds.to_netcdf(out / "results.nc", engine="scipy")  # netCDF3; no extra library
        files["netcdf"] = str(out / "results.nc")
    ok = df[df["status"] == "ok"] if "status" in df else df
    names = [p[0] for p in spec.parameters]
    logs = {p[0]: p[2] == "log" for p in spec.parameters}
    metrics = [m for m in spec.metrics if m in ok.columns]
    if ok.empty or not metrics:
        return files
    if len(names) == 2 and spec.method == "grid":
        fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 4), squeeze=False)
        xs, ys = sorted(set(ok[names[0]])), sorted(set(ok[names[1]]))
        for ax, m in zip(axes[0], metrics):
            Z = np.full((len(ys), len(xs)), np.nan)
            for _, row in ok.iterrows():
                Z[ys.index(row[names[1]]), xs.index(row[names[0]])] = float(row[m])
            mesh = ax.pcolormesh(_edges(xs, logs[names[0]]), _edges(ys, logs[names[1]]), Z,
                                 shading="flat")
            fig.colorbar(mesh, ax=ax, label=m)
            ax.set_xscale("log" if logs[names[0]] else "linear")
            ax.set_yscale("log" if logs[names[1]] else "linear")
            ax.set_xlabel(names[0], fontsize=8)
            ax.set_ylabel(names[1], fontsize=8)
    else:
        fig, axes = plt.subplots(len(metrics), len(names), squeeze=False,
                                 figsize=(5 * len(names), 3 * len(metrics)))
        for i, m in enumerate(metrics):
            for j, n in enumerate(names):
                ax = axes[i][j]
                d = ok.sort_values(n)
                style = "o-" if len(names) == 1 else "o"
                ax.plot(d[n], d[m].astype(float), style, ms=4)
                ax.set_xscale("log" if logs[n] else "linear")
                ax.set_xlabel(n, fontsize=8)
                ax.set_ylabel(m)
                ax.grid(alpha=0.3, which="both")
    fig.suptitle(f"sweep {spec.name}: {spec.cell}, {spec.label()}")
    fig.tight_layout()
    fig.savefig(out / "sweep.png", dpi=110)
    plt.close(fig)
    files["plot"] = str(out / "sweep.png")
    return files


def _edges(values, log):
    import numpy as np

    v = np.log(values) if log else np.asarray(values, dtype=float)
    if len(v) == 1:
        e = np.array([v[0] - 0.5, v[0] + 0.5])
    else:
        mid = (v[1:] + v[:-1]) / 2
        e = np.concatenate([[2 * v[0] - mid[0]], mid, [2 * v[-1] - mid[-1]]])
    return np.exp(e) if log else e
