"""Li metal | solid electrolyte contact under stripping: the lithium supply to
the interface and the void-growth rate (docs/lithium_contact.md).

Every function works on floats, numpy arrays and PyBaMM symbols.
"""

import numpy as np

from .constants import FARADAY
from .transport import arrhenius


def lithium_supply_current(f, p, T, i_v_ref, E_v, i_cr_ref, p_ref, m, Q_c, T_ref):
    """Current density of Li that reaches the interface per geometric area [A.m-2].

    i_sup = f i_v(T) + f i_cr(T) (p / (f p_ref))^m

    - vacancy diffusion in the Li away from the contacted area, i_v per
      contacted area (Krauskopf et al. 2019), Arrhenius with E_v;
    - creep of Li towards the interface driven by the stress on the contacts
      p / f (the load is carried by the contacted fraction f), power law of
      exponent m, Arrhenius with Q_c.

    Parameters
    ----------
    f : contact fraction [-]; p : stack pressure [Pa]; T : temperature [K];
    i_v_ref : vacancy-diffusion supply per contacted area at T_ref [A.m-2];
    E_v : its activation energy [J.mol-1]; i_cr_ref : creep supply at p_ref, f = 1,
    T_ref [A.m-2]; p_ref : [Pa]; m : pressure exponent [-]; Q_c : creep activation
    energy [J.mol-1]; T_ref : [K].
    """
    i_v = arrhenius(i_v_ref, E_v, T, T_ref)
    i_cr = arrhenius(i_cr_ref, Q_c, T, T_ref)
    return f * i_v + f * i_cr * (p / (f * p_ref)) ** m


def onset_current(p, T, i_v_ref, E_v, i_cr_ref, p_ref, m, Q_c, T_ref):
    """Stripping current density at which voids start to grow at full contact
    [A.m-2]: i* = i_sup(f = 1) (the analytic threshold of the submodel)."""
    return lithium_supply_current(1.0, p, T, i_v_ref, E_v, i_cr_ref, p_ref, m, Q_c, T_ref)


def contact_rate(f, i_strip, i_sup, V_m, h_v, eps=1e-3):
    """d f / d t [s-1] of the contact fraction.

    Voids grow when the stripping current exceeds the supply,
    df/dt = -(V_m / (F h_v)) (i_s - i_sup); when the supply exceeds the stripping
    current (rest, plating, low current) creep refills the voids,
    df/dt = (V_m / (F h_v)) (i_sup - i_s) (1 - f)^+ / ((1 - f)^+ + eps), which
    vanishes at full contact (and never pushes f above 1).

    Parameters
    ----------
    f : contact fraction [-]; i_strip : stripping current density per geometric
    area, max(i, 0) [A.m-2]; i_sup : supply current density [A.m-2]; V_m : molar
    volume of Li [m3.mol-1]; h_v : void depth [m] (void volume per area lost);
    eps : smoothing of the refill near f = 1 [-].
    """
    k = V_m / (FARADAY * h_v)
    excess = i_strip - i_sup
    try:
        import pybamm

        symbolic = any(isinstance(x, pybamm.Symbol) for x in (f, i_strip, i_sup))
    except ImportError:  # pragma: no cover
        symbolic = False
    if symbolic:
        grow = pybamm.maximum(excess, 0)
        gap = pybamm.maximum(1 - f, 0)
    else:
        grow = np.maximum(excess, 0)
        gap = np.maximum(1 - f, 0)
    refill = (-excess + grow) * gap / (gap + eps)  # (i_sup - i_s)^+ (1 - f)^+ / (...)
    return k * (refill - grow)
