"""The files of a run: CSV tables, ``summary.json`` and the note figures carry
(``docs/experiments.md`` shows one of each). Each experiment type's ``write`` composes
these; its figures are drawn in its own module through :mod:`ssb_models.plotting`."""

import json
import os
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


def _probe(folder):
    """True if a file can really be made in ``folder`` (a permission bit is not enough:
    root passes os.access, and /proc or a read-only mount still refuse)."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".ssb-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def check_out_dir(path, flag="--out"):
    """An output folder that is a folder (or can be created) and can be written: a
    symlink loop, a dangling link, a name or path too long for the file system, a file
    in the way or a folder where nothing can be written is one
    :class:`~ssb_models.errors.InputError` before any solve. Nothing is created here."""
    from .errors import InputError

    if path is None:
        return
    p = Path(os.path.abspath(os.fspath(path)))
    try:
        p.stat()
    except (FileNotFoundError, NotADirectoryError):  # missing, or under a file: below
        if p.is_symlink():
            raise InputError(f"{flag} '{path}' is a symbolic link to '{os.readlink(p)}', "
                             "which does not exist; give a real folder.") from None
    except OSError as exc:  # ELOOP, ENAMETOOLONG, EACCES ...
        raise InputError(f"{flag} '{path}' cannot be used: {exc.strerror}.") from None
    _check_name_lengths(p, flag, path)
    if p.exists() and not p.is_dir():
        raise InputError(f"{flag} '{path}' is an existing file; give a folder (it is "
                         "created if missing).")
    parent = p
    while not parent.exists() and parent != parent.parent:  # nothing created: checked
        if parent.is_symlink():
            raise InputError(f"{flag} '{path}' goes through '{parent}', a symbolic link "
                             f"to '{os.readlink(parent)}', which does not exist.")
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"{flag} '{path}' cannot be created: '{parent}' is a file.")
    if not _probe(parent):
        raise InputError(f"{flag} '{path}' cannot be written: nothing can be created in "
                         f"'{parent}' (permissions, a read-only or virtual file system).")


def check_out_file(path, flag):
    """A file to write (a plot path): its folder must be writable (created if
    missing) and the path must not be a folder."""
    from .errors import InputError

    if path is None:
        return
    p = Path(os.path.abspath(os.fspath(path)))
    if p.is_dir():
        raise InputError(f"{flag} '{path}' is a folder; give a file name.")
    if not p.name or p.name in (".", ".."):
        raise InputError(f"{flag} '{path}' has no file name.")
    check_out_dir(p.parent, flag=f"{flag} (its folder)")
    _check_name_lengths(p, flag, path)


def _check_name_lengths(p, flag, path):
    from .errors import InputError

    anchor = p
    while not anchor.exists() and anchor != anchor.parent:
        anchor = anchor.parent
    try:
        name_max = os.pathconf(anchor, "PC_NAME_MAX")
        path_max = os.pathconf(anchor, "PC_PATH_MAX")
    except (OSError, ValueError):
        name_max, path_max = 255, 4096
    long = [part for part in p.parts if len(os.fsencode(part)) > name_max]
    if long:
        raise InputError(f"{flag} '{str(path)[:80]}...': the name '{long[0][:40]}...' is "
                         f"{len(os.fsencode(long[0]))} bytes; the file system allows "
                         f"{name_max}.")
    if len(os.fsencode(str(p))) >= path_max:
        raise InputError(f"{flag}: the path is {len(os.fsencode(str(p)))} bytes long; the "
                         f"file system allows {path_max - 1}.")
