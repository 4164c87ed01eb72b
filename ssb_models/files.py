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


#: the marker an ssb command leaves in its output folder: which command and inputs
MANIFEST = ".ssb.json"
LOCK = ".ssb.lock"
#: the kinds of file ssb commands write: such a file in an output folder that no ssb
#: command wrote is the user's, and is not replaced without --force
OUTPUT_SUFFIXES = (".csv", ".json", ".png", ".nc", ".sqlite")


def identity(command, inputs):
    """``{"command", "hash", "inputs"}``: what a command's output folder holds."""
    import hashlib

    body = json.dumps({"command": command, "inputs": inputs}, sort_keys=True, default=str)
    return {"command": command, "hash": hashlib.sha1(body.encode()).hexdigest()[:8],
            "inputs": inputs}


def _previous(out):
    """The identity of what ``out`` holds: its manifest, or for folders written before
    manifests existed, the run signature in summary.json; None if neither."""
    for name, key in ((MANIFEST, None), ("summary.json", "run")):
        path = Path(out) / name
        if path.is_file():
            try:
                data = json.loads(path.read_text())
            except (OSError, ValueError):
                return {}
            data = data.get(key, {}) if key else data
            return data if isinstance(data, dict) else {}
    return None


class output_folder:
    """Claim the folder ``out`` for one command (a context manager): create it, hold an
    exclusive lock while the command writes (a second ssb command writing into the same
    folder at once is refused, not raced), and refuse, unless ``force``, a folder that
    holds another command's results or files ssb did not write (a user's own
    timeseries.csv is never replaced). ``ident`` is :func:`identity` of the command.

    Raises :class:`~ssb_models.errors.InputError` before anything is written."""

    def __init__(self, out, ident, force=False):
        self.out, self.ident, self.force = Path(out), ident, force
        self._fh = None

    def __enter__(self):
        import fcntl

        from .errors import InputError

        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.out / LOCK, "a+")
        except OSError as exc:
            raise InputError(f"--out '{self.out}' cannot be used: {exc.strerror or exc}."
                             ) from None
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.close()
            raise InputError(f"--out '{self.out}' is being written by another ssb command "
                             "right now; wait for it to finish or give another folder."
                             ) from None
        try:
            self._check()
        except BaseException:
            self._release()
            raise
        return self.out

    def _check(self):
        from .errors import InputError

        if self.force:
            return
        old = _previous(self.out)
        mine = self.ident["hash"]
        if old is None:
            theirs = sorted(p.name for p in self.out.iterdir()
                            if p.suffix in OUTPUT_SUFFIXES and not p.name.startswith(".ssb"))
            if theirs:
                shown = ", ".join(theirs[:5]) + (", ..." if len(theirs) > 5 else "")
                raise InputError(
                    f"--out '{self.out}' holds result files that ssb did not write "
                    f"({shown}); give another (or an empty) folder, or --force to write "
                    "into it.")
            return
        if old.get("hash") != mine:
            what = old.get("inputs", old) if isinstance(old.get("inputs", old), dict) else {}
            label = " on ".join(str(what[k]) for k in ("experiment", "cell") if k in what)
            raise InputError(
                f"--out '{self.out}' holds the results of a different "
                f"{old.get('command', 'run')} ({label or '?'}, run "
                f"{old.get('hash', 'unknown')}); give another folder, or --force to "
                "overwrite them.")

    def _release(self):
        if self._fh is not None:
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                (self.out / MANIFEST).write_text(json.dumps(self.ident, indent=2,
                                                            default=str) + "\n")
        finally:
            self._release()
        return False


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
