"""A sweep's store, ``DIR/sweep.sqlite``: the sweep's identity and one committed row
per finished point (unique key), so an interrupted sweep loses only the points in
flight and a resumed one runs only what is missing.

A store is never overwritten: a damaged file (truncated, not SQLite, another
database) is refused with what can still be read from it, a write that fails (a full
disk) keeps every point committed before it, and one sweep at a time writes into a
folder (:class:`ssb_models.folders.folder_lock`)."""

import errno
import json
import sqlite3
import time
from pathlib import Path

from ..errors import InputError, SolveError
from ..folders import folder_lock  # noqa: F401  (the sweeps' folder lock)
from .points import point_key

STORE = "sweep.sqlite"
_TABLES = {"meta", "points"}


def disk_reason(exc):
    """What a failed write says, in words ("the disk is full" for ENOSPC and SQLite's
    SQLITE_FULL)."""
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) \
            or "disk is full" in str(exc) or "disk or quota" in str(exc):
        return "the disk is full"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _read_only(path):
    """The URI that opens ``path`` read-only: nothing is written to a store that is
    checked or read, and, when it has no write-ahead log (no sweep has it open, none
    was killed mid-write), no ``-wal``/``-shm`` file is left beside it either."""
    path = Path(path).absolute()
    wal = path.with_name(path.name + "-wal").exists()
    return path.as_uri() + ("?mode=ro" if wal else "?mode=ro&immutable=1")


def _readable_rows(path):
    """The point rows that can still be read from a damaged store: read forwards and
    backwards by rowid until the damage; ``{rowid: row}``."""
    rows = {}
    try:
        db = sqlite3.connect(_read_only(path), uri=True)
    except sqlite3.Error:
        return rows
    try:
        # read past a header that promises more pages than a truncated file has
        db.execute("PRAGMA writable_schema=ON")
        for order in ("ASC", "DESC"):
            try:
                for row in db.execute("SELECT rowid, idx, inputs, status, metrics, error, "
                                      f"elapsed FROM points ORDER BY rowid {order}"):
                    json.loads(row[2])
                    json.loads(row[4])
                    rows[row[0]] = row[1:]
            except (sqlite3.Error, TypeError, ValueError):
                continue
    finally:
        db.close()
    return rows


def _damaged(path, reason):
    n = len(_readable_rows(path))
    saved = (f"{n} finished point{'s' if n != 1 else ''} can still be read from it "
             f"(ssb_models.sweeps.load_results('{path.parent}', salvage=True)); "
             if n else "no finished point can be read from it; ")
    return InputError(
        f"the sweep store '{path}' is damaged ({reason}) and is left as it is: {saved}"
        f"to run the sweep, move it away (e.g. to {path.stem}.damaged.sqlite) and run "
        "again (its points are solved anew), or choose another --out.")


def _check(path):
    """Refuse a ``sweep.sqlite`` that is not an intact sweep store (before anything is
    written to it)."""
    if path.is_dir():
        raise InputError(f"'{path}' is a folder, not a sweep store; choose another --out.")
    try:
        db = sqlite3.connect(_read_only(path), uri=True)
    except sqlite3.Error as exc:
        raise InputError(f"the sweep store '{path}' cannot be opened ({exc}); choose "
                         "another --out.") from None
    try:
        check = db.execute("PRAGMA quick_check").fetchall()
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE "
                                           "type='table'")}
    except sqlite3.Error as exc:
        raise _damaged(path, str(exc)) from None
    finally:
        db.close()
    if check != [("ok",)]:
        raise _damaged(path, "; ".join(" ".join(str(r[0]).split()) for r in check[:3]))
    if tables and not tables <= _TABLES | {"sqlite_sequence"}:
        raise InputError(f"'{path}' is an SQLite database that is not a sweep store "
                         f"(tables: {', '.join(sorted(tables))}); it is left as it is: "
                         "choose another --out.")


class Store:
    """The sweep's SQLite file: one committed row per finished point."""

    def __init__(self, out_dir):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / STORE
        if self.path.is_dir() or (self.path.exists() and self.path.stat().st_size):
            _check(self.path)  # an empty file is an empty database: nothing to lose
        try:
            self.db = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise InputError(f"the sweep store '{self.path}' cannot be opened ({exc}); "
                             "choose another --out.") from None
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, "
                            "value TEXT)")
            self.db.execute("CREATE TABLE IF NOT EXISTS points (idx INTEGER, key TEXT "
                            "UNIQUE, inputs TEXT, status TEXT, metrics TEXT, error TEXT, "
                            "elapsed REAL, finished_at REAL)")
            self.db.commit()
        except (sqlite3.Error, OSError) as exc:
            self.db.close()
            raise SolveError(f"the sweep store '{self.path}' cannot be written "
                             f"({disk_reason(exc)}); nothing was solved.") from None

    def spec(self):
        row = self.db.execute("SELECT value FROM meta WHERE key='spec'").fetchone()
        return row[0] if row else None

    def set_spec(self, canonical, source):
        try:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('spec', ?)", (canonical,))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (source,))
            self.db.commit()
        except (sqlite3.Error, OSError) as exc:
            raise self._failed(exc, "nothing was solved") from None

    def done_keys(self):
        return {r[0] for r in self.db.execute("SELECT key FROM points")}

    def count(self):
        return self.db.execute("SELECT COUNT(*) FROM points").fetchone()[0]

    def add_many(self, rows):
        """Store finished points ``[(index, point, result), ...]`` in one transaction
        (a chunk's points are committed together). A failed write (a full disk) rolls
        the chunk back and raises :class:`~ssb_models.errors.SolveError`: every point
        committed before it is kept."""
        now = time.time()
        try:
            self.db.executemany(
                "INSERT OR IGNORE INTO points VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(idx, point_key(point), json.dumps(point), result["status"],
                  json.dumps(result["metrics"]), result["error"], result["elapsed"], now)
                 for idx, point, result in rows])
            self.db.commit()
        except (sqlite3.Error, OSError) as exc:
            raise self._failed(exc) from None

    def _failed(self, exc, kept=None):
        nothing = kept is not None
        try:
            self.db.rollback()
            n = self.count()
            kept = kept or (f"the {n} point{'s' if n != 1 else ''} committed before "
                            "are kept")
        except sqlite3.Error:
            kept = kept or "every point committed before is kept"
        then = "run again" if nothing else "finish with --resume"
        return SolveError(f"writing the sweep store '{self.path}' failed "
                          f"({disk_reason(exc)}); {kept}: free space and {then}.")

    def close(self):
        self.db.close()


def load_results(out_dir, salvage=False):
    """The stored points of a sweep as a :class:`pandas.DataFrame`: one row per
    point (its index, parameter values, status, error, metrics, elapsed [s]).

    A damaged store is an :class:`~ssb_models.errors.InputError` saying how many
    points can still be read; ``salvage=True`` returns those instead."""
    import pandas as pd

    path = Path(out_dir) / STORE
    if not path.is_file():
        raise InputError(f"No sweep results in '{out_dir}' (no {STORE}).")
    try:
        _check(path)
        db = sqlite3.connect(_read_only(path), uri=True)
        try:
            rows = db.execute("SELECT idx, inputs, status, metrics, error, elapsed FROM "
                              "points ORDER BY idx").fetchall()
        finally:
            db.close()
    except InputError:
        if not salvage:
            raise
        rows = sorted(_readable_rows(path).values(), key=lambda r: r[0])
    except sqlite3.Error as exc:
        if not salvage:
            raise _damaged(path, str(exc)) from None
        rows = sorted(_readable_rows(path).values(), key=lambda r: r[0])
    records = []
    for idx, inputs, status, metrics, error, elapsed in rows:
        records.append({"point": idx, **json.loads(inputs), "status": status,
                        **json.loads(metrics), "error": error, "elapsed_s": elapsed})
    return pd.DataFrame.from_records(records)
