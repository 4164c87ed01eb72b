"""``cycle-life``: N cycles (CC discharge, rest, CC-CV charge, rest) with an impedance
spectrum at the end of charge every ``eis_every`` cycles (``docs/experiments.md``,
"cycle-life"); files are written after every block of cycles.

Keys: ``cycles``, ``eis_every``, ``c_rate``, ``charge_c_rate``, ``cv_cutoff_c_rate``,
``rest_min``, ``frequencies_Hz``, ``points_per_decade``, ``period_s``.
"""

import math

import numpy as np

from .. import plotting
from ..errors import SolveError
from ..files import run_note
from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, areal, cycle_table, experiment_timeseries, version
from .base import Experiment, number
from .eis import DOUBLE_LAYERS, arc_resistance
from .registry import register
from .spec import (
    LIST,
    NUMBER,
    check_cycles,
    check_frequencies,
    default_period_s,
    fail,
    log_frequencies,
)

#: cycles per solve in a cycle-life run (bounds the memory; files are written after each)
SOLVE_BLOCK = 10


@register
class CycleLife(Experiment):
    type = "cycle-life"
    KEYS = {"cycles": (int, 100), "eis_every": (int, 25), "c_rate": (NUMBER, 1.0),
            "charge_c_rate": (NUMBER, 0.5), "cv_cutoff_c_rate": (NUMBER, 0.05),
            "rest_min": (NUMBER, 10.0), "frequencies_Hz": (LIST, [1e-2, 1e5]),
            "points_per_decade": (int, 8), "period_s": (NUMBER, 0)}
    OWN_RATE = "its 'c_rate' and 'charge_c_rate'"
    NEEDS_OPTIONS = DOUBLE_LAYERS  # the spectra and the cycling use one model
    WRITES_AS_IT_GOES = True  # after every block of cycles: a stopped run keeps them
    METRICS = {"final_capacity_retention": "1", "first_discharge_capacity_mAh_g": "mAh/g",
               "last_discharge_capacity_mAh_g": "mAh/g", "n_cycles": "1",
               "first_arc_resistance_Ohm_cm2": "Ohm cm2",
               "last_arc_resistance_Ohm_cm2": "Ohm cm2",
               "arc_resistance_growth_Ohm_cm2": "Ohm cm2",
               "last_high_frequency_resistance_Ohm_cm2": "Ohm cm2"}

    def parse(self, settings, data, source):
        check_cycles(source, settings["cycles"])
        if not 1 <= settings["eis_every"]:
            fail(source, f"key 'eis_every' must be >= 1, got {settings['eis_every']!r}.")
        check_frequencies(source, settings["frequencies_Hz"])
        return super().parse(settings, data, source)

    def run(self, prepared, out_dir=None):
        """``cycles`` cycles (CC discharge at ``c_rate``, rest, CC-CV charge at
        ``charge_c_rate`` to the upper cut-off until ``cv_cutoff_c_rate``, rest) with an
        impedance spectrum (PyBaMM EISSimulation linearised at the end-of-charge state)
        before the first cycle and every ``eis_every`` cycles. The model carries the
        double layers ("surface form": "differential") so the spectra and the cycling use
        one model; a binary-electrolyte cell cycles without double layers and each
        spectrum starts the double-layer model from the cycled state (see the comment
        below). With ``out_dir`` the per-cycle table, spectra and resistances are
        written after every block of cycles (a stopped run keeps what it computed)."""
        import time

        import pybamm
        from tqdm import tqdm

        spec, pv, module = prepared.spec, prepared.parameter_values, prepared.cell
        model = prepared.build_model()
        if str(module.CELL.model_options.get("electrolyte")) == "binary":
            # With a binary electrolyte the double-layer model cannot cycle through salt
            # depletion: PyBaMM's salt balance charges the double layer with t+ i_dl/F even
            # where c_e = 0, so c_e turns negative and the voltage runs away (a C/2
            # discharge of li-peo-lfp ended on the 4.8 V event). Such a cell cycles on the
            # model without double layers (PyBaMM's faradaic-only current balance, as in
            # 'ssb run cycling'); each spectrum is linearised on the double-layer model
            # started from the cycled state (docs/experiments.md, cycle life).
            model = prepared.build_model(prepared.options)
        area_cm2, _ = areal(pv)
        v_min, v_max = pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
        cycle = (f"Discharge at {spec['c_rate']:g}C until {v_min:g} V",
                 f"Rest for {spec['rest_min']:g} minutes",
                 f"Charge at {spec['charge_c_rate']:g}C until {v_max:g} V",
                 f"Hold at {v_max:g} V until {spec['cv_cutoff_c_rate']:g}C",
                 f"Rest for {spec['rest_min']:g} minutes")
        freqs = log_frequencies(spec["frequencies_Hz"], spec["points_per_decade"])
        period = spec["period_s"] or default_period_s(max(spec["c_rate"], spec["charge_c_rate"]))

        unavailable = {}

        def spectrum(solution, cycle=0):
            """The spectrum at the solution's last state; None (with the reason kept) where
            PyBaMM cannot linearise there (the binary-electrolyte cell after cycling: its
            'Porosity times concentration' state fails PyBaMM's bounds check)."""
            m = prepared.build_model()
            try:
                if solution is not None:
                    m.set_initial_conditions_from(solution)
                return np.asarray(pybamm.EISSimulation(m, parameter_values=pv).solve(
                    freqs).impedance) * area_cm2
            except (pybamm.ModelError, pybamm.SolverError) as exc:
                unavailable[cycle] = f"{type(exc).__name__}: {str(exc).strip()[:200]}"
                return None

        spectra, last, sims, reason, parts = {0: spectrum(None)}, None, {}, None, []
        t0 = time.perf_counter()
        done = 0
        bar = tqdm(total=spec["cycles"], desc=f"{module.CELL.id} cycle life", unit="cycle",
                   disable=None)
        result = None
        level = pybamm.logger.level
        pybamm.set_logging_level("CRITICAL")  # events and failures are reported by ssb
        try:
            while done < spec["cycles"]:
                # at most SOLVE_BLOCK cycles per solve (a PyBaMM solution holds every state
                # of its cycles: ~60-80 MB per cycle here), ending at the next spectrum
                next_eis = (done // spec["eis_every"] + 1) * spec["eis_every"]
                n = min(SOLVE_BLOCK, next_eis - done, spec["cycles"] - done)
                if n not in sims:
                    sims[n] = pybamm.Simulation(
                        model, experiment=pybamm.Experiment([cycle] * n, period=f"{period:g} seconds"),
                        parameter_values=pv, solver=pybamm.IDAKLUSolver())
                try:
                    # from the previous block's last state only: the memory holds one block
                    sol = sims[n].solve(starting_solution=last)
                except pybamm.SolverError as exc:
                    reason = f"solver failed after cycle {done}: {str(exc).strip()}"
                    break
                block = experiment_timeseries(sol)
                if last is not None:  # cycle 1 of a continued solution is the start state
                    block = {k: v[block["cycle"] > 1] for k, v in block.items()}
                block["cycle"] = block["cycle"] - block["cycle"].min() + 1 + done
                if parts:  # capacity and time continue from the previous block
                    block["time_s"] = block["time_s"] - block["time_s"][0] + parts[-1]["time_s"][-1]
                parts.append(block)
                ran = int(np.unique(block["cycle"]).size)
                done += ran
                bar.update(ran)
                if ran < n and "event" in str(sol.termination):
                    reason = f"stopped after cycle {done}: {sol.termination}"
                elif ran < n:  # PyBaMM returns the steps before a failed one, without raising
                    reason = (f"the solver failed in cycle {done + 1} (PyBaMM returned the "
                              f"cycles before it); try other tolerances or rates")
                if done % spec["eis_every"] == 0 or done >= spec["cycles"] or reason:
                    z = spectrum(sol, done)
                    if z is not None:
                        spectra[done] = z
                last = sol.last_state
                termination = str(sol.termination)
                del sol
                ts = {k: np.concatenate([b[k] for b in parts]) for k in parts[0]}
                result = _result(prepared, ts, spectra, freqs, time.perf_counter() - t0,
                                 reason, termination)
                result.summary["spectra_unavailable"] = dict(unavailable)
                if out_dir is not None:
                    result.files = self.write(result, out_dir)
                if reason:
                    break
        finally:
            bar.close()
            pybamm.logger.setLevel(level)
        if result is None:  # not one block completed
            raise SolveError(f"cycle-life: no cycle completed ({reason or 'no solution'}). "
                             "Lower 'c_rate' / 'charge_c_rate' in the TOML (a copy of "
                             "experiments/cycle-life.toml) or check the options.")
        return result

    def figures(self, out, result, title):
        return _figures(out, result, title)

    def report(self, result):
        s = result.summary
        lines = [f"{s['cell']} {s['experiment']}: {s['n_cycles']} of {s['cycles_requested']} "
                 f"cycles at {s['c_rate']:g}C / {s['charge_c_rate']:g}C, "
                 f"{s['temperature_C']:g} C: {s['first_discharge_capacity_mAh_g']:.1f} -> "
                 f"{s['last_discharge_capacity_mAh_g']:.1f} mAh/g "
                 f"({100 * (s['final_capacity_retention'] or 0):.2f} %) ({s['termination']})",
                 f"{'cycle':>6} {'HFR':>9} {'arcs':>9}   (Ohm cm2, impedance at end of charge)"]
        for r in s["resistance"]:
            lines.append(f"{int(r['cycle']):>6} {r['high_frequency_resistance_Ohm_cm2']:>9.3f} "
                         f"{r['arc_resistance_Ohm_cm2']:>9.3f}")
        return lines

    def values(self, spec, result):
        s = result.summary
        res = s.get("resistance") or []
        arcs = [r["arc_resistance_Ohm_cm2"] for r in res]
        return {"final_capacity_retention": number(s.get("final_capacity_retention")),
                "first_discharge_capacity_mAh_g": number(s.get("first_discharge_capacity_mAh_g")),
                "last_discharge_capacity_mAh_g": number(s.get("last_discharge_capacity_mAh_g")),
                "n_cycles": number(s.get("n_cycles")),
                "first_arc_resistance_Ohm_cm2": number(arcs[0]) if arcs else None,
                "last_arc_resistance_Ohm_cm2": number(arcs[-1]) if arcs else None,
                "arc_resistance_growth_Ohm_cm2": (number(arcs[-1] - arcs[0]) if len(arcs) > 1
                                                  else None),
                "last_high_frequency_resistance_Ohm_cm2": (
                    number(res[-1]["high_frequency_resistance_Ohm_cm2"]) if res else None)}


def _result(prepared, ts, spectra, freqs, solve_time, reason, termination):
    spec, pv = prepared.spec, prepared.parameter_values
    rows = cycle_table(ts, pv)
    res = {"cycle": [], "high_frequency_resistance_Ohm_cm2": [], "arc_resistance_Ohm_cm2": []}
    imp = {"cycle": [], "frequency_Hz": [], "Z_real_Ohm_cm2": [], "Z_imag_Ohm_cm2": []}
    for c, z in spectra.items():
        hfr, arc = arc_resistance(freqs, z)
        res["cycle"].append(c)
        res["high_frequency_resistance_Ohm_cm2"].append(hfr)
        res["arc_resistance_Ohm_cm2"].append(arc)
        imp["cycle"].append(np.full(len(freqs), c))
        imp["frequency_Hz"].append(freqs)
        imp["Z_real_Ohm_cm2"].append(z.real)
        imp["Z_imag_Ohm_cm2"].append(z.imag)
    imp = {k: np.concatenate(v) for k, v in imp.items()}
    res = {k: np.asarray(v, dtype=float) for k, v in res.items()}
    summary = {
        "cell": prepared.cell_id, "experiment": spec.name, "type": spec.type,
        "cycles_requested": spec["cycles"], "n_cycles": len(rows),
        "c_rate": spec["c_rate"], "charge_c_rate": spec["charge_c_rate"],
        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
        "first_discharge_capacity_mAh_g": rows[0]["discharge_capacity_mAh_g"],
        "last_discharge_capacity_mAh_g": rows[-1]["discharge_capacity_mAh_g"],
        "final_capacity_retention": rows[-1]["capacity_retention"],
        "eis_cycles": list(spectra),
        "resistance": [{k: float(v[i]) for k, v in res.items()} for i in range(len(res["cycle"]))],
        "cycles": rows, "termination": reason or termination,
        "solve_time_s": solve_time, "overrides": dict(prepared.overrides),
        "model_options": prepared.model_options, "versions": {"ssb_models": version()},
        "run": prepared.signature,
    }
    table = {k: [r[k] if r[k] is not None else math.nan for r in rows] for k in rows[0]}
    return Result(summary=summary, timeseries=ts, solution=None,
                  tables={"cycles": table, "impedance": imp, "resistance": res,
                          "timeseries": ts})


def _figures(out, result, title):
    """Capacity retention, resistance growth and the Nyquist overlay of a cycle-life run."""
    plt = plotting.pyplot()
    s, c, r, z = (result.summary, result.tables["cycles"], result.tables["resistance"],
                  result.tables["impedance"])
    files = {}
    files["retention_plot"] = plotting.per_cycle_figure(
        out / "retention.png", c["cycle"],
        [(100 * np.asarray(c["capacity_retention"], float), "o-", "discharge")],
        "Discharge capacity retention [%]", f"{title}: retention", run_note(s))
    files["resistance_plot"] = plotting.per_cycle_figure(
        out / "resistance.png", r["cycle"],
        [(r["high_frequency_resistance_Ohm_cm2"], "s-", "high-frequency"),
         (r["arc_resistance_Ohm_cm2"], "o-", "arcs (width)")],
        "Resistance [Ohm cm2]", f"{title}: resistance at end of charge", run_note(s))
    fig, ax = plt.subplots(figsize=(6, 4.5))
    cycles = list(dict.fromkeys(z["cycle"].tolist()))
    cmap = plt.get_cmap("viridis")
    for n, cyc in enumerate(cycles):
        m = z["cycle"] == cyc
        ax.plot(z["Z_real_Ohm_cm2"][m], -z["Z_imag_Ohm_cm2"][m], "o-", ms=2,
                color=cmap(n / max(len(cycles) - 1, 1)),
                label=f"after cycle {int(cyc)}" if cyc else "before cycling")
    ax.set_xlabel("Re Z [Ohm cm2]")
    ax.set_ylabel("-Im Z [Ohm cm2]")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize=7)
    ax.set_title(f"{title}: impedance at end of charge")
    ax.grid(alpha=0.3)
    files["nyquist"] = plotting.save(fig, out / "nyquist.png", run_note(s))
    return files
