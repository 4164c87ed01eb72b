"""Charge conservation in a single-ion solid electrolyte (t+ = 1).

Equations, symbols and assumptions: ``docs/model.md`` ("Solid electrolyte").

In a single-ion conductor only Li+ moves, against a fixed anion lattice: the
mobile-ion concentration is fixed by the lattice, so there is no
concentration state, no diffusion potential and no concentration
overpotential. The ionic current is ohmic,

    i_e = -B(eps) * sigma(T) * grad(phi_e),     div(i_e) = a j,

with B the transport efficiency of the solid-electrolyte phase (PyBaMM's
transport-efficiency submodels, e.g. Bruggeman B = eps**b) and sigma(T) the
parameter function "Solid electrolyte conductivity [S.m-1]" of temperature.
"""

import pybamm
from pybamm.models.submodels.electrolyte_conductivity.base_electrolyte_conductivity import (
    BaseElectrolyteConductivity,
)

#: Name of the conductivity function parameter (a function of temperature only).
CONDUCTIVITY_NAME = "Solid electrolyte conductivity [S.m-1]"


def solid_electrolyte_conductivity(T):
    """Bulk ionic conductivity of the solid electrolyte [S.m-1] at ``T`` [K]."""
    return pybamm.FunctionParameter(CONDUCTIVITY_NAME, {"Temperature [K]": T})


class SingleIonConductivity(BaseElectrolyteConductivity):
    """Ohmic charge conservation in a single-ion solid electrolyte.

    Used for the ``"electrolyte": "single-ion"`` option of
    :class:`ssb_models.SolidStateDFN` together with PyBaMM's
    ``ConstantConcentration`` submodel. See ``docs/model.md``.

    Parameters
    ----------
    param : pybamm.LithiumIonParameters
        The parameters to use for this submodel.
    options : dict, optional
        Model options.
    """

    def __init__(self, param, options=None):
        super().__init__(param, options=options)

    def get_fundamental_variables(self):
        phi_e_dict = {}
        for domain in self.options.whole_cell_domains:
            Dom = domain.capitalize().split()[0]
            phi_e_k = pybamm.Variable(
                f"{Dom} electrolyte potential [V]",
                domain=domain,
                auxiliary_domains={"secondary": "current collector"},
                reference=-self.param.n.prim.U_init,
            )
            phi_e_k.print_name = f"phi_e_{domain[0]}"
            phi_e_dict[domain] = phi_e_k
        return self._get_standard_potential_variables(phi_e_dict)

    def get_coupled_variables(self, variables):
        T = variables["Cell temperature [K]"]
        tor = variables["Electrolyte transport efficiency"]
        phi_e = variables["Electrolyte potential [V]"]

        sigma_eff = solid_electrolyte_conductivity(T) * tor
        i_e = -sigma_eff * pybamm.grad(phi_e)
        i_e.print_name = "i_e"

        variables.update(self._get_standard_current_variables(i_e))
        variables["Solid electrolyte conductivity [S.m-1]"] = (
            solid_electrolyte_conductivity(T)
        )

        # No concentration overpotential in a single-ion conductor: the whole
        # electrolyte potential drop is ohmic.
        if self.options.electrode_types["negative"] == "planar":
            phi_e_n = variables["Lithium metal interface electrolyte potential [V]"]
        else:
            phi_e_n = variables["Negative electrolyte potential [V]"]
        phi_e_p = variables["Positive electrolyte potential [V]"]
        eta_c_av = pybamm.Scalar(0)
        delta_phi_e_av = pybamm.x_average(phi_e_p) - pybamm.x_average(phi_e_n)
        variables.update(self._get_split_overpotential(eta_c_av, delta_phi_e_av))
        return variables

    def set_algebraic(self, variables):
        phi_e = variables["Electrolyte potential [V]"]
        i_e = variables["Electrolyte current density [A.m-2]"]
        sum_a_j = variables["Sum of volumetric interfacial current densities [A.m-3]"]
        sum_a_j.print_name = "aj"
        # multiply by L_x**2 to improve conditioning (as PyBaMM's Full submodel)
        self.algebraic = {phi_e: self.param.L_x**2 * (pybamm.div(i_e) - sum_a_j)}

    def set_initial_conditions(self, variables):
        phi_e = variables["Electrolyte potential [V]"]
        self.initial_conditions = {phi_e: -self.param.n.prim.U_init}


class SingleIonParameters:
    """A view of :class:`pybamm.LithiumIonParameters` for a single-ion conductor:
    the electrolyte conductivity is the SE's sigma(T) whatever c_e, and the
    diffusion-potential coefficient 2(1 - t+) chi RT/(F c) is zero (t+ = 1).

    PyBaMM's surface-form conductivity submodels (and the SPMe's composite
    conductivity, which uses ``chi``) read the electrolyte only through these
    methods, so with this view they solve exactly the
    single-ion equations of ``docs/model.md`` with a double layer at each
    electrode|SE interface ("surface form": "differential" or "algebraic").
    """

    def __init__(self, param):
        self._param = param

    def __getattr__(self, name):
        return getattr(self._param, name)

    def kappa_e(self, c_e, T):
        return solid_electrolyte_conductivity(T)

    def chiRT_over_Fc(self, c_e, T):
        return pybamm.Scalar(0)

    def chi(self, c_e, T):
        """Thermodynamic factor term 2(1 - t+)(1 + dlnf/dlnc) = 0 for t+ = 1 (with
        T's domains, so the terms it multiplies keep their shapes)."""
        return pybamm.zeros_like(T)
