"""Scalar metrics of an experiment's result: what a sweep (``docs/sweeps.md``) or a
sensitivity analysis records per point for any predefined experiment.

Each experiment type declares its metrics (``METRICS``, per condition where it runs
several: ``capacity_mAh_g_at_2C``, ``discharge_R0_Ohm_cm2_at_soc_0.5``,
``critical_current_mA_cm2_at_3MPa``); these two functions ask the registry.
:func:`available` works before any solve, so a sweep file's metrics are checked when it
is loaded. A value the run did not produce (a rate that did not discharge, no valid
GITT estimate, a spectrum without an arc minimum) is ``None`` (NaN in ``results.nc``,
empty in ``results.csv``), never a made-up number.
"""

from .experiments import registry


def available(spec):
    """``{metric name: unit}`` of an :class:`~ssb_models.experiments.ExperimentSpec`."""
    return registry.get(spec.type).metrics(spec)


def extract(spec, result, names=None):
    """``{name: float or None}`` for ``names`` (default: all of :func:`available`)."""
    return registry.get(spec.type).extract(spec, result, names)
