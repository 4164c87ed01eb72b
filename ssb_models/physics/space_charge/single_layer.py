r"""Equilibrium space-charge (Li-depletion) layer in a solid electrolyte: the single
layer (``docs/space_charge.md``, "Model: one layer") and its grid reference
(:func:`grid_reference`, "Independent references").

Lattice-gas Poisson-Boltzmann model: mobile Li+ on sites of density
:math:`c_\max` with bulk occupancy :math:`\theta_0 = c_0/c_\max` against a fixed
negative background :math:`-Fc_0`. With the potential :math:`\phi` measured
from the bulk and :math:`k = F/RT`,

.. math::
    \theta(\phi) = \frac{1}{1 + \frac{1-\theta_0}{\theta_0} e^{k\phi}},\qquad
    \rho = F c_\max(\theta - \theta_0),\qquad
    \varepsilon_0\varepsilon_r\,\phi'' = -\rho .

First integral: :math:`\tfrac{\varepsilon}{2}\phi'^2 = G(\phi)` with

.. math::
    G(\phi) = F c_\max\left[\frac1k\ln\frac{1 + a e^{k\phi}}{1 + a} - (1-\theta_0)\phi\right],
    \qquad a = \frac{1-\theta_0}{\theta_0}

so every layer property follows from a quadrature over the potential, without a
spatial mesh (equations and derivation: ``docs/space_charge.md``):

* charge :math:`Q = \sqrt{2\varepsilon G(\Delta\phi)}` (Gauss),
* capacitance :math:`C = dQ/d\Delta\phi = \varepsilon F c_\max(\theta_0-\theta(\Delta\phi))/Q`,
* equivalent depletion width :math:`w = Q/(F c_0)`,
* linear screening length :math:`\lambda = \sqrt{\varepsilon RT/(F^2 c_\max\theta_0(1-\theta_0))}`,
* excess resistance, constant mobility (:math:`\sigma = \sigma_b c/c_0`):
  :math:`R = \frac{1}{\sigma_b}\int_0^{\Delta\phi}\frac{c_0/c(\phi) - 1}{\sqrt{2G(\phi)/\varepsilon}}\,d\phi`,
  with :math:`c_0/c - 1 = (1-\theta_0)(e^{k\phi}-1)` in closed form.

Valid for :math:`\Delta\phi > 0` (Li+ depleted on the SE side, as next to a
charged oxide cathode); a negative step is handled by symmetry of the formulae
where noted.

References
----------
.. [1] M. W. Swift, Y. Qi, "First-Principles Prediction of Potentials and
   Space-Charge Layers in All-Solid-State Batteries", Phys. Rev. Lett. (2019)
   (lattice-gas space-charge formulation).
.. [2] N. J. J. de Klerk, M. Wagemaker, "Space-Charge Layers in All-Solid-State
   Batteries; Important or Negligible?", ACS Appl. Energy Mater. 1 (2018) 5609,
   doi:10.1021/acsaem.8b01141.
.. [3] J. Maier, "Ionic conduction in space charge regions", Prog. Solid State
   Chem. (1995).
"""

import numpy as np
from scipy import integrate

from ..constants import EPSILON_0, FARADAY, GAS_CONSTANT

MOBILITY_MODELS = ("constant",)


def inverse_thermal_voltage(temperature):
    """k = F/(RT) [V-1] at ``temperature`` [K]."""
    return FARADAY / (GAS_CONSTANT * temperature)


def occupancy(phi, theta0, temperature):
    """Site occupancy theta(phi) [-] at potential ``phi`` [V] above the bulk."""
    a = (1 - theta0) / theta0
    k = inverse_thermal_voltage(temperature)
    return 1.0 / (1.0 + a * np.exp(k * np.asarray(phi, dtype=float)))


def first_integral(phi, site_density, theta0, temperature):
    r"""G(phi) = (eps/2) phi'^2 [J.m-3] (= [C.V.m-3]) for potential ``phi`` [V].

    Computed with ``logaddexp`` so it stays accurate for large k*phi.
    """
    k = inverse_thermal_voltage(temperature)
    u = k * np.asarray(phi, dtype=float)
    a = (1 - theta0) / theta0
    # ln((1 + a e^u)/(1 + a)) = log1p((1 - theta0) expm1(u)): accurate for small u;
    # logaddexp form for large u (no overflow)
    small = np.log1p((1 - theta0) * np.expm1(np.minimum(u, 30.0)))
    large = np.logaddexp(0.0, np.log(a) + u) - np.log1p(a)
    log_term = np.where(u < 30.0, small, large)
    return FARADAY * site_density / k * (log_term - (1 - theta0) * u)


def screening_length(relative_permittivity, site_density, theta0, temperature):
    r"""Linearised screening length [m]:
    :math:`\lambda = \sqrt{\varepsilon_0\varepsilon_r RT/(F^2 c_\max\theta_0(1-\theta_0))}`."""
    eps = EPSILON_0 * relative_permittivity
    return np.sqrt(eps * GAS_CONSTANT * temperature
                   / (FARADAY**2 * site_density * theta0 * (1 - theta0)))


def layer_charge(delta_phi, relative_permittivity, site_density, theta0, temperature):
    """Magnitude of the layer's charge per area Q [C.m-2] for a step ``delta_phi`` [V]."""
    eps = EPSILON_0 * relative_permittivity
    G = first_integral(np.abs(delta_phi), site_density, theta0, temperature)
    return np.sqrt(2 * eps * np.maximum(G, 0.0))


def layer_capacitance(delta_phi, relative_permittivity, site_density, theta0, temperature):
    """Differential capacitance dQ/d(delta_phi) [F.m-2]; tends to eps/lambda as
    delta_phi -> 0."""
    eps = EPSILON_0 * relative_permittivity
    dphi = np.asarray(delta_phi, dtype=float)
    Q = layer_charge(dphi, relative_permittivity, site_density, theta0, temperature)
    rho_mag = FARADAY * site_density * (theta0 - occupancy(dphi, theta0, temperature))
    lam = screening_length(relative_permittivity, site_density, theta0, temperature)
    with np.errstate(invalid="ignore", divide="ignore"):
        C = np.where(Q > 0, eps * rho_mag / np.where(Q > 0, Q, 1.0), eps / lam)
    return C


def depletion_width(delta_phi, relative_permittivity, site_density, theta0, temperature):
    """Equivalent fully depleted width Q/(F c0) [m]."""
    Q = layer_charge(delta_phi, relative_permittivity, site_density, theta0, temperature)
    return Q / (FARADAY * site_density * theta0)


def layer_resistance(delta_phi, relative_permittivity, site_density, theta0, temperature,
                     bulk_conductivity, mobility_model="constant"):
    r"""Excess area-specific resistance of the layer [Ohm.m2]:
    :math:`R = \int_0^\infty (1/\sigma(x) - 1/\sigma_b)\,dx` with
    :math:`\sigma = \sigma_b c/c_0` (``mobility_model="constant"``), evaluated as a
    quadrature over the potential (see module docstring).

    Grows like :math:`e^{k\Delta\phi}` once the layer is fully depleted: with
    constant mobility an emptied layer does not conduct.
    """
    if mobility_model not in MOBILITY_MODELS:
        raise ValueError(f"mobility_model must be one of {MOBILITY_MODELS}, "
                         f"got '{mobility_model}'")
    k = inverse_thermal_voltage(temperature)
    eps = EPSILON_0 * relative_permittivity
    lam = screening_length(relative_permittivity, site_density, theta0, temperature)

    def integrand(phi):
        if phi < 1e-9:  # limit phi -> 0: (1-theta0) k phi / (phi / lambda)
            return (1 - theta0) * k * lam
        G = first_integral(phi, site_density, theta0, temperature)
        return (1 - theta0) * np.expm1(k * phi) / np.sqrt(2 * G / eps)

    def one(dphi):
        dphi = abs(float(dphi))
        if dphi == 0:
            return 0.0
        # the integrand grows like exp(k phi): integrate in pieces of ~5 RT/F
        # and let quad adapt inside each
        edges = np.linspace(0.0, dphi, int(np.ceil(dphi * k / 5.0)) + 1)
        total = 0.0
        for lo, hi in zip(edges[:-1], edges[1:]):
            val, _ = integrate.quad(integrand, lo, hi, epsabs=0.0, epsrel=1e-10, limit=200)
            total += val
        return total / bulk_conductivity

    return np.vectorize(one, otypes=[float])(delta_phi)


def grid_reference(delta_phis, relative_permittivity, site_density, theta0, temperature,
                   bulk_conductivity, tol=1e-6):
    r"""Independent numerical reference: the same Poisson-Boltzmann problem solved on
    an adaptive spatial grid with :func:`scipy.integrate.solve_bvp`.

    In :math:`\psi = F\phi/RT`, :math:`\xi = x/\lambda`:

    .. math::
        \psi'' = \frac{\theta_0 - \theta(\psi)}{\theta_0(1-\theta_0)},\qquad
        s' = -(1-\theta_0)(e^{\psi}-1),

    with :math:`\psi(0) = \Delta\psi`, the decaying tail :math:`\psi' + \psi = 0` and
    :math:`s = 0` at the far end. Then :math:`Q = \varepsilon (RT/F)|\psi'(0)|/\lambda`,
    :math:`R = s(0)\lambda/\sigma_b`, and C by a central difference of Q. Steps are
    solved in increasing order, each from the previous solution (continuation).

    Returns a dict of arrays ``charge_C_m2``, ``capacitance_F_m2``,
    ``resistance_Ohm_m2`` in the order of ``delta_phis``.
    """
    eps = EPSILON_0 * relative_permittivity
    k = inverse_thermal_voltage(temperature)
    lam = screening_length(relative_permittivity, site_density, theta0, temperature)
    q = theta0 * (1 - theta0)
    a = (1 - theta0) / theta0

    def rhs(xi, y):
        psi = y[0]
        theta = 1.0 / (1.0 + a * np.exp(psi))
        return np.vstack([y[1], (theta0 - theta) / q, -(1 - theta0) * np.expm1(psi)])

    def solve(dpsi, guess):
        length = 40.0 + 3.0 * np.sqrt(2.0 * dpsi / (1 - theta0) + 1.0)
        xi = guess[0] if guess is not None else np.linspace(0, length, 400)
        if guess is not None:
            xi = xi * (length / xi[-1])
            y0 = guess[1] * np.array([[dpsi / max(guess[1][0, 0], 1e-12)], [dpsi / max(guess[1][0, 0], 1e-12)], [1.0]])
        else:
            y0 = np.vstack([dpsi * np.exp(-xi), -dpsi * np.exp(-xi), np.zeros_like(xi)])

        def bc(ya, yb):
            return np.array([ya[0] - dpsi, yb[1] + yb[0], yb[2]])

        sol = integrate.solve_bvp(rhs, bc, xi, y0, tol=tol, max_nodes=200000)
        if not sol.success:
            raise RuntimeError(f"solve_bvp failed at delta_phi = {dpsi / k:g} V: {sol.message}")
        return sol

    def charge(sol):
        return eps / (k * lam) * abs(sol.y[1, 0])

    order = np.argsort(delta_phis)
    out = {key: np.empty(len(delta_phis)) for key in
           ("charge_C_m2", "capacitance_F_m2", "resistance_Ohm_m2")}
    guess = None
    h = 1e-3  # V, central difference for C
    for idx in order:
        dphi = float(delta_phis[idx])
        sol = solve(k * dphi, guess)
        guess = (sol.x, sol.y)
        up = solve(k * (dphi + h), guess)
        down = solve(k * max(dphi - h, 1e-6), guess)
        out["charge_C_m2"][idx] = charge(sol)
        out["capacitance_F_m2"][idx] = (charge(up) - charge(down)) / (
            (dphi + h) - max(dphi - h, 1e-6))
        out["resistance_Ohm_m2"][idx] = sol.y[2, 0] * lam / bulk_conductivity
    return out
