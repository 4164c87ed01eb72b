"""Butler-Volmer kinetics in series with an interface area-specific resistance.

Equations, symbols and assumptions: ``docs/interfaces.md``.

The resistance R [Ohm.m2] is per *contacted* area. With a contact fraction f
(PyBaMM's interface utilisation u, option ``"interface utilisation":
"constant"``) only f of the particle surface (or of the Li|SE area) carries
current, so the current per contacted area is j_c = j / f and

    j_c = 2 i0 sinh(F (eta - j_c R) / (2 R T)),      j = f j_c.

At a porous electrode j_c is an algebraic state (it appears on both sides).
At the planar Li-metal electrode the current is known, so the inverted
Butler-Volmer law gives the surface potential difference directly:
delta_phi = U + eta_BV(i/f) + (i/f) R_a, i.e. the ASR of a partly contacted
interface scales as R_a/f (Falco et al. 2019, Eq. 20: R = L/(sigma A)).
"""

import pybamm


def interface_asr(domain, options):
    """The ASR parameter [Ohm.m2] of a domain's electrode|SE interface.

    The Li-metal one is a function of stack pressure (see docs/interfaces.md).
    """
    if options.electrode_types[domain] == "planar":
        return pybamm.FunctionParameter(
            "Lithium metal interface ASR [Ohm.m2]",
            {"Stack pressure [Pa]": pybamm.Parameter("Stack pressure [Pa]")},
        )
    return pybamm.Parameter(f"{domain.capitalize()} electrode interface ASR [Ohm.m2]")


class ResistiveButlerVolmer(pybamm.kinetics.SymmetricButlerVolmer):
    """Symmetric Butler-Volmer kinetics with an interface ASR in series, for a
    porous (composite) electrode. Adds the algebraic state
    "<Domain> electrode contacted-area interfacial current density [A.m-2]"."""

    def __init__(self, param, domain, reaction, options, phase="primary"):
        super().__init__(param, domain, reaction, options, phase)
        self._R = interface_asr(domain, self.options)

    @property
    def _j_c_name(self):
        return f"{self.domain.capitalize()} electrode contacted-area interfacial current density [A.m-2]"

    def get_fundamental_variables(self):
        variables = super().get_fundamental_variables()
        j_c = pybamm.Variable(
            self._j_c_name,
            domain=f"{self.domain} electrode",
            auxiliary_domains={"secondary": "current collector"},
            scale=self.param.I_typ,
        )
        variables[self._j_c_name] = j_c
        return variables

    def get_coupled_variables(self, variables):
        Domain = self.domain.capitalize()
        self._j_c = variables[self._j_c_name]
        variables = super().get_coupled_variables(variables)
        eta_asr = -self._j_c * self._R
        variables[f"{Domain} electrode interface ASR overpotential [V]"] = eta_asr
        variables[f"X-averaged {self.domain} electrode interface ASR overpotential [V]"] = (
            pybamm.x_average(eta_asr)
        )
        return variables

    def _get_kinetics(self, j0, ne, eta_r, T, u):
        return super()._get_kinetics(j0, ne, eta_r - self._j_c * self._R, T, u)

    def set_algebraic(self, variables):
        super().set_algebraic(variables)
        Domain = self.domain.capitalize()
        j = variables[f"{Domain} electrode interfacial current density [A.m-2]"]
        u = variables[f"{Domain} electrode interface utilisation"]
        j_c = variables[self._j_c_name]
        self.algebraic[j_c] = (j_c - j / u) / self.param.I_typ

    def set_initial_conditions(self, variables):
        super().set_initial_conditions(variables)
        self.initial_conditions[variables[self._j_c_name]] = pybamm.Scalar(0)


class ResistiveInverseButlerVolmer(pybamm.kinetics.InverseButlerVolmer):
    """Inverted symmetric Butler-Volmer kinetics at the planar Li-metal electrode
    with an interface ASR in series: the overpotential is
    eta_BV(i/f) + (i/f) R_a(p)."""

    def __init__(self, param, domain, reaction, options=None):
        super().__init__(param, domain, reaction, options)
        self._R = interface_asr(domain, self.options)

    def _get_overpotential(self, j, j0, ne, T, u):
        return super()._get_overpotential(j, j0, ne, T, u) + j / u * self._R

    def get_coupled_variables(self, variables):
        variables = super().get_coupled_variables(variables)
        j, _ = self._get_average_total_interfacial_current_density(variables)
        u = variables["Lithium metal interface utilisation"]
        variables["Lithium metal interface ASR overpotential [V]"] = -j / u * self._R
        return variables
