"""``eis``: the impedance spectrum at rest at ``initial_soc``, with PyBaMM's
:class:`pybamm.EISSimulation` on the model with double layers ("surface form":
"differential"); ``docs/experiments.md``.

Keys: ``initial_soc``, ``frequencies_Hz`` = [f_min, f_max], ``points_per_decade``.
"""

import time

import numpy as np

from .. import plotting
from ..files import write_files
from ..physics.constants import CELSIUS_OFFSET
from ..results import Result, areal, version
from .base import Experiment
from .registry import register
from .spec import LIST, NUMBER, ExperimentSpec, check_frequencies, check_soc, fail

#: the model option an impedance needs (PyBaMM's double-layer current balance)
DOUBLE_LAYERS = {"surface form": "differential"}


def arc_resistance(f, z):
    """High-frequency resistance and the width of the impedance arcs [Ohm cm2]: Re Z at
    the first local minimum of -Im Z below the arcs (scanning from high to low
    frequency) minus Re Z at the highest frequency (Re Z at the lowest frequency if -Im Z
    has no minimum)."""
    order = np.argsort(f)[::-1]
    zr, zi = z.real[order], -z.imag[order]
    hfr = float(zr[0])
    idx = len(zr) - 1
    for k in range(1, len(zi) - 1):
        if zi[k] < zi[k - 1] and zi[k] <= zi[k + 1] and zr[k] > hfr:
            idx = k
            break
    return hfr, float(zr[idx] - hfr)


def spectrum_metrics(freqs, z):
    """The scalar metrics of a spectrum (see :attr:`EIS.METRICS`)."""
    hfr, arc = arc_resistance(freqs, z)
    order = np.argsort(freqs)[::-1]
    f, zr, zi = freqs[order], z.real[order], -z.imag[order]
    inside = zr <= hfr + arc + 1e-12  # the first arc (down to its minimum)
    peak = float(f[inside][np.argmax(zi[inside])])
    # all arcs: down to the last local minimum of -Im Z (where a diffusion tail starts)
    minima = [k for k in range(1, len(zi) - 1)
              if zi[k] < zi[k - 1] and zi[k] <= zi[k + 1] and zr[k] > hfr]
    arcs = float((zr[minima[-1]] if minima else zr[-1]) - hfr)
    return {"high_frequency_resistance_Ohm_cm2": hfr, "arc_resistance_Ohm_cm2": arc,
            "arc_peak_frequency_Hz": peak, "arcs_resistance_Ohm_cm2": arcs,
            "low_frequency_Z_real_Ohm_cm2": float(zr[-1]),
            "low_frequency_minus_Z_imag_Ohm_cm2": float(zi[-1])}


@register
class EIS(Experiment):
    type = "eis"
    KEYS = {"initial_soc": (NUMBER, 0.5), "frequencies_Hz": (LIST, [1e-2, 1e6]),
            "points_per_decade": (int, 10)}
    OWN_RATE = "no current (impedance at rest)"
    NEEDS_OPTIONS = DOUBLE_LAYERS
    METRICS = {"high_frequency_resistance_Ohm_cm2": "Ohm cm2",
               "arc_resistance_Ohm_cm2": "Ohm cm2", "arc_peak_frequency_Hz": "Hz",
               "arcs_resistance_Ohm_cm2": "Ohm cm2",
               "low_frequency_Z_real_Ohm_cm2": "Ohm cm2",
               "low_frequency_minus_Z_imag_Ohm_cm2": "Ohm cm2"}

    def parse(self, settings, data, source):
        freqs = settings["frequencies_Hz"]
        check_frequencies(source, freqs)
        ppd = settings["points_per_decade"]
        if not 1 <= ppd <= 100:
            fail(source, f"key 'points_per_decade' must be in [1, 100], got {ppd!r}.")
        soc = float(settings["initial_soc"])
        check_soc(source, soc)
        return ExperimentSpec(name=data["name"], description=data["description"], steps=(),
                              initial_soc=soc, source=source, type="eis",
                              frequencies_Hz=(float(freqs[0]), float(freqs[1])),
                              points_per_decade=int(ppd))

    def run(self, prepared, out_dir=None):
        """Impedance with PyBaMM's EISSimulation on the surface-form model."""
        import pybamm

        module, spec, pv = prepared.cell, prepared.spec, prepared.parameter_values
        eis = pybamm.EISSimulation(prepared.build_model(), parameter_values=pv)
        f = spec.frequencies()
        t0 = time.perf_counter()
        Z = np.asarray(eis.solve(f).impedance)
        solve_time = time.perf_counter() - t0
        area_cm2, _ = areal(pv)
        z = Z * area_cm2  # Ohm cm2
        summary = {
            "cell": module.CELL.id,
            "parameter_set": module.CELL.parameter_set,
            "experiment": spec.name,
            "type": "eis",
            "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
            "initial_soc": spec.initial_soc,
            "frequency_range_Hz": [float(f.min()), float(f.max())],
            "high_frequency_resistance_Ohm_cm2": float(z[np.argmax(f)].real),
            "lowest_frequency_impedance_Ohm_cm2": [float(z[np.argmin(f)].real),
                                                   float(z[np.argmin(f)].imag)],
            "solve_time_s": solve_time,
            "overrides": dict(prepared.overrides),
            "model_options": prepared.model_options,
            "versions": {"ssb_models": version(), "pybamm": pybamm.__version__},
        }
        ts = {"frequency_Hz": f, "Z_real_Ohm_cm2": z.real, "Z_imag_Ohm_cm2": z.imag}
        return Result(summary=summary, timeseries=ts, solution=None)

    def write(self, result, out_dir):
        ts, s = result.timeseries, result.summary

        def draw(ax):
            plotting.nyquist(ax, ts["Z_real_Ohm_cm2"], -ts["Z_imag_Ohm_cm2"])
            ax.set_title(f"{s['cell']}: EIS at SOC {s['initial_soc']:g}, "
                         f"{s['temperature_C']:g} C")

        return write_files(out_dir, s, "impedance", ts, "nyquist", draw, figsize=(6, 4.5))

    def report(self, result):
        s = result.summary
        return [f"{s['cell']} EIS at SOC {s['initial_soc']:g}, {s['temperature_C']:g} C: "
                f"high-frequency resistance {s['high_frequency_resistance_Ohm_cm2']:.3f} "
                "Ohm cm2"]

    def values(self, spec, result):
        ts = result.timeseries
        z = np.asarray(ts["Z_real_Ohm_cm2"]) + 1j * np.asarray(ts["Z_imag_Ohm_cm2"])
        return spectrum_metrics(np.asarray(ts["frequency_Hz"], float), z)
