"""``ssb run``: one experiment on one cell (the lines printed come from the experiment
type's ``report``)."""

import json
import os
from pathlib import Path

from ..files import to_json
from .common import model_choices, number, pairs


def run(args):
    from ..checks import parse_set
    from ..experiments import prepare

    c_rate = number(args.c_rate, "--c-rate")
    temperature = number(args.temperature, "--temperature")
    overrides = pairs(args.set, parse_set, "--set")
    options = model_choices(args)
    # validate everything (once) before any solve
    prepared = prepare(args.cell, args.experiment, c_rate, temperature, overrides, options)
    sig = prepared.signature
    out = args.out or os.path.join(
        "ssb_results", safe_name(f"{prepared.spec.name}_{prepared.cell_id}_{sig['model']}_"
                                 f"{sig['hash']}"))

    from ..files import run_note
    from ..folders import identity, output_folder
    from ..simulation import run_prepared
    from .signals import report

    with output_folder(out, identity("run", sig), args.force):
        try:
            result = run_prepared(prepared, out_dir=out)
        except KeyboardInterrupt as exc:
            return report("run", exc, saved(out, sig))
    if args.json:
        print(to_json(result.summary))
    else:
        for line in prepared.experiment.report(result):
            print(line)
        for warning in result.summary.get("warnings", []):
            print(f"  warning: {warning}")
        for kind, path in result.files.items():
            print(f"  {kind}: {path}")
        print(f"  run {result.summary['run']['hash']}: {run_note(result.summary)}")
    return 0


def safe_name(text):
    """A folder name from an experiment's name: letters, digits, '.', '_' and '-' kept,
    anything else (path separators, '..', control characters) replaced by '_'."""
    import re

    name = re.sub(r"[^A-Za-z0-9._-]", "_", str(text)).lstrip(".")
    return name[:200] or "run"


def saved(out, sig):
    """What an interrupted run left in ``out``."""
    path = Path(out) / "summary.json"
    try:
        ours = json.loads(path.read_text()).get("run", {}).get("hash") == sig["hash"]
    except (OSError, ValueError, AttributeError):
        ours = False
    if ours:
        return (f"the results written before it are in {out} (summary.json says how far "
                "it got); run it again to redo it.")
    return f"nothing was written to {out}; run it again to redo it."
