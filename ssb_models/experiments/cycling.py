"""``cycling``: PyBaMM step strings (discharge, charge, rests, CC-CV holds), one cycle
repeated ``cycles`` times; the ``discharge`` and ``cycling`` experiments and users' own
step files (``docs/experiments.md``).

Keys: ``steps`` (:class:`pybamm.Experiment` step strings with the placeholders
``{c_rate}``, ``{charge_c_rate}``, ``{v_min}``, ``{v_max}``), ``c_rate``,
``charge_c_rate`` (default: ``c_rate``), ``initial_soc``, ``period_s``, ``cycles``.
"""

import string
import time

import numpy as np

from .. import checks, plotting
from ..errors import InputError
from ..files import run_note, write_csv, write_files
from ..physics.constants import CELSIUS_OFFSET
from ..results import (
    Result,
    experiment_timeseries,
    first_instant_timeseries,
    summarize,
    summarize_experiment,
    version,
)
from .base import Experiment, number
from .registry import register
from .spec import LIST, NUMBER, PLACEHOLDERS, ExperimentSpec, check_cycles, check_soc, fail


#: output samples one step and one run may ask for (a sample holds every state:
#: ~1000 floats for the P2D cells, so 2e7 samples are ~160 GB; assumed bounds)
MAX_STEP_SAMPLES = 1e6
MAX_SAMPLES = 2e7


@register
class Cycling(Experiment):
    type = "cycling"
    KEYS = {"steps": (LIST, None), "c_rate": (NUMBER, 1.0), "initial_soc": (NUMBER, 1.0),
            "period_s": (NUMBER, 0), "cycles": (int, 1), "charge_c_rate": (NUMBER, 0)}
    DEFAULT_ZERO = ("charge_c_rate",)  # 0 = the discharge rate
    METRICS = {"capacity_mAh_g": "mAh/g", "capacity_mAh_cm2": "mAh/cm2",
               "mean_voltage_V": "V", "energy_mWh_cm2": "mWh/cm2", "power_mW_cm2": "mW/cm2",
               "energy_Wh_kg": "Wh/kg", "power_W_kg": "W/kg",
               "charge_capacity_mAh_g": "mAh/g", "mean_charge_voltage_V": "V",
               "n_cycles": "1", "final_capacity_retention": "1",
               "last_discharge_capacity_mAh_g": "mAh/g", "mean_coulombic_efficiency": "1",
               "mean_energy_efficiency": "1",
               # largest Li stripping current / void onset: > 1 is outside the static
               # Li contact's validity (Li-metal cells with contact parameters;
               # ssb_models/validity.py, docs/lithium_contact.md)
               "stripping_over_void_onset": "1"}

    def parse(self, settings, data, source):
        steps = settings["steps"]
        if not steps or not all(isinstance(s, str) and s.strip() for s in steps):
            fail(source, "key 'steps' must be a non-empty list of non-empty strings.")
        for s in steps:
            try:
                fields = list(string.Formatter().parse(s))
            except ValueError as exc:  # an unbalanced '{' or '}'
                fail(source, f"step '{s}': {exc} (placeholders are written "
                     f"{{c_rate}}; a literal brace is doubled: '{{{{').")
            for _, fld, _, _ in fields:
                if fld is not None and fld not in PLACEHOLDERS:
                    fail(source, f"step '{s}' uses unknown placeholder '{{{fld}}}'; "
                         f"allowed: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.")
        # signs and durations read by PyBaMM's parser, the placeholders filled with
        # sample values (the file's rate keys are checked by spec.parse_experiment)
        sample = {"c_rate": "1", "charge_c_rate": "1", "v_min": "3", "v_max": "4"}
        try:
            for s in steps:
                checks.check_step(s.format(**sample))
        except InputError as exc:
            fail(source, str(exc))
        soc = float(settings["initial_soc"])
        check_soc(source, soc)
        period = settings["period_s"]
        check_cycles(source, settings["cycles"])
        return ExperimentSpec(
            name=data["name"], description=data["description"], steps=tuple(steps),
            c_rate=float(settings["c_rate"]), initial_soc=soc,
            period_s=float(period) if period else None, source=source,
            cycles=int(settings["cycles"]),
            charge_c_rate=float(settings["charge_c_rate"]) or None,
        )

    def check(self, prepared):
        """The steps with the run's rate and cut-offs filled must parse as PyBaMM steps,
        and the output they ask for must fit in memory: at most
        :data:`MAX_STEP_SAMPLES` samples per step and :data:`MAX_SAMPLES` per run
        (each sample holds every state of the model)."""
        spec, pv = prepared.spec, prepared.parameter_values
        experiment = spec.to_pybamm(prepared.c_rate, pv["Lower voltage cut-off [V]"],
                                    pv["Upper voltage cut-off [V]"])
        from ..checks import check_c_rate

        one_c = float(pv["Nominal cell capacity [A.h]"])  # the 1C current [A]
        total = 0.0
        for step in experiment.steps:
            value = getattr(step, "value", None)
            kind = type(step).__name__
            if isinstance(value, (int, float)) and kind in ("CRate", "Current", "Power"):
                # a step's current as a C-rate: the same bounds as --c-rate (a power
                # step at the upper cut-off voltage, the largest current it can mean)
                rate = abs(value) / one_c if kind == "Current" else (
                    abs(value) / (one_c * pv["Upper voltage cut-off [V]"])
                    if kind == "Power" else abs(value))
                check_c_rate(rate, f"step '{step}' (as a C-rate of this cell)")
            n = float(step.duration) / float(step.period or 60.0)
            if n > MAX_STEP_SAMPLES:
                fail(spec.source, f"step '{step}' asks for {n:.3g} output samples "
                     f"(duration {float(step.duration):g} s / period "
                     f"{float(step.period or 60):g} s), more than {MAX_STEP_SAMPLES:g}; "
                     "give a longer 'period_s' or a shorter step.")
            total += n
        if total > MAX_SAMPLES:
            fail(spec.source, f"the {spec.cycles} cycle(s) ask for up to {total:.3g} output "
                 f"samples, more than {MAX_SAMPLES:g}; give a longer 'period_s' or fewer "
                 "cycles (a long cycling study is a cycle-life run).")

    def run(self, prepared, out_dir=None):
        import pybamm

        spec, pv, c_rate = prepared.spec, prepared.parameter_values, prepared.c_rate
        model = prepared.build_model()
        pb_experiment = spec.to_pybamm(
            c_rate, pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"])
        sim = pybamm.Simulation(model, experiment=pb_experiment, parameter_values=pv,
                                solver=pybamm.IDAKLUSolver())
        t0 = time.perf_counter()
        reason = None
        try:
            solution = sim.solve()
        except pybamm.SolverError as exc:
            solution, reason = None, str(exc).strip()
        solve_time = time.perf_counter() - t0

        if solution is None or type(solution).__name__ == "EmptySolution" \
                or len(getattr(solution, "t", [])) < 2:
            # the first step could not start (e.g. the voltage is below the cut-off as
            # soon as the current flows): a result of 0 mAh with the reason, files written
            ts = {**first_instant_timeseries(pv, float(pv["Current function [A]"]) * c_rate),
                  "cycle": np.ones(1), "step": np.ones(1)}
            solution = None
            reason = (f"the first step failed at its first instant, 0 mAh (solver: {reason})"
                      if reason else "voltage beyond the cut-off at t = 0 (the first step "
                      "ended at its first instant), 0 mAh")
        else:
            ts = experiment_timeseries(solution)
        summary = _summary(prepared, ts, solution, solve_time)
        if reason is not None:
            summary["termination"] = reason
        summary["model_options"] = prepared.model_options
        if "temperature_C" in ts:
            summary["heat_transfer_coefficient_W_m2K"] = pv["Total heat transfer coefficient "
                                                            "[W.m-2.K-1]"]
        tables = {}
        if "cycles" in summary:
            tables["cycles"] = {k: [r[k] if r[k] is not None else float("nan")
                                    for r in summary["cycles"]] for k in summary["cycles"][0]}
        return Result(summary=summary, timeseries=ts, solution=solution, tables=tables)

    def write(self, result, out_dir):
        """The CSV time series (with cycle and step columns), the per-cycle table
        (cycles.csv), the voltage plot (coloured by cycle, or by step for one cycle), a
        retention plot for several cycles, and the summary JSON."""
        from pathlib import Path

        ts, s = result.timeseries, result.summary
        several = "cycle" in ts and len(np.unique(ts["cycle"])) > 1
        files = write_files(out_dir, s, "timeseries", ts, "voltage",
                            lambda ax: _draw_voltage(ax, ts, s, several))
        if "temperature_C" in ts:
            files["temperature"] = _temperature_figure(Path(out_dir), ts, s)
        if "cycles" in result.tables:
            out = Path(out_dir)
            files["cycles"] = write_csv(out / "cycles.csv", result.tables["cycles"])
            if several:
                c = result.tables["cycles"]
                files["retention"] = plotting.per_cycle_figure(
                    out / "retention.png", c["cycle"],
                    [(c["discharge_capacity_mAh_g"], "o-", "discharge"),
                     (c["charge_capacity_mAh_g"], "s--", "charge")],
                    "Capacity [mAh per g cathode active material]",
                    f"{s['cell']}: capacity per cycle", run_note(s))
        return files

    def report(self, result):
        s = result.summary
        lines = [
            f"{s['cell']} {s['experiment']} at {s['c_rate']:g}C, {s['temperature_C']:g} C: "
            f"discharge {s['capacity_mAh_g']:.1f} mAh/g, {s['capacity_mAh_cm2']:.3f} mAh/cm2, "
            + (f"mean {s['mean_voltage_V']:.3f} V" if s.get("mean_voltage_V") is not None
               else "no mean voltage")
            + (f"; charge {s['charge_capacity_mAh_g']:.1f} mAh/g"
               + (f", mean {s['mean_charge_voltage_V']:.3f} V"
                  if s.get("mean_charge_voltage_V") is not None else "")
               if s.get("charge_capacity_mAh_g") else "")
            + f" ({s['termination']})"]
        if "max_temperature_C" in s:
            lines.append(f"  lumped thermal: max {s['max_temperature_C']:.2f} C "
                         f"(+{s['temperature_rise_K']:.2f} K), heat "
                         f"{s['heat_generated_J_cm2']:.3g} J/cm2, h = "
                         f"{s['heat_transfer_coefficient_W_m2K']:g} W/m2/K")
        rows = s.get("cycles", [])
        if len(rows) > 1:
            every = max(1, len(rows) // 20)
            lines.append(f"{'cycle':>5} {'dis mAh/g':>9} {'ch mAh/g':>9} {'CE':>7} {'EE':>7} "
                         f"{'retention':>9}")

            def pct(v):
                return f"{100 * v:6.2f}%" if v is not None else "      -"

            for r in rows:
                if (r["cycle"] - 1) % every and r["cycle"] != len(rows):
                    continue
                lines.append(f"{r['cycle']:>5} {r['discharge_capacity_mAh_g']:>9.2f} "
                             f"{r['charge_capacity_mAh_g']:>9.2f} "
                             f"{pct(r['coulombic_efficiency'])} "
                             f"{pct(r['energy_efficiency'])} "
                             f"{pct(r['capacity_retention']):>9}")
        return lines

    def values(self, spec, result):
        s = result.summary
        rows = s.get("cycles") or []
        ce = [r["coulombic_efficiency"] for r in rows if r.get("coulombic_efficiency")]
        ee = [r["energy_efficiency"] for r in rows if r.get("energy_efficiency")]
        out = {m: number(s.get(m)) for m in self.METRICS}
        out["last_discharge_capacity_mAh_g"] = (
            number(rows[-1]["discharge_capacity_mAh_g"]) if rows else None)
        out["mean_coulombic_efficiency"] = float(np.mean(ce)) if ce else None
        out["mean_energy_efficiency"] = float(np.mean(ee)) if ee else None
        return out


def _summary(prepared, ts, solution, solve_time):
    import pybamm

    module, spec, pv, c_rate = (prepared.cell, prepared.spec, prepared.parameter_values,
                                prepared.c_rate)
    termination = solution.termination if solution is not None else None
    if hasattr(solution, "cycles") and solution.cycles:
        last = solution.cycles[-1].steps[-1] if solution.cycles[-1].steps else None
        if last is not None and getattr(last, "termination", None):
            termination = last.termination
    return {
        "cell": module.CELL.id,
        "parameter_set": module.CELL.parameter_set,
        "experiment": spec.name,
        "steps": spec.step_strings(c_rate, pv["Lower voltage cut-off [V]"],
                                   pv["Upper voltage cut-off [V]"]),
        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
        "c_rate": c_rate,
        "cycles_requested": spec.cycles,
        **(summarize_experiment(pv, ts) if "cycle" in ts else summarize(pv, ts)),
        "termination": str(termination),
        "solve_time_s": solve_time,
        "overrides": dict(prepared.overrides),
        "versions": {"ssb_models": version(), "pybamm": pybamm.__version__},
    }


def _draw_voltage(ax, ts, s, several):
    plt = plotting.pyplot()
    x, xlabel = ts["time_s"] / 3600.0, "Time [h]"
    if not several and not s.get("charge_capacity_mAh_g"):
        # a discharge (no charge): voltage against capacity, as a discharge curve
        x = (ts["capacity_mAh"] - ts["capacity_mAh"][0]) / (s["active_material_mass_mg"]
                                                          / 1e3)
        xlabel = "Capacity [mAh per g cathode active material]"
    key = "cycle" if several else "step"
    if key not in ts:
        ax.plot(x, ts["voltage_V"], lw=2)
    else:
        groups = np.unique(ts[key])
        cmap = plt.get_cmap("viridis" if several else "tab10")
        for n, g in enumerate(groups):
            m = ts[key] == g
            label = None
            if not several:
                label = f"step {int(g)}: {s['steps'][int(g) - 1]}" \
                    if int(g) - 1 < len(s.get("steps", [])) else f"step {int(g)}"
            elif n in (0, len(groups) - 1):
                label = f"cycle {int(g)}"
            ax.plot(x[m], ts["voltage_V"][m], lw=1.5, label=label,
                    color=cmap(n / max(len(groups) - 1, 1)) if several else cmap(n % 10))
        ax.legend(fontsize=7)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Voltage [V]")
    ax.set_title(f"{s['cell']}: {s['experiment']}, {s['c_rate']:g}C, "
                 f"{s['temperature_C']:g} C")


def _temperature_figure(out, ts, s):
    """Cell temperature and heat generation against time (lumped thermal model)."""
    plt = plotting.pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    t_h = ts["time_s"] / 3600.0
    ax.plot(t_h, ts["temperature_C"], color="C3", lw=1.5, label="cell temperature")
    ax.set_xlabel("Time [h]")
    ax.set_ylabel("Temperature [C]", color="C3")
    ax2 = ax.twinx()
    ax2.plot(t_h, ts["heat_mW"] / s["area_cm2"], color="C0", lw=1, ls="--",
             label="heat generation")
    ax2.set_ylabel("Heat generation [mW per cm2]", color="C0")
    ax.set_title(f"{s['cell']}: {s['experiment']}, lumped thermal, "
                 f"h = {s.get('heat_transfer_coefficient_W_m2K', float('nan')):g} W/m2/K")
    ax.grid(alpha=0.3)
    return plotting.save(fig, out / "temperature.png", run_note(s))
