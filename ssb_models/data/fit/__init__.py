"""Estimate parameters from a dataset: the Python API behind ``ssb fit``
(``docs/compare.md``).

Two backends over the shared problem definitions of :mod:`.problem` (parameter
checks, bounds, datasets as residual problems, fit.json and fit.png):

* ``"scipy"`` (default, :mod:`.least_squares`): nonlinear least squares on ln p for
  every dataset kind and for calibration sets, with confidence intervals;
* ``"pybop"`` (:mod:`.pybop`): PyBOP fits one discharge curve or impedance spectrum
  (:mod:`.spectrum`) and samples posteriors. pybop 25.11 installs with the pinned
  stack (it declares no numpy bound; pybop 26.3 requires numpy < 2.4 and is not
  used), through the extra ``pip install 'ssb-models[fit]'``; it is imported only
  when that backend runs. Capacity points and the rest stay with least squares,
  with their intervals.
"""

from ...errors import InputError
from . import least_squares
from . import pybop as pybop_backend
from .problem import check_params, parse_bounds
from .spectrum import SPECTRUM_COLUMNS, Spectrum, is_spectrum, load_spectrum

BACKENDS = ("scipy", "pybop")

__all__ = ["BACKENDS", "SPECTRUM_COLUMNS", "Spectrum", "check_params", "fit", "is_spectrum",
           "load_spectrum", "parse_bounds"]


def fit(dataset, cell, params, bounds=None, overrides=None, options=None, out_dir=None,
        x0=None, progress=False, backend="scipy", samples=0):
    """Fit ``params`` (parameter names) of ``cell`` to ``dataset``: an id, a path, a
    :class:`~ssb_models.data.datasets.Dataset`, or a list of them (a calibration set).

    ``backend="pybop"`` fits one discharge curve or impedance spectrum with PyBOP
    (:mod:`ssb_models.data.fit.pybop`, the optional extra ``ssb-models[fit]``), with a
    posterior from ``samples`` MCMC iterations per chain if ``samples`` > 0; the
    default ``"scipy"`` is the least-squares fitter (:mod:`ssb_models.data.fit.least_squares`).

    One dataset: residuals in its own unit (V for curves, capacity for points, Ohm cm2
    for resistances). Several: relative residuals (simulated/reported - 1), so that
    capacities, resistances and properties weigh alike. The fit works on ln p; the
    covariance s^2 (J^T J)^-1 is computed in ln p and its 95 % interval is reported in p
    as exp(ln p +- t se), so it stays positive. Returns a dict with the fitted values,
    standard errors, intervals, sensitivities, residual RMS before and after, and files.
    """
    if backend not in BACKENDS:
        raise InputError(f"unknown fit backend {backend!r}; allowed: {', '.join(BACKENDS)}.")
    if isinstance(cell, str) and not isinstance(params, str):
        from ...experiments.prepare import check_not_derived
        from ...parameters import get_cell

        # a derived value (capacity, 1C current, ...) is recomputed from the others: a
        # fit of it would move nothing (sensitivity 0) and report its start as the fit
        check_not_derived(get_cell(cell), dict.fromkeys(params))
    if backend == "pybop":
        return pybop_backend.fit(dataset, cell, params, bounds, overrides, options, out_dir,
                                 x0, progress, samples=samples)
    if samples:
        raise InputError("posterior sampling (samples) needs backend 'pybop'; the "
                         "least-squares fitter gives confidence intervals.")
    return least_squares.fit(dataset, cell, params, bounds, overrides, options, out_dir, x0,
                             progress)
