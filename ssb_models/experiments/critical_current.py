"""``critical-current``: the critical stripping current of the Li|SE contact: a
strip/plate staircase at each stack pressure (and temperature) with the Li contact as a
state ("lithium contact": "voids"); ``docs/lithium_contact.md``.

Keys: ``start_mA_cm2``, ``step_mA_cm2``, ``max_mA_cm2`` (the staircase),
``areal_capacity_mAh_cm2`` (stripped and plated per step), ``rest_min``,
``initial_soc``, ``stack_pressures_MPa`` (list), ``temperatures_C`` (list, may be
empty: the run's temperature).
"""

import math

import numpy as np

from .. import plotting
from ..errors import SolveError
from ..files import run_note
from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, areal, columns, version
from .base import Experiment, fmt, solve_steps
from .registry import register
from .spec import LIST, MAX_DURATION_S, NUMBER, check_soc, fail

CONTACT_LOST = "Li|SE contact lost"
#: the Li|SE stripping polarisation that counts as divergence [mV] (assumed: half a volt
#: on the stripping electrode is unmistakable in a measured trace, where symmetric-cell
#: protocols stop at a cell-voltage limit, e.g. 5 V in Singh et al., Cell Rep. Phys. Sci.
#: 3 (2022) 101043; a spec key, sweep it)
POLARISATION_LIMIT_MV = 500.0
#: the Li interface's potential difference (phi_s - phi_e; the Li OCP is 0 V vs Li)
LI_DELTA_PHI = "Lithium metal interface surface potential difference [V]"
#: at most this many current levels in one staircase
MAX_LEVELS = 200


def critical_current_levels(spec):
    """Stripping current densities [mA/cm2] of the staircase."""
    n = int(math.floor((spec["max_mA_cm2"] - spec["start_mA_cm2"]) / spec["step_mA_cm2"]
                       + 1e-9)) + 1
    return [round(spec["start_mA_cm2"] + k * spec["step_mA_cm2"], 10) for k in range(n)]



def assumed_inputs(prepared):
    """The contact parameters of the cell whose source is an assumption (not measured),
    plus the polarisation limit (a protocol choice): what the critical currents follow
    from besides measured properties."""
    from ..submodels.interface.lithium_contact import NAMES

    # the stack pressure is the run's condition and the foil thickness only ends a run
    names = {name for key, name in NAMES.items() if key not in ("p", "L_0")}
    out = [e.name for e in prepared.cell.ENTRIES
           if e.name in names and str(e.source).lower().startswith("assumed")
           and e.name not in prepared.overrides]
    return out + ["polarisation_limit_mV (spec key)"]


def stripping_polarisation_mV(solution):
    """The largest |phi_s - phi_e| of the Li interface (its stripping polarisation: the
    kinetic overpotential on the contacted area, j / f, and an interface ASR as R_a / f)
    in the stripping step of each level of the staircase [mV]."""
    out = []
    for cycle in solution.cycles:
        strip = cycle.steps[0]
        out.append(float(np.max(np.abs(strip[LI_DELTA_PHI].entries))) * 1e3)
    return out


def critical_level(levels, eta_mV, lost, limit_mV):
    """The critical current of a staircase as a measurement sees it: the first level
    whose stripping polarisation exceeds ``limit_mV`` (the voltage diverges), or the
    level in which the contact was lost, whichever comes first.

    Returns ``critical_current_mA_cm2`` (None if neither happened), ``criterion``
    ("polarisation", "contact lost" or None), ``contact_lost_mA_cm2``,
    ``last_passed_mA_cm2`` and ``max_polarisation_mV`` (in the critical level, else the
    last level run)."""
    n = len(eta_mV)
    over = next((k for k, e in enumerate(eta_mV) if e > limit_mV), None)
    k_lost = n - 1 if lost else None
    candidates = [(k, why) for k, why in ((over, "polarisation"), (k_lost, "contact lost"))
                  if k is not None]
    k, why = min(candidates) if candidates else (None, None)
    shown = k if k is not None else n - 1
    return {"critical_current_mA_cm2": levels[k] if k is not None else None,
            "criterion": why,
            "contact_lost_mA_cm2": levels[k_lost] if k_lost is not None else None,
            "last_passed_mA_cm2": (levels[k - 1] if k else None) if k is not None
            else levels[n - 1],
            "max_polarisation_mV": eta_mV[shown] if eta_mV else None}


@register
class CriticalCurrent(Experiment):
    type = "critical-current"
    KEYS = {"start_mA_cm2": (NUMBER, 0.05), "step_mA_cm2": (NUMBER, 0.05),
            "max_mA_cm2": (NUMBER, 2.0), "areal_capacity_mAh_cm2": (NUMBER, 0.02),
            "rest_min": (NUMBER, 1.0), "initial_soc": (NUMBER, 0.5),
            "stack_pressures_MPa": (LIST, [1.0]), "temperatures_C": (LIST, []),
            "polarisation_limit_mV": (NUMBER, POLARISATION_LIMIT_MV)}
    NUMBER_LISTS = ("temperatures_C", "stack_pressures_MPa")
    MAY_BE_EMPTY = ("temperatures_C",)
    OWN_RATE = ("its current staircase ('start_mA_cm2', 'step_mA_cm2', "
                "'max_mA_cm2')")
    NEEDS_OPTIONS = {"lithium contact": "voids"}
    METRICS = {"critical_current_mA_cm2": "mA/cm2", "onset_mA_cm2": "mA/cm2",
               "last_passed_mA_cm2": "mA/cm2", "min_contact_fraction": "1",
               "contact_lost_mA_cm2": "mA/cm2", "max_polarisation_mV": "mV"}
    ROWS = "critical_current"

    def parse(self, settings, data, source):
        if min(settings["stack_pressures_MPa"]) <= 0:
            fail(source, "key 'stack_pressures_MPa' must hold pressures > 0, got "
                 f"{settings['stack_pressures_MPa']!r}.")
        if settings["max_mA_cm2"] < settings["start_mA_cm2"]:
            fail(source, "key 'max_mA_cm2' must be >= 'start_mA_cm2'.")
        check_soc(source, settings["initial_soc"], low_open=True)
        if ((settings["max_mA_cm2"] - settings["start_mA_cm2"]) / settings["step_mA_cm2"]
                > MAX_LEVELS):
            fail(source, f"at most {MAX_LEVELS} current levels ('start_mA_cm2' to "
                 "'max_mA_cm2' by 'step_mA_cm2').")
        longest = settings["areal_capacity_mAh_cm2"] / settings["start_mA_cm2"] * 3600.0
        if longest > MAX_DURATION_S:
            fail(source, f"'areal_capacity_mAh_cm2' / 'start_mA_cm2' makes a step of "
                 f"{longest:.3g} s, longer than {MAX_DURATION_S:g} s.")
        if settings["temperatures_C"] and min(settings["temperatures_C"]) <= -CELSIUS_OFFSET:
            fail(source, "key 'temperatures_C' must be above absolute zero, got "
                 f"{settings['temperatures_C']!r}.")
        return super().parse(settings, data, source)

    def owns_temperature(self, spec):
        return bool(spec["temperatures_C"])

    def owned_parameters(self, spec):
        owned = {"Stack pressure [Pa]": "its 'stack_pressures_MPa'"}
        if spec["temperatures_C"]:
            owned.update(dict.fromkeys(("Ambient temperature [K]", "Initial temperature [K]"),
                                       "its 'temperatures_C'"))
        return owned

    def initial_soc(self, spec):
        return spec["initial_soc"]

    def run(self, prepared, out_dir=None):
        """Critical stripping current of the Li|SE contact (docs/lithium_contact.md).

        At each stack pressure (and temperature) a staircase of current densities
        i_k = start + k step: strip ``areal_capacity_mAh_cm2`` at i_k (discharge),
        rest, plate it back (charge) at i_k, rest; from ``initial_soc``. The model has
        the Li contact as a state ("lithium contact": "voids"); the run stops when the
        contact fraction falls below its minimum (event). The critical current is the
        i_k of the stripping step in which contact was lost; the analytic onset
        i* = i_sup(f = 1, p, T) is where voids start to grow.
        """
        import pybamm

        from ..submodels.interface.lithium_contact import void_onset

        spec = prepared.spec
        temperatures = spec["temperatures_C"] or [prepared.temperature_C]
        levels = critical_current_levels(spec)
        rows, curves = [], {k: [] for k in ("stack_pressure_MPa", "temperature_C", "time_s",
                                            "current_mA_cm2", "voltage_V", "contact_fraction")}
        total_time = 0.0
        level = pybamm.logger.level
        pybamm.set_logging_level("ERROR")  # PyBaMM warns "experiment infeasible" at the event
        try:
            for T in temperatures:
                for p_MPa in spec["stack_pressures_MPa"]:
                    pv = prepared.values(spec["initial_soc"], T,
                                         {"Stack pressure [Pa]": p_MPa * 1e6})
                    model = prepared.build_model()
                    area_cm2, _ = areal(pv)
                    steps = []
                    for i in levels:
                        t_s = spec["areal_capacity_mAh_cm2"] / i * 3600.0
                        I_A = i * area_cm2 * 1e-3
                        steps.append((f"Discharge at {I_A:.6g} A for {t_s:.6g} seconds",
                                      f"Rest for {spec['rest_min']:g} minutes",
                                      f"Charge at {I_A:.6g} A for {t_s:.6g} seconds",
                                      f"Rest for {spec['rest_min']:g} minutes"))
                    try:
                        sol, solve_time = solve_steps(model, pv, steps,
                                                      period_s=min(10.0, t_s / 20))
                    except pybamm.SolverError as exc:
                        raise SolveError(f"critical-current solve failed at {p_MPa:g} MPa: "
                                         f"{str(exc).strip()}") from None
                    total_time += solve_time
                    T_K = pv["Ambient temperature [K]"]
                    onset = float(void_onset(pv, T_K, p_MPa * 1e6))
                    n_done = len(sol.cycles)
                    last = sol.cycles[-1].steps[-1]
                    lost = CONTACT_LOST in str(getattr(last, "termination", "")) or \
                        CONTACT_LOST in str(sol.termination)
                    used_up = "Li metal used up" in str(sol.termination)
                    f_all = sol["Lithium metal interface utilisation"].entries
                    eta = stripping_polarisation_mV(sol)
                    rows.append({
                        "stack_pressure_MPa": p_MPa,
                        "temperature_C": round(T_K - CELSIUS_OFFSET, 6),
                        "onset_mA_cm2": onset / 10.0,  # A/m2 -> mA/cm2
                        **critical_level(levels, eta, lost, spec["polarisation_limit_mV"]),
                        "contact_lost": bool(lost),
                        "lithium_used_up": bool(used_up),
                        "min_contact_fraction": float(np.min(f_all)),
                        "levels_run": n_done,
                        "polarisation_by_level_mV": eta,
                        "termination": str(sol.termination),
                    })
                    t = sol["Time [s]"].entries
                    n = len(t)
                    curves["stack_pressure_MPa"].append(np.full(n, p_MPa))
                    curves["temperature_C"].append(np.full(n, round(T_K - CELSIUS_OFFSET, 6)))
                    curves["time_s"].append(t)
                    curves["current_mA_cm2"].append(sol["Current [A]"].entries * 1e3 / area_cm2)
                    curves["voltage_V"].append(sol["Voltage [V]"].entries)
                    curves["contact_fraction"].append(f_all)
        finally:
            pybamm.logger.setLevel(level)
        curves = {k: np.concatenate(v) for k, v in curves.items()}
        summary = {"cell": prepared.cell_id, "experiment": spec.name, "type": spec.type,
                   "levels_mA_cm2": levels,
                   "areal_capacity_mAh_cm2": spec["areal_capacity_mAh_cm2"],
                   "polarisation_limit_mV": spec["polarisation_limit_mV"],
                   "assumed": assumed_inputs(prepared),
                   "initial_soc": spec["initial_soc"], "critical_current": rows,
                   "solve_time_s": total_time, "overrides": dict(prepared.overrides),
                   "model_options": prepared.model_options,
                   "versions": {"ssb_models": version()}}
        return Result(summary=summary, timeseries=curves,
                      tables={"critical_current": columns(
                          [{k: (v if v is not None else math.nan) for k, v in r.items()
                            if k not in ("termination", "criterion",
                                         "polarisation_by_level_mV")} for r in rows]),
                              "curves": curves})

    def figures(self, out, result, title):
        return _figures(out, result, title)

    def report(self, result):
        s = result.summary
        lines = [f"{s['cell']} {s['experiment']}: strip/plate {s['areal_capacity_mAh_cm2']:g} "
                 f"mAh/cm2 per step, {s['levels_mA_cm2'][0]:g}-{s['levels_mA_cm2'][-1]:g} "
                 "mA/cm2",
                 f"{'p [MPa]':>8} {'T [C]':>6} {'onset':>7} {'critical':>9} {'by':>13} "
                 f"{'eta [mV]':>9} {'lost':>6} {'min f':>7}",
                 "  (mA/cm2; onset: voids start to grow at full contact; critical: the "
                 f"first level whose stripping polarisation eta exceeds "
                 f"{s['polarisation_limit_mV']:g} mV, or where the contact was lost)"]
        for r in s["critical_current"]:
            found = r["critical_current_mA_cm2"] is not None
            crit = (f"{r['critical_current_mA_cm2']:>9g}" if found
                    else f"{'>' + format(r['last_passed_mA_cm2'], 'g'):>9}")
            lost = (f"{r['contact_lost_mA_cm2']:>6g}" if r["contact_lost_mA_cm2"] is not None
                    else f"{'-':>6}")
            cut_short = (not found and not r["lithium_used_up"]
                         and r["levels_run"] < len(s["levels_mA_cm2"]))
            lines.append(f"{r['stack_pressure_MPa']:>8g} {r['temperature_C']:>6g} "
                         f"{r['onset_mA_cm2']:>7.3g} {crit} {r['criterion'] or '-':>13} "
                         f"{r['max_polarisation_mV']:>9.3g} {lost} "
                         f"{r['min_contact_fraction']:>7.3f}"
                         + ("  (Li used up)" if r["lithium_used_up"] else "")
                         + (f"  (stopped before the contact was lost: {r['termination']}; "
                            "not a critical current)" if cut_short else ""))
        if s.get("assumed"):
            lines.append("  note: these critical currents follow from assumed inputs, not "
                         "only measured properties: " + "; ".join(s["assumed"])
                         + " (docs/lithium_contact.md, 'Parameters')")
        return lines

    def conditions(self, spec):
        temps = spec["temperatures_C"]
        return [(f"_at_{fmt(p)}MPa" + (f"_{fmt(T)}degC" if temps else ""),
                 {"stack_pressure_MPa": float(p), **({"temperature_C": float(T)} if temps
                                                     else {})})
                for p in spec["stack_pressures_MPa"] for T in (temps or [None])]


def _figures(out, result, title):
    """Current staircase, voltage and contact fraction of each run, and the critical
    and onset currents against stack pressure."""
    plt = plotting.pyplot()
    s, c = result.summary, result.tables["curves"]
    runs = [(r["stack_pressure_MPa"], r["temperature_C"]) for r in s["critical_current"]]
    fig, axes = plt.subplots(3, 1, figsize=(7, 8), sharex=True)
    cmap = plt.get_cmap("viridis")
    for n, (p, T) in enumerate(runs):
        m = (c["stack_pressure_MPa"] == p) & (c["temperature_C"] == T)
        color = cmap(n / max(len(runs) - 1, 1))
        t_h = c["time_s"][m] / 3600
        label = f"{p:g} MPa, {T:g} C"
        axes[0].plot(t_h, c["current_mA_cm2"][m], color=color, lw=0.8, label=label)
        axes[1].plot(t_h, c["voltage_V"][m], color=color, lw=0.8)
        axes[2].plot(t_h, c["contact_fraction"][m], color=color, lw=1.2)
    axes[0].set_ylabel("Current [mA/cm2]\n(> 0 stripping)")
    axes[1].set_ylabel("Voltage [V]")
    axes[2].set_ylabel("Li|SE contact fraction")
    axes[2].set_xlabel("Time [h]")
    axes[0].legend(fontsize=7)
    axes[0].set_title(f"Critical current: {title}")
    for ax in axes:
        ax.grid(alpha=0.3)
    files = {"staircase": plotting.save(fig, out / "staircase.png", run_note(s))}
    fig, ax = plt.subplots(figsize=(6, 4))
    temps = sorted({T for _, T in runs})
    for k, T in enumerate(temps):
        rows = [r for r in s["critical_current"] if r["temperature_C"] == T]
        p = [r["stack_pressure_MPa"] for r in rows]
        crit = [r["critical_current_mA_cm2"] if r["critical_current_mA_cm2"] is not None
                else float("nan") for r in rows]
        ax.plot(p, crit, "o-", color=f"C{k}", label=f"critical (staircase), {T:g} C")
        ax.plot(p, [r["onset_mA_cm2"] for r in rows], "s--", color=f"C{k}", ms=4,
                label=f"void onset i_sup(f=1), {T:g} C")
        for r in rows:
            if r["critical_current_mA_cm2"] is None:
                ax.annotate(f"> {r['last_passed_mA_cm2']:g}", (r["stack_pressure_MPa"],
                            r["last_passed_mA_cm2"]), fontsize=7)
    ax.set_xlabel("Stack pressure [MPa]")
    ax.set_ylabel("Current density [mA/cm2]")
    ax.set_title(title)
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    files["critical_current_plot"] = plotting.save(fig, out / "critical_current.png", run_note(s))
    return files
