"""The ``ssb`` argument parser: one sub-command per group (docs in ``README.md``)."""

import argparse

from ..mesh import PRESETS as MESH_PRESETS
from .supervise import DEFAULT_MAX_TIME_S


def package_version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ssb-models")
    except PackageNotFoundError:
        return "unknown (not installed)"


def add_max_time(parser):
    parser.add_argument("--max-time", default=None, metavar="SECONDS",
                        help="stop the command after this wall-clock time (default "
                             f"{DEFAULT_MAX_TIME_S:g} s, sweeps unbounded; 0 = no limit; "
                             "also SSB_MAX_TIME)")


def add_set_option(parser):
    """The --set and --option arguments shared by commands that build a model."""
    parser.add_argument("--set", action="append", default=[], metavar='"Name [unit]=value"',
                        help="override a parameter (repeatable)")
    parser.add_argument("--option", action="append", default=[], metavar='"key=value"',
                        help='model option (repeatable), e.g. "interface resistance=ohmic"')
    parser.add_argument("--mesh", choices=MESH_PRESETS, default=None,
                        help="the cell's mesh preset: default (chosen for accuracy against a "
                             "converged reference), fine, or fast (docs/performance.md)")


def add_compile(parser):
    parser.add_argument("--compile", choices=("auto", "yes", "no"), default="auto",
                        help="compile the model's functions for batched discharges "
                             "(PyBaMM's IDAKLU 'compile' option, needs gcc; auto: when "
                             "each worker has >= 500 points; docs/sweeps.md)")


def build_parser():
    p = argparse.ArgumentParser(
        allow_abbrev=False,  # "--c-rat" is an error, not silently "--c-rate"
        prog="ssb",
        description="All-solid-state lithium battery cell simulator on PyBaMM.",
    )
    p.add_argument("--version", action="version", version=f"ssb {package_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("cells", allow_abbrev=False, help="list the shipped cells")
    c.add_argument("--json", action="store_true", help="print JSON")
    c.add_argument("--parameters", metavar="ID",
                   help="list the parameters of cell ID with values and sources")

    e = sub.add_parser("experiments", allow_abbrev=False, help="list the predefined experiments")
    e.add_argument("--json", action="store_true", help="print JSON")

    r = sub.add_parser("run", allow_abbrev=False, help="run an experiment on a cell")
    add_max_time(r)
    r.add_argument("experiment", metavar="EXPERIMENT",
                   help="predefined experiment name (see 'ssb experiments') or a .toml path")
    r.add_argument("--cell", required=True, metavar="ID", help="cell id (see 'ssb cells')")
    r.add_argument("--c-rate", type=str, default=None, metavar="X",
                   help="C-rate, relative to the cell's stoichiometric-window capacity")
    r.add_argument("--temperature", type=str, default=None, metavar="C",
                   help="operating temperature [C] (default: the cell's)")
    add_set_option(r)
    r.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default: ssb_results/EXPERIMENT_CELL_MODEL_HASH, the "
                        "hash of rate, temperature, options and overrides)")
    r.add_argument("--model", choices=("p2d", "reduced"), default=None,
                   help="p2d (default) or the reduced single-ion model for speed "
                        "(docs/performance.md)")
    r.add_argument("--json", action="store_true", help="print the summary JSON to stdout")
    r.add_argument("--force", action="store_true",
                   help="overwrite a different run's results in --out")

    sc = sub.add_parser("scl", allow_abbrev=False, help="space-charge layer of a cell's solid electrolyte")
    add_max_time(sc)
    sc.add_argument("--cell", required=True, metavar="ID")
    sc.add_argument("--delta-phi", nargs="+", default=None, metavar="V",
                    help="potential steps across the layer [V] (default 0.05 ... 1)")
    sc.add_argument("--temperature", type=str, default=None, metavar="C")
    sc.add_argument("--set", action="append", default=[], metavar='"Name [unit]=value"')
    sc.add_argument("--cathode-potential", nargs="+", default=None, metavar="V",
                    help="cathode potentials vs Li [V]: report R against potential "
                         "without a buffer, with the Li-conducting buffer (the cell model) "
                         "and with a dielectric buffer (comparison); delta_phi = "
                         "chi (U - U_pzc)")
    sc.add_argument("--plot", default=None, metavar="PNG",
                    help="with --cathode-potential: write the R-vs-potential plot")
    sc.add_argument("--check", action="store_true",
                    help="also solve the grid reference (solve_bvp) and report deviations")
    sc.add_argument("--json", action="store_true", help="print JSON")

    sw = sub.add_parser("sweep", allow_abbrev=False, help="run a parameter sweep (parallel, resumable)")
    add_max_time(sw)
    sw.add_argument("file", metavar="FILE.toml",
                    help="sweep TOML (docs/sweeps.md) or a shipped sweep's name")
    sw.add_argument("--out", required=True, metavar="DIR",
                    help="directory for sweep.sqlite (every finished point), results.csv "
                         "and sweep.png")
    sw.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local worker processes (default) or Dask")
    sw.add_argument("--workers", type=str, default=None, metavar="N",
                    help="worker processes (default: CPU count)")
    sw.add_argument("--scheduler", default=None, metavar="ADDRESS",
                    help="with --engine dask: a running scheduler, e.g. tcp://host:8786 "
                         "(default: a LocalCluster)")
    sw.add_argument("--resume", action="store_true",
                    help="finish an interrupted sweep in --out: run only the missing points")
    add_compile(sw)
    sw.add_argument("--json", action="store_true", help="print a JSON summary")

    se = sub.add_parser("sensitivity", allow_abbrev=False, help="global sensitivity (Sobol or Morris, SALib) "
                        "of a cell's metrics to parameter ranges")
    add_max_time(se)
    se.add_argument("file", metavar="FILE.toml",
                    help="sensitivity TOML: a sweep TOML with ranges (docs/sensitivity.md)")
    se.add_argument("--out", required=True, metavar="DIR",
                    help="directory for the sweep store, sensitivity.csv/.json/.png")
    se.add_argument("--engine", choices=("local", "dask"), default="local")
    se.add_argument("--workers", type=str, default=None, metavar="N")
    se.add_argument("--scheduler", default=None, metavar="ADDRESS")
    se.add_argument("--resume", action="store_true",
                    help="finish an interrupted run in --out: solve only the missing samples")
    add_compile(se)
    se.add_argument("--json", action="store_true", help="print the indices as JSON")

    cp = sub.add_parser("compare", allow_abbrev=False, help="compare a cell's simulation with published data")
    add_max_time(cp)
    cp.add_argument("dataset", metavar="DATASET",
                    help="shipped dataset id (P01 ...; see 'ssb datasets') or a CSV path")
    cp.add_argument("--cell", required=True, metavar="ID")
    add_set_option(cp)
    cp.add_argument("--out", default=None, metavar="DIR",
                    help="directory for overlay.png and comparison.json")
    cp.add_argument("--json", action="store_true", help="print the comparison JSON")
    cp.add_argument("--force", action="store_true",
                    help="overwrite other results in --out")

    ft = sub.add_parser("fit", allow_abbrev=False, help="estimate parameters from a dataset")
    add_max_time(ft)
    ft.add_argument("dataset", metavar="DATASET", nargs="+",
                    help="shipped dataset id(s) or CSV path(s); several = a calibration set "
                         "(relative residuals)")
    ft.add_argument("--cell", required=True, metavar="ID")
    ft.add_argument("--param", action="append", required=True, metavar='"Name [unit]"',
                    help="parameter to fit (repeatable)")
    ft.add_argument("--bounds", action="append", default=[], metavar="LO:HI",
                    help="bounds of each --param, in order (default: start/100 : start*100)")
    add_set_option(ft)
    ft.add_argument("--out", default=None, metavar="DIR", help="directory for fit.png, fit.json")
    ft.add_argument("--json", action="store_true", help="print the fit JSON")
    ft.add_argument("--force", action="store_true",
                    help="overwrite other results in --out")
    ft.add_argument("--backend", choices=("scipy", "pybop"), default="scipy",
                    help="scipy: own least squares (default); pybop: PyBOP, for a discharge "
                         "curve or an impedance spectrum (pip install 'ssb-models[fit]')")
    ft.add_argument("--samples", type=int, default=0, metavar="N",
                    help="pybop: N MCMC iterations per chain (2 chains) after the fit, for "
                         "posterior means and 95 %% intervals (default 0: none)")

    va = sub.add_parser("validate", allow_abbrev=False, help="every shipped dataset against its cell: table, "
                                         "errors (calibration/holdout), overlay plots")
    va.add_argument("--cell", default=None, metavar="ID", help="only this cell's datasets")
    va.add_argument("--out", default=None, metavar="DIR",
                    help="directory for validation.csv/json, parity and overlay plots "
                         "(default ssb_results/validation[_ID])")
    va.add_argument("--json", action="store_true", help="print the result JSON")
    va.add_argument("--force", action="store_true",
                    help="overwrite other results in --out")
    add_max_time(va)

    ds = sub.add_parser("datasets", allow_abbrev=False, help="list the shipped published datasets")
    ds.add_argument("--json", action="store_true", help="print JSON")
    return p
