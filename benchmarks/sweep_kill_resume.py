"""A 1000-point sweep killed with SIGKILL and resumed: nothing lost, nothing repeated.

Runs ``ssb sweep`` (2 local workers) on N points of SE conductivity for the given
experiment, SIGKILLs the ``ssb`` process once a third of the points are stored, checks
that its workers exit by themselves, resumes with ``--resume`` and checks: every
point stored exactly once (indices 0..N-1, unique keys), none failed, the values equal
an independent reference (``discharge``: an uninterrupted sweep of the same file;
other experiments: 20 points run directly with ``ssb_models.run_experiment``), and the
netCDF export holds N points. Prints the counts and the wall clocks.

    python benchmarks/sweep_kill_resume.py [--experiment discharge|eis|...] [--points 1000]
"""

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

from ssb_helpers import stored_points as stored  # noqa: E402

SIGMA = "Solid electrolyte conductivity at reference temperature [S.m-1]"


def write_sweep(path, experiment, points):
    metric = {"discharge": "capacity_mAh_g", "eis": "high_frequency_resistance_Ohm_cm2"}.get(
        experiment)
    lines = [f'name = "kill-resume-{experiment}"', 'description = "benchmark"',
             'cell = "li-llzo-lco"', f'experiment = "{experiment}"']
    if metric:
        lines.append(f'metrics = ["{metric}"]')
    lines += ["[[parameters]]", f'name = "{SIGMA}"', "log = [0.001, 1.0]", f"num = {points}"]
    Path(path).write_text("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--experiment", default="discharge")
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    ssb = [sys.executable, "-P", "-m", "ssb_models.cli"]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        toml, out = d / "sweep.toml", d / "out"
        write_sweep(toml, a.experiment, a.points)
        t0 = time.perf_counter()
        p = subprocess.Popen([*ssb, "sweep", str(toml), "--out", str(out), "--workers",
                              str(a.workers)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        while stored(out) < a.points // 3 and p.poll() is None:
            time.sleep(0.2)
        workers = [line.split()[0] for line in subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(p.pid)], capture_output=True,
            text=True).stdout.split()]
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        killed_at = stored(out)
        t_kill = time.perf_counter() - t0
        time.sleep(4.0)  # the workers' watchdog polls the parent every second
        left = [w for w in workers if Path(f"/proc/{w}").exists()
                and "Z" not in Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1][:3]]
        t1 = time.perf_counter()
        r = subprocess.run([*ssb, "sweep", str(toml), "--out", str(out), "--workers",
                            str(a.workers), "--resume", "--json"], capture_output=True,
                           text=True, env=env)
        t_resume = time.perf_counter() - t1
        if r.returncode != 0:
            sys.exit(f"resume failed: {r.stderr[-2000:]}")
        con = sqlite3.connect(out / "sweep.sqlite")
        rows = con.execute("SELECT idx, key, status, metrics FROM points").fetchall()
        con.close()
        idx = sorted(row[0] for row in rows)
        ok = sum(row[2] == "ok" for row in rows)
        import pandas as pd
        import xarray as xr

        df = pd.read_csv(out / "results.csv")
        metric = [c for c in df.columns if c not in ("point", SIGMA, "status", "error",
                                                     "elapsed_s")][0]
        if a.experiment == "discharge":
            ref_out = d / "ref"
            t2 = time.perf_counter()
            subprocess.run([*ssb, "sweep", str(toml), "--out", str(ref_out), "--workers",
                            str(a.workers)], check=True, capture_output=True, env=env)
            t_ref = time.perf_counter() - t2
            ref = pd.read_csv(ref_out / "results.csv")
            dev = float((df[metric] / ref[metric] - 1).abs().max())
            ref_what = f"uninterrupted sweep ({t_ref:.1f} s)"
        else:
            import numpy as np

            import ssb_models
            from ssb_models.experiments import load_experiment
            from ssb_models.metrics import extract

            spec = load_experiment(a.experiment)
            pick = df.iloc[np.linspace(0, len(df) - 1, 20).astype(int)]
            devs = []
            for _, row in pick.iterrows():
                res = ssb_models.run_experiment(spec, "li-llzo-lco",
                                                overrides={SIGMA: float(row[SIGMA])})
                devs.append(abs(row[metric] / extract(spec, res, [metric])[metric] - 1))
            dev = float(max(devs))
            ref_what = "20 points run directly"
        ds = xr.open_dataset(out / "results.nc")
        n_nc = int(ds[metric].notnull().sum())
        ds.close()
    report = {
        "experiment": a.experiment, "points": a.points, "workers": a.workers,
        "stored_when_killed": killed_at, "killed_after_s": round(t_kill, 1),
        "workers_left_after_kill": len(left),
        "resume_s": round(t_resume, 1), "rows": len(rows),
        "unique_indices": len(set(idx)), "unique_keys": len({row[1] for row in rows}),
        "complete": idx == list(range(a.points)), "ok": ok,
        "netcdf_points": n_nc, "metric": metric,
        "max_rel_dev_vs_reference": dev, "reference": ref_what,
    }
    print(json.dumps(report, indent=2))
    good = (report["complete"] and ok == a.points and len(rows) == a.points
            and report["unique_keys"] == a.points and not left and n_nc == a.points
            and dev < 1e-6)
    print("PASS" if good else "FAIL")
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
