"""Particle volume change against a stiff solid electrolyte: the detachment
driver of the cathode-contact submodel (docs/cathode_contact.md).

Every function works on floats, numpy arrays and PyBaMM symbols.
"""

from .constants import FARADAY


def volumetric_strain_rate(omega, j, radius, faraday=FARADAY):
    """|d(Delta V / V)/dt| [s-1] of a spherical particle from its interfacial
    current density ``j`` [A.m-2] (> 0 delithiation): d c_avg/dt = -3 j / (F R),
    d(Delta V/V)/dt = omega d c_avg/dt, with ``omega`` the partial molar volume
    [m3.mol-1] and ``radius`` R [m]. Returns the signed rate (caller takes abs)."""
    return -3.0 * omega * j / (faraday * radius)


def detachment_probability(E_se, linear_strain, pressure):
    """Share of a strain increment that opens the particle|SE interface [-]:
    P = sigma_c / (sigma_c + p), sigma_c = E_SE |epsilon_lin| the stress the SE
    would need to follow the particle's linear strain (elastic, thin shell),
    p the stack pressure that closes gaps. P -> 1 for ceramics (sigma_c of
    100s of MPa against a few MPa), P -> 0 for a soft polymer.

    Parameters
    ----------
    E_se : Young's modulus of the solid electrolyte [Pa]
    linear_strain : particle linear strain from the initial (t = 0) state, which stands
        for the assembled state [-]
    pressure : stack pressure [Pa]
    """
    try:
        import pybamm

        if isinstance(linear_strain, pybamm.Symbol):
            sigma = E_se * pybamm.AbsoluteValue(linear_strain)
            return sigma / (sigma + pressure)
    except ImportError:  # pragma: no cover
        pass
    import numpy as np

    sigma = E_se * np.abs(linear_strain)
    return sigma / (sigma + pressure)
