"""Sweep throughput: points per second with 1 and 2 local workers, and the model
built once (swept values as PyBaMM inputs) vs rebuilt for every point.

The sweep: li-llzo-lco, 1C discharges, SE conductivity log-spaced over
1e-3 ... 1 S/m (N points). Each run includes starting the workers and building
the model in each of them, as a user's sweep does (each worker process imports
pybamm and builds its model once per sweep), and in steady state (workers / median
time per point, start-up excluded). Prints rates and ratios.

    python benchmarks/sweep_throughput.py [--points 40] [--json]
"""

import argparse
import json
import os
import platform
import tempfile
import time

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")


def spec(points):
    from ssb_models.sweep import parse_sweep

    return parse_sweep({"name": "bench", "cell": "li-llzo-lco", "c_rate": 1.0,
                        "metrics": ["capacity_mAh_g"],
                        "parameters": [{"name": "Solid electrolyte conductivity at reference "
                                        "temperature [S.m-1]", "log": [1e-3, 1.0],
                                        "num": points}]}, "benchmark")


def rate(points, workers, rebuild, chunk=None):
    from ssb_models.sweep import run_sweep

    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        df = run_sweep(spec(points), d, workers=workers, progress=False, rebuild=rebuild,
                       chunk=chunk)
        elapsed = time.perf_counter() - t0
    assert (df["status"] == "ok").all()
    # wall clock (with worker start-up and builds), and steady state (per-point time)
    return points / elapsed, workers / float(df["elapsed_s"].median())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rate(4, 1, False)  # warm-up (disk caches)
    one, one_s = rate(a.points, 1, False)
    two, two_s = rate(a.points, 2, False)
    rebuilt, rebuilt_s = rate(max(a.points // 8, 4), 1, True)
    unb, unb_s = rate(a.points, 1, False, chunk=1)  # one dense solve per point
    out = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
                      f"{platform.python_version()}",
           "points": a.points,
           "points_per_s_1_worker": round(one, 2), "points_per_s_2_workers": round(two, 2),
           "two_vs_one_worker_ratio": round(two / one, 2),
           "points_per_s_1_worker_unbatched": round(unb, 2),
           "batched_vs_unbatched_1_worker_ratio": round(one / unb, 2),
           "steady_batched_vs_unbatched_ratio": round(one_s / unb_s, 2),
           "steady_points_per_s_1_worker": round(one_s, 1),
           "steady_points_per_s_2_workers": round(two_s, 1),
           "points_per_s_rebuilt_1_worker": round(rebuilt, 2),
           "built_once_vs_rebuilt_ratio": round(one / rebuilt, 1),
           "steady_built_once_vs_rebuilt_ratio": round(one_s / rebuilt_s, 1)}
    if a.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:32} {v}")


if __name__ == "__main__":
    main()
