"""``ssb run``: one experiment on one cell (the lines printed come from the experiment
type's ``report``)."""

import json
import os
from pathlib import Path

from .common import number, parse_option


def run(args):
    from ..checks import parse_set
    from ..experiments import prepare

    c_rate = number(args.c_rate, "--c-rate")
    temperature = number(args.temperature, "--temperature")
    overrides = dict(parse_set(s) for s in args.set)
    options = dict(parse_option(o) for o in args.option)
    if args.model:
        options["model"] = args.model
    # validate everything (once) before any solve
    prepared = prepare(args.cell, args.experiment, c_rate, temperature, overrides, options)
    sig = prepared.signature
    out = args.out or os.path.join(
        "ssb_results", f"{prepared.spec.name}_{prepared.cell_id}_{sig['model']}_{sig['hash']}")
    refuse_overwrite(out, sig, args.force)

    from ..simulation import run_prepared

    result = run_prepared(prepared, out_dir=out)
    if args.json:
        print(json.dumps(result.summary, indent=2))
    else:
        for line in prepared.experiment.report(result):
            print(line)
    from ..files import run_note

    if not args.json:
        for kind, path in result.files.items():
            print(f"  {kind}: {path}")
        print(f"  run {result.summary['run']['hash']}: {run_note(result.summary)}")
    return 0


def refuse_overwrite(out, sig, force):
    """Results of a different run in ``out`` are not overwritten without --force."""
    from ..errors import InputError

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
