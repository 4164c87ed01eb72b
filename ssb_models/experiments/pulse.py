"""``pulse``: HPPC-like discharge and charge pulses at each state of charge, with the
pulse resistances per cell area (``docs/experiments.md``).

Keys: ``socs`` (descending list), ``pulse_c_rate``, ``pulse_s``, ``rest_s``,
``relax_s``, ``c_rate`` (to move between SOCs).
"""

from .. import plotting
from ..files import run_note
from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, areal, columns, timeseries, version
from .base import Experiment, fmt, solve_steps
from .registry import register
from .spec import LIST, NUMBER, fail


@register
class Pulse(Experiment):
    type = "pulse"
    KEYS = {"socs": (LIST, [0.9, 0.7, 0.5, 0.3, 0.1]), "pulse_c_rate": (NUMBER, 2.0),
            "pulse_s": (NUMBER, 10.0), "rest_s": (NUMBER, 40.0), "relax_s": (NUMBER, 1800.0),
            "c_rate": (NUMBER, 0.5)}
    NUMBER_LISTS = ("socs",)
    OWN_RATE = "its 'pulse_c_rate' and 'c_rate'"
    METRICS = {"discharge_R0_Ohm_cm2": "Ohm cm2", "discharge_R_end_Ohm_cm2": "Ohm cm2",
               "charge_R0_Ohm_cm2": "Ohm cm2", "charge_R_end_Ohm_cm2": "Ohm cm2",
               "ocv_V": "V"}
    ROWS = "pulses"

    def parse(self, settings, data, source):
        socs = settings["socs"]
        if not all(0 < x < 1 for x in socs) or any(a <= b for a, b in zip(socs, socs[1:])):
            fail(source, f"key 'socs' must be descending values in (0, 1), got {socs!r}.")
        return super().parse(settings, data, source)

    def run(self, prepared, out_dir=None):
        """From full charge, move to each SOC at ``c_rate``, rest ``relax_s``, then a
        discharge pulse and a charge pulse at ``pulse_c_rate`` for ``pulse_s``, each
        followed by ``rest_s``. Resistances per cell area [Ohm cm2]: instantaneous
        (first sample of the pulse) and at the end of the pulse, R = |dV| / |I|."""
        spec, pv = prepared.spec, prepared.parameter_values
        model = prepared.build_model()
        v_min, v_max = pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
        c, cp, tp = spec["c_rate"], spec["pulse_c_rate"], spec["pulse_s"]
        cycles, soc = [], 1.0
        for target in spec["socs"]:
            hours = (soc - target) / c
            cycles.append((f"Discharge at {c:g}C for {hours * 3600:g} seconds or until "
                           f"{v_min:g} V",
                           f"Rest for {spec['relax_s']:g} seconds",
                           f"Discharge at {cp:g}C for {tp:g} seconds or until {v_min:g} V",
                           f"Rest for {spec['rest_s']:g} seconds",
                           f"Charge at {cp:g}C for {tp:g} seconds or until {v_max:g} V",
                           f"Rest for {spec['rest_s']:g} seconds"))
            soc = target
        sol, solve_time = solve_steps(model, pv, cycles)
        area_cm2, mass_g = areal(pv)
        rows = []
        for target, cyc in zip(spec["socs"], sol.cycles):
            if len(cyc.steps) < 6:
                break
            row = {"soc": target}
            for name, idx, before in (("discharge", 2, 1), ("charge", 4, 3)):
                V0 = float(cyc.steps[before]["Voltage [V]"].entries[-1])
                V = cyc.steps[idx]["Voltage [V]"].entries
                I = abs(float(cyc.steps[idx]["Current [A]"].entries[-1]))
                row[f"{name}_R0_Ohm_cm2"] = abs(V0 - float(V[0])) / I * area_cm2
                row[f"{name}_R_end_Ohm_cm2"] = abs(V0 - float(V[-1])) / I * area_cm2
            row["ocv_V"] = float(cyc.steps[1]["Voltage [V]"].entries[-1])
            rows.append(row)
        ts = timeseries(sol)
        summary = {"cell": prepared.cell_id, "experiment": spec.name, "type": "pulse",
                   "pulse_c_rate": cp, "pulse_s": tp, "pulses": rows,
                   "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
                   "area_cm2": area_cm2, "solve_time_s": solve_time,
                   "overrides": dict(prepared.overrides),
                   "model_options": prepared.model_options,
                   "versions": {"ssb_models": version()}}
        return Result(summary=summary, timeseries=ts, solution=sol,
                      tables={"pulse_resistance": columns(rows) if rows else {},
                              "timeseries": ts})

    def figures(self, out, result, title):
        plt = plotting.pyplot()
        p = result.tables["pulse_resistance"]
        fig, ax = plt.subplots(figsize=(6, 4))
        if p:
            for key, label in (("discharge_R_end_Ohm_cm2", "discharge, end of pulse"),
                               ("charge_R_end_Ohm_cm2", "charge, end of pulse"),
                               ("discharge_R0_Ohm_cm2", "discharge, instantaneous")):
                ax.plot(100 * p["soc"], p[key], "o-", label=label)
        ax.set_xlabel("State of charge [%]")
        ax.set_ylabel("Pulse resistance [Ohm cm2]")
        ax.set_title(title)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        return {"pulse_plot": plotting.save(fig, out / "pulse_resistance.png",
                                            run_note(result.summary))}

    def report(self, result):
        s = result.summary
        return [f"{s['cell']} {s['experiment']}: {len(s['pulses'])} pulses"]

    def conditions(self, spec):
        return [(f"_at_soc_{fmt(s)}", {"soc": float(s)}) for s in spec["socs"]]
