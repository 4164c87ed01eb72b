"""Median 1C-discharge solve time: ssb single-ion P2D vs stock PyBaMM half-cell DFN.

Both models get the same Li|LLZO|LCO parameters (stock with t+ = 1 and the SE's
conductivity), the same default mesh and the same IDAKLU solver; each is built
once, warmed up once, then solved N times. Prints medians and the ratio.

    python benchmarks/p2d_vs_stock.py [--repeats 7] [--json]
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

import pybamm  # noqa: E402

import ssb_models  # noqa: E402
from ssb_helpers import cell_parameters, stock_equivalent  # noqa: E402


def median_solve(model, pv, repeats):
    pv = pv.copy()
    pv["Current function [A]"] = pv["Nominal cell capacity [A.h]"]
    sim = pybamm.Simulation(model, parameter_values=pv, solver=pybamm.IDAKLUSolver())
    t_eval = [0, 4000]
    sim.solve(t_eval)  # build + warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        sol = sim.solve(t_eval)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), sol


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    pv = cell_parameters()
    t_ssb, sol_ssb = median_solve(ssb_models.SolidStateDFN(), pv, args.repeats)
    t_stock, sol_stock = median_solve(
        pybamm.lithium_ion.DFN({"working electrode": "positive"}), stock_equivalent(pv),
        args.repeats)
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "pybamm": pybamm.__version__,
        "repeats": args.repeats,
        "ssb_p2d_median_s": t_ssb,
        "stock_dfn_median_s": t_stock,
        "p2d_vs_stock_ratio": t_ssb / t_stock,
        "ssb_states": int(sol_ssb.y.shape[0]),
        "stock_states": int(sol_stock.y.shape[0]),
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"1C discharge, Li|LLZO|LCO, default mesh, IDAKLU, median of {args.repeats}")
        print(f"  ssb single-ion P2D : {t_ssb * 1e3:8.2f} ms  ({out['ssb_states']} states)")
        print(f"  stock DFN, t+ = 1  : {t_stock * 1e3:8.2f} ms  ({out['stock_states']} states)")
        print(f"  ratio ssb/stock    : {out['p2d_vs_stock_ratio']:.3f}")


if __name__ == "__main__":
    main()
