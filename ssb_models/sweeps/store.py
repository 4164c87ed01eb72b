"""A sweep's store, ``DIR/sweep.sqlite``: the sweep's identity and one committed row
per finished point (unique key), so an interrupted sweep loses only the points in
flight and a resumed one runs only what is missing."""

import json
import sqlite3
import time
from pathlib import Path

from ..errors import InputError
from .points import point_key

STORE = "sweep.sqlite"


class Store:
    """The sweep's SQLite file: one committed row per finished point."""

    def __init__(self, out_dir):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / STORE
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS points (idx INTEGER, key TEXT UNIQUE, "
                        "inputs TEXT, status TEXT, metrics TEXT, error TEXT, elapsed REAL, "
                        "finished_at REAL)")
        self.db.commit()

    def spec(self):
        row = self.db.execute("SELECT value FROM meta WHERE key='spec'").fetchone()
        return row[0] if row else None

    def set_spec(self, canonical, source):
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('spec', ?)", (canonical,))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (source,))
        self.db.commit()

    def done_keys(self):
        return {r[0] for r in self.db.execute("SELECT key FROM points")}

    def add_many(self, rows):
        """Store finished points ``[(index, point, result), ...]`` in one transaction
        (a chunk's points are committed together)."""
        now = time.time()
        self.db.executemany(
            "INSERT OR IGNORE INTO points VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(idx, point_key(point), json.dumps(point), result["status"],
              json.dumps(result["metrics"]), result["error"], result["elapsed"], now)
             for idx, point, result in rows])
        self.db.commit()

    def close(self):
        self.db.close()


def load_results(out_dir):
    """The stored points of a sweep as a :class:`pandas.DataFrame`: one row per
    point (its index, parameter values, status, error, metrics, elapsed [s])."""
    import pandas as pd

    path = Path(out_dir) / STORE
    if not path.is_file():
        raise InputError(f"No sweep results in '{out_dir}' (no {STORE}).")
    db = sqlite3.connect(path)
    rows = db.execute("SELECT idx, inputs, status, metrics, error, elapsed FROM points "
                      "ORDER BY idx").fetchall()
    db.close()
    records = []
    for idx, inputs, status, metrics, error, elapsed in rows:
        records.append({"point": idx, **json.loads(inputs), "status": status,
                        **json.loads(metrics), "error": error, "elapsed_s": elapsed})
    return pd.DataFrame.from_records(records)
