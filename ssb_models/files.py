"""The files of a run: CSV tables (an undefined value is an empty field), JSON with
null for an undefined number, ``summary.json``, the note figures carry, and the reader
of users' TOML and CSV files (encodings). Each experiment type's ``write`` composes
these; its figures are drawn in its own module through :mod:`ssb_models.plotting`;
output folders are claimed and checked in :mod:`ssb_models.folders`."""

import json
from pathlib import Path

import numpy as np

from . import plotting


def csv_text(columns):
    """``{name: array}`` as CSV text with a header row; a value that is not defined
    (NaN, inf: e.g. the charge voltage of a discharge-only cycle) is an empty field,
    never "nan"."""
    names = list(columns)
    data = np.column_stack([np.asarray(v, dtype=float) for v in columns.values()])
    lines = [",".join(names)]
    for row in np.atleast_2d(data):
        lines.append(",".join(f"{x:.10g}" if np.isfinite(x) else "" for x in row))
    return "\n".join(lines) + "\n"


def write_csv(path, columns):
    """Write ``{name: array}`` as a CSV with a header row (:func:`csv_text`)."""
    Path(path).write_text(csv_text(columns))
    return str(path)


def json_ready(obj):
    """``obj`` with every NaN or infinite float as None (JSON null), numpy scalars and
    arrays as Python numbers and lists: what :func:`to_json` writes."""
    if isinstance(obj, dict):
        return {str(k): json_ready(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_ready(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return json_ready(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return float(obj) if np.isfinite(obj) else None
    if obj is None or isinstance(obj, str):
        return obj
    try:
        return json_ready(float(obj))
    except (TypeError, ValueError):
        return str(obj)


def to_json(obj, indent=2):
    """Valid JSON (RFC 8259: no NaN): an undefined number is null."""
    return json.dumps(json_ready(obj), indent=indent, allow_nan=False)


def write_summary(out, summary):
    """Write ``summary.json`` in the folder ``out``; return its path."""
    js = Path(out) / "summary.json"
    js.write_text(to_json(summary) + "\n")
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
    write_csv(csv, columns)
    fig, ax = plt.subplots(figsize=figsize)
    draw(ax)
    ax.grid(alpha=0.3)
    png = out / f"{png_name}.png"
    plotting.save(fig, png, run_note(summary))
    return {csv_name: str(csv), "plot": str(png), "summary": write_summary(out, summary)}


#: byte-order marks and the encodings they announce (UTF-32 before UTF-16: its BOM
#: starts with UTF-16's)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def read_text(path, what="file"):
    """The text of a user's TOML or CSV file: UTF-8, or UTF-8/16/32 with a byte-order
    mark (as Windows tools write them), or UTF-16 without one (detected by its NUL
    bytes). Anything else is one :class:`~ssb_models.errors.InputError` naming the
    encoding problem; a NUL character in the text is refused too."""
    from .errors import InputError

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{what} '{path}' cannot be read: {exc.strerror or exc}.") from None
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None and len(raw) >= 2 and raw.count(b"\x00") >= len(raw) // 4:
        # ASCII text in UTF-16 without a BOM: every other byte is NUL
        encoding = "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} '{path}' is not {encoding or 'UTF-8'} text (byte {exc.start}: "
            f"{exc.reason}); save it as UTF-8 (or UTF-16 with a byte-order mark).") from None
    if "\x00" in text:
        raise InputError(f"{what} '{path}' holds a NUL character; save it as plain UTF-8 "
                         "text.")
    return text
