"""``ssb compare``, ``ssb fit``, ``ssb validate``: simulations against published or
users' data."""

import os
import sys
from pathlib import Path

from ..files import to_json
from ..folders import identity, output_folder
from .common import model_choices, number, pairs


def validate(args):
    from ..data.validate import validate

    out = args.out or os.path.join("ssb_results",
                                   "validation" + (f"_{args.cell}" if args.cell else ""))
    with output_folder(out, identity("validate", {"cell": args.cell}), args.force):
        res = validate(args.cell, out_dir=out)
    if args.json:
        print(to_json(res))
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


def compare(args):
    from ..checks import parse_set
    from ..data.compare import compare, public

    overrides = pairs(args.set, parse_set, "--set")
    options = model_choices(args)
    out = args.out or os.path.join("ssb_results", f"compare_{Path(args.dataset).stem}_{args.cell}")
    inputs = {"dataset": args.dataset, "cell": args.cell, "overrides": overrides,
              "options": options}
    with output_folder(out, identity("compare", inputs), args.force):
        res = public(compare(args.dataset, args.cell, overrides, options, out_dir=out))
    if args.json:
        print(to_json(res))
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


def fit(args):
    from ..checks import parse_set
    from ..data.fit import fit
    from ..errors import InputError

    bounds = []
    for b in args.bounds:
        lo, sep, hi = b.partition(":")
        if not sep:
            raise InputError(f"--bounds '{b}' is malformed: expected LO:HI, e.g. 1e-4:1.")
        bounds.append((number(lo, "--bounds"), number(hi, "--bounds")))
    if len(bounds) > len(args.param):
        raise InputError(f"{len(bounds)} --bounds for {len(args.param)} --param.")
    overrides = pairs(args.set, parse_set, "--set")
    options = model_choices(args)
    stem = "_".join(Path(d).stem for d in args.dataset)
    out = args.out or os.path.join("ssb_results", f"fit_{stem}_{args.cell}")
    data = args.dataset if len(args.dataset) > 1 else args.dataset[0]
    inputs = {"datasets": args.dataset, "cell": args.cell, "parameters": args.param,
              "bounds": bounds, "overrides": overrides, "options": options,
              "backend": args.backend, "samples": args.samples}
    with output_folder(out, identity("fit", inputs), args.force):
        res = fit(data, args.cell, args.param, bounds or None, overrides, options,
                  out_dir=out, progress=not args.json and sys.stderr.isatty(),
                  backend=args.backend, samples=args.samples)
    if args.json:
        print(to_json(res))
        return _converged(res)
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
    return _converged(res)


def _converged(res):
    """Exit 1 with one line when the optimiser stopped without converging: its values
    are where it stopped, not a fit (the files keep them, with "success": false)."""
    if res.get("success", True):
        return 0
    print(f"ssb: error: the optimiser stopped without converging "
          f"({str(res.get('message') or 'no reason given').strip() or 'no reason given'}); "
          "the values above are where it stopped, not a fit. Try other --bounds or "
          "start values, or the other --backend.", file=sys.stderr)
    return 1
