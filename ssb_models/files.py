"""The files of a run: CSV tables, ``summary.json`` and the note figures carry
(``docs/experiments.md`` shows one of each). Each experiment type's ``write`` composes
these; its figures are drawn in its own module through :mod:`ssb_models.plotting`."""

import json
from pathlib import Path

import numpy as np

from . import plotting


def write_csv(path, columns):
    """Write ``{name: array}`` as a CSV with a header row."""
    np.savetxt(path, np.column_stack([np.asarray(v, dtype=float) for v in columns.values()]),
               delimiter=",", header=",".join(columns), comments="", fmt="%.10g")
    return str(path)


def write_summary(out, summary):
    """Write ``summary.json`` in the folder ``out``; return its path."""
    js = Path(out) / "summary.json"
    js.write_text(json.dumps(summary, indent=2, default=float) + "\n")
    return str(js)


def run_note(summary):
    """One line for a figure: the model, its options and the overrides of the run."""
    run = summary.get("run", {})
    parts = [f"model {run.get('model', 'p2d')}"]
    if run.get("options"):
        parts.append("options: " + ", ".join(f"{k}={v}" for k, v in run["options"].items()))
    over = run.get("overrides") or summary.get("overrides") or {}
    parts.append("overrides: " + (", ".join(f"{k}={v:g}" for k, v in over.items())
                                  if over else "none"))
    return "; ".join(parts)


def write_tables(result, out_dir, figures=None):
    """Write every table of ``result`` as CSV, the figures ``figures(out, result,
    title)`` draws, and summary.json; return ``{kind: path}``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    s = result.summary
    files = {}
    for name, cols in result.tables.items():
        if cols:
            files[name] = write_csv(out / f"{name}.csv", cols)
    if figures is not None:
        files.update(figures(out, result, f"{s['cell']}: {s['experiment']}"))
    files["summary"] = write_summary(out, s)
    return files


def write_files(out_dir, summary, csv_name, columns, png_name, draw, figsize=(6, 4)):
    """Write ``<csv_name>.csv`` (the columns, in order), ``<png_name>.png`` (drawn by
    ``draw(ax)``) and ``summary.json`` into ``out_dir``; return their paths."""
    plt = plotting.pyplot()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv = out / f"{csv_name}.csv"
    np.savetxt(csv, np.column_stack(list(columns.values())), delimiter=",",
               header=",".join(columns), comments="", fmt="%.10g")
    fig, ax = plt.subplots(figsize=figsize)
    draw(ax)
    ax.grid(alpha=0.3)
    png = out / f"{png_name}.png"
    plotting.save(fig, png, run_note(summary))
    js = out / "summary.json"
    js.write_text(json.dumps(summary, indent=2) + "\n")
    return {csv_name: str(csv), "plot": str(png), "summary": str(js)}
