"""The performance report: four figures against their targets (docs/performance.md).

* p2d_vs_stock_ratio: our P2D 1C-discharge solve time / stock PyBaMM half-cell DFN
  (t+ = 1, same Li|LLZO|LCO parameters), both built once, each on the coarsest of a
  set of meshes whose voltage stays within 1 mV of its own 4x-refined mesh (equal
  accuracy); median of the ratios of 21 solves of each, alternated, after a
  warm-up.                                                   target <= 0.7
* reduced_speedup, reduced_rms_mV: the reduced model vs our P2D (default meshes),
  1C and 2C, li-llzo-lco.                                    targets >= 10, <= 10 mV
* sweep_points_per_s: 1C discharges of li-llzo-lco, model built once, 1 and 2 local
  workers (benchmarks/sweep_throughput.py).                  target >= 20 on 2 cores,
                                                              2 workers >= 1.7x one
* cold_start_s: `ssb run discharge --cell li-llzo-lco` in a fresh process.
                                                              target <= 8 s
* sweeps at scale (benchmarks/sweep_throughput.py ``targets``), a 1000-point
  SE-conductivity sweep of 1C discharges, wall clock with worker start-up:
  batched vs unbatched points/s on one worker                 target >= 1.5
  points/s with 2 workers                                     target >= 60
  2 workers vs 1                                              target >= 1.7
  batched vs batch-of-one capacity, relative                  target <= 1e-6

    python benchmarks/run.py [--json] [--repeats 21] [--points 200] [--only sweep]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import pybamm  # noqa: E402

import ssb_models  # noqa: E402
from ssb_helpers import cell_parameters, stock_equivalent  # noqa: E402
from ssb_models.models import SolidStateSPMe  # noqa: E402

MESHES = (20, 15, 10, 8, 6)  # points in x_s, x_p and r_p (x_n, r_n unused: Li metal)


def built(model, pv, c_rate=1.0, mesh=None):
    """A built simulation and its solve call (warmed up)."""
    pv = pv.copy()
    pv["Current function [A]"] = c_rate * pv["Nominal cell capacity [A.h]"]
    var_pts = None
    if mesh is not None:
        var_pts = {**model.default_var_pts, "x_s": mesh, "x_p": mesh, "r_p": mesh}
    sim = pybamm.Simulation(model, parameter_values=pv, var_pts=var_pts,
                            solver=pybamm.IDAKLUSolver())
    t_end = 1.3 * 3600 / c_rate

    def solve():
        return sim.solve([0, t_end])

    solve()
    return solve


def timed(model, pv, c_rate=1.0, mesh=None, repeats=9):
    """(median solve time [s], solution) of a discharge to the cut-off."""
    solve = built(model, pv, c_rate, mesh)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        sol = solve()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), sol


def paired(solve_a, solve_b, repeats):
    """Median times of a and b and the median of their per-pair ratios, solving them
    alternately so that the machine's load drifts equally over both."""
    ta, tb = [], []
    for _ in range(repeats):
        for f, acc in ((solve_a, ta), (solve_b, tb)):
            t0 = time.perf_counter()
            f()
            acc.append(time.perf_counter() - t0)
    ratios = [a / b for a, b in zip(ta, tb)]
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def max_dev_mV(a, b):
    t = np.linspace(0, 0.98 * min(a.t[-1], b.t[-1]), 400)
    return float(np.abs(a["Voltage [V]"](t) - b["Voltage [V]"](t)).max() * 1e3)


def equal_accuracy(make, pv, repeats):
    """The fastest mesh of MESHES whose voltage is within 1 mV of the 4x-refined
    default mesh (median of ``repeats`` solves each)."""
    _, ref = timed(make(), pv, mesh=4 * MESHES[0], repeats=1)
    best = None
    for m in MESHES:
        t, sol = timed(make(), pv, mesh=m, repeats=repeats)
        dev = max_dev_mV(sol, ref)
        if dev <= 1.0 and (best is None or t < best["time_s"]):
            best = {"mesh": m, "time_s": t, "max_dev_mV": dev, "states": int(sol.y.shape[0])}
    return best


def cold_start(repeats=3):
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    ssb = os.path.join(os.path.dirname(sys.executable), "ssb")
    times = []
    with tempfile.TemporaryDirectory() as d:
        for _ in range(repeats):
            t0 = time.perf_counter()
            subprocess.run([ssb, "run", "discharge", "--cell", "li-llzo-lco", "--out", d],
                           check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeats", type=int, default=21)
    ap.add_argument("--points", type=int, default=200, help="sweep points")
    ap.add_argument("--sweep-points", type=int, default=1000,
                    help="points of the sweep-target run")
    ap.add_argument("--only", choices=("all", "sweep"), default="all",
                    help="'sweep': only the sweep targets")
    a = ap.parse_args()
    from sweep_throughput import targets

    scale = targets(a.sweep_points)
    if a.only == "sweep":
        _print_targets(scale, a.json)
        return
    pv = cell_parameters()
    stock_model = lambda: pybamm.lithium_ion.DFN({"working electrode": "positive"})  # noqa: E731
    ours = equal_accuracy(ssb_models.SolidStateDFN, pv, a.repeats)
    stock = equal_accuracy(stock_model, stock_equivalent(pv), a.repeats)
    # the equal-accuracy meshes, timed in alternation
    t_o, t_s, ratio = paired(built(ssb_models.SolidStateDFN(), pv, mesh=ours["mesh"]),
                             built(stock_model(), stock_equivalent(pv), mesh=stock["mesh"]),
                             a.repeats)
    ours["time_s"], stock["time_s"] = t_o, t_s
    _, _, default_ratio = paired(built(ssb_models.SolidStateDFN(), pv),
                                 built(stock_model(), stock_equivalent(pv)), a.repeats)
    reduced = {}
    for c in (1.0, 2.0):
        _, sf = timed(ssb_models.SolidStateDFN(), pv, c, repeats=1)
        _, sr = timed(SolidStateSPMe(), pv, c, repeats=1)
        t = np.linspace(0, 0.99 * min(sf.t[-1], sr.t[-1]), 400)
        rms = float(np.sqrt(np.mean((sr["Voltage [V]"](t) - sf["Voltage [V]"](t)) ** 2)) * 1e3)
        tf, tr, r = paired(built(ssb_models.SolidStateDFN(), pv, c),
                           built(SolidStateSPMe(), pv, c), a.repeats)
        reduced[f"{c:g}C"] = {"speedup": r, "rms_mV": rms, "p2d_s": tf, "reduced_s": tr}
    from sweep_throughput import rate

    rate(4, 1, False)
    one_wall, one = rate(a.points, 1, False)
    two_wall, two = rate(a.points, 2, False)
    cold = cold_start()
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
                   f"{platform.python_version()}, pybamm {pybamm.__version__}",
        "p2d_vs_stock_ratio": {"value": ratio, "target": "<= 0.7",
                               "ours": ours, "stock": stock,
                               "default_mesh_ratio": default_ratio},
        "reduced_speedup": {"value": min(r["speedup"] for r in reduced.values()),
                            "target": ">= 10", "per_rate": reduced},
        "reduced_rms_mV": {"value": max(r["rms_mV"] for r in reduced.values()),
                           "target": "<= 10"},
        "sweep_points_per_s": {"value": two, "target": ">= 20 (2 workers), 2 workers >= 1.7x",
                               "steady_1_worker": one, "steady_2_workers": two,
                               "two_vs_one": two / one, "wall_1_worker": one_wall,
                               "wall_2_workers": two_wall, "wall_two_vs_one": two_wall / one_wall,
                               "points": a.points},
        "cold_start_s": {"value": cold, "target": "<= 8"},
        "sweeps_at_scale": scale,
    }
    if a.json:
        print(json.dumps(out, indent=2, default=float))
        return
    print(out["machine"])
    for k in ("p2d_vs_stock_ratio", "reduced_speedup", "reduced_rms_mV", "sweep_points_per_s",
              "cold_start_s"):
        print(f"{k:22} {out[k]['value']:10.3f}   target {out[k]['target']}")
    print(f"  equal-accuracy meshes: ours {ours['mesh']} ({ours['time_s'] * 1e3:.2f} ms, "
          f"{ours['states']} states), stock {stock['mesh']} ({stock['time_s'] * 1e3:.2f} ms, "
          f"{stock['states']} states); default-mesh ratio "
          f"{out['p2d_vs_stock_ratio']['default_mesh_ratio']:.3f}")
    for c, r in reduced.items():
        print(f"  reduced {c}: x{r['speedup']:.1f}, {r['rms_mV']:.2f} mV RMS")
    _print_targets(scale, False)
    s = out["sweep_points_per_s"]
    print(f"  sweep: steady {s['steady_1_worker']:.1f} / {s['steady_2_workers']:.1f} points/s "
          f"(x{s['two_vs_one']:.2f}); wall {s['wall_1_worker']:.1f} / {s['wall_2_workers']:.1f} "
          f"(x{s['wall_two_vs_one']:.2f}) for {s['points']} points")


def _print_targets(scale, as_json):
    if as_json:
        print(json.dumps(scale, indent=2, default=float))
        return
    print(f"sweeps at scale ({scale['points']} points, wall clock with start-up; batched "
          f"runs {'compiled' if scale.get('compiled') else 'not compiled'}):")
    for k, v in scale.items():
        if isinstance(v, dict):
            extra = ", ".join(f"{n} {x:.4g}" for n, x in v.items()
                              if n not in ("value", "target"))
            print(f"  {k:34} {v['value']:10.4g}   target {v['target']}   ({extra})")


if __name__ == "__main__":
    main()
