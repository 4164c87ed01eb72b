"""Temperature laws for ionic transport in solid electrolytes.

Equations and symbols: ``docs/model.md`` (section "Temperature dependence").
"""

import numpy as np

from .constants import FARADAY, GAS_CONSTANT  # noqa: F401  (FARADAY: re-exported)


def _exp(x):
    """``exp`` that works for numbers, numpy arrays and PyBaMM symbols."""
    if type(x).__module__.startswith("pybamm"):
        import pybamm

        return pybamm.exp(x)
    return np.exp(x)


def arrhenius(value_ref, activation_energy, temperature, reference_temperature):
    r"""Arrhenius temperature law for a thermally activated property.

    .. math::
        \sigma(T) = \sigma_\mathrm{ref}
        \exp\left[-\frac{E_a}{R}\left(\frac{1}{T} - \frac{1}{T_\mathrm{ref}}\right)\right]

    Parameters
    ----------
    value_ref : float, array or pybamm.Symbol
        Value at the reference temperature (any unit, e.g. conductivity [S.m-1],
        diffusivity [m2.s-1], exchange-current density [A.m-2]).
    activation_energy : float, array or pybamm.Symbol
        Activation energy :math:`E_a` [J.mol-1]. (1 eV per ion = 96485 J.mol-1.)
    temperature : float, array or pybamm.Symbol
        Temperature :math:`T` [K].
    reference_temperature : float, array or pybamm.Symbol
        Reference temperature :math:`T_\mathrm{ref}` [K].

    Returns
    -------
    Same type as the inputs, in the unit of ``value_ref``.

    Notes
    -----
    Falco et al. (2019, Eq. 1) and Xia et al. (2019, Eq. 1) write the law with
    a 1/T prefactor, :math:`\sigma = (A/T)\exp(-E_a/k_BT)`. The form here
    (no 1/T prefactor, written relative to a reference temperature so that the
    prefactor is the measured value) is the one most conductivity papers fit
    when they report :math:`E_a` from the slope of :math:`\ln\sigma` vs 1/T.
    The two differ by a factor :math:`T_\mathrm{ref}/T` (about 11 % between
    25 C and 60 C); use an activation energy fitted to the same form.

    References
    ----------
    .. [1] M. Falco, S. Ferrari, G. B. Appetecchi, C. Gerbaldi, "Managing
       transport properties in composite electrodes/electrolytes for
       all-solid-state lithium-based batteries", Mol. Syst. Des. Eng. 4 (2019)
       850-871, Eq. 1.
    .. [2] S. Xia et al., "Practical Challenges and Future Perspectives of
       All-Solid-State Lithium-Metal Batteries", Chem (2019),
       doi:10.1016/j.chempr.2018.11.013, Eq. 1.
    """
    return value_ref * _exp(
        -activation_energy / GAS_CONSTANT * (1 / temperature - 1 / reference_temperature)
    )


def vtf(prefactor, pseudo_activation_temperature, temperature, vogel_temperature,
        t_exponent=-0.5):
    r"""Vogel-Tammann-Fulcher (VTF) law for ion transport in amorphous polymers.

    .. math::
        \sigma(T) = A\, T^{m} \exp\left[-\frac{B}{T - T_0}\right]

    with :math:`m = -1/2` (Xia et al. 2019, Eq. 2) by default; ``t_exponent=0``
    gives the form without a power of T that some papers fit.

    Parameters
    ----------
    prefactor : float, array or pybamm.Symbol
        :math:`A`, in [unit of the property] K^-m (e.g. S m-1 K^0.5).
    pseudo_activation_temperature : float, array or pybamm.Symbol
        :math:`B` [K] (a pseudo-activation energy divided by R).
    temperature : float, array or pybamm.Symbol
        :math:`T` [K], must exceed :math:`T_0`.
    vogel_temperature : float, array or pybamm.Symbol
        :math:`T_0` [K], typically 50-100 K below the glass transition.
    t_exponent : float
        :math:`m` (default -0.5).

    Returns
    -------
    Same type as the inputs, in the unit of the property.

    References
    ----------
    .. [1] S. Xia et al., Chem (2019), doi:10.1016/j.chempr.2018.11.013, Eq. 2.
    .. [2] M. Falco et al., Mol. Syst. Des. Eng. 4 (2019) 850.
    """
    return (prefactor * temperature**t_exponent
            * _exp(-pseudo_activation_temperature / (temperature - vogel_temperature)))


def vtf_ratio(temperature, reference_temperature, pseudo_activation_temperature,
              vogel_temperature, t_exponent=-0.5):
    r"""VTF factor relative to a reference temperature,
    :math:`\sigma(T)/\sigma(T_\mathrm{ref})` (the prefactor cancels)."""
    return vtf(1.0, pseudo_activation_temperature, temperature, vogel_temperature,
               t_exponent) / vtf(1.0, pseudo_activation_temperature, reference_temperature,
                                 vogel_temperature, t_exponent)
