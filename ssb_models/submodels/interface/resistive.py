"""Butler-Volmer kinetics with interface resistances in series: an ASR (ohmic,
or an interphase with its own capacitance), a buffer layer and a space-charge
layer.

Equations, symbols and assumptions: ``docs/interfaces.md`` (ASR, interphase,
contact) and ``docs/space_charge.md`` (space-charge layer in the cell model).

All resistances are per *contacted* area. With a contact fraction f (PyBaMM's
interface utilisation u, option ``"interface utilisation": "constant"``) only
f of the particle surface (or of the Li|SE area) carries faradaic current, so
the current per contacted area is j_c = j / f and

    j_c = 2 i0 sinh(F (eta - eta_f - j_c R_s) / (2 R T)),      j = f j_c,

with R_s the resistances in the faradaic branch (the ASR R when
``"interface resistance": "ohmic"``; the buffer layer d/sigma_b(T) and the
space-charge resistance R_scl(delta_phi(U(c_surf)), T) when
``"space charge": "lattice-gas"``) and eta_f the voltage across an interphase
(``"interface resistance": "interphase"``):

    C_f d(eta_f)/dt = j_tot / f - eta_f / R,

j_tot the total (faradaic plus double-layer) current per particle area. In a
steady state eta_f = j_c R, as the ohmic ASR; in impedance the interphase is
its own arc, R || C_f, in series with the charge-transfer arc. The partly
contacted planar interface therefore has ASR R_a / f_a (Falco et al. 2019,
Eq. 20: R = L/(sigma A)).
"""

import numpy as np
import pybamm

from ..electrolyte.single_ion import solid_electrolyte_conductivity


def _prefix(domain, options):
    """Variable/parameter prefix of a domain's electrode|SE interface."""
    if options.electrode_types[domain] == "planar":
        return "Lithium metal"
    return f"{domain.capitalize()} electrode"


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


def interface_capacitance(domain, options):
    """The interphase capacitance [F.m-2] of a domain's electrode|SE interface."""
    return pybamm.Parameter(f"{_prefix(domain, options)} interface capacitance [F.m-2]")


def space_charge_step(U):
    """Potential step across the space-charge layer plus buffer [V]:
    chi * max(U - U_pzc, 0) (depletion only; docs/space_charge.md)."""
    chi = pybamm.Parameter("Space-charge partition factor")
    U_pzc = pybamm.Parameter("Space-charge potential of zero charge [V]")
    return chi * pybamm.maximum(U - U_pzc, 0)


def space_charge_resistances(delta_phi, T):
    """The two space-charge excess ASRs [Ohm.m2] for a total step ``delta_phi``
    across buffer and SE (docs/space_charge.md, "In the cell model"):
    (SE layer, buffer layer) = (l_SE / sigma_SE(T), l_b / sigma_b(T)), with the
    mobility-free excess lengths l_SE, l_b [m] tabulated from the two-layer
    Poisson-Boltzmann quadrature
    (:func:`ssb_models.parameters.derived.space_charge_functions`)."""
    from ...parameters.functions import buffer_layer_conductivity

    inputs = {"Space-charge potential step [V]": delta_phi, "Temperature [K]": T}
    l_se = pybamm.FunctionParameter("Space-charge excess length [m]", inputs)
    l_b = pybamm.FunctionParameter("Buffer layer excess length [m]", inputs)
    return l_se / solid_electrolyte_conductivity(T), l_b / buffer_layer_conductivity(T)


def space_charge_resistance(delta_phi, T):
    """Excess ASR of the space-charge layers [Ohm.m2], SE and buffer together:
    l_SE / sigma_SE(T) + l_b / sigma_b(T) (:func:`space_charge_resistances`). The
    buffer's own d / sigma_b(T) is :func:`buffer_resistance`."""
    r_se, r_b = space_charge_resistances(delta_phi, T)
    return r_se + r_b


def space_charge_capacitance(delta_phi, T):
    """Differential capacitance [F.m-2] of the buffer and space-charge layer in series."""
    return pybamm.FunctionParameter(
        "Space-charge capacitance [F.m-2]",
        {"Space-charge potential step [V]": delta_phi, "Temperature [K]": T},
    )


def buffer_resistance(T):
    """Buffer-layer ASR d / sigma_b(T) [Ohm.m2] (Arrhenius, docs/space_charge.md)."""
    from ...parameters.functions import buffer_layer_conductivity

    d = pybamm.Parameter("Buffer layer thickness [m]")
    return d / buffer_layer_conductivity(T)


#: the number under the Li-metal ASR's pressure law in the shipped cells
LI_ASR_REFERENCE = "Lithium metal interface ASR at reference pressure [Ohm.m2]"


def interphase_asr_error(domain, name, value):
    """The one :class:`~ssb_models.errors.InputError` of an interphase (R || C) whose
    ASR ``name`` is ``value`` <= 0 at ``domain`` (the CLI's pre-solve check and the
    model's parameter processing give the same message). For the Li-metal ASR (a
    function of stack pressure) the message names the number under the shipped law."""
    from ...errors import InputError

    pair = "none,interphase" if domain == "negative" else "interphase,none"
    what = f"'{name}' > 0"
    if name == "Lithium metal interface ASR [Ohm.m2]":
        what += f" (in the shipped cells: '{LI_ASR_REFERENCE}' > 0)"
    return InputError(
        f"'interface resistance': 'interphase' at the {domain} electrode needs {what} "
        f"(an interphase is R || C), got {value:g}. Set it (--set, or "
        "ParameterValues.update in Python), or choose the interphase for one electrode "
        f"only: 'interface resistance={pair}' (negative, positive).")


class PositiveInterphaseASR(pybamm.UnaryOperator):
    """The ASR R of an interphase, checked to be > 0 when parameter values are set.

    The interphase's rate is eta_f / R, so R = 0 (the cells' default ASR) would be a
    bare ZeroDivisionError in PyBaMM's parameter processing. This node wraps R: when
    processing makes its child a number, a number <= 0 raises
    :func:`interphase_asr_error` (naming ``asr_name``) and a number > 0 replaces the
    node, so the processed model holds plain R. An input parameter (unknown until the
    solve) keeps the node, which is then the identity."""

    __slots__ = ("domain_name", "asr_name")

    def __init__(self, child, domain_name, asr_name):
        self.domain_name = domain_name
        self.asr_name = asr_name
        super().__init__("positive interphase ASR", child)

    def _unary_new_copy(self, child, perform_simplifications=True):
        if child.is_constant():
            value = float(np.min(child.evaluate()))
            if not value > 0:
                raise interphase_asr_error(self.domain_name, self.asr_name, value)
            return child
        return self.__class__(child, self.domain_name, self.asr_name)

    def _unary_evaluate(self, child):
        return child

    def _unary_jac(self, child_jac):
        return child_jac

    def _diff(self, variable):
        return self.child.diff(variable)


class ResistiveButlerVolmer(pybamm.kinetics.SymmetricButlerVolmer):
    """Symmetric Butler-Volmer kinetics with series interface resistances at a
    porous (composite) or planar (Li-metal) electrode.

    Adds the algebraic state "<prefix> contacted-area interfacial current
    density [A.m-2]" (j_c) and, for an interphase, the differential state
    "<prefix> interphase overpotential [V]" (eta_f).

    Parameters
    ----------
    asr : str
        "none", "ohmic" or "interphase" (the ssb option "interface resistance").
    space_charge : bool
        Whether the buffer and space-charge resistances act here (positive
        electrode of a single-ion cell).
    """

    def __init__(self, param, domain, reaction, options, phase="primary",
                 asr="ohmic", space_charge=False):
        super().__init__(param, domain, reaction, options, phase)
        self.asr = asr
        self.space_charge = space_charge
        self.prefix = _prefix(domain, self.options)
        self._planar = self.options.electrode_types[domain] == "planar"
        self._R = interface_asr(domain, self.options)

    def _domains(self):
        if self._planar:
            return {"domain": "current collector"}
        return {"domain": f"{self.domain} electrode",
                "auxiliary_domains": {"secondary": "current collector"}}

    def get_fundamental_variables(self):
        variables = super().get_fundamental_variables()
        p = self.prefix
        variables[f"{p} contacted-area interfacial current density [A.m-2]"] = pybamm.Variable(
            f"{p} contacted-area interfacial current density [A.m-2]",
            scale=self.param.I_typ, **self._domains())
        if self.asr == "interphase":
            variables[f"{p} interphase overpotential [V]"] = pybamm.Variable(
                f"{p} interphase overpotential [V]", **self._domains())
        return variables

    def _utilisation(self, variables):
        if self._planar:
            return variables["Lithium metal interface utilisation"]
        return variables[f"{self.domain.capitalize()} electrode interface utilisation"]

    def get_coupled_variables(self, variables):
        p = self.prefix
        self._j_c = variables[f"{p} contacted-area interfacial current density [A.m-2]"]
        # resistances in the faradaic branch
        R_s = pybamm.Scalar(0)
        if self.asr == "ohmic":
            R_s = R_s + self._R
        if self.space_charge:
            Domain = self.domain.capitalize()
            T = variables[f"{Domain} electrode temperature [K]"]
            U = variables[f"{Domain} electrode open-circuit potential [V]"]
            dphi = space_charge_step(U)
            R_scl_se, R_scl_b = space_charge_resistances(dphi, T)
            R_scl = R_scl_se + R_scl_b
            R_buf = buffer_resistance(T)
            R_s = R_s + R_scl + R_buf
            variables.update({
                f"{Domain} electrode space-charge potential step [V]": dphi,
                f"{Domain} electrode space-charge resistance [Ohm.m2]": R_scl,
                f"{Domain} electrode SE space-charge resistance [Ohm.m2]": R_scl_se,
                f"{Domain} electrode buffer space-charge resistance [Ohm.m2]": R_scl_b,
                f"{Domain} electrode buffer layer resistance [Ohm.m2]": R_buf,
                f"{Domain} electrode space-charge capacitance [F.m-2]":
                    space_charge_capacitance(dphi, T),
                f"X-averaged {self.domain} electrode space-charge resistance [Ohm.m2]":
                    pybamm.x_average(R_scl),
            })
        eta_f = pybamm.Scalar(0)
        if self.asr == "interphase":
            eta_f = variables[f"{p} interphase overpotential [V]"]
        self._eta_series = eta_f + self._j_c * R_s
        variables = super().get_coupled_variables(variables)
        eta_int = -self._eta_series
        variables[f"{p} interface resistance overpotential [V]"] = eta_int
        if not self._planar:
            variables[f"X-averaged {self.domain} electrode interface resistance "
                      "overpotential [V]"] = pybamm.x_average(eta_int)
        return variables

    def _get_kinetics(self, j0, ne, eta_r, T, u):
        return super()._get_kinetics(j0, ne, eta_r - self._eta_series, T, u)

    def _total_current(self, variables):
        """Total (faradaic + double-layer) current per particle area [A.m-2]."""
        if self._planar:
            return variables["Current collector current density [A.m-2]"]
        Domain = self.domain.capitalize()
        if self.options["surface form"] == "differential":
            i_e = variables[f"{Domain} electrolyte current density [A.m-2]"]
            a = variables[f"{Domain} electrode surface area to volume ratio [m-1]"]
            return pybamm.div(i_e) / a
        return variables[f"{Domain} electrode interfacial current density [A.m-2]"]

    def interphase_rate(self, variables):
        """d(eta_f)/dt [V.s-1] of the interphase (used by the double layer too)."""
        eta_f = variables[f"{self.prefix} interphase overpotential [V]"]
        C_f = interface_capacitance(self.domain, self.options)
        R = PositiveInterphaseASR(self._R, self.domain, self._R.name)
        return (self._total_current(variables) / self._utilisation(variables)
                - eta_f / R) / C_f

    def set_rhs(self, variables):
        super().set_rhs(variables)
        if self.asr == "interphase":
            eta_f = variables[f"{self.prefix} interphase overpotential [V]"]
            self.rhs[eta_f] = self.interphase_rate(variables)

    def set_algebraic(self, variables):
        super().set_algebraic(variables)
        p = self.prefix
        if self._planar:
            j = variables["Lithium metal plating current density [A.m-2]"]
        else:
            j = variables[f"{self.domain.capitalize()} electrode interfacial current density [A.m-2]"]
        j_c = variables[f"{p} contacted-area interfacial current density [A.m-2]"]
        self.algebraic[j_c] = (j_c - j / self._utilisation(variables)) / self.param.I_typ

    def set_initial_conditions(self, variables):
        super().set_initial_conditions(variables)
        p = self.prefix
        self.initial_conditions[
            variables[f"{p} contacted-area interfacial current density [A.m-2]"]] = pybamm.Scalar(0)
        if self.asr == "interphase":
            self.initial_conditions[variables[f"{p} interphase overpotential [V]"]] = (
                pybamm.Scalar(0))


def _double_layer_extra(submodel, variables):
    """d(eta_f)/dt of an interphase in series with the double layer: the double
    layer sees delta_phi - eta_f, so d(delta_phi)/dt gains d(eta_f)/dt."""
    kin = submodel.interface
    if not isinstance(kin, ResistiveButlerVolmer) or kin.asr != "interphase":
        return 0
    return kin.interphase_rate(variables)


class InterfaceDifferential(pybamm.electrolyte_conductivity.surface_potential_form.FullDifferential):
    """PyBaMM's differential surface form (double layer of capacity C_dl) with
    the space-charge capacitance C_scl(delta_phi) in series,
    1/C = 1/C_dl + 1/C_scl, and an interphase in series (docs/interfaces.md)."""

    def __init__(self, param, domain, options=None, interface=None):
        super().__init__(param, domain, options)
        self.interface = interface

    def set_rhs(self, variables):
        if self.domain == "separator":
            return
        Domain = self.domain.capitalize()
        T = variables[f"{Domain} electrode temperature [K]"]
        C = self.domain_param.C_dl(T)
        C_scl = variables.get(f"{Domain} electrode space-charge capacitance [F.m-2]")
        if C_scl is not None:
            C = 1 / (1 / C + 1 / C_scl)
        delta_phi = variables[f"{Domain} electrode surface potential difference [V]"]
        i_e = variables[f"{Domain} electrolyte current density [A.m-2]"]
        sum_a_j = variables[
            f"Sum of {self.domain} electrode volumetric interfacial current densities [A.m-3]"]
        a = variables[f"{Domain} electrode surface area to volume ratio [m-1]"]
        self.rhs[delta_phi] = ((pybamm.div(i_e) - sum_a_j) / (a * C)
                               + _double_layer_extra(self, variables))


class LithiumMetalInterface(pybamm.electrode.ohm.LithiumMetalSurfaceForm):
    """PyBaMM's Li-metal surface form with an interphase in series with the
    double layer; with "surface form": "false" the (algebraic) current balance
    i_cc = j lets the forward kinetics carry a series resistance."""

    def __init__(self, param, domain, options=None, interface=None):
        super().__init__(param, domain, options)
        self.interface = interface

    def set_rhs(self, variables):
        super().set_rhs(variables)
        if self.options["surface form"] == "differential":
            delta_phi = variables["Lithium metal interface surface potential difference [V]"]
            self.rhs[delta_phi] = self.rhs[delta_phi] + _double_layer_extra(self, variables)
