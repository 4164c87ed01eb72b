"""Open-circuit potential fits, as pure functions of stoichiometry.

Each works on floats, numpy arrays and PyBaMM symbols.
"""

import numpy as np

from .transport import FARADAY, GAS_CONSTANT

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


def lto_ocp_yao2024(sto):
    r"""Open-circuit potential of Li4+3xTi5O12 vs Li/Li+ [V].

    Regular-solution (Redlich-Kister) chemical potential outside the
    two-phase region and the coexistence potential inside it:

    .. math::
        \mu(x) = G_0 + RT\ln\frac{x}{1-x}
        + \sum_{i=0}^{3}\Omega_i\left[(1-2x)^{i+1} - 2ix(1-x)(1-2x)^{i-1}\right],
        \qquad U = -\mu/F

    for :math:`x < x_\alpha` or :math:`x > x_\beta`, and
    :math:`U = -\mu_\mathrm{coex}/F = 1.6145` V for
    :math:`x_\alpha \le x \le x_\beta` (0.1186 to 0.8482). T is fixed at the
    fit's 300 K.

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
    eps = 1e-7
    if _is_symbol(sto):
        import pybamm

        log = pybamm.log
    else:
        sto = np.asarray(sto, dtype=float)
        log = np.log
    outside = (sto < _LTO_X_ALPHA) + (sto > _LTO_X_BETA)
    mu = _LTO_G0 + GAS_CONSTANT * _LTO_T_FIT * log((sto + eps) / (1 - sto + eps))
    for i, omega in enumerate(_LTO_OMEGAS):
        term = (1 - 2 * sto) ** (i + 1)
        if i > 0:  # the i = 0 derivative term is identically zero (and 0**-1 at x = 1/2)
            term = term - 2 * i * sto * (1 - sto) * (1 - 2 * sto) ** (i - 1)
        mu = mu + omega * term
    mu_e = outside * mu + (1 - outside) * _LTO_MU_COEX
    return -mu_e / FARADAY
