"""The ``ssb`` command line: a thin layer over the Python API.

Bad input is reported as one line on stderr with exit code 2, no traceback.
"""

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

#: Wall-clock bound [s] of one ssb command that solves models (``--max-time``,
#: ``SSB_MAX_TIME``); 0 means no bound. Sweeps are resumable and unbounded by default.
DEFAULT_MAX_TIME_S = 3600.0


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ssb-models")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _add_max_time(parser):
    parser.add_argument("--max-time", default=None, metavar="SECONDS",
                        help="stop the command after this wall-clock time (default "
                             f"{DEFAULT_MAX_TIME_S:g} s, sweeps unbounded; 0 = no limit; "
                             "also SSB_MAX_TIME)")


def _add_set_option(parser):
    """The --set and --option arguments shared by commands that build a model."""
    parser.add_argument("--set", action="append", default=[], metavar='"Name [unit]=value"',
                        help="override a parameter (repeatable)")
    parser.add_argument("--option", action="append", default=[], metavar='"key=value"',
                        help='model option (repeatable), e.g. "interface resistance=ohmic"')


def _parser():
    p = argparse.ArgumentParser(
        prog="ssb",
        description="All-solid-state lithium battery cell simulator on PyBaMM.",
    )
    p.add_argument("--version", action="version", version=f"ssb {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("cells", help="list the shipped cells")
    c.add_argument("--json", action="store_true", help="print JSON")
    c.add_argument("--parameters", metavar="ID",
                   help="list the parameters of cell ID with values and sources")

    e = sub.add_parser("experiments", help="list the predefined experiments")
    e.add_argument("--json", action="store_true", help="print JSON")

    r = sub.add_parser("run", help="run an experiment on a cell")
    _add_max_time(r)
    r.add_argument("experiment", metavar="EXPERIMENT",
                   help="predefined experiment name (see 'ssb experiments') or a .toml path")
    r.add_argument("--cell", required=True, metavar="ID", help="cell id (see 'ssb cells')")
    r.add_argument("--c-rate", type=str, default=None, metavar="X",
                   help="C-rate, relative to the cell's stoichiometric-window capacity")
    r.add_argument("--temperature", type=str, default=None, metavar="C",
                   help="operating temperature [C] (default: the cell's)")
    _add_set_option(r)
    r.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default: ssb_results/EXPERIMENT_CELL_MODEL_HASH, the "
                        "hash of rate, temperature, options and overrides)")
    r.add_argument("--model", choices=("p2d", "reduced"), default=None,
                   help="p2d (default) or the reduced single-ion model for speed "
                        "(docs/performance.md)")
    r.add_argument("--json", action="store_true", help="print the summary JSON to stdout")
    r.add_argument("--force", action="store_true",
                   help="overwrite a different run's results in --out")

    sc = sub.add_parser("scl", help="space-charge layer of a cell's solid electrolyte")
    _add_max_time(sc)
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

    sw = sub.add_parser("sweep", help="run a parameter sweep (parallel, resumable)")
    _add_max_time(sw)
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
    _add_compile(sw)
    sw.add_argument("--json", action="store_true", help="print a JSON summary")

    se = sub.add_parser("sensitivity", help="global sensitivity (Sobol or Morris, SALib) "
                        "of a cell's metrics to parameter ranges")
    _add_max_time(se)
    se.add_argument("file", metavar="FILE.toml",
                    help="sensitivity TOML: a sweep TOML with ranges (docs/sensitivity.md)")
    se.add_argument("--out", required=True, metavar="DIR",
                    help="directory for the sweep store, sensitivity.csv/.json/.png")
    se.add_argument("--engine", choices=("local", "dask"), default="local")
    se.add_argument("--workers", type=str, default=None, metavar="N")
    se.add_argument("--scheduler", default=None, metavar="ADDRESS")
    se.add_argument("--resume", action="store_true",
                    help="finish an interrupted run in --out: solve only the missing samples")
    _add_compile(se)
    se.add_argument("--json", action="store_true", help="print the indices as JSON")

    cp = sub.add_parser("compare", help="compare a cell's simulation with published data")
    _add_max_time(cp)
    cp.add_argument("dataset", metavar="DATASET",
                    help="shipped dataset id (P01 ...; see 'ssb datasets') or a CSV path")
    cp.add_argument("--cell", required=True, metavar="ID")
    _add_set_option(cp)
    cp.add_argument("--out", default=None, metavar="DIR",
                    help="directory for overlay.png and comparison.json")
    cp.add_argument("--json", action="store_true", help="print the comparison JSON")

    ft = sub.add_parser("fit", help="estimate parameters from a dataset")
    _add_max_time(ft)
    ft.add_argument("dataset", metavar="DATASET", nargs="+",
                    help="shipped dataset id(s) or CSV path(s); several = a calibration set "
                         "(relative residuals)")
    ft.add_argument("--cell", required=True, metavar="ID")
    ft.add_argument("--param", action="append", required=True, metavar='"Name [unit]"',
                    help="parameter to fit (repeatable)")
    ft.add_argument("--bounds", action="append", default=[], metavar="LO:HI",
                    help="bounds of each --param, in order (default: start/100 : start*100)")
    _add_set_option(ft)
    ft.add_argument("--out", default=None, metavar="DIR", help="directory for fit.png, fit.json")
    ft.add_argument("--json", action="store_true", help="print the fit JSON")
    ft.add_argument("--backend", choices=("scipy", "pybop"), default="scipy",
                    help="scipy: own least squares (default); pybop: PyBOP, for a discharge "
                         "curve or an impedance spectrum (pip install 'ssb-models[fit]')")
    ft.add_argument("--samples", type=int, default=0, metavar="N",
                    help="pybop: N MCMC iterations per chain (2 chains) after the fit, for "
                         "posterior means and 95 %% intervals (default 0: none)")

    va = sub.add_parser("validate", help="every shipped dataset against its cell: table, "
                                         "errors (calibration/holdout), overlay plots")
    va.add_argument("--cell", default=None, metavar="ID", help="only this cell's datasets")
    va.add_argument("--out", default=None, metavar="DIR",
                    help="directory for validation.csv/json, parity and overlay plots "
                         "(default ssb_results/validation[_ID])")
    va.add_argument("--json", action="store_true", help="print the result JSON")
    _add_max_time(va)

    ds = sub.add_parser("datasets", help="list the shipped published datasets")
    ds.add_argument("--json", action="store_true", help="print JSON")
    return p


def _parse_option(text):
    from .errors import InputError

    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"--option '{text}' is malformed: expected \"key=value\", e.g. "
                         "\"interface resistance=ohmic\".")
    return key.strip(), value.strip()


def _number(text, what):
    from .errors import InputError

    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{what} must be a number, got '{text}'.") from None


def _cells(args):
    from .parameters import cells, get_cell
    from .parameters.registry import parameter_values

    if args.parameters:
        module = get_cell(args.parameters)
        pv = parameter_values(module.CELL.id)  # derived values filled as shipped
        rows = [{"name": e.name,
                 "value": _fmt(e.value) if e.value is not None else pv[e.name],
                 "derived": e.value is None, "source": e.source}
                for e in module.ENTRIES]
        if args.json:
            print(json.dumps(rows, indent=2))
        else:
            for row in rows:
                tag = " (derived)" if row["derived"] else ""
                print(f"{row['name']} = {row['value']}{tag}\n    source: {row['source']}")
        return 0
    rows = []
    for cid, module in cells().items():
        pv = parameter_values(cid)  # derived values filled as shipped
        area_cm2 = pv["Electrode height [m]"] * pv["Electrode width [m]"] * 1e4
        rows.append({
            "id": cid,
            "parameter_set": module.CELL.parameter_set,
            "anode": module.CELL.anode,
            "electrolyte": module.CELL.electrolyte,
            "cathode": module.CELL.cathode,
            "default_temperature_C": round(pv["Ambient temperature [K]"] - 273.15, 3),
            "theoretical_capacity_mAh_cm2": pv["Nominal cell capacity [A.h]"] * 1e3 / area_cm2,
            "voltage_window_V": [pv["Lower voltage cut-off [V]"],
                                 pv["Upper voltage cut-off [V]"]],
        })
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    stacks = [f"{r['anode']} | {r['electrolyte']} | {r['cathode']}" for r in rows]
    w_id = max(len("id"), *(len(r["id"]) for r in rows))
    w_st = max(len("anode | SE | cathode"), *(len(s) for s in stacks))
    print(f"{'id':<{w_id}}  {'anode | SE | cathode':<{w_st}}  {'T [C]':>6}  {'Q [mAh/cm2]':>11}")
    for r, stack in zip(rows, stacks):
        print(f"{r['id']:<{w_id}}  {stack:<{w_st}}  {r['default_temperature_C']:>6g}  "
              f"{r['theoretical_capacity_mAh_cm2']:>11.3f}")
    print("\nQ: stoichiometric-window capacity between the cut-off voltages (1C basis).")
    return 0


def _fmt(value):
    if callable(value):
        return f"function {getattr(value, '__module__', '')}.{getattr(value, '__name__', value)}"
    return value


def _experiments(args):
    from .experiments import load_experiment, predefined

    rows = [{"name": n, "description": load_experiment(n).description} for n in predefined()]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['name']:<20} {r['description']}")
    return 0


def _run(args):
    from .checks import parse_set
    from .experiments import prepare

    c_rate = _number(args.c_rate, "--c-rate")
    temperature = _number(args.temperature, "--temperature")
    overrides = dict(parse_set(s) for s in args.set)
    options = dict(_parse_option(o) for o in args.option)
    if args.model:
        options["model"] = args.model
    # validate everything (once) before any solve
    prepared = prepare(args.cell, args.experiment, c_rate, temperature, overrides, options)
    sig = prepared.signature
    out = args.out or os.path.join(
        "ssb_results", f"{prepared.spec.name}_{prepared.cell_id}_{sig['model']}_{sig['hash']}")
    _refuse_overwrite(out, sig, args.force)

    from .simulation import run_prepared

    result = run_prepared(prepared, out_dir=out)
    if args.json:
        print(json.dumps(result.summary, indent=2))
    else:
        for line in prepared.experiment.report(result):
            print(line)
    from .files import run_note

    if not args.json:
        for kind, path in result.files.items():
            print(f"  {kind}: {path}")
        print(f"  run {result.summary['run']['hash']}: {run_note(result.summary)}")
    return 0


def _refuse_overwrite(out, sig, force):
    """Results of a different run in ``out`` are not overwritten without --force."""
    from .errors import InputError

    path = Path(out) / "summary.json"
    if force or not path.exists():
        return
    try:
        old = json.loads(path.read_text()).get("run", {})
    except (OSError, ValueError):
        old = {}
    if old.get("hash") != sig["hash"]:
        raise InputError(
            f"--out '{out}' holds the results of a different run ({old.get('experiment', '?')} "
            f"on {old.get('cell', '?')}, run {old.get('hash', 'unknown')}); give another "
            "folder, or --force to overwrite them.")


def _scl(args):
    import warnings

    from .scl import DEFAULT_DELTA_PHI, SubLatticeLayerWarning, table
    from .checks import parse_set

    temperature = _number(args.temperature, "--temperature")
    overrides = dict(parse_set(x) for x in args.set)

    def report(out):
        # the API's SubLatticeLayerWarning, as one line on stderr (JSON: out["warnings"])
        if not args.json:
            for message in out["warnings"]:
                print(f"warning: {message}", file=sys.stderr)

    if args.cathode_potential:
        from .scl import cathode_potential_table, plot_cathode_potential

        U = [_number(x, "--cathode-potential") for x in args.cathode_potential]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SubLatticeLayerWarning)
            out = cathode_potential_table(args.cell, U, temperature, overrides)
        if args.plot:
            out["plot"] = plot_cathode_potential(out, args.plot)
        if args.json:
            print(json.dumps(out, indent=2))
            return 0
        inp = out["inputs"]
        print(f"buffer: {inp['buffer_thickness_m'] * 1e9:g} nm, Li-conducting (the cell "
              f"model) and, for comparison, as a dielectric; R in Ohm m2; "
              f"* = a layer thinner than one lattice spacing")
        print(f"{'U [V]':>7} {'dphi [V]':>9} {'R no buffer':>12} | {'phi_j [V]':>10} "
              f"{'R_SE':>10} {'R_buffer':>10} {'R total':>10} | {'dielectric':>10}")
        for r in out["results"]:
            two, diel = r["li_conducting_buffer"], r["dielectric_buffer"]
            print(f"{r['cathode_potential_V']:>7g} {r['delta_phi_V']:>9.3g} "
                  f"{r['no_buffer']['resistance_Ohm_m2']:>11.3e}"
                  f"{'*' if r['no_buffer']['sub_lattice'] else ' '} | "
                  f"{two['junction_potential_V']:>10.2e} {two['se_resistance_Ohm_m2']:>10.3e} "
                  f"{two['buffer_resistance_Ohm_m2']:>10.3e} {two['resistance_Ohm_m2']:>9.3e}"
                  f"{'*' if two['sub_lattice'] else ' '} | "
                  f"{diel['resistance_Ohm_m2']:>10.3e}")
        if args.plot:
            print(f"  plot: {out['plot']}")
        report(out)
        return 0
    dphi = ([_number(x, "--delta-phi") for x in args.delta_phi] if args.delta_phi
            else list(DEFAULT_DELTA_PHI))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SubLatticeLayerWarning)
        out = table(args.cell, dphi, temperature, overrides, check=args.check)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    inp = out["inputs"]
    print("inputs: " + ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}"
                                 for k, v in inp.items()))
    head = f"{'dphi [V]':>9} {'lambda [m]':>11} {'w [m]':>11} {'Q [C/m2]':>11} " \
           f"{'C [F/m2]':>11} {'R [Ohm m2]':>11} {'< a':>4}"
    print(head + ("  max dev. vs grid" if args.check else ""))
    for r in out["results"]:
        line = (f"{r['delta_phi_V']:>9g} {r['screening_length_m']:>11.3e} "
                f"{r['depletion_width_m']:>11.3e} {r['charge_C_m2']:>11.4e} "
                f"{r['capacitance_F_m2']:>11.4e} {r['resistance_Ohm_m2']:>11.4e} "
                f"{'yes' if r['sub_lattice'] else 'no':>4}")
        if args.check:
            line += f"  {max(r['relative_deviation'].values()):.1e}"
        print(line)
    report(out)
    return 0


def _add_compile(parser):
    parser.add_argument("--compile", choices=("auto", "yes", "no"), default="auto",
                        help="compile the model's functions for batched discharges "
                             "(PyBaMM's IDAKLU 'compile' option, needs gcc; auto: when "
                             "each worker has >= 500 points; docs/sweeps.md)")


def _compile(args):
    choice = {"auto": "auto", "yes": True, "no": False}[args.compile]
    if choice is True:
        from .errors import InputError
        from .experiments.discharge_runner import can_compile

        if not can_compile():
            raise InputError("--compile yes needs a C compiler (gcc) on the PATH, and "
                             "none was found; use --compile auto or no.")
    return choice


def _workers(args):
    if args.workers is None:
        return None
    workers = _number(args.workers, "--workers")
    if workers != int(workers) or workers < 1:
        from .errors import InputError

        raise InputError(f"--workers must be an integer >= 1, got {args.workers!r}.")
    return int(workers)


def _stop_on_sigterm():
    """SIGTERM (a scheduler, the --max-time supervisor) ends a long run as Ctrl-C does:
    finished points are kept and the run can resume."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _sensitivity(args):
    from .sensitivity import load_sensitivity, run_sensitivity

    workers = _workers(args)
    spec = load_sensitivity(args.file)  # validates everything before any solve
    _stop_on_sigterm()
    try:
        indices, df, skipped = run_sensitivity(
            spec, args.out, engine=args.engine, workers=workers, scheduler=args.scheduler,
            resume=args.resume, progress=True, compile=_compile(args))
    except KeyboardInterrupt:
        print(f"ssb: interrupted: finished samples are saved in {args.out}; finish with "
              "--resume", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps({"indices": indices, "skipped_metrics": skipped}, indent=2))
        return 0
    key = "ST" if spec.method == "sobol" else "mu_star"
    print(f"sensitivity {spec.sweep.name} ({spec.method}, {len(df)} solves), "
          f"{spec.sweep.cell}:")
    for m, d in indices.items():
        print(f"  {m} (ranked by {key}):")
        for name, v in sorted(d.items(), key=lambda kv: -kv[1][key]):
            vals = "  ".join(f"{k} {x:.3g}" for k, x in v.items())
            print(f"    {name}: {vals}")
    for m, why in skipped.items():
        print(f"  {m}: not analysed: {why}")
    print(f"  indices: {Path(args.out) / 'sensitivity.csv'}")
    print(f"  plot: {Path(args.out) / 'sensitivity.png'}")
    return 0


def _sweep(args):
    from .sweep import load_sweep

    workers = _workers(args)
    spec = load_sweep(args.file)  # validates everything before any solve
    _stop_on_sigterm()
    from .sweep import export, load_results, run_sweep

    try:
        df = run_sweep(spec, args.out, engine=args.engine, workers=workers,
                       scheduler=args.scheduler, resume=args.resume, progress=True,
                       compile=_compile(args))
    except KeyboardInterrupt:
        try:
            df = load_results(args.out)
            export(spec, df, args.out)
            done = len(df)
        except Exception:
            done = 0
        print(f"ssb: interrupted: {done} of {len(spec.points)} points saved in "
              f"{args.out}; finish with --resume", file=sys.stderr)
        return 130
    ok = int((df["status"] == "ok").sum())
    summary = {"sweep": spec.name, "cell": spec.cell, "points": len(spec.points),
               "ok": ok, "failed": len(df) - ok, "out": args.out,
               "results": str(Path(args.out) / "results.csv"),
               "plot": str(Path(args.out) / "sweep.png")}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"sweep {spec.name}: {ok} of {len(spec.points)} points ok, "
              f"{len(df) - ok} failed")
        print(f"  results: {summary['results']}")
        print(f"  plot: {summary['plot']}")
        for _, row in df[df["status"] != "ok"].iterrows():
            print(f"  point {row['point']} failed: {row['error']}")
    return 0


def _datasets(args):
    from .compare import COLUMNS_OF
    from .datasets import shipped

    rows = []
    for d in shipped().values():
        if d.kind in COLUMNS_OF:
            x, y = COLUMNS_OF[d.kind]
            what = f"{d.kind} ({d.quantity}): {d.n} value(s)"
        else:
            what = (f"{d.n} capacity point(s), {d.columns['rate'][0]:g} {d.rate_unit}, "
                    f"{d.columns['capacity'][0]:g} {d.capacity_unit}" if d.kind == "points"
                    else f"curve at {d.rate:g} {d.rate_unit}")
        rows.append({"id": d.id, "cell": d.cell, "family": d.family, "role": d.role,
                     "kind": d.kind, "quantity": d.quantity,
                     "temperature_C": d.temperature_C, "summary": what,
                     "columns": d.columns, "citation": d.citation,
                     "location": d.provenance.get("location")
                     or d.provenance.get("review_location")})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        print(f"{r['id']:<4} {r['cell']:<13} {r['role']:<11} {r['summary'][:46]:<46} "
              f"{r['citation'][:70]}")
    return 0


def _validate(args):
    from .validate import validate

    out = args.out or os.path.join("ssb_results",
                                   "validation" + (f"_{args.cell}" if args.cell else ""))
    res = validate(args.cell, out_dir=out)
    if args.json:
        print(json.dumps(res, indent=2, default=float))
        return 0
    print(f"{'dataset':<8} {'cell':<13} {'role':<11} {'conditions':<30} {'reported':>10} "
          f"{'simulated':>10} {'error':>7}  unit")
    for r in res["rows"]:
        print(f"{r['dataset']:<8} {r['cell']:<13} {r['role']:<11} {r['condition'][:30]:<30} "
              f"{r['reported']:>10.4g} {r['simulated']:>10.4g} "
              + (f"{r['error_pct']:>+6.0f}%" if r["error_pct"] == r["error_pct"]
                 else f"{r['error']:>+7.2g}") + f"  {r['unit']}")
    print()
    for s in res["summary"]:
        print(f"{s['cell']:<13} {s['role']:<11} {s['points']:>3} points: median |error| "
              f"{s['median_abs_error_pct']:.0f} %, max {s['max_abs_error_pct']:.0f} %")
    for kind, path in res.get("files", {}).items():
        print(f"  {kind}: {path}")
    return 0


def _compare(args):
    from .compare import compare, public
    from .checks import parse_set

    overrides = dict(parse_set(s) for s in args.set)
    options = dict(_parse_option(o) for o in args.option)
    out = args.out or os.path.join("ssb_results", f"compare_{Path(args.dataset).stem}_{args.cell}")
    res = public(compare(args.dataset, args.cell, overrides, options, out_dir=out))
    if args.json:
        print(json.dumps(res, indent=2, default=float))
        return 0
    print(f"{res['dataset']} vs {res['cell']} ({res['citation']})")
    if res["kind"] == "curve":
        print(f"  voltage RMSE {1e3 * res['voltage_rmse_V']:.1f} mV, max error "
              f"{1e3 * res['voltage_max_error_V']:.1f} mV over {res['overlap'][0]:.3g}-"
              f"{res['overlap'][1]:.3g} {res['capacity_unit']}")
    for p in res["points"]:
        print(f"  rate {p['rate']:g} {res['rate_unit']}: reported {p['reported']:.4g}, "
              f"simulated {p['simulated']:.4g} {res['capacity_unit']} "
              f"({p['error_pct']:+.1f} %)")
    print("  assumptions:")
    for a in res["assumptions"]:
        print(f"    - {a['item']}: {a['value']} [{a['from']}]")
    for kind, path in res.get("files", {}).items():
        print(f"  {kind}: {path}")
    return 0


def _fit(args):
    from .errors import InputError
    from .fit import fit
    from .checks import parse_set

    bounds = []
    for b in args.bounds:
        lo, sep, hi = b.partition(":")
        if not sep:
            raise InputError(f"--bounds '{b}' is malformed: expected LO:HI, e.g. 1e-4:1.")
        bounds.append((_number(lo, "--bounds"), _number(hi, "--bounds")))
    if len(bounds) > len(args.param):
        raise InputError(f"{len(bounds)} --bounds for {len(args.param)} --param.")
    overrides = dict(parse_set(s) for s in args.set)
    options = dict(_parse_option(o) for o in args.option)
    stem = "_".join(Path(d).stem for d in args.dataset)
    out = args.out or os.path.join("ssb_results", f"fit_{stem}_{args.cell}")
    data = args.dataset if len(args.dataset) > 1 else args.dataset[0]
    res = fit(data, args.cell, args.param, bounds or None, overrides, options, out_dir=out,
              progress=not args.json and sys.stderr.isatty(), backend=args.backend,
              samples=args.samples)
    if args.json:
        print(json.dumps(res, indent=2, default=float))
        return 0
    print(f"fit of {res['dataset']} with {res['cell']}: residual RMS {res['rms_before']:.4g} -> "
          f"{res['rms_after']:.4g} {res['residual_unit']} ({res['n_data']} data, "
          f"{res['evaluations']} evaluations)")
    if res.get("backend") == "pybop":
        print(f"  backend: PyBOP {res['pybop_version']}, {res['optimiser']}")
    for p in res["parameters"]:
        what = (f"posterior mean {p['posterior']['mean']:.5g}, 95 % interval" if "posterior"
                in p else "95 % CI")
        ci = (f"{what} [{p['ci95'][0]:.4g}, {p['ci95'][1]:.4g}]" if p["ci95"] else
              "no interval")
        flag = " (at a bound)" if p["at_bound"] else ""
        print(f"  {p['name']} = {p['fitted']:.5g}{flag} (start {p['initial']:.4g}; {ci}; "
              f"sensitivity {p['sensitivity']:.3g})")
    if "note" in res:
        print(f"  note: {res['note'].strip()}")
    for kind, path in res.get("files", {}).items():
        print(f"  {kind}: {path}")
    return 0


_NO_SOLVE = ("cells", "experiments", "datasets")
_SUPERVISED = "SSB_SUPERVISED"


def _max_time(args):
    """The wall-clock bound of this command [s] (None = none), or raise InputError."""
    from .errors import InputError

    raw = getattr(args, "max_time", None)
    origin = "--max-time"
    if raw is None and os.environ.get("SSB_MAX_TIME"):
        raw, origin = os.environ["SSB_MAX_TIME"], "SSB_MAX_TIME"
    if raw is None:
        return None if args.command in _NO_SOLVE + ("sweep",) else DEFAULT_MAX_TIME_S
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{origin} must be a number of seconds (0 = no limit), "
                         f"got '{raw}'.") from None
    if not value >= 0 or value == float("inf"):
        raise InputError(f"{origin} must be a finite number of seconds >= 0 (0 = no limit), "
                         f"got '{raw}'.")
    return value or None


def _supervise(argv, limit, command):
    """Run this command in a child process and stop it after ``limit`` seconds: a
    solver that crawls (e.g. at a kink of an input function) ends with one message
    instead of a hang. SIGINT/SIGTERM are passed on, so sweeps save their points."""
    import signal
    import subprocess

    env = {**os.environ, _SUPERVISED: "1"}
    # -P (Python >= 3.11): do not put the working directory on sys.path, so a source
    # checkout in it (not an installable layout) cannot shadow the installed package
    child = subprocess.Popen([sys.executable, "-P", "-m", "ssb_models.cli", *argv], env=env,
                             start_new_session=True)

    def forward(signum, frame):
        try:
            os.killpg(child.pid, signum)
        except ProcessLookupError:
            pass

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return child.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        forward(signal.SIGTERM, None)  # sweeps export what they have on SIGTERM
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            forward(signal.SIGKILL, None)
            child.wait()
        print(f"ssb: error: '{command}' did not finish within its time limit of {limit:g} s "
              "and was stopped (every solve is bounded; raise the limit with --max-time "
              "SECONDS or SSB_MAX_TIME, 0 = no limit). Files written before the limit are "
              "kept.", file=sys.stderr)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _one_line_warning(message, category, filename, lineno, line=None):
    return f"ssb: warning: {message}\n"


def main(argv=None):
    import warnings

    warnings.formatwarning = _one_line_warning  # physics warnings as one line, no source
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv)
    from .errors import InputError

    if os.environ.get(_SUPERVISED) != "1":
        try:
            limit = _max_time(args)
        except InputError as exc:
            print(f"ssb: error: {exc}", file=sys.stderr)
            return 2
        if limit is not None:
            return _supervise(argv, limit, args.command)

    try:
        from .checks import check_out_dir

        check_out_dir(getattr(args, "out", None))
        return {"cells": _cells, "experiments": _experiments, "run": _run,
                "scl": _scl, "sweep": _sweep, "sensitivity": _sensitivity, "datasets": _datasets, "compare": _compare,
                "fit": _fit, "validate": _validate}[args.command](args)
    except InputError as exc:
        print(f"ssb: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # solver failures etc.: one line, not a traceback
        import pybamm

        from .errors import SolveError

        if isinstance(exc, SolveError):
            print(f"ssb: error: {exc}", file=sys.stderr)
            return 1
        if isinstance(exc, (pybamm.SolverError, pybamm.ModelError, pybamm.OptionError)):
            print(f"ssb: error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
