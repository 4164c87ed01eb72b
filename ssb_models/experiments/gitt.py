"""``gitt``: galvanostatic intermittent titration from full charge to the lower cut-off,
with the Weppner-Huggins diffusivity estimate per pulse (``docs/experiments.md``).

Keys: ``c_rate``, ``pulse_s``, ``rest_s``; ``design`` = "fixed" (these values) or
"auto" (:func:`gitt_design` from the cell's cathode r^2/D at the run's temperature).

References
----------
W. Weppner, R. A. Huggins, J. Electrochem. Soc. 124 (1977) 1569,
doi:10.1149/1.2133112.
"""

import math

import numpy as np

from .. import plotting
from ..files import run_note
from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, areal, columns, table_rows, timeseries, version
from .base import Experiment, number, solve_steps
from .registry import register
from .spec import NUMBER, fail, refuse_ignored

#: GITT pulse design: "auto" sizes pulse, rest and current from the cell's r^2/D
DESIGNS = ("auto", "fixed")
#: at most this many pulses (10000 pulses of 0.01 % each: finer than any OCV needs)
MAX_PULSES = 10000


def gitt_time_constant(pv):
    """Diffusion time r^2/D [s] of the cathode particles at the run's temperature
    (D at x = 0.5)."""
    import pybamm

    T = pv["Ambient temperature [K]"]
    D = pv["Positive particle diffusivity [m2.s-1]"]
    D = float(pv.evaluate(D(pybamm.Scalar(0.5), pybamm.Scalar(T)))) if callable(D) else float(D)
    return pv["Positive particle radius [m]"] ** 2 / D


def gitt_design(tau_D):
    """(C-rate, pulse [s], rest [s]) for which the Weppner-Huggins analysis holds:
    pulse 0.002 r^2/D (semi-infinite diffusion: the diffusion length sqrt(D t) stays
    below 0.045 r, so the sphere's curvature term, sqrt(pi t D)/(2 r) of the surface
    change, is 4 %), rest r^2/D (relaxed to a fraction of a mV), and 0.5 % of the
    capacity per pulse (C-rate 18 s / pulse, at most 5C). This docstring is the one
    statement of the design; docs/experiments.md quotes it."""
    # at most 5C: with very fast particles (LFP nanoparticles) the pulse lengthens so
    # that a pulse still passes 0.5 % (200 pulses over the window), tau <= 0.05 r^2/D
    tau = max(0.002 * tau_D, 0.005 * 3600.0 / 5.0)
    c = max(0.005 * 3600.0 / tau, 0.01)
    return c, tau, tau_D


@register
class GITT(Experiment):
    type = "gitt"
    KEYS = {"c_rate": (NUMBER, 0.1), "pulse_s": (NUMBER, 600.0), "rest_s": (NUMBER, 3600.0),
            "design": (str, "fixed")}
    OWN_RATE = "its 'c_rate' (the pulse current)"
    METRICS = {"capacity_mAh_g": "mAh/g", "pulses": "1", "valid_estimates": "1",
               "median_D_gitt_m2_s": "m2/s"}

    def parse(self, settings, data, source):
        if settings["design"] not in DESIGNS:
            fail(source, f"key 'design' must be one of {', '.join(DESIGNS)}, got "
                 f"{settings['design']!r}.")
        if settings["design"] == "auto":
            refuse_ignored(source, data, ("c_rate", "pulse_s", "rest_s"),
                           "design = \"auto\" sets the pulse current, length and rest "
                           "from the cell's r^2/D", "design = \"fixed\"")
        pulses = 3600.0 / (settings["c_rate"] * settings["pulse_s"])
        if settings["design"] == "fixed" and pulses > MAX_PULSES:
            fail(source, f"'c_rate' {settings['c_rate']!r} x 'pulse_s' "
                 f"{settings['pulse_s']!r} passes {100 / pulses:.2g} % of the capacity per "
                 f"pulse: {pulses:.3g} pulses, more than {MAX_PULSES}; raise either.")
        return super().parse(settings, data, source)

    def run(self, prepared, out_dir=None):
        """Per pulse: the relaxed voltage before it (an OCV point), the instantaneous
        drop, dE_t (voltage change during the pulse, without the instantaneous drop),
        dE_s (change of the relaxed voltage) and the Weppner-Huggins estimate
        D = 4/(pi tau) (r/3)^2 (dE_s/dE_t)^2 for spherical particles of radius r."""
        spec, pv = prepared.spec, prepared.parameter_values
        model = prepared.build_model()
        v_min = pv["Lower voltage cut-off [V]"]
        c, tau, rest = spec["c_rate"], spec["pulse_s"], spec["rest_s"]
        tau_D = gitt_time_constant(pv)
        if spec["design"] == "auto":
            c, tau, rest = gitt_design(tau_D)
        n = int(math.ceil(3600.0 / (c * tau))) + 2
        step = (f"Discharge at {c:g}C for {tau:g} seconds or until {v_min:g} V",
                f"Rest for {rest:g} seconds")
        sol, solve_time = solve_steps(model, pv, [step] * n, termination=f"{v_min:g}V")
        area_cm2, mass_g = areal(pv)
        r = pv["Positive particle radius [m]"]
        # the cell starts relaxed: its first OCV point is the open-circuit voltage at t = 0
        rows, prev_ocv = [], float(sol.cycles[0].steps[0]["Battery open-circuit voltage [V]"]
                                   .entries[0])
        for i, cyc in enumerate(sol.cycles):
            if len(cyc.steps) < 2:
                break
            pulse, relax = cyc.steps
            Vp = pulse["Voltage [V]"].entries
            Q = pulse["Discharge capacity [A.h]"].entries[-1] * 1e3
            ocv = float(relax["Voltage [V]"].entries[-1])
            full = pulse["Time [s]"].entries[-1] - pulse["Time [s]"].entries[0] >= tau * 0.999
            dEs, dEt = prev_ocv - ocv, float(Vp[1] - Vp[-1]) if len(Vp) > 1 else math.nan
            D = (4 / (math.pi * tau) * (r / 3) ** 2 * (dEs / dEt) ** 2
                 if full and dEt > 0 and dEs > 0 else math.nan)
            rows.append({"pulse": i + 1, "capacity_mAh_g": Q / mass_g,
                         "ocv_before_V": prev_ocv, "ocv_after_V": ocv,
                         "instant_drop_V": prev_ocv - float(Vp[0]) if len(Vp) else math.nan,
                         "delta_Es_V": dEs, "delta_Et_V": dEt, "D_gitt_m2_s": D,
                         # Weppner-Huggins needs tau << r^2/D and a resolvable OCV step:
                         # flag estimates that fail either (a flat two-phase OCP gives none)
                         "D_gitt_valid": bool(D == D and tau * D / r**2 < 0.1 and dEs > 1e-4),
                         "full_pulse": bool(full)})
            prev_ocv = ocv
            if not full:
                break
        ts = timeseries(sol)
        summary = {"cell": prepared.cell_id, "experiment": spec.name, "type": "gitt",
                   "c_rate": c, "pulse_s": tau, "rest_s": rest, "pulses": len(rows),
                   "design": spec["design"], "diffusion_time_s": tau_D,
                   "valid_estimates": sum(r["D_gitt_valid"] for r in rows),
                   "model_D_m2_s": pv["Positive particle radius [m]"] ** 2 / tau_D,
                   "capacity_mAh_g": rows[-1]["capacity_mAh_g"] if rows else 0.0,
                   "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
                   "active_material_mass_mg": mass_g * 1e3, "area_cm2": area_cm2,
                   "solve_time_s": solve_time, "overrides": dict(prepared.overrides),
                   "model_options": prepared.model_options,
                   "versions": {"ssb_models": version()}}
        return Result(summary=summary, timeseries=ts, solution=sol,
                      tables={"gitt": columns(rows) if rows else {}, "timeseries": ts})

    def figures(self, out, result, title):
        plt = plotting.pyplot()
        ts, g = result.tables["timeseries"], result.tables["gitt"]
        fig, axes = plt.subplots(1, 2, figsize=(10, 4))
        axes[0].plot(ts["time_s"] / 3600, ts["voltage_V"], lw=1)
        axes[0].set_xlabel("Time [h]")
        axes[0].set_ylabel("Voltage [V]")
        if g:
            axes[1].plot(g["capacity_mAh_g"], g["ocv_after_V"], "o-", ms=3,
                         label="relaxed voltage")
            axes[1].set_xlabel("Capacity [mAh per g cathode active material]")
            axes[1].set_ylabel("Relaxed voltage (OCV) [V]")
        for ax in axes:
            ax.grid(alpha=0.3)
        fig.suptitle(title)
        return {"gitt_plot": plotting.save(fig, out / "gitt.png", run_note(result.summary))}

    def report(self, result):
        s = result.summary
        return [f"{s['cell']} {s['experiment']}: {s['pulses']} pulses"]

    def values(self, spec, result):
        s = result.summary
        rows = table_rows(result.tables.get("gitt", {}))
        D = [r["D_gitt_m2_s"] for r in rows if r.get("D_gitt_valid") and
             number(r.get("D_gitt_m2_s"))]
        return {"capacity_mAh_g": number(s.get("capacity_mAh_g")),
                "pulses": number(s.get("pulses")),
                "valid_estimates": number(s.get("valid_estimates")),
                "median_D_gitt_m2_s": float(np.median(D)) if D else None}
