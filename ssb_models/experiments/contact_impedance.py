"""``contact-impedance``: the impedance of the Li|SE contact before and after stripping
(docs/lithium_contact.md, "Impedance of the contact").

From ``initial_soc``, with the Li contact as a state ("lithium contact": "voids") and
double layers ("surface form": "differential"): a spectrum at rest, then a strip of
``strip_mAh_cm2`` at ``strip_mA_cm2`` and a rest of ``rest_min``, then two spectra at
the rested state: as it is, and with the contact fraction restored to 1 (the same
cathode state and Li thickness). The difference of the last two is the contact's own
contribution; the first two show what a measurement sees.

Keys: ``strip_mA_cm2``, ``strip_mAh_cm2``, ``rest_min``, ``initial_soc``,
``frequencies_Hz`` = [f_min, f_max], ``points_per_decade``.
"""

import time

import numpy as np

from .. import plotting
from ..errors import SolveError
from ..files import write_files
from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, areal, version
from .base import Experiment, solve_steps
from .eis import DOUBLE_LAYERS, spectrum_metrics
from .registry import register
from .spec import (
    LIST,
    MAX_DURATION_S,
    NUMBER,
    check_frequencies,
    check_soc,
    fail,
    log_frequencies,
)

#: the contact state (PyBaMM's Li-metal interface utilisation, a differential state)
CONTACT_STATE = "Lithium metal interface utilisation variable"
SPECTRA = ("before", "after", "restored")


@register
class ContactImpedance(Experiment):
    type = "contact-impedance"
    KEYS = {"strip_mA_cm2": (NUMBER, 0.5), "strip_mAh_cm2": (NUMBER, 0.1),
            "rest_min": (NUMBER, 10.0), "initial_soc": (NUMBER, 0.5),
            "frequencies_Hz": (LIST, [1e-2, 1e6]), "points_per_decade": (int, 8)}
    OWN_RATE = "its 'strip_mA_cm2'"
    NEEDS_OPTIONS = {"lithium contact": "voids", **DOUBLE_LAYERS}
    METRICS = {"contact_fraction_after": "1", "contact_resistance_Ohm_cm2": "Ohm cm2",
               "arcs_resistance_before_Ohm_cm2": "Ohm cm2",
               "arcs_resistance_after_Ohm_cm2": "Ohm cm2"}

    def parse(self, settings, data, source):
        check_frequencies(source, settings["frequencies_Hz"])
        if not 1 <= settings["points_per_decade"] <= 100:
            fail(source, "key 'points_per_decade' must be in [1, 100], got "
                 f"{settings['points_per_decade']!r}.")
        check_soc(source, settings["initial_soc"], low_open=True)
        t_s = settings["strip_mAh_cm2"] / settings["strip_mA_cm2"] * 3600.0
        if t_s + settings["rest_min"] * 60 > MAX_DURATION_S:
            fail(source, f"the strip and rest take {t_s + settings['rest_min'] * 60:.3g} s, "
                 f"longer than {MAX_DURATION_S:g} s.")
        return super().parse(settings, data, source)

    def initial_soc(self, spec):
        return spec["initial_soc"]

    def run(self, prepared, out_dir=None):
        """The three spectra (before, after stripping and rest, after with the contact
        restored), with PyBaMM's EISSimulation linearised at each state."""
        import pybamm

        spec, pv = prepared.spec, prepared.parameter_values
        area_cm2, _ = areal(pv)
        freqs = log_frequencies(spec["frequencies_Hz"], spec["points_per_decade"])
        I_A = spec["strip_mA_cm2"] * area_cm2 * 1e-3
        t_s = spec["strip_mAh_cm2"] / spec["strip_mA_cm2"] * 3600.0
        steps = [(f"Discharge at {I_A:.6g} A for {t_s:.6g} seconds",
                  f"Rest for {spec['rest_min']:g} minutes")]
        level = pybamm.logger.level
        pybamm.set_logging_level("ERROR")
        t0 = time.perf_counter()
        try:
            sol, _ = solve_steps(prepared.build_model(), pv, steps,
                                 period_s=min(10.0, t_s / 20))
        except pybamm.SolverError as exc:
            raise SolveError(f"contact-impedance strip failed: {str(exc).strip()}") from None
        finally:
            pybamm.logger.setLevel(level)
        if len(sol.cycles[-1].steps) < 2:
            raise SolveError(
                f"the strip ended early ({sol.termination}): at {spec['strip_mA_cm2']:g} "
                f"mA/cm2 the Li|SE contact is lost before {spec['strip_mAh_cm2']:g} mAh/cm2 "
                "are stripped, and there is no contact left to measure; strip less or "
                "slower ('strip_mAh_cm2', 'strip_mA_cm2').")
        f_after = float(sol["Lithium metal interface utilisation"].entries[-1])

        def spectrum(solution=None, contact=None):
            model = prepared.build_model()
            if solution is not None:
                model.set_initial_conditions_from(solution)
            if contact is not None:
                state = next(v for v in model.initial_conditions if v.name == CONTACT_STATE)
                model.initial_conditions[state] = pybamm.Scalar(contact)
            eis = pybamm.EISSimulation(model, parameter_values=pv)
            return np.asarray(eis.solve(freqs).impedance) * area_cm2  # Ohm cm2

        z = {"before": spectrum(), "after": spectrum(sol), "restored": spectrum(sol, 1.0)}
        solve_time = time.perf_counter() - t0
        metrics = {k: spectrum_metrics(freqs, v) for k, v in z.items()}
        # the contact's own resistance: after minus restored, in the middle of the
        # frequency range where both are resistive (at the Li arc's low-frequency end)
        k = int(np.argmin(np.abs(np.log10(freqs) - np.log10(CONTACT_READ_HZ))))
        summary = {
            "cell": prepared.cell_id, "experiment": spec.name, "type": spec.type,
            "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
            "stack_pressure_MPa": float(pv["Stack pressure [Pa]"]) / 1e6,
            "initial_soc": spec["initial_soc"], "strip_mA_cm2": spec["strip_mA_cm2"],
            "strip_mAh_cm2": spec["strip_mAh_cm2"], "rest_min": spec["rest_min"],
            "contact_fraction_after": f_after,
            "contact_read_frequency_Hz": float(freqs[k]),
            "contact_resistance_Ohm_cm2": float((z["after"] - z["restored"]).real[k]),
            **{f"arcs_resistance_{name}_Ohm_cm2": metrics[name]["arcs_resistance_Ohm_cm2"]
               for name in SPECTRA},
            **{f"high_frequency_resistance_{name}_Ohm_cm2":
               metrics[name]["high_frequency_resistance_Ohm_cm2"] for name in SPECTRA},
            "solve_time_s": solve_time, "overrides": dict(prepared.overrides),
            "model_options": prepared.model_options,
            "versions": {"ssb_models": version(), "pybamm": pybamm.__version__},
        }
        ts = {"frequency_Hz": freqs}
        for name in SPECTRA:
            ts[f"Z_real_{name}_Ohm_cm2"] = z[name].real
            ts[f"Z_imag_{name}_Ohm_cm2"] = z[name].imag
        return Result(summary=summary, timeseries=ts, solution=sol)

    def write(self, result, out_dir):
        ts, s = result.timeseries, result.summary

        def draw(ax):
            labels = {"before": "before stripping",
                      "after": f"after stripping (contact {s['contact_fraction_after']:.2f})",
                      "restored": "after, contact restored to 1"}
            for name, style in zip(SPECTRA, ("-", "-", "--")):
                plotting.nyquist(ax, ts[f"Z_real_{name}_Ohm_cm2"],
                                 -ts[f"Z_imag_{name}_Ohm_cm2"], ls=style, label=labels[name])
            ax.legend(fontsize=7)
            ax.set_title(f"{s['cell']}: Li|SE contact impedance, strip "
                         f"{s['strip_mAh_cm2']:g} mAh/cm2 at {s['strip_mA_cm2']:g} mA/cm2")

        return write_files(out_dir, s, "impedance", ts, "nyquist", draw, figsize=(6.5, 4.8))

    def report(self, result):
        s = result.summary
        return [f"{s['cell']} contact impedance at {s['stack_pressure_MPa']:g} MPa, "
                f"{s['temperature_C']:g} C: strip {s['strip_mAh_cm2']:g} mAh/cm2 at "
                f"{s['strip_mA_cm2']:g} mA/cm2, rest {s['rest_min']:g} min",
                f"  contact fraction 1 -> {s['contact_fraction_after']:.3f}; arcs "
                f"{s['arcs_resistance_before_Ohm_cm2']:.3g} -> "
                f"{s['arcs_resistance_after_Ohm_cm2']:.3g} Ohm cm2; the contact's own "
                f"{s['contact_resistance_Ohm_cm2']:.3g} Ohm cm2 (at "
                f"{s['contact_read_frequency_Hz']:.3g} Hz)"]

    def values(self, spec, result):
        return {m: result.summary[m] for m in self.METRICS}


#: where the contact resistance is read [Hz]: below the Li|SE charge-transfer arc
#: (~kHz) and above the cathode's diffusion (docs/lithium_contact.md)
CONTACT_READ_HZ = 1.0
