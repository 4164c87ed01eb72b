"""``temperature-ladder``: a rate capability ("reset") at each of ``temperatures_C``;
one model, rate and temperature inputs (``docs/experiments.md``).

Keys: ``c_rates`` and ``temperatures_C`` (lists), ``period_s``.
"""

import numpy as np

from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, columns, long_curves, version
from .base import Experiment, fmt
from .rate_capability import RATE_METRICS, check_rates, rate_figures, rate_rows, rate_table
from .registry import register
from .spec import LIST, NUMBER, fail


@register
class TemperatureLadder(Experiment):
    type = "temperature-ladder"
    KEYS = {"c_rates": (LIST, None), "temperatures_C": (LIST, None),
            "period_s": (NUMBER, 0)}
    NUMBER_LISTS = ("c_rates", "temperatures_C")
    OWN_RATE = "its 'c_rates' list"
    METRICS = RATE_METRICS
    ROWS = "rates"

    def parse(self, settings, data, source):
        check_rates(source, settings)
        if min(settings["temperatures_C"]) <= -CELSIUS_OFFSET:
            fail(source, "key 'temperatures_C' must be above absolute zero, got "
                 f"{settings['temperatures_C']!r}.")
        return super().parse(settings, data, source)

    def owns_temperature(self, spec):
        return True

    def owned_parameters(self, spec):
        return dict.fromkeys(("Ambient temperature [K]", "Initial temperature [K]"),
                             "its 'temperatures_C'")

    def run(self, prepared, out_dir=None):
        from .discharge_runner import DischargeRunner

        spec = prepared.spec
        runner = DischargeRunner.from_prepared(prepared)
        summaries, curves = [], {}
        for T in spec["temperatures_C"]:
            for c in spec["c_rates"]:
                s, ts, _ = runner.discharge(c, T, period_s=spec.period_s)
                summaries.append(s)
                curves[(T, c)] = ts
        rows = []
        for T in spec["temperatures_C"]:
            rows += rate_rows([s for s in summaries if s["temperature_C"] == round(T, 6)])
        mass_g = summaries[0]["active_material_mass_mg"] / 1e3
        long = {"temperature_C": [], "c_rate": [], "time_s": [], "voltage_V": [],
                "capacity_mAh_g": []}
        for (T, c), ts in curves.items():
            part = long_curves({c: ts}, mass_g)
            long["temperature_C"].append(np.full(len(part["c_rate"]), T))
            for k, v in part.items():
                long[k].append(v)
        long = {k: np.concatenate(v) for k, v in long.items()}
        summary = {"cell": prepared.cell_id, "experiment": spec.name, "type": spec.type,
                   "rates": rows, "temperatures_C": spec["temperatures_C"],
                   "active_material_mass_mg": summaries[0]["active_material_mass_mg"],
                   "area_cm2": summaries[0]["area_cm2"],
                   "solve_time_s": sum(s["solve_time_s"] for s in summaries),
                   "overrides": dict(prepared.overrides),
                   "model_options": runner.model_options,
                   "versions": {"ssb_models": version()}}
        return Result(summary=summary, timeseries=long,
                      tables={"temperature_ladder": columns(rows), "curves": long})

    def figures(self, out, result, title):
        # voltage curves at the first temperature; retention and Ragone for all
        s, curves = result.summary, result.tables["curves"]
        T0 = s["temperatures_C"][0]
        curves = {k: v[curves["temperature_C"] == T0] for k, v in curves.items()}
        return rate_figures(out, s, curves, s["rates"], title)

    def report(self, result):
        return rate_table(result.summary)

    def conditions(self, spec):
        return [(f"_at_{fmt(r)}C_{fmt(T)}degC", {"c_rate": float(r), "temperature_C": float(T)})
                for T in spec["temperatures_C"] for r in spec["c_rates"]]
