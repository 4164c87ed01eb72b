"""Draw docs/cells/<id>-discharge.png: each cell's discharge at C/10, 1C and 5C.

    python docs/figures.py
"""

import os
from pathlib import Path

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import ssb_models  # noqa: E402
from ssb_models.parameters import cells  # noqa: E402

RATES = (0.1, 1.0, 5.0)
OUT = Path(__file__).resolve().parent / "cells"


def main():
    for cid in cells():
        fig, ax = plt.subplots(figsize=(6, 4))
        for rate in RATES:
            r = ssb_models.run_experiment("discharge", cell=cid, c_rate=rate)
            ts, s = r.timeseries, r.summary
            q = (ts["capacity_mAh"] - ts["capacity_mAh"][0]) / (s["active_material_mass_mg"] / 1e3)
            ax.plot(q, ts["voltage_V"], label=f"{rate:g}C: {s['capacity_mAh_g']:.0f} mAh/g")
        ax.set_xlabel("Capacity [mAh per g cathode active material]")
        ax.set_ylabel("Voltage [V]")
        ax.set_title(f"{cid}, {s['temperature_C']:g} C (default parameters)")
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        path = OUT / f"{cid}-discharge.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
