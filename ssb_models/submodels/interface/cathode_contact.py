"""Cathode|SE contact loss and isolated active material from the particles'
volume change (ssb option ``"cathode contact": "volume-change"``).

Equations, symbols, assumptions and references: ``docs/cathode_contact.md``.

    dV/V rate      r = |3 Omega j / (F R)|                       (spheres)
    opening share  P = E_SE |eps_lin| / (E_SE |eps_lin| + p),   eps_lin = Omega (c_avg - c_0) / 3
    contact        du/dt     = -beta_c   P r u                   (PyBaMM interface utilisation)
    isolation      deps_AM/dt = -beta_iso P r eps_AM              (PyBaMM loss of active material)

The contact fraction u is PyBaMM's "Positive electrode interface utilisation"
(current per contacted area j/u in the kinetics, an interface ASR R/u); the
active-material volume fraction is PyBaMM's LAM state, so the Li in isolated
particles is counted as lost ("Loss of lithium due to loss of active material").
"""

import pybamm
from pybamm.models.submodels.interface.interface_utilisation.base_utilisation import (
    BaseModel,
)

from ...physics.mechanics import detachment_probability, volumetric_strain_rate


def _driver(param, variables):
    """P r [s-1]: the detaching strain rate at each point of the positive electrode."""
    P_ = pybamm.Parameter
    omega = P_("Positive electrode partial molar volume [m3.mol-1]")
    E_se = P_("Solid electrolyte Young's modulus [Pa]")
    p = P_("Stack pressure [Pa]")
    R = variables["Positive particle radius [m]"]
    j = variables["Positive electrode interfacial current density [A.m-2]"]
    c_avg = variables["R-averaged positive particle concentration [mol.m-3]"]
    c_0 = param.p.prim.c_init_av
    rate = pybamm.AbsoluteValue(volumetric_strain_rate(omega, j, R))
    eps_lin = omega * (c_avg - c_0) / 3
    return detachment_probability(E_se, eps_lin, p) * rate, eps_lin


class CathodeContactVolumeChange(BaseModel):
    """Positive-electrode contact fraction u(x, t) as a differential state."""

    def __init__(self, param, options):
        super().__init__(param, "positive", options)

    def get_fundamental_variables(self):
        u = pybamm.Variable("Positive electrode interface utilisation variable",
                            domain="positive electrode",
                            auxiliary_domains={"secondary": "current collector"},
                            bounds=(0, 1))
        return self._get_standard_interface_utilisation_variables(u)

    def get_coupled_variables(self, variables):
        driver, eps_lin = _driver(self.param, variables)
        variables.update({
            "Positive particle volume-change detachment rate [s-1]": driver,
            "Positive particle linear strain from the initial state": eps_lin,
        })
        return variables

    def set_rhs(self, variables):
        u = variables["Positive electrode interface utilisation variable"]
        beta = pybamm.Parameter("Positive electrode contact-loss coefficient")
        self.rhs = {u: -beta * variables[
            "Positive particle volume-change detachment rate [s-1]"] * u}

    def set_initial_conditions(self, variables):
        u = variables["Positive electrode interface utilisation variable"]
        self.initial_conditions = {u: self.domain_param.u_init}


class IsolationLossActiveMaterial(pybamm.active_material.LossActiveMaterial):
    """PyBaMM's loss-of-active-material state for the positive electrode, driven by
    particle isolation: deps_AM/dt = -beta_iso P r eps_AM (docs/cathode_contact.md)."""

    def get_coupled_variables(self, variables):
        eps = variables["Positive electrode active material volume fraction"]
        beta = pybamm.Parameter("Positive electrode isolation coefficient")
        driver = variables["Positive particle volume-change detachment rate [s-1]"]
        variables.update(self._get_standard_active_material_change_variables(
            -beta * driver * eps))
        return variables
