"""Open-circuit potential fits, as pure functions of stoichiometry.

Each works on floats, numpy arrays and PyBaMM symbols.
"""

import numpy as np

from .constants import FARADAY, GAS_CONSTANT

# Yao & Viswanathan (2024) Redlich-Kister fit of Li4+3xTi5O12 (their
# pybamm_OCV_functions/LTO.py): excess-Gibbs coefficients [J.mol-1], reference
# chemical potential, miscibility-gap ends and coexistence chemical potential.
_LTO_OMEGAS = (14025.5664, 15593.5771, -100475.7578, -26389.4648)
_LTO_G0 = -155432.9219
_LTO_X_ALPHA = 0.1186100244522095
_LTO_X_BETA = 0.8482373952865601
_LTO_MU_COEX = -155770.73438
_LTO_T_FIT = 300.0


def _is_symbol(x):
    return type(x).__module__.startswith("pybamm")


def _lto_rk_chemical_potential(sto, log):
    """Redlich-Kister chemical potential mu(x) [J.mol-1] of the Yao & Viswanathan fit
    (no miscibility-gap construction)."""
    eps = 1e-7
    mu = _LTO_G0 + GAS_CONSTANT * _LTO_T_FIT * log((sto + eps) / (1 - sto + eps))
    for i, omega in enumerate(_LTO_OMEGAS):
        term = (1 - 2 * sto) ** (i + 1)
        if i > 0:  # the i = 0 derivative term is identically zero (and 0**-1 at x = 1/2)
            term = term - 2 * i * sto * (1 - sto) * (1 - 2 * sto) ** (i - 1)
        mu = mu + omega * term
    return mu


def lto_ocp_yao2024(sto):
    r"""Open-circuit potential of Li4+3xTi5O12 as fitted by Yao & Viswanathan [V].

    Regular-solution (Redlich-Kister) chemical potential outside the
    two-phase region and the coexistence potential inside it:

    .. math::
        \mu(x) = G_0 + RT\ln\frac{x}{1-x}
        + \sum_{i=0}^{3}\Omega_i\left[(1-2x)^{i+1} - 2ix(1-x)(1-2x)^{i-1}\right],
        \qquad U = -\mu/F

    for :math:`x < x_\alpha` or :math:`x > x_\beta`, and
    :math:`U = -\mu_\mathrm{coex}/F = 1.6145` V for
    :math:`x_\alpha \le x \le x_\beta` (0.1186 to 0.8482). T is fixed at the
    fit's 300 K. The slope jumps at the gap edges (only C0): the cell model uses
    :func:`lto_ocp_smooth` instead.

    Parameters
    ----------
    sto : float, array or pybamm.Symbol
        Stoichiometry x: Li4+3xTi5O12, x = 0 for Li4Ti5O12 (charged state of
        the anode is x -> 1, Li7Ti5O12), 175 mAh/g between x = 0 and 1.

    Returns
    -------
    OCP [V] vs Li/Li+.

    References
    ----------
    .. [1] A. Yao, V. Viswanathan, "Open-Circuit Voltage Models Should Be
       Thermodynamically Consistent", J. Phys. Chem. Lett. (2024),
       doi:10.1021/acs.jpclett.3c03129; coefficients from the authors' code,
       repository BattModels/Diffthermo_OCV_paper, pybamm_OCV_functions/LTO.py
       (Redlich-Kister version); fitted to data of
       doi:10.1016/j.jpowsour.2006.11.024.
    """
    if _is_symbol(sto):
        import pybamm

        log = pybamm.log
    else:
        sto = np.asarray(sto, dtype=float)
        log = np.log
    outside = (sto < _LTO_X_ALPHA) + (sto > _LTO_X_BETA)
    mu = _lto_rk_chemical_potential(sto, log)
    mu_e = outside * mu + (1 - outside) * _LTO_MU_COEX
    return -mu_e / FARADAY


#: Accepted two-phase plateau of Li4Ti5O12/Li7Ti5O12 vs Li/Li+ [V] (Ohzuku et al. 1995).
LTO_PLATEAU_V = 1.55
#: Half-width in x of the cubic bridges that round the gap edges of the fit.
LTO_BRIDGE_HALF_WIDTH = 0.02


def _lto_rk_ocp_float(x):
    return float(-_lto_rk_chemical_potential(np.float64(x), np.log) / FARADAY)


def _hermite_bridge(x_edge, h, outer_side):
    """Cubic Hermite coefficients (in t = (x - x0)/(2h), x0 = x_edge - h) joining the
    fit's outer branch (value and slope, at x_edge -/+ h) and the plateau (value,
    zero slope, at x_edge +/- h)."""
    U_c = -_LTO_MU_COEX / FARADAY
    d = 1e-7
    if outer_side == "left":  # outer branch at x0 = x_edge - h, plateau at x_edge + h
        xo = x_edge - h
        p0, m0 = _lto_rk_ocp_float(xo), (_lto_rk_ocp_float(xo + d)
                                        - _lto_rk_ocp_float(xo - d)) / (2 * d)
        p1, m1 = U_c, 0.0
    else:  # plateau at x0 = x_edge - h, outer branch at x_edge + h
        xo = x_edge + h
        p0, m0 = U_c, 0.0
        p1, m1 = _lto_rk_ocp_float(xo), (_lto_rk_ocp_float(xo + d)
                                        - _lto_rk_ocp_float(xo - d)) / (2 * d)
    w = 2 * h  # interval length, slopes scaled to t
    return p0, m0 * w, p1, m1 * w


def _hermite(t, p0, m0, p1, m1):
    t2, t3 = t * t, t * t * t
    return ((2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * m0
            + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * m1)


_LTO_LEFT_BRIDGE = _hermite_bridge(_LTO_X_ALPHA, LTO_BRIDGE_HALF_WIDTH, "left")
_LTO_RIGHT_BRIDGE = _hermite_bridge(_LTO_X_BETA, LTO_BRIDGE_HALF_WIDTH, "right")


def lto_ocp_smooth(sto):
    r"""Open-circuit potential of Li4+3xTi5O12 vs Li/Li+ [V], continuously
    differentiable, with the plateau at the accepted 1.55 V.

    The Redlich-Kister branches of Yao & Viswanathan (:func:`lto_ocp_yao2024`)
    outside the two-phase region, the flat two-phase plateau inside it, and a cubic
    Hermite bridge of half-width h = 0.02 across each gap edge (x_alpha = 0.1186,
    x_beta = 0.8482) that matches value and slope on both sides, so U is C1
    (the fit alone has slope jumps of -5.6 and -3.9 V per unit x there, which make
    a tight-tolerance solver crawl). The whole curve is then shifted by
    1.55 - 1.6145 = -64.5 mV so that the plateau sits at the accepted two-phase
    potential of Li4Ti5O12 (1.55 V vs Li; the fit's data put it at 1.6145 V):

    .. math::
        U(x) = egin{cases}
        U_\mathrm{RK}(x) & x < x_lpha - h\
        H_lpha(x) & |x - x_lpha| \le h\
        U_\mathrm{coex} & x_lpha + h < x < x_eta - h\
        H_eta(x) & |x - x_eta| \le h\
        U_\mathrm{RK}(x) & x > x_eta + h
        \end{cases} \;+\; (1.55\,\mathrm{V} - U_\mathrm{coex})

    The bridges are monotone (Fritsch-Carlson condition: end-slope ratios 0 and ~2),
    so U decreases monotonically with lithiation. Equations: ``docs/model.md``.

    Parameters
    ----------
    sto : float, array or pybamm.Symbol
        Stoichiometry x of Li4+3xTi5O12 (0 = Li4Ti5O12, 1 = Li7Ti5O12).

    Returns
    -------
    OCP [V] vs Li/Li+.

    References
    ----------
    .. [1] A. Yao, V. Viswanathan, J. Phys. Chem. Lett. (2024),
       doi:10.1021/acs.jpclett.3c03129 (branches outside the gap).
    .. [2] T. Ohzuku, A. Ueda, N. Yamamoto, "Zero-strain insertion material of
       Li[Li1/3Ti5/3]O4 for rechargeable lithium cells", J. Electrochem. Soc. 142
       (1995) 1431, doi:10.1149/1.2048592 (plateau at 1.55 V).
    """
    if _is_symbol(sto):
        import pybamm

        log = pybamm.log
    else:
        sto = np.asarray(sto, dtype=float)
        log = np.log
    h = LTO_BRIDGE_HALF_WIDTH
    a1, b1 = _LTO_X_ALPHA - h, _LTO_X_ALPHA + h
    a2, b2 = _LTO_X_BETA - h, _LTO_X_BETA + h
    U_c = -_LTO_MU_COEX / FARADAY
    U_rk = -_lto_rk_chemical_potential(sto, log) / FARADAY
    left = _hermite((sto - a1) / (2 * h), *_LTO_LEFT_BRIDGE)
    right = _hermite((sto - a2) / (2 * h), *_LTO_RIGHT_BRIDGE)
    in_left = (sto >= a1) * (sto <= b1)
    in_right = (sto >= a2) * (sto <= b2)
    outer = (sto < a1) + (sto > b2)
    plateau = (sto > b1) * (sto < a2)
    U = outer * U_rk + in_left * left + in_right * right + plateau * U_c
    return U + (LTO_PLATEAU_V - U_c)
