"""Output folders: claiming one for a command (an exclusive lock, no overwrite of
another command's results or of a user's files without ``--force``, a manifest of what
wrote it) and checking, before any solve, that a folder or file can be written."""

import json
import os
from pathlib import Path

#: the marker an ssb command leaves in its output folder: which command and inputs
MANIFEST = ".ssb.json"
LOCK = ".ssb.lock"
#: the kinds of file ssb commands write: such a file in an output folder that no ssb
#: command wrote is the user's, and is not replaced without --force
OUTPUT_SUFFIXES = (".csv", ".json", ".png", ".nc", ".sqlite")
#: the file types matplotlib's Agg backend writes (``FigureCanvasBase.get_supported_
#: filetypes``), kept here so that checking a --plot path does not import matplotlib
PLOT_FORMATS = frozenset({"avif", "eps", "gif", "jpeg", "jpg", "pdf", "pgf", "png", "ps",
                          "raw", "rgba", "svg", "svgz", "tif", "tiff", "webp"})


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


class folder_lock:
    """An exclusive ``fcntl.flock`` on ``DIR/.ssb.lock`` (:data:`LOCK`) while a command
    writes into ``DIR``, as a context manager: a second ssb command writing into the same
    folder at once is refused with one message (``busy``) instead of racing it. Creates
    the folder. The lock ends with the process: a killed command never leaves it
    locked. The one lock of every output folder (:class:`output_folder`, sweeps)."""

    def __init__(self, out_dir, busy=None):
        self.dir = Path(out_dir)
        self.busy = busy or (f"--out '{self.dir}' is being written by another ssb command "
                             "right now; wait for it to finish or give another folder.")
        self._fh = None

    def __enter__(self):
        import fcntl

        from .errors import InputError

        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.dir / LOCK, "a+")
        except OSError as exc:
            raise InputError(f"--out '{self.dir}' cannot be used: "
                             f"{exc.strerror or exc}.") from None
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.close()
            self._fh = None
            raise InputError(self.busy) from None
        return self

    def __exit__(self, *exc):
        if self._fh is not None:
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
        return False

    release = __exit__



class output_folder:
    """Claim the folder ``out`` for one command (a context manager): create it, hold an
    exclusive lock while the command writes (a second ssb command writing into the same
    folder at once is refused, not raced), and refuse, unless ``force``, a folder that
    holds another command's results or files ssb did not write (a user's own
    timeseries.csv is never replaced). ``ident`` is :func:`identity` of the command.

    Raises :class:`~ssb_models.errors.InputError` before anything is written."""

    def __init__(self, out, ident, force=False):
        self.out, self.ident, self.force = Path(out), ident, force
        self._lock = folder_lock(out)

    def __enter__(self):
        self._lock.__enter__()
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
        # a folder without a manifest (a run killed before it finished, or written
        # before manifests existed) names its run by the run signature's hash in
        # summary.json, not by the identity's
        same = old.get("hash") == mine or (
            "command" not in old and old.get("hash") is not None
            and old.get("hash") == (self.ident.get("inputs") or {}).get("hash"))
        if not same:
            what = old.get("inputs", old) if isinstance(old.get("inputs", old), dict) else {}
            label = " on ".join(str(what[k]) for k in ("experiment", "cell") if k in what)
            raise InputError(
                f"--out '{self.out}' holds the results of a different "
                f"{old.get('command', 'run')} ({label or '?'}, run "
                f"{old.get('hash', 'unknown')}); give another folder, or --force to "
                "overwrite them.")

    def _release(self):
        self._lock.release()

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                (self.out / MANIFEST).write_text(json.dumps(self.ident, indent=2,
                                                            default=str) + "\n")
        finally:
            self._release()
        return False


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
    if not str(os.fspath(path)).strip():
        raise InputError(f"{flag} is empty; give a folder name.")
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
    if p.suffix and p.suffix[1:].lower() not in PLOT_FORMATS:
        raise InputError(f"{flag} '{path}': '{p.suffix}' is not an image format that can "
                         f"be written; use one of {', '.join(sorted(PLOT_FORMATS))}.")
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
