"""``ssb sweep`` and ``ssb sensitivity``: resumable parameter sweeps and global
sensitivity (a sweep of sampled points)."""

from pathlib import Path

from ..files import to_json
from .common import compile_choice
from .common import workers as worker_count
from .signals import report


def sensitivity(args):
    from ..sweeps import load_sensitivity, run_sensitivity

    workers = worker_count(args)
    spec = load_sensitivity(args.file)  # validates everything before any solve
    try:
        indices, df, skipped = run_sensitivity(
            spec, args.out, engine=args.engine, workers=workers, scheduler=args.scheduler,
            resume=args.resume, progress=True, compile=compile_choice(args))
    except KeyboardInterrupt as exc:
        return report("sensitivity", exc, f"the finished samples are saved in {args.out}; "
                      "finish with --resume.")
    if args.json:
        print(to_json({"indices": indices, "skipped_metrics": skipped}))
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


def sweep(args):
    from ..sweeps import load_sweep

    workers = worker_count(args)
    spec = load_sweep(args.file)  # validates everything before any solve
    from ..sweeps import export, load_results, run_sweep

    try:
        df = run_sweep(spec, args.out, engine=args.engine, workers=workers,
                       scheduler=args.scheduler, resume=args.resume, progress=True,
                       compile=compile_choice(args))
    except KeyboardInterrupt as exc:
        try:
            df = load_results(args.out)
            export(spec, df, args.out)
            done = len(df)
        except Exception:  # the store is committed chunk by chunk: it holds what is done
            done = "the finished"
        return report("sweep", exc, f"{done} of {len(spec.points)} points are saved in "
                      f"{args.out}; finish with --resume.")
    from ..validity import sweep_warning

    ok = int((df["status"] == "ok").sum())
    summary = {"sweep": spec.name, "cell": spec.cell, "points": len(spec.points),
               "ok": ok, "failed": len(df) - ok, "out": args.out,
               "results": str(Path(args.out) / "results.csv"),
               "plot": str(Path(args.out) / "sweep.png")}
    warning = sweep_warning(df)
    if warning:
        summary["warnings"] = [warning]
    if args.json:
        print(to_json(summary))
    else:
        print(f"sweep {spec.name}: {ok} of {len(spec.points)} points ok, "
              f"{len(df) - ok} failed")
        print(f"  results: {summary['results']}")
        print(f"  plot: {summary['plot']}")
        if warning:
            print(f"  warning: {warning}")
        for _, row in df[df["status"] != "ok"].iterrows():
            print(f"  point {row['point']} failed: {row['error']}")
    return 0
