"""Temperature-dependent parameter functions shared by the cells.

Each function is a PyBaMM ``FunctionParameter`` body: it takes the arguments
PyBaMM passes and reads its constants from named parameters, so a cell only
supplies numbers (each number keeps one home, its cell file). The laws
themselves are in :mod:`ssb_models.physics`. Equations: ``docs/model.md``.
"""

import pybamm

from ..physics.transport import arrhenius, vtf_ratio


def _p(name):
    return pybamm.Parameter(name)


# --------------------------------------------------------------- solid electrolyte
def solid_electrolyte_conductivity_arrhenius(T):
    """SE ionic conductivity [S.m-1]: Arrhenius law about a measured value.

    Reads "Solid electrolyte conductivity at reference temperature [S.m-1]",
    "Solid electrolyte activation energy [J.mol-1]" and
    "Solid electrolyte reference temperature [K]".
    """
    return arrhenius(
        _p("Solid electrolyte conductivity at reference temperature [S.m-1]"),
        _p("Solid electrolyte activation energy [J.mol-1]"),
        T,
        _p("Solid electrolyte reference temperature [K]"),
    )


def buffer_layer_conductivity(T):
    """Ionic conductivity of the cathode's buffer coating (e.g. LiNbO3) [S.m-1]:
    Arrhenius about "Buffer layer ionic conductivity at reference temperature
    [S.m-1]" with "Buffer layer activation energy [J.mol-1]" and the cell's
    "Reference temperature [K]" (docs/space_charge.md)."""
    return arrhenius(
        _p("Buffer layer ionic conductivity at reference temperature [S.m-1]"),
        _p("Buffer layer activation energy [J.mol-1]"),
        T,
        _p("Reference temperature [K]"),
    )


# ------------------------------------------------------------------ particles
def _particle_diffusivity(Domain, T):
    return arrhenius(
        _p(f"{Domain} particle reference diffusivity [m2.s-1]"),
        _p(f"{Domain} particle diffusivity activation energy [J.mol-1]"),
        T,
        _p("Reference temperature [K]"),
    )


def positive_particle_diffusivity_arrhenius(sto, T):
    """Positive-particle Li diffusivity [m2.s-1], Arrhenius in T, constant in sto."""
    return _particle_diffusivity("Positive", T)


def negative_particle_diffusivity_arrhenius(sto, T):
    """Negative-particle Li diffusivity [m2.s-1], Arrhenius in T, constant in sto."""
    return _particle_diffusivity("Negative", T)


# --------------------------------------------------- intercalation kinetics
def _exchange_current_solid(Domain, c_s_surf, c_s_max, T):
    x = c_s_surf / c_s_max
    i0_ref = _p(f"{Domain} electrode reference exchange-current density [A.m-2]")
    Ea = _p(f"{Domain} electrode exchange-current density activation energy [J.mol-1]")
    return arrhenius(i0_ref, Ea, T, _p("Reference temperature [K]")) * 2 * (x * (1 - x)) ** 0.5


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
    return _exchange_current_solid("Positive", c_s_surf, c_s_max, T)


def negative_exchange_current_density_solid(c_e, c_s_surf, c_s_max, T):
    """Composite-anode|SE exchange-current density [A.m-2]; as the positive one."""
    return _exchange_current_solid("Negative", c_s_surf, c_s_max, T)


def positive_exchange_current_density_binary(c_e, c_s_surf, c_s_max, T):
    r"""Cathode|binary-electrolyte exchange-current density [A.m-2]:

    .. math::
        i_0 = i_{0,\mathrm{ref}}\sqrt{c_e/c_{e,0}}\; 2\sqrt{x(1-x)}\;
        \exp\left[-\frac{E_a}{R}\left(\frac1T-\frac1{T_\mathrm{ref}}\right)\right]

    the usual Butler-Volmer concentration dependence (alpha = 1/2), written
    about the initial salt concentration :math:`c_{e,0}`.
    """
    c_e0 = _p("Initial concentration in electrolyte [mol.m-3]")
    return _exchange_current_solid("Positive", c_s_surf, c_s_max, T) * (c_e / c_e0) ** 0.5


# --------------------------------------------------------------- Li metal
def lithium_metal_exchange_current_density_solid(c_e, c_Li, T):
    """Li metal|SE exchange-current density [A.m-2] per contacted area.

    Constant in concentration (both Li metal and the SE's mobile Li are fixed),
    Arrhenius in temperature about "Lithium metal exchange-current density reference
    temperature [K]" (the temperature at which the source measured it).
    """
    return arrhenius(
        _p("Lithium metal reference exchange-current density [A.m-2]"),
        _p("Lithium metal exchange-current density activation energy [J.mol-1]"),
        T,
        _p("Lithium metal exchange-current density reference temperature [K]"),
    )


def lithium_metal_exchange_current_density_binary(c_e, c_Li, T):
    """Li metal|binary-electrolyte exchange-current density [A.m-2]:
    i0_ref (c_e/c_e0)^(1/2), Arrhenius in T."""
    c_e0 = _p("Initial concentration in electrolyte [mol.m-3]")
    return lithium_metal_exchange_current_density_solid(c_e, c_Li, T) * (c_e / c_e0) ** 0.5


# ------------------------------------------------- binary polymer electrolyte
def _polymer_vtf_factor(T):
    """sigma(T)/sigma(T_ref) of the polymer's VTF law (prefactor cancels)."""
    return vtf_ratio(
        T,
        _p("Polymer electrolyte VTF reference temperature [K]"),
        _p("Polymer electrolyte VTF pseudo-activation temperature [K]"),
        _p("Polymer electrolyte VTF Vogel temperature [K]"),
    )


#: Salt concentrations [mol.m-3] over which Edman et al. (2000) measured t+ (and over
#: which the Dualfoil 5.2 fits below were made): "742 to 2982 mol/m3 at 85 C".
EDMAN_RANGE = (742.0, 2982.0)
#: Sharpness [m3.mol-1] of the smooth clamp onto EDMAN_RANGE (the clamped value can
#: leave the range by at most ln(2)/k = 14 mol/m3).
EDMAN_CLAMP_K = 0.05


def edman_concentration(c_e):
    r"""The concentration at which the Edman 2000 fits are evaluated [mol.m-3]:
    :math:`c_e` smoothly clamped onto the measured range 742-2982 mol/m3,

    .. math::
        \tilde c = \mathrm{softminus}(\mathrm{softplus}(c_e, c_\mathrm{lo}), c_\mathrm{hi}),
        \qquad \mathrm{softplus}(a, b) = \tfrac1k\ln(e^{ka} + e^{kb})

    with k = 0.05 m3/mol, so that every property stays at its value at the nearest end
    of the measured range outside it (C-infinity, no extrapolation). Unclamped, the
    polynomials give t+ < 0 below 229 mol/m3 and D < 0 above 3247 mol/m3.
    """
    lo, hi = EDMAN_RANGE
    k = EDMAN_CLAMP_K
    if isinstance(c_e, pybamm.Symbol):
        return pybamm.softminus(pybamm.softplus(c_e, lo, k), hi, k)
    import numpy as np  # same formulae for numbers (tests, docs)

    above = lo + np.logaddexp(0.0, k * (np.asarray(c_e, dtype=float) - lo)) / k
    return hi - np.logaddexp(0.0, k * (hi - above)) / k


def peo_litfsi_conductivity_edman2000(c_e, T):
    r"""Ionic conductivity of PEO-LiTFSI [S.m-1], kappa(c, T).

    .. math::
        \kappa(c, T) = 100\,(6.53\times10^{-14}\tilde c^3 - 5.73\times10^{-10}\tilde c^2
        + 1.2\times10^{-6}\tilde c + 4.25\times10^{-5})\;
        \frac{\mathrm{VTF}(T)}{\mathrm{VTF}(T_\mathrm{ref})}

    :math:`\tilde c` = :func:`edman_concentration` (c clamped onto the measured
    742-2982 mol/m3) in mol/m3. The polynomial is the 85 C fit in Newman's Dualfoil 5.2
    ("LiTFSI in PEO at 85 C, from Ludvig Edman (LBL) July 2000"; Edman et al.,
    J. Phys. Chem. B 104 (2000) 3476), there printed without unit and used with
    a Bruggeman factor that is dropped here (PyBaMM applies its own). Read in
    S/cm (x100 to S/m): it then gives 0.75 mS/cm at 1044 mol/m3, consistent
    with ~1 mS/cm at 90 C (Teran et al., Solid State Ionics 203 (2011) 18);
    read in S/m it would be 100x below that.
    """
    c = edman_concentration(c_e)
    poly = 6.53e-14 * c**3 - 5.73e-10 * c**2 + 1.2e-6 * c + 4.25e-5
    return 100 * poly * _polymer_vtf_factor(T)


def peo_litfsi_diffusivity_edman2000(c_e, T):
    r"""Salt diffusivity of PEO-LiTFSI [m2.s-1], D(c, T):
    :math:`(-6.73\times10^{-19}\tilde c^2 + 4.92\times10^{-16}\tilde c + 5.5\times10^{-12})`
    at 85 C (Dualfoil 5.2, Edman 2000) with :math:`\tilde c` clamped onto the measured
    range (:func:`edman_concentration`; unclamped it turns negative above 3247 mol/m3),
    scaled in T by the conductivity's VTF factor (assumed: salt diffusion coupled to the
    same segmental motion)."""
    c = edman_concentration(c_e)
    return (-6.73e-19 * c**2 + 4.92e-16 * c + 5.5e-12) * _polymer_vtf_factor(T)


def peo_litfsi_transference_edman2000(c_e, T):
    r"""Cation transference number :math:`t_+^0(c)` of PEO-LiTFSI at 85 C,
    :math:`-5.05\times10^{-8}\tilde c^2 + 3.77\times10^{-4}\tilde c - 0.0834` (Dualfoil 5.2;
    Edman et al. 2000: "t0+ ranges from 0.17 ... to 0.60 ... in the salt concentration
    region of 742 to 2982 mol/m3 at 85 C") with :math:`\tilde c` clamped onto that range
    (:func:`edman_concentration`; unclamped it turns negative below 229 mol/m3), so
    0.17 <= t+ <= 0.60 everywhere. Taken as temperature-independent (no temperature data
    found)."""
    c = edman_concentration(c_e)
    return -5.05e-8 * c**2 + 3.77e-4 * c - 0.0834


# ------------------------------------------------------------- interfaces
def lithium_metal_asr_stack_pressure(p):
    r"""Li|SE interface ASR [Ohm.m2] per contacted area vs stack pressure p [Pa]:
    :math:`R_a = R_{a0}\,(p/p_0)^{-n}` (contact area growing with pressure)."""
    return (_p("Lithium metal interface ASR at reference pressure [Ohm.m2]")
            * (p / _p("Reference stack pressure [Pa]"))
            ** (-_p("Lithium metal interface ASR pressure exponent")))
