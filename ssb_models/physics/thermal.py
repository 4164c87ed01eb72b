"""Heat capacity of composite layers and of a lumped cell.

Equations and sources: ``docs/thermal.md``.
"""

import numpy as np


def composite_density(fractions, densities):
    """Mass density of a composite layer [kg.m-3].

    rho = sum_i eps_i rho_i over the solid and polymer phases; voids (the
    volume not in ``fractions``) carry no mass.

    Parameters
    ----------
    fractions : sequence of float
        Volume fractions eps_i [-] of the phases (sum <= 1).
    densities : sequence of float
        Mass densities rho_i [kg.m-3] of the phases.

    Returns
    -------
    float
        rho [kg.m-3].
    """
    eps, rho = np.asarray(fractions, float), np.asarray(densities, float)
    if np.any(eps < 0) or eps.sum() > 1 + 1e-12:
        raise ValueError(f"volume fractions {eps.tolist()} must be >= 0 and sum to <= 1")
    return float(np.sum(eps * rho))


def composite_specific_heat(fractions, densities, heat_capacities):
    """Specific heat capacity of a composite layer [J.kg-1.K-1].

    c_p = sum_i eps_i rho_i c_p,i / sum_i eps_i rho_i: heat capacities add by
    mass (Kopp-Neumann rule for a mixture of phases).

    Parameters
    ----------
    fractions : sequence of float
        Volume fractions eps_i [-].
    densities : sequence of float
        Mass densities rho_i [kg.m-3].
    heat_capacities : sequence of float
        Specific heat capacities c_p,i [J.kg-1.K-1].

    Returns
    -------
    float
        c_p [J.kg-1.K-1].

    Notes
    -----
    The Kopp-Neumann additivity of heat capacities by mass, exact for a
    mechanical mixture of phases (no mixing enthalpy between particles).
    """
    eps, rho = np.asarray(fractions, float), np.asarray(densities, float)
    cp = np.asarray(heat_capacities, float)
    mass = np.sum(eps * rho)
    return float(np.sum(eps * rho * cp) / mass)


def lumped_heat_capacity(layers, area):
    """Heat capacity of a stack of layers [J.K-1]: A sum_k rho_k c_p,k L_k.

    Parameters
    ----------
    layers : iterable of (rho [kg.m-3], c_p [J.kg-1.K-1], L [m])
    area : float
        Cell area [m2].
    """
    return float(area * sum(r * c * L for r, c, L in layers))


def biot_number(h, thickness, conductivity):
    """Biot number h L / k [-] of a layer of ``thickness`` [m] and thermal
    ``conductivity`` [W.m-1.K-1] cooled with ``h`` [W.m-2.K-1]: a lumped
    (uniform-temperature) model holds for Bi << 0.1 (Incropera & DeWitt,
    Fundamentals of Heat and Mass Transfer, Sec. 5.2)."""
    return h * thickness / conductivity
