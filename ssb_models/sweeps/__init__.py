"""Parameter sweeps and global sensitivity: parallel, resumable, local processes or
Dask (``docs/sweeps.md``, ``docs/sensitivity.md``). The Python API behind ``ssb sweep``
and ``ssb sensitivity``.

Each finished point is committed at once to ``DIR/sweep.sqlite`` (one row per point,
unique key), so an interrupted sweep loses only the points in flight and
``resume=True`` runs only what is missing. A point that fails is stored with its error
and the sweep goes on. Every input is checked when the file is loaded (at most
:data:`MAX_POINTS` points); one sweep at a time writes into a folder; a damaged store
is refused, never overwritten.

Modules, one job each: :mod:`.spec` (what a sweep is: the TOML, checked before any
solve), :mod:`.points` (grid and Latin-hypercube points, point keys), :mod:`.jobs`
(solving a point or a batched chunk of points: what a worker runs), :mod:`.store` (the
SQLite store), :mod:`.engines` (local processes or Dask; :func:`run_sweep`),
:mod:`.export` (results.csv, results.nc, sweep.png), :mod:`.sensitivity` (Sobol and
Morris indices on a sweep of SALib samples).
"""

from ..folders import folder_lock
from .engines import COMPILE_MIN_POINTS, compile_choice, run_sweep
from .export import export, to_dataset
from .jobs import (
    CHUNK,
    Job,
    chunks,
    group_structural,
    run_chunk,
    run_point,
    structural_key,
)
from .points import grid, lhs, point_key
from .sensitivity import (
    METHODS,
    SensitivitySpec,
    analyse,
    load_sensitivity,
    parse_sensitivity,
    problem_and_samples,
    run_sensitivity,
)
from .spec import (
    C_RATE,
    MAX_POINTS,
    METRIC_UNITS,
    METRICS,
    TEMPERATURE,
    SweepSpec,
    load_sweep,
    parse_sweep,
)
from .store import STORE, Store, load_results

__all__ = [
    "CHUNK", "COMPILE_MIN_POINTS", "C_RATE", "MAX_POINTS", "METHODS", "METRICS",
    "METRIC_UNITS", "STORE", "TEMPERATURE", "Job", "SensitivitySpec", "Store",
    "SweepSpec", "analyse", "chunks", "compile_choice", "export", "folder_lock", "grid",
    "group_structural", "lhs",
    "load_results", "load_sensitivity", "load_sweep", "parse_sensitivity",
    "parse_sweep", "point_key", "problem_and_samples", "run_chunk", "run_point",
    "run_sensitivity", "run_sweep", "structural_key", "to_dataset",
]
