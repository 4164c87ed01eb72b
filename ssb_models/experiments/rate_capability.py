"""``rate-capability``: the discharge capacity at each of ``c_rates``
(``docs/experiments.md``).

Keys: ``c_rates`` (list), ``start`` = "reset" (every discharge from the same
full-charge state, the model built once and the rate an input) or "cccv" (a CC-CV
charge before each discharge: ``charge_c_rate``, ``cv_cutoff_c_rate``, ``rest_min``),
``period_s``.
"""

import math

from .. import plotting
from ..files import run_note
from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, columns, long_curves, summarize, timeseries, version
from .base import Experiment, fmt, solve_steps
from .registry import register
from .spec import LIST, NUMBER, default_period_s, fail, refuse_ignored

RATE_KEYS = ("c_rate", "capacity_mAh_g", "capacity_mAh_cm2", "mean_voltage_V",
             "energy_mWh_cm2", "power_mW_cm2", "energy_Wh_kg", "power_W_kg", "retention",
             "reached_cutoff")
RATE_METRICS = {"capacity_mAh_g": "mAh/g", "capacity_mAh_cm2": "mAh/cm2",
                "mean_voltage_V": "V", "energy_mWh_cm2": "mWh/cm2", "power_mW_cm2": "mW/cm2",
                "energy_Wh_kg": "Wh/kg", "power_W_kg": "W/kg", "retention": "1",
                "reached_cutoff": "1 = yes"}
STARTS = ("reset", "cccv")


def rate_rows(summaries):
    """One row per discharge (sorted by rate) with the retention relative to the lowest
    rate's capacity."""
    ref = max(summaries, key=lambda s: -s["c_rate"])["capacity_mAh_g"]
    rows = []
    for s in sorted(summaries, key=lambda s: s["c_rate"]):
        s = dict(s)
        s["retention"] = s["capacity_mAh_g"] / ref if ref else math.nan
        rows.append({k: s.get(k) for k in RATE_KEYS} | (
            {"temperature_C": s["temperature_C"]} if "temperature_C" in s else {}))
    return rows


def check_rates(source, settings):
    if min(settings["c_rates"]) <= 0:
        fail(source, f"key 'c_rates' must hold numbers > 0, got {settings['c_rates']!r}.")


@register
class RateCapability(Experiment):
    type = "rate-capability"
    KEYS = {"c_rates": (LIST, None), "start": (str, "reset"),
            "charge_c_rate": (NUMBER, 0.2), "cv_cutoff_c_rate": (NUMBER, 0.02),
            "rest_min": (NUMBER, 10.0), "period_s": (NUMBER, 0)}
    NUMBER_LISTS = ("c_rates",)
    OWN_RATE = "its 'c_rates' list"
    METRICS = RATE_METRICS
    ROWS = "rates"

    def parse(self, settings, data, source):
        check_rates(source, settings)
        if settings["start"] not in STARTS:
            fail(source, f"key 'start' must be one of {', '.join(STARTS)}, got "
                 f"{settings['start']!r}.")
        if settings["start"] == "reset":
            refuse_ignored(source, data, ("charge_c_rate", "cv_cutoff_c_rate", "rest_min"),
                           "start = \"reset\" starts every discharge from the same full "
                           "charge without a charge step", "start = \"cccv\"")
        return super().parse(settings, data, source)

    def initial_soc(self, spec):
        return 0.0 if spec["start"] == "cccv" else 1.0

    def run(self, prepared, out_dir=None):
        """Discharge capacity at each of ``spec["c_rates"]``.

        ``start = "reset"``: every discharge starts from the same full-charge state;
        one model, the rate an input. ``start = "cccv"``: a PyBaMM Experiment with a
        CC-CV charge (``charge_c_rate`` to the upper cut-off, hold until
        ``cv_cutoff_c_rate``, rest ``rest_min``) before each discharge, from 0 % SOC.
        """
        spec = prepared.spec
        if spec["start"] == "cccv":
            return _run_cccv(prepared)
        from .discharge_runner import DischargeRunner

        runner = DischargeRunner.from_prepared(prepared)
        curves, summaries = {}, []
        for c in spec["c_rates"]:
            s, ts, _ = runner.discharge(c, prepared.temperature_C, period_s=spec.period_s)
            summaries.append(s)
            curves[c] = ts
        return rate_result(prepared, summaries, curves, runner.base)

    def figures(self, out, result, title):
        return rate_figures(out, result.summary, result.tables["curves"],
                            result.summary["rates"],
                            f"{title}, {result.summary['temperature_C']:g} C")

    def report(self, result):
        return rate_table(result.summary)

    def conditions(self, spec):
        return [(f"_at_{fmt(r)}C", {"c_rate": float(r)}) for r in spec["c_rates"]]


def rate_result(prepared, summaries, curves, pv):
    spec = prepared.spec
    rows = rate_rows(summaries)
    summary = {
        "cell": prepared.cell_id, "experiment": spec.name, "type": spec.type,
        "start": spec.settings.get("start", "reset"),
        "temperature_C": summaries[0]["temperature_C"],
        "rates": rows,
        "active_material_mass_mg": summaries[0]["active_material_mass_mg"],
        "area_cm2": summaries[0]["area_cm2"],
        "nominal_capacity_mAh_cm2": summaries[0]["nominal_capacity_mAh_cm2"],
        "lower_cutoff_V": pv["Lower voltage cut-off [V]"],
        "upper_cutoff_V": pv["Upper voltage cut-off [V]"],
        "solve_time_s": sum(s["solve_time_s"] for s in summaries),
        "overrides": dict(prepared.overrides), "model_options": prepared.model_options,
        "versions": {"ssb_models": version()},
    }
    long = long_curves(curves, summaries[0]["active_material_mass_mg"] / 1e3)
    return Result(summary=summary, timeseries=long,
                  tables={"rate_capability": columns(rows), "curves": long})


def _run_cccv(prepared):
    spec, pv = prepared.spec, prepared.parameter_values  # derived at 0 % SOC
    model = prepared.build_model()
    v_min, v_max = pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
    cycles = [(f"Charge at {spec['charge_c_rate']:g}C until {v_max:g} V",
               f"Hold at {v_max:g} V until {spec['cv_cutoff_c_rate']:g}C",
               f"Rest for {spec['rest_min']:g} minutes",
               f"Discharge at {c:g}C until {v_min:g} V") for c in spec["c_rates"]]
    sol, solve_time = solve_steps(model, pv, cycles,
                                  spec.period_s or default_period_s(max(spec["c_rates"])))
    summaries, curves = [], {}
    for c, cyc in zip(spec["c_rates"], sol.cycles):
        ts = timeseries(cyc.steps[-1])
        s = summarize(pv, ts)
        s.update({"c_rate": c, "solve_time_s": solve_time / len(cycles),
                  "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
                  "reached_cutoff": bool(ts["voltage_V"][-1] <= v_min + 1e-3)})
        summaries.append(s)
        curves[c] = ts
    return rate_result(prepared, summaries, curves, pv)


def rate_table(s):
    """The rate table ``ssb run`` prints (rate capability and temperature ladder)."""
    lines = [f"{s['cell']} {s['experiment']}:",
             f"{'T [C]':>6} {'C-rate':>7} {'mAh/g':>8} {'mAh/cm2':>8} {'mean V':>7} "
             f"{'mWh/cm2':>8} {'retention':>9}"]
    for r in s["rates"]:
        lines.append(f"{r.get('temperature_C', s.get('temperature_C', 0)):>6g} "
                     f"{r['c_rate']:>7g} {r['capacity_mAh_g']:>8.1f} "
                     f"{r['capacity_mAh_cm2']:>8.3f} {r['mean_voltage_V'] or 0:>7.3f} "
                     f"{r['energy_mWh_cm2']:>8.3f} {100 * r['retention']:>8.1f}%")
    return lines


def rate_figures(out, s, curves, rows, title):
    """Voltage curves per rate, retention against rate and a Ragone plot."""
    plt = plotting.pyplot()
    files = {}
    fig, ax = plt.subplots(figsize=(6, 4))
    cmap = plt.get_cmap("viridis")
    rates = sorted(set(curves["c_rate"]))
    for i, c in enumerate(rates):
        m = curves["c_rate"] == c
        ax.plot(curves["capacity_mAh_g"][m], curves["voltage_V"][m], lw=1.8,
                color=cmap(i / max(len(rates) - 1, 1)), label=f"{c:g}C")
    ax.set_xlabel("Capacity [mAh per g cathode active material]")
    ax.set_ylabel("Voltage [V]")
    ax.set_title(title)
    ax.legend(fontsize=8, ncol=2)
    ax.grid(alpha=0.3)
    files["voltage_curves"] = plotting.save(fig, out / "voltage_curves.png", run_note(s))

    fig, ax = plt.subplots(figsize=(6, 4))
    groups = sorted({r.get("temperature_C") for r in rows}, key=lambda x: (x is None, x))
    for T in groups:
        sel = [r for r in rows if r.get("temperature_C") == T]
        label = f"{T:g} C" if T is not None else None
        ax.semilogx([r["c_rate"] for r in sel], [100 * r["retention"] for r in sel], "o-",
                    label=label)
    ax.set_xlabel("C-rate")
    ax.set_ylabel("Capacity retention [% of lowest rate]")
    ax.set_title(title)
    if len(groups) > 1:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    files["retention"] = plotting.save(fig, out / "retention.png", run_note(s))

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for T in groups:
        sel = [r for r in rows if r.get("temperature_C") == T and r["power_mW_cm2"] > 0]
        label = f"{T:g} C" if T is not None else None
        axes[0].loglog([r["power_mW_cm2"] for r in sel], [r["energy_mWh_cm2"] for r in sel],
                       "o-", label=label)
        axes[1].loglog([r["power_W_kg"] for r in sel], [r["energy_Wh_kg"] for r in sel], "o-",
                       label=label)
    axes[0].set_xlabel("Power [mW/cm2]")
    axes[0].set_ylabel("Energy [mWh/cm2]")
    axes[1].set_xlabel("Power [W/kg cathode active material]")
    axes[1].set_ylabel("Energy [Wh/kg cathode active material]")
    for ax in axes:
        ax.grid(alpha=0.3, which="both")
        if len(groups) > 1:
            ax.legend(fontsize=8)
    fig.suptitle(f"Ragone: {title}")
    files["ragone"] = plotting.save(fig, out / "ragone.png", run_note(s))
    return files

