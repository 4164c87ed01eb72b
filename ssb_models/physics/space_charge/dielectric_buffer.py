r"""A charge-free dielectric buffer (e.g. LiNbO3 taken as an insulator) in series with
the solid electrolyte's single space-charge layer: **a comparison only**
(``docs/space_charge.md``, "Dielectric buffer (comparison only)"; ``ssb scl
--cathode-potential``). The buffer takes the step as a capacitor
:math:`C_b = \varepsilon_0\varepsilon_b/d`, so the same charge sits on it and on the
layer of :mod:`.single_layer`. It is the limit of no mobile Li of the Li-conducting
buffer of :mod:`.buffer_stack`, which the cell model uses.
"""

import numpy as np

from ..constants import EPSILON_0
from .single_layer import layer_charge, layer_resistance


def partition_step(delta_phi_total, relative_permittivity, site_density, theta0,
                   temperature, buffer_thickness=0.0, buffer_relative_permittivity=1.0):
    r"""Split a potential step between a buffer layer and the space-charge layer, the
    buffer taken as a charge-free dielectric: **a comparison only** (``ssb scl
    --cathode-potential``, "dielectric buffer"). It takes most of the step by
    construction and ignores the buffer's Li; the cell model uses the Li-conducting
    buffer of :func:`buffer_layer_step` (its limit c0_b -> 0 is this function).

    The buffer (e.g. LiNbO3) is treated as a charge-free dielectric of capacitance
    :math:`C_b = \varepsilon_0\varepsilon_b/d` in series with the layer, so the same
    charge sits on both:

    .. math::
        Q_\mathrm{scl}(\Delta\phi_\mathrm{scl}) = C_b(\Delta\phi - \Delta\phi_\mathrm{scl})

    solved for :math:`\Delta\phi_\mathrm{scl}` by bracketing (Q is monotonic). With no
    buffer (d = 0) the whole step falls on the layer. Returns
    :math:`\Delta\phi_\mathrm{scl}` [V].
    """
    from scipy.optimize import brentq

    def one(total):
        total = float(total)
        if buffer_thickness <= 0 or total <= 0:
            return max(total, 0.0)
        C_b = EPSILON_0 * buffer_relative_permittivity / buffer_thickness

        def residual(x):
            return float(layer_charge(x, relative_permittivity, site_density, theta0,
                                      temperature)) - C_b * (total - x)

        return brentq(residual, 0.0, total, xtol=1e-12, rtol=1e-12)

    return np.vectorize(one, otypes=[float])(delta_phi_total)


def interface_resistance_vs_step(delta_phi_total, relative_permittivity, site_density,
                                 theta0, temperature, bulk_conductivity,
                                 buffer_thickness=0.0, buffer_relative_permittivity=1.0,
                                 buffer_conductivity=None):
    """Series resistance [Ohm.m2] of buffer (d / sigma_b) and space-charge layer for a
    total potential step, after :func:`partition_step` (dielectric buffer: comparison
    only; without a buffer, the SE's layer)."""
    d_scl = partition_step(delta_phi_total, relative_permittivity, site_density, theta0,
                           temperature, buffer_thickness, buffer_relative_permittivity)
    R = layer_resistance(d_scl, relative_permittivity, site_density, theta0, temperature,
                         bulk_conductivity)
    if buffer_thickness > 0:
        R = R + buffer_thickness / buffer_conductivity
    return R
