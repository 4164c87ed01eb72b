"""Li metal | solid electrolyte contact as a state: voids grow while stripping
outruns the Li supply and close again by creep (ssb option
``"lithium contact": "voids"``).

Equations, symbols, assumptions and references: ``docs/lithium_contact.md``.
The contact fraction f is PyBaMM's "Lithium metal interface utilisation": the
kinetics carry the current on f of the area (current per contacted area j / f),
and an interface ASR acts as R_a / f (``docs/interfaces.md``). The Li foil
thickness is a state too: the run ends when the Li is used up.
"""

import pybamm
from pybamm.models.submodels.interface.interface_utilisation.base_utilisation import (
    BaseModel,
)

from ...physics.contact import contact_rate, lithium_supply_current

#: smoothing of the refill near full contact (docs/lithium_contact.md)
REFILL_EPS = 1e-3


#: the submodel's parameters: symbol -> name with unit, as in the cell files
NAMES = {
    "i_v_ref": "Lithium vacancy-diffusion supply current density [A.m-2]",
    "E_v": "Lithium self-diffusion activation energy [J.mol-1]",
    "i_cr_ref": "Lithium creep supply current density [A.m-2]",
    "m": "Lithium creep supply pressure exponent",
    "Q_c": "Lithium creep activation energy [J.mol-1]",
    "T_ref": "Lithium contact reference temperature [K]",
    "p_ref": "Lithium creep reference stack pressure [Pa]",
    "h_v": "Lithium void depth [m]",
    "f_min": "Minimum lithium contact fraction",
    "p": "Stack pressure [Pa]",
    "V_m": "Lithium metal partial molar volume [m3.mol-1]",
    "L_0": "Negative electrode thickness [m]",
}


def contact_parameters():
    """The submodel's parameters as PyBaMM parameters (:data:`NAMES`)."""
    return {k: pybamm.Parameter(name) for k, name in NAMES.items()}


def void_onset(values, T=None, p=None):
    """The stripping current density at which voids start to grow at full contact
    [A.m-2] (``physics.contact.onset_current``) from a cell's parameter values, at
    temperature ``T`` [K] (default: the values' ambient) and stack pressure ``p``
    [Pa] (default: the values')."""
    from ...physics.contact import onset_current

    v = {k: values[name] for k, name in NAMES.items()
         if k in ("i_v_ref", "E_v", "i_cr_ref", "p_ref", "m", "Q_c", "T_ref", "p")}
    T = values["Ambient temperature [K]"] if T is None else T
    p = v["p"] if p is None else p
    return onset_current(p, T, v["i_v_ref"], v["E_v"], v["i_cr_ref"], v["p_ref"], v["m"],
                         v["Q_c"], v["T_ref"])


class LithiumContactVoids(BaseModel):
    """Contact fraction f of a planar Li-metal electrode as a differential state,
    and the Li foil thickness L (docs/lithium_contact.md)::

        df/dt = (V_m / (F h_v)) [ (i_sup - i_s)^+ (1 - f)/(1 - f + eps) - (i_s - i_sup)^+ ]
        i_sup = f i_v(T) + f i_cr(T) (p / (f p_ref))^m,     i_s = max(i, 0)
        dL/dt = -V_m i / F

    with i the Li-metal interfacial current density per geometric area
    (> 0 stripping). Events: f < f_min (contact lost), L < 0 (Li used up).
    """

    def __init__(self, param, domain, options):
        super().__init__(param, domain, options)
        self.p = contact_parameters()

    def get_fundamental_variables(self):
        f = pybamm.Variable("Lithium metal interface utilisation variable",
                            domain="current collector", bounds=(0, 1))
        L = pybamm.Variable("Lithium metal thickness [m]", domain="current collector",
                            scale=self.p["L_0"])
        variables = self._get_standard_interface_utilisation_variables(f)
        # the state never exceeds 1 (the refill vanishes there); dense output between
        # long solver steps can overshoot by ~1e-2 at the refill's kink: clip it
        variables["Lithium metal interface utilisation"] = pybamm.minimum(
            variables["Lithium metal interface utilisation"], 1)
        variables["Lithium metal thickness [m]"] = L
        return variables

    def get_coupled_variables(self, variables):
        p = self.p
        f = variables["Lithium metal interface utilisation"]
        T = variables["Negative current collector temperature [K]"]  # at the Li foil
        i = variables["Lithium metal total interfacial current density [A.m-2]"]
        i_s = pybamm.maximum(i, 0)
        i_sup = lithium_supply_current(f, p["p"], T, p["i_v_ref"], p["E_v"], p["i_cr_ref"],
                                       p["p_ref"], p["m"], p["Q_c"], p["T_ref"])
        variables.update({
            "Lithium metal stripping current density [A.m-2]": i_s,
            "Lithium metal supply current density [A.m-2]": i_sup,
            "Lithium metal void depth per area [m]": p["h_v"] * (1 - f),
            "Lithium metal contact rate [s-1]": contact_rate(
                f, i_s, i_sup, p["V_m"], p["h_v"], REFILL_EPS),
        })
        return variables

    def set_rhs(self, variables):
        f = variables["Lithium metal interface utilisation variable"]
        L = variables["Lithium metal thickness [m]"]
        i = variables["Lithium metal total interfacial current density [A.m-2]"]
        F = pybamm.constants.F
        self.rhs = {f: variables["Lithium metal contact rate [s-1]"],
                    L: -self.p["V_m"] * i / F}

    def set_initial_conditions(self, variables):
        f = variables["Lithium metal interface utilisation variable"]
        L = variables["Lithium metal thickness [m]"]
        self.initial_conditions = {f: self.domain_param.u_init, L: self.p["L_0"]}

    def add_events_from(self, variables):
        f = variables["Lithium metal interface utilisation variable"]
        L = variables["Lithium metal thickness [m]"]
        self.events += [
            pybamm.Event("Li|SE contact lost (contact fraction below the minimum)",
                         f - self.p["f_min"]),
            pybamm.Event("Li metal used up", L / self.p["L_0"]),
        ]
