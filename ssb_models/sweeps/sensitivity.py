"""Global sensitivity analysis of a cell's metrics (``docs/sensitivity.md``): Sobol
indices (Saltelli sampling) or Morris elementary effects, sampled and analysed with
SALib, solved with the sweep machinery (parallel, resumable, Dask). The Python API
behind ``ssb sensitivity``.

A sensitivity TOML is a sweep TOML (``docs/sweeps.md``) whose parameters give ranges::

    [[parameters]]
    name = "Solid electrolyte conductivity at reference temperature [S.m-1]"
    log = [1e-3, 1.0]          # sampled uniformly in log10; or linear = [a, b]
    [sampling]
    method = "sobol"           # or "morris"
    samples = 64               # Sobol: N (N (2D + 2) points); Morris: trajectories
    seed = 0
"""

import dataclasses
import json
import math
from pathlib import Path

from ..errors import InputError, did_you_mean
from .engines import run_sweep
from .export import as_float, write_atomic
from .points import point_key
from .spec import (
    check_no_nul,
    check_seed,
    is_number,
    parse_sweep,
    read_toml,
    shown,
    too_many,
)

METHODS = ("sobol", "morris")


def _fail(source, msg):
    raise InputError(f"{source}: {msg}")


def problem_and_samples(bounds, method, samples, seed):
    """SALib problem and sample matrix in the parameters' own units.

    ``bounds`` = [(name, lo, hi, log)]: a log parameter is sampled uniformly in
    log10 (the SALib problem is defined on log10 of it)."""
    problem = {"num_vars": len(bounds), "names": [b[0] for b in bounds],
               "bounds": [[math.log10(lo), math.log10(hi)] if log else [lo, hi]
                          for _, lo, hi, log in bounds]}
    if method == "sobol":
        from SALib.sample import sobol as sampler

        X = sampler.sample(problem, samples, calc_second_order=False, seed=seed)
    else:
        from SALib.sample import morris as sampler

        X = sampler.sample(problem, samples, num_levels=4, seed=seed)
    values = X.copy()
    for j, (_, _, _, log) in enumerate(bounds):
        if log:
            values[:, j] = 10.0 ** X[:, j]
    return problem, X, values


def analyse(problem, X, Y, method, seed=0):
    """Indices of one metric: ``{name: {"S1", "S1_conf", "ST", "ST_conf"}}`` (Sobol) or
    ``{name: {"mu_star", "mu_star_conf", "sigma"}}`` (Morris)."""
    if method == "sobol":
        from SALib.analyze import sobol

        r = sobol.analyze(problem, Y, calc_second_order=False, seed=seed)
        keys = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        from SALib.analyze import morris

        r = morris.analyze(problem, X, Y, num_levels=4, seed=seed)
        keys = ("mu_star", "mu_star_conf", "sigma")
    return {n: {k: float(r[k][i]) for k in keys} for i, n in enumerate(problem["names"])}


@dataclasses.dataclass(frozen=True)
class SensitivitySpec:
    sweep: object  # SweepSpec whose points are the SALib samples
    bounds: tuple  # ((name, lo, hi, log), ...)
    method: str
    samples: int
    seed: int
    problem: dict
    X: object


def sample_count(method, samples, d):
    """The solves a design needs: Sobol N (D + 2) (first-order and total indices,
    Saltelli's scheme without the second-order columns), Morris r (D + 1)."""
    return samples * (d + 2) if method == "sobol" else samples * (d + 1)


def parse_sensitivity(data, source):
    """Validate a sensitivity mapping; return a :class:`SensitivitySpec` (no solve).
    The design's size is checked (at most :data:`~ssb_models.sweeps.spec.MAX_POINTS`
    solves) before any sample is drawn."""
    if not isinstance(data, dict):
        _fail(source, "a sensitivity file is a TOML table of keys.")
    check_no_nul(data, source)
    data = dict(data)
    sampling = data.pop("sampling", {})
    if not isinstance(sampling, dict):
        _fail(source, f"key 'sampling' must be a table, got {shown(sampling)}.")
    for k in sampling:
        if k not in ("method", "samples", "seed"):
            _fail(source, f"sampling: unknown key '{k}'."
                  f"{did_you_mean(k, ('method', 'samples', 'seed'))} Allowed: method, "
                  "samples, seed.")
    method = sampling.get("method", "sobol")
    if method not in METHODS:
        _fail(source, f"sampling: 'method' must be one of {', '.join(METHODS)}, got "
              f"{shown(method)}.{did_you_mean(method, METHODS)}")
    samples, seed = sampling.get("samples", 64 if method == "sobol" else 10), \
        sampling.get("seed", 0)
    if not (isinstance(samples, int) and not isinstance(samples, bool) and samples >= 2):
        _fail(source, f"sampling: 'samples' must be an integer >= 2, got {shown(samples)}.")
    if method == "sobol" and samples & (samples - 1):
        _fail(source, f"sampling: Sobol 'samples' must be a power of 2, got {samples}.")
    check_seed(seed, source)
    params = data.get("parameters")
    if not isinstance(params, list) or len(params) < 2:
        _fail(source, "key 'parameters' must list at least two parameters with ranges.")
    bounds, as_sweep, seen = [], [], {}
    for i, p in enumerate(params):
        where = f"parameters[{i}]"
        if not isinstance(p, dict):
            _fail(source, f"{where} must be a table with 'name' and a range.")
        given = [k for k in ("linear", "log") if k in p]
        extra = [k for k in p if k not in ("name", "linear", "log")]
        if len(given) != 1 or extra:
            _fail(source, f"{where} ({p.get('name')}): give 'name' and exactly one range, "
                  "'linear' = [lo, hi] or 'log' = [lo, hi] (no 'values', no 'num').")
        name = p.get("name")
        if isinstance(name, str) and name in seen:
            _fail(source, f"{where}: '{name}' is already given by parameters[{seen[name]}]; "
                  "give each parameter once, with one range.")
        seen[name] = i
        rng = p[given[0]]
        if not (isinstance(rng, list) and len(rng) == 2
                and all(map(is_number, rng)) and rng[0] < rng[1]):
            _fail(source, f"{where} ({name}): '{given[0]}' must be [lo, hi], finite "
                  f"numbers with lo < hi, got {shown(rng)}.")
        if given[0] == "log" and rng[0] <= 0:
            _fail(source, f"{where} ({name}): 'log' needs positive bounds, got {shown(rng)}.")
        bounds.append((name, float(rng[0]), float(rng[1]), given[0] == "log"))
        as_sweep.append({"name": name, "values": [float(rng[0]), float(rng[1])]})
    count = sample_count(method, samples, len(bounds))
    too_many(source, f"sampling: {method} with samples = {shown(samples)} and {len(bounds)} "
             f"parameters ({'N (D + 2)' if method == 'sobol' else 'r (D + 1)'})", count,
             "give fewer samples or parameters")
    # the sweep parser checks cell, names (closest match), metrics, options, overrides
    # and that each range's ends are in range (no points: they are sampled below)
    sweep = parse_sweep({**data, "parameters": as_sweep}, source, points=False)
    problem, X, values = problem_and_samples(bounds, method, samples, seed)
    points = tuple({b[0]: float(v) for b, v in zip(bounds, row)} for row in values)
    sweep = dataclasses.replace(sweep, points=points, method=method)
    return SensitivitySpec(sweep=sweep, bounds=tuple(bounds), method=method,
                           samples=samples, seed=seed, problem=problem, X=X)


def load_sensitivity(path):
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Sensitivity file '{path}' does not exist.")
    return parse_sensitivity(read_toml(path, "Sensitivity file"), str(path))


def _finite(obj):
    """``obj`` with NaN and infinite floats as None (JSON null: valid JSON)."""
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def run_sensitivity(spec, out_dir, engine="local", workers=None, scheduler=None,
                    resume=False, progress=True, compile="auto"):
    """Solve every sample (:func:`ssb_models.sweeps.run_sweep`: parallel, resumable),
    then the indices per metric. Returns ``(indices, table)``: ``{metric: {param:
    {...}}}`` and the sweep's DataFrame. Writes ``sensitivity.csv``,
    ``sensitivity.png`` and ``sensitivity.json`` beside the sweep's files.

    A sample drawn twice (Morris trajectories meet on the 4-level grid) is solved once
    and counts for each of its rows of the design; an index SALib cannot define (a
    metric that does not vary) is empty in the CSV and null in the JSON."""
    import numpy as np

    if not isinstance(spec, SensitivitySpec):
        spec = load_sensitivity(spec)
    df = run_sweep(spec.sweep, out_dir, engine=engine, workers=workers,
                   scheduler=scheduler, resume=resume, progress=progress,
                   compile=compile)
    df = df.sort_values("point").reset_index(drop=True)
    # the design's rows, in order, from the stored points (by their values' key)
    by_key = {point_key({b[0]: row[b[0]] for b in spec.bounds}): j
              for j, row in df.iterrows()}
    rows = [by_key.get(point_key(p)) for p in spec.sweep.points]
    indices, skipped = {}, {}
    for m in spec.sweep.metrics:
        if m in ("reached_cutoff", "solve_time_s") or m in spec.sweep.validity_metrics:
            continue
        if m not in df:
            continue
        y = [math.nan if j is None or df["status"][j] != "ok" else as_float(df[m][j])
             for j in rows]
        bad = [i for i, v in enumerate(y) if not math.isfinite(v)]
        if bad:
            skipped[m] = (f"{len(bad)} of {len(y)} samples failed or have no value "
                          f"(samples {', '.join(str(i) for i in bad[:5])}"
                          f"{'...' if len(bad) > 5 else ''}); indices need every sample: "
                          "narrow the ranges")
            continue
        indices[m] = analyse(spec.problem, spec.X, np.asarray(y, dtype=float),
                             spec.method, spec.seed)
    out = Path(out_dir)
    table = [{"metric": m, "parameter": p, **v} for m, d in indices.items()
             for p, v in d.items()]
    if table:
        import pandas as pd

        write_atomic(out / "sensitivity.csv",
                     lambda tmp: pd.DataFrame(table).to_csv(tmp, index=False))
        write_atomic(out / "sensitivity.png", lambda tmp: _plot(spec, indices, tmp))
    body = json.dumps(_finite(
        {"method": spec.method, "samples": spec.samples, "points": len(df),
         "bounds": [list(b) for b in spec.bounds], "indices": indices,
         "skipped_metrics": skipped}), indent=2, allow_nan=False) + "\n"
    write_atomic(out / "sensitivity.json", lambda tmp: tmp.write_text(body))
    return indices, df, skipped


def _plot(spec, indices, path):
    """Bars of the indices of each metric (Sobol S1 and ST, or Morris mu* and sigma)."""
    import numpy as np

    from ..plotting import pyplot, save

    plt = pyplot()
    metrics = list(indices)
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.8),
                             squeeze=False)
    short = [b[0].split("[")[0].strip() for b in spec.bounds]
    y = np.arange(len(short))
    for ax, m in zip(axes[0], metrics):
        d = indices[m]
        names = [b[0] for b in spec.bounds]
        if spec.method == "sobol":
            ax.barh(y - 0.2, [d[n]["S1"] for n in names], 0.4,
                    xerr=[d[n]["S1_conf"] for n in names], label="first order S1")
            ax.barh(y + 0.2, [d[n]["ST"] for n in names], 0.4,
                    xerr=[d[n]["ST_conf"] for n in names], label="total ST")
            ax.set_xlabel("Sobol index")
        else:
            ax.barh(y - 0.2, [d[n]["mu_star"] for n in names], 0.4,
                    xerr=[d[n]["mu_star_conf"] for n in names], label="mu*")
            ax.barh(y + 0.2, [d[n]["sigma"] for n in names], 0.4, label="sigma")
            ax.set_xlabel(f"Morris elementary effect [{m}]")
        ax.set_yticks(y, short, fontsize=7)
        ax.set_title(m, fontsize=9)
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle(f"sensitivity {spec.sweep.name}: {spec.sweep.cell}, "
                 f"{spec.sweep.label()} ({spec.method}, {len(spec.sweep.points)} solves)")
    return save(fig, path, dpi=110)
