"""Reduced (SPMe-type) model of a single-ion solid-state cell, for fast sweeps.

Equations, assumptions and its error against the P2D model:
``docs/performance.md`` ("Reduced model").

With t+ = 1 the SE concentration is uniform, so the only electrolyte physics is
ohmic; PyBaMM's SPMe "composite" electrolyte potential, read with the SE's
sigma(T) and no diffusion potential, is then the electrolyte potential of a
uniform reaction distribution: linear current in the electrodes, constant in
the separator. One x-averaged particle per electrode, with PyBaMM's
"quartic profile" (polynomial) solid diffusion by default. The interface terms
(ASR, contact fraction, buffer and space-charge layer) act on the x-averaged
reaction, as in the P2D model.
"""

import pybamm

from ..submodels.electrolyte import SingleIonParameters
from ..submodels.interface.resistive import (
    buffer_resistance,
    interface_asr,
    space_charge_resistance,
    space_charge_step,
)
from .solid_state_dfn import SolidStateBase, interface_resistance_mode, split_options


def unsupported(ssb_options, pybamm_options):
    """Why the reduced model cannot take these options, or None."""
    if ssb_options["electrolyte"] != "single-ion":
        return ("a binary (polymer) electrolyte; the reduced model assumes a single-ion "
                "SE (t+ = 1)")
    if pybamm_options.get("surface form", "false") != "false":
        return "it has no double layer, so no impedance ('surface form' must be 'false')"
    if "interphase" in (interface_resistance_mode(ssb_options, "negative"),
                        interface_resistance_mode(ssb_options, "positive")):
        return "it supports 'interface resistance': 'none' or 'ohmic', not 'interphase'"
    if ssb_options.get("cathode contact", "static") != "static":
        return ("'cathode contact': 'volume-change' evolves the contact at each point of "
                "the composite, which the x-averaged reduced model does not resolve")
    return None


class ResistiveInverseButlerVolmer(pybamm.kinetics.InverseButlerVolmer):
    """Inverted symmetric Butler-Volmer kinetics of the x-averaged reaction with
    the series resistances of ``docs/interfaces.md``: the overpotential is
    eta_BV(j/f) + (j/f) R_s, R_s = ASR (+ buffer + R_scl(U(c_surf), T))."""

    def __init__(self, param, domain, reaction, options, asr, space_charge):
        super().__init__(param, domain, reaction, options)
        self.asr = asr
        self.space_charge = space_charge

    def get_coupled_variables(self, variables):
        R_s = pybamm.Scalar(0)
        if self.asr == "ohmic":
            R_s = R_s + interface_asr(self.domain, self.options)
        if self.space_charge:
            T = variables[f"X-averaged {self.domain} electrode temperature [K]"]
            U = variables[f"X-averaged {self.domain} electrode open-circuit potential [V]"]
            dphi = space_charge_step(U)
            R_scl = space_charge_resistance(dphi, T)
            R_s = R_s + R_scl + buffer_resistance(T)
            variables[f"X-averaged {self.domain} electrode space-charge resistance [Ohm.m2]"] = R_scl
        self._R_s = R_s
        variables = super().get_coupled_variables(variables)
        j = variables[f"X-averaged {self.domain} electrode total interfacial current density [A.m-2]"]
        u = variables[f"X-averaged {self.domain} electrode interface utilisation"]
        variables[f"X-averaged {self.domain} electrode interface resistance overpotential [V]"] = (
            -j / u * R_s)
        return variables

    def _get_overpotential(self, j, j0, ne, T, u):
        return super()._get_overpotential(j, j0, ne, T, u) + j / u * self._R_s


class SingleIonComposite(pybamm.electrolyte_conductivity.Composite):
    """PyBaMM's SPMe composite electrolyte potential read with a single-ion view of
    the parameters (sigma_SE(T), chi = 0): only its ohmic terms remain, the exact
    electrolyte potential of a uniform reaction distribution."""

    def get_coupled_variables(self, variables):
        # the (uniform) SE concentration as a scalar: the MacInnes terms it enters
        # are multiplied by chi = 0
        c0 = pybamm.Parameter("Initial concentration in electrolyte [mol.m-3]")
        view = dict(variables)
        view["X-averaged electrolyte concentration [mol.m-3]"] = c0
        for dom in ("Negative", "Separator", "Positive"):
            domain = {"Negative": "negative electrode", "Separator": "separator",
                      "Positive": "positive electrode"}[dom]
            view[f"{dom} electrolyte concentration [mol.m-3]"] = pybamm.FullBroadcast(
                c0, domain, "current collector")
        out = super().get_coupled_variables(view)
        for key in list(view):
            if key.endswith("electrolyte concentration [mol.m-3]") and key in variables:
                out[key] = variables[key]
        return out


class SolidStateSPMe(SolidStateBase, pybamm.lithium_ion.SPMe):
    """Reduced model of a single-ion solid-state cell (an SPMe analogue).

    Same options as :class:`ssb_models.SolidStateDFN` for single-ion cells
    ("interface resistance": "none" or "ohmic", "space charge", PyBaMM's
    "interface utilisation"), without a surface form. See
    ``docs/performance.md`` for its equations and its error against the P2D.
    """

    def __init__(self, options=None, name="Solid-state SPMe", build=True):
        self.ssb_options, pybamm_options = split_options(options)
        why = unsupported(self.ssb_options, pybamm_options)
        if why:
            raise pybamm.OptionError(f"The reduced model cannot run this: {why}.")
        # one polynomial (quartic) particle profile per electrode by default: the
        # solid diffusion of an x-averaged particle in 3 states instead of a radial
        # mesh (PyBaMM's "quartic profile", Subramanian et al. 2005). With the measured
        # (slow) LCO diffusivities the quadratic profile errs by 12-19 mV at 2C; the
        # quartic one stays within 0.3-3.6 mV of the P2D (tests/models/test_reduced.py)
        pybamm_options.setdefault("particle", "quartic profile")
        super().__init__(pybamm_options, name=name, build=build)

    def set_intercalation_kinetics_submodel(self):
        super().set_intercalation_kinetics_submodel()
        for domain, kwargs in self._resistive_porous():
            self.submodels[f"{domain} interface"] = ResistiveInverseButlerVolmer(
                self.param, domain, "lithium-ion main", self.options, **kwargs)

    def set_electrolyte_concentration_submodel(self):
        self.submodels["electrolyte diffusion"] = (
            pybamm.electrolyte_diffusion.ConstantConcentration(self.param, self.options))

    def set_electrolyte_potential_submodel(self):
        param = SingleIonParameters(self.param)
        self.submodels["electrolyte conductivity"] = SingleIonComposite(param,
                                                                        options=self.options)
        for domain in ["negative", "separator", "positive"]:
            if self.options.electrode_types.get(domain) == "planar":
                continue
            self.submodels[f"{domain} surface potential difference"] = (
                pybamm.electrolyte_conductivity.surface_potential_form.Explicit(
                    self.param, domain, self.options))
