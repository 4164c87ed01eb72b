"""Temperature-dependent parameter functions shared by the cells.

Each function is a PyBaMM ``FunctionParameter`` body: it takes the arguments
PyBaMM passes and reads its constants from named parameters, so a cell only
supplies numbers (and each number keeps one home in its cell file). The laws
themselves are in :mod:`ssb_models.physics`. Equations: ``docs/model.md``.
"""

import pybamm

from ..physics.transport import arrhenius


def solid_electrolyte_conductivity_arrhenius(T):
    """SE ionic conductivity [S.m-1]: Arrhenius law about a measured value.

    Reads "Solid electrolyte conductivity at reference temperature [S.m-1]",
    "Solid electrolyte activation energy [J.mol-1]" and
    "Solid electrolyte reference temperature [K]".
    """
    return arrhenius(
        pybamm.Parameter("Solid electrolyte conductivity at reference temperature [S.m-1]"),
        pybamm.Parameter("Solid electrolyte activation energy [J.mol-1]"),
        T,
        pybamm.Parameter("Solid electrolyte reference temperature [K]"),
    )


def positive_particle_diffusivity_arrhenius(sto, T):
    """Positive-particle Li diffusivity [m2.s-1], Arrhenius in T, constant in sto."""
    return arrhenius(
        pybamm.Parameter("Positive particle reference diffusivity [m2.s-1]"),
        pybamm.Parameter("Positive particle diffusivity activation energy [J.mol-1]"),
        T,
        pybamm.Parameter("Reference temperature [K]"),
    )


def positive_exchange_current_density_solid(c_e, c_s_surf, c_s_max, T):
    r"""Cathode|SE exchange-current density [A.m-2] per particle surface area.

    .. math::
        i_0 = i_{0,\mathrm{ref}}\, 2\sqrt{x(1-x)}\,
        \exp\left[-\frac{E_a}{R}\left(\frac1T-\frac1{T_\mathrm{ref}}\right)\right],
        \quad x = c_{s,\mathrm{surf}}/c_{s,\max}

    so that :math:`i_{0,\mathrm{ref}}` is the value at x = 0.5 and the reference
    temperature. The SE's mobile-Li concentration is fixed by its lattice, so
    unlike a liquid there is no :math:`c_e^{1/2}` factor (``c_e`` is accepted
    for PyBaMM's signature and not used).
    """
    x = c_s_surf / c_s_max
    i0_ref = pybamm.Parameter(
        "Positive electrode reference exchange-current density [A.m-2]"
    )
    Ea = pybamm.Parameter(
        "Positive electrode exchange-current density activation energy [J.mol-1]"
    )
    T_ref = pybamm.Parameter("Reference temperature [K]")
    return arrhenius(i0_ref, Ea, T, T_ref) * 2 * (x * (1 - x)) ** 0.5


def lithium_metal_exchange_current_density_solid(c_e, c_Li, T):
    """Li metal|SE exchange-current density [A.m-2] per contacted area.

    Constant in concentration (both Li metal and the SE's mobile Li are fixed),
    Arrhenius in temperature.
    """
    return arrhenius(
        pybamm.Parameter(
            "Lithium metal reference exchange-current density [A.m-2]"
        ),
        pybamm.Parameter(
            "Lithium metal exchange-current density activation energy [J.mol-1]"
        ),
        T,
        pybamm.Parameter("Reference temperature [K]"),
    )
