"""What a sweep is: :class:`SweepSpec` and its TOML (schema, parse, load), every input
checked before any solve (``docs/sweeps.md``).

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
metrics (the experiment registry's ``metrics``, checked before any solve).
"""

import dataclasses
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, closest_names, did_you_mean
from .points import grid, lhs, point_key

#: pseudo-parameters a sweep may vary besides the cell's parameters
C_RATE, TEMPERATURE = "C-rate", "Temperature [C]"
#: the metrics of the batched discharge (``experiment = "discharge"``)
METRICS = ("capacity_mAh_g", "capacity_mAh_cm2", "mean_voltage_V", "energy_mWh_cm2",
           "power_mW_cm2", "energy_Wh_kg", "power_W_kg", "nominal_capacity_mAh_cm2",
           "reached_cutoff", "solve_time_s", "stripping_over_void_onset")
#: units of the discharge metrics (netCDF attributes)
METRIC_UNITS = {"capacity_mAh_g": "mAh/g", "capacity_mAh_cm2": "mAh/cm2",
                "mean_voltage_V": "V", "energy_mWh_cm2": "mWh/cm2", "power_mW_cm2": "mW/cm2",
                "energy_Wh_kg": "Wh/kg", "power_W_kg": "W/kg",
                "nominal_capacity_mAh_cm2": "mAh/cm2", "reached_cutoff": "1 = yes",
                "solve_time_s": "s",
                # > 1: outside the static Li contact's validity (ssb_models/validity.py)
                "stripping_over_void_onset": "1"}
_KEYS = {"name": str, "description": str, "cell": str, "experiment": str, "c_rate": (int, float),
         "temperature_C": (int, float), "metrics": list, "options": dict, "overrides": dict,
         "parameters": list, "sampling": dict}
_REQUIRED = ("name", "cell", "parameters")
_PARAM_KEYS = ("name", "values", "linear", "log", "num")
_SAMPLING_KEYS = ("method", "samples", "seed")
#: at most this many points in one sweep or sensitivity analysis: the sweeping process
#: holds every point (and its job) in memory, and the store keeps one SQLite row each
MAX_POINTS = 1_000_000
#: sampling seeds are integers from 0 to this (numpy's legacy generator, which SALib's
#: Morris sampler uses, takes no more)
MAX_SEED = 2**32 - 1


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
    #: metrics added to check the run's modelling validity, not asked for (the static
    #: Li contact's stripping / void-onset ratio, ssb_models/validity.py); sensitivity
    #: analyses leave them out
    validity_metrics: tuple = ()

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


def is_number(x):
    """A finite int or float (not a bool; an int too large for a float is not)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    try:
        return math.isfinite(x)
    except OverflowError:  # TOML integers have no bound in tomllib
        return False


_is_num = is_number


def shown(x, limit=80):
    """A user's value for a message: its repr, cut to ``limit`` characters (an integer
    beyond Python's 4300-digit str limit is named, not converted)."""
    try:
        text = repr(x)
    except ValueError:
        return "an integer of more than 4300 digits"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def check_no_nul(data, source, where=""):
    """Refuse a NUL character (TOML's "\u0000") in any key or string of a sweep or
    sensitivity mapping: no parameter, cell or metric has one, and a terminal or a file
    name would cut it short."""
    items = (data.items() if isinstance(data, dict)
             else enumerate(data) if isinstance(data, list) else ())
    for k, v in items:
        at = f"{where}[{k}]" if isinstance(data, list) else (f"{where}.{k}" if where
                                                             else str(k))
        if any(isinstance(x, str) and "\x00" in x for x in (k, v)):
            shown = at.encode("unicode_escape").decode()
            _fail(source, f"'{shown}' holds a NUL character (\\u0000); names, keys and "
                  "values are plain text.")
        if isinstance(v, (dict, list)):
            check_no_nul(v, source, at)


def check_seed(seed, source):
    """A sampling seed: an integer from 0 to 2**32 - 1 (what numpy's and SALib's
    generators take)."""
    if not (_is_int(seed) and 0 <= seed <= MAX_SEED):
        _fail(source, f"sampling: 'seed' must be an integer from 0 to {MAX_SEED}, got "
              f"{shown(seed)}.")


def too_many(source, what, count, fix):
    """Refuse a sweep of more than :data:`MAX_POINTS` points, before building any."""
    if count > MAX_POINTS:
        many = f"{count:,}" if count < 10**100 else "more than 10^100"
        _fail(source, f"{what} makes {many} points, more than the {MAX_POINTS:,} a "
              "sweep may have (every point is held in memory by the sweeping process "
              f"and stored as one row of its SQLite store); {fix}.")


def parse_sweep(data, source, points=True):
    """Validate a sweep mapping; return a :class:`SweepSpec` (no solve).

    Everything is checked here, before any solve: keys and types, the cell, the
    experiment and its metrics, the options, every override (a finite number, a known
    name, in range with the others: ``checked_values``), every swept value (in range,
    none twice, no parameter twice) and the number of points (at most
    :data:`MAX_POINTS`). ``points=False``: the caller samples the points (sensitivity);
    the spec's points are then empty."""
    import numpy as np

    from ..checks import check_c_rate, check_names, check_physical, check_temperature_C
    from ..experiments import registry
    from ..experiments.prepare import check_not_derived, checked_values
    from ..models.options import model_options
    from ..parameters.registry import get_cell
    from ..parameters.registry import parameter_values as cell_pv

    if not isinstance(data, dict):
        _fail(source, "a sweep file is a TOML table of keys.")
    check_no_nul(data, source)
    for key in data:
        if key not in _KEYS:
            _fail(source, f"unknown key '{key}'.{did_you_mean(key, _KEYS)} Allowed keys: "
                  f"{', '.join(_KEYS)}.")
    for key in _REQUIRED:
        if key not in data:
            _fail(source, f"missing required key '{key}'.")
    for key, typ in _KEYS.items():
        if key in data and (isinstance(data[key], bool) or not isinstance(data[key], typ)):
            kind = {str: "a string", list: "a list", dict: "a table"}.get(typ, "a number")
            _fail(source, f"key '{key}' must be {kind}, got {shown(data[key])}.")
    for key in ("c_rate", "temperature_C"):
        if key in data and not is_number(data[key]):
            _fail(source, f"key '{key}' must be a finite number, got {shown(data[key])}.")
    exp = _sweep_experiment(data.get("experiment", "discharge"), source)
    overrides = dict(data.get("overrides", {}))
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
        merged = model_options(module, options if exp is None
                               else registry.get(exp.type).run_options(options))
        check_names(overrides, cell_pv(module.CELL.id))
    except InputError as exc:
        _fail(source, str(exc))
    for name, value in overrides.items():
        if not _is_num(value):
            _fail(source, f"[overrides]: '{name}' must be a finite number, got {shown(value)}.")
    try:  # the overrides in range, alone and with the cell's other values
        _, pv = checked_values(module, overrides, data.get("temperature_C"), merged)
    except InputError as exc:
        mine = any(name in str(exc) for name in overrides)
        _fail(source, ("[overrides]: " if mine else "") + str(exc))
    if exp is None:
        units = {m: METRIC_UNITS[m] for m in METRICS}
        metrics = tuple(data.get("metrics", SweepSpec.metrics))
    else:
        units = registry.get(exp.type).metrics(exp)
        metrics = tuple(data.get("metrics", units))
    allowed = list(units)
    for m in metrics:
        if not isinstance(m, str) or m not in units:
            what = "a discharge" if exp is None else f"the '{exp.name}' experiment"
            _fail(source, f"unknown metric {shown(m)} for {what}.{did_you_mean(m, allowed)} "
                  f"Metrics: {', '.join(allowed)}.")
    if len(set(metrics)) < len(metrics):
        twice = next(m for m in metrics if metrics.count(m) > 1)
        _fail(source, f"key 'metrics' names {twice!r} twice; name each metric once.")
    from ..validity import RATIO_METRIC, applies

    added = ()
    if RATIO_METRIC in units and RATIO_METRIC not in metrics and applies(module, merged):
        # the static Li contact's validity is reported for every point (validity.py)
        added = (RATIO_METRIC,)
        metrics = metrics + added
    params, seen = [], {}
    known = [k for k in pv.keys() if _is_num(pv[k])] + [C_RATE, TEMPERATURE]
    if not data["parameters"]:
        _fail(source, "key 'parameters' must list at least one parameter.")
    # the sampling first: it decides what a parameter needs (an LHS samples a
    # range between its ends: no 'num')
    sampling = dict(data.get("sampling", {}))
    for k in sampling:
        if k not in _SAMPLING_KEYS:
            _fail(source, f"sampling: unknown key '{k}'.{did_you_mean(k, _SAMPLING_KEYS)} "
                  f"Allowed: {', '.join(_SAMPLING_KEYS)}.")
    method = sampling.get("method", "grid")
    if method not in ("grid", "lhs"):
        _fail(source, f"sampling: 'method' must be 'grid' or 'lhs', got {shown(method)}."
              + did_you_mean(method, ("grid", "lhs")))
    for i, p in enumerate(data["parameters"]):
        where = f"parameters[{i}]"
        if not isinstance(p, dict):
            _fail(source, f"{where} must be a table with 'name' and values.")
        for k in p:
            if k not in _PARAM_KEYS:
                _fail(source, f"{where}: unknown key '{k}'.{did_you_mean(k, _PARAM_KEYS)} "
                      f"Allowed: {', '.join(_PARAM_KEYS)}.")
        name = p.get("name")
        if not isinstance(name, str) or name not in known:
            close = closest_names(name, known)
            hint = (" Closest: " + "; ".join(f"'{c}'" for c in close) + ".") if close else ""
            _fail(source, f"{where}: {shown(name)} is not a numeric parameter of "
                  f"'{module.CELL.id}' (or '{C_RATE}', '{TEMPERATURE}').{hint}")
        if name in seen:
            _fail(source, f"{where}: '{name}' is already swept by parameters[{seen[name]}]; "
                  "give each parameter once, with all its values.")
        seen[name] = i
        if name in overrides:
            _fail(source, f"{where}: '{name}' is also set in [overrides]; a swept "
                  "parameter takes the sweep's values: remove one of the two.")
        try:  # a derived value (capacity, 1C current, ...) would be recomputed
            check_not_derived(module, {name: None})
        except InputError as exc:
            _fail(source, f"{where}: {exc}")
        given = [k for k in ("values", "linear", "log") if k in p]
        if len(given) != 1:
            _fail(source, f"{where} ({name}): give exactly one of 'values', 'linear', 'log'.")
        kind = given[0]
        if kind == "values":
            values = p["values"]
            if not isinstance(values, list) or not values or not all(map(_is_num, values)):
                _fail(source, f"{where} ({name}): 'values' must be a non-empty list of "
                      f"finite numbers, got {shown(values)}.")
            if len(values) > MAX_POINTS:
                too_many(source, f"{where} ({name}): 'values'", len(values),
                         "give fewer values")
        else:
            rng, num = p[kind], p.get("num")
            if method == "lhs" and num is None:
                num = 2  # a Latin hypercube samples between the ends
            if not (isinstance(rng, list) and len(rng) == 2 and all(map(_is_num, rng))
                    and rng[0] != rng[1]):
                _fail(source, f"{where} ({name}): '{kind}' must be [start, stop], two "
                      f"different finite numbers, got {shown(rng)}.")
            if not (_is_int(num) and 2 <= num <= MAX_POINTS):
                _fail(source, f"{where} ({name}): 'num' must be an integer >= 2 and <= "
                      f"{MAX_POINTS:,}, got {shown(num)}.")
            if kind == "log" and min(rng) <= 0:
                _fail(source, f"{where} ({name}): 'log' needs positive bounds, got {shown(rng)}.")
            with np.errstate(all="ignore"):
                values = (np.geomspace if kind == "log" else np.linspace)(rng[0], rng[1],
                                                                          num)
            if not np.isfinite(values).all():
                _fail(source, f"{where} ({name}): '{kind}' = {rng} gives values beyond the "
                      "floating-point range; give a narrower range.")
        values = tuple(float(v) for v in values)
        repeated = _repeated(values)
        if repeated is not None and kind == "values":
            _fail(source, f"{where} ({name}): the value {repeated!r} is given twice; give "
                  "each value once (a sweep runs each point once).")
        if repeated is not None:
            _fail(source, f"{where} ({name}): '{kind}' = {p[kind]} with num = "
                  f"{len(values)} gives the value {repeated!r} twice: the range is too "
                  f"narrow for {len(values)} distinct floating-point values; lower 'num' "
                  "or widen it.")
        _check_swept(source, where, name, values, module, check_c_rate,
                     check_temperature_C, check_physical)
        if exp is not None and name in (C_RATE, TEMPERATURE):
            try:
                registry.get(exp.type).check_flags(exp, 1.0 if name == C_RATE else None,
                                                   25.0 if name == TEMPERATURE else None)
            except InputError as exc:  # the sweep's parameter, not the run flags
                _fail(source, f"{where}: '{name}' cannot be swept here: " + str(exc).replace(
                    "--c-rate", "a C-rate").replace("--temperature", "a temperature"))
        params.append((name, values, kind))
    pts = ()
    if method == "grid":
        if sampling.keys() - {"method"}:
            _fail(source, "sampling: 'samples' and 'seed' belong to method = \"lhs\"; a "
                  "grid runs every combination of the values.")
        if points:
            sizes = [len(v) for _, v, _ in params]
            too_many(source, f"the grid ({' x '.join(map(str, sizes))} values)",
                     math.prod(sizes), "give fewer values, or sample the ranges with "
                     f"[sampling] method = \"lhs\" and samples <= {MAX_POINTS:,}")
            pts = grid(params)
    else:
        n, seed = sampling.get("samples"), sampling.get("seed", 0)
        if not (_is_int(n) and n >= 1):
            _fail(source, f"sampling: 'samples' must be an integer >= 1, got {shown(n)}.")
        too_many(source, f"sampling: 'samples' = {shown(n)}", n,
                 f"give samples <= {MAX_POINTS:,}")
        check_seed(seed, source)
        if points:
            pts = lhs(params, n, seed)
            keys = {point_key(q) for q in pts}
            if len(keys) < len(pts):
                listed = [nm for nm, _, kind in params if kind == "values"]
                combos = math.prod(len(v) for _, v, kind in params if kind == "values")
                _fail(source, f"sampling: {len(pts) - len(keys)} of the {n} "
                      "Latin-hypercube samples repeat a point (the parameters given as "
                      f"'values' lists, {', '.join(repr(x) for x in listed)}, have "
                      f"{combos} combinations); give at most {combos} samples, or ranges "
                      "('linear', 'log') to sample.")
    return SweepSpec(name=data["name"], description=data.get("description", ""),
                     cell=module.CELL.id, parameters=tuple(params), points=tuple(pts),
                     c_rate=(float(data.get("c_rate", 1.0)) if exp is None
                             else (float(data["c_rate"]) if "c_rate" in data else None)),
                     temperature_C=(float(data["temperature_C"]) if "temperature_C" in data
                                    else None),
                     metrics=metrics, options=options, overrides=overrides, method=method,
                     source=source, experiment=exp, units={m: units[m] for m in metrics},
                     validity_metrics=added)


def _repeated(values):
    """The first value that occurs twice (floats compared as numbers: 0.1 and
    0.10000000000000001 are one value, as are 0.0 and -0.0), or None."""
    seen = set()
    for v in values:
        if v in seen:
            return v
        seen.add(v)
    return None


def _check_swept(source, where, name, values, module, check_c_rate, check_temperature_C,
                 check_physical):
    """Each swept value in its own range (a C-rate > 0, a temperature in the cell's
    range, a cell parameter as ``check_physical`` wants it). The checks between values
    (e.g. volume fractions summing above 1) stay per point: another swept value may
    make the combination valid, and a point that is not is stored with its error."""
    # the ranges are intervals: a 'values' list is checked value by value, a range by
    # its ends
    for v in sorted(set(values)) if len(values) <= 1000 else (min(values), max(values)):
        try:
            if name == C_RATE:
                check_c_rate(v)
            elif name == TEMPERATURE:
                check_temperature_C(v, module)
            else:
                check_physical({name: v}, cell=module)
        except InputError as exc:
            _fail(source, f"{where}: {exc}")


def _sweep_experiment(name, source):
    """None for "discharge" (the batched discharge runner), else the ExperimentSpec of a
    predefined experiment or of a TOML path (relative to the sweep file's folder)."""
    from ..experiments import load_experiment, predefined

    if not isinstance(name, str):
        _fail(source, f"key 'experiment' must be a string, got {shown(name)}.")
    if name == "discharge":
        return None
    path = Path(name)
    if not path.is_absolute() and source and Path(source).parent != Path("."):
        near = Path(source).parent / path
        if near.is_file():
            path = near
    if name not in predefined() and not path.is_file():
        _fail(source, f"key 'experiment': {shown(name)} is neither a predefined experiment nor "
              f"an experiment TOML file.{did_you_mean(name, ['discharge', *predefined()])} "
              f"Predefined: {', '.join(predefined())}.")
    try:
        return load_experiment(name if name in predefined() else str(path))
    except InputError as exc:
        _fail(source, f"key 'experiment': {exc}")


def load_sweep(path):
    """Load and validate a sweep TOML file, or a shipped sweep by name
    (``ssb_models.experiments.predefined_sweeps()``)."""
    from ..experiments.spec import data_dir, predefined_sweeps

    name = str(path)
    if not Path(name).is_file() and name in predefined_sweeps():
        return parse_sweep(tomllib.loads((data_dir() / f"{name}.toml").read_text()),
                           f"experiments/{name}.toml")
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Sweep file '{path}' does not exist."
                         + did_you_mean(name, predefined_sweeps(), cutoff=0.5)
                         + f" Shipped sweeps: {', '.join(predefined_sweeps())}.")
    return parse_sweep(read_toml(path, "Sweep file"), str(path))


def read_toml(path, what):
    """A user's TOML file as a mapping: UTF-8, or UTF-8/16/32 with a byte-order mark,
    or UTF-16 without one (:func:`ssb_models.files.read_text`); anything else, or
    invalid TOML, is one :class:`~ssb_models.errors.InputError`."""
    from ..files import read_text

    text = read_text(path, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    except ValueError as exc:  # an integer beyond Python's 4300-digit limit
        raise InputError(f"{path}: a number in it cannot be read "
                         f"({str(exc).split(';')[0]}).") from None
