"""Entries shared by several cells: one home for each material fact.

A cell file composes its ``ENTRIES`` from these lists and its own rows; the
docs table shows every row with its source either way.
"""

from pybamm.input.parameters.lithium_ion.Marquis2019 import lico2_ocp_Dualfoil1998

from .entries import Entry
from .functions import (
    lithium_metal_asr_stack_pressure,
    positive_particle_diffusivity_arrhenius,
)

MARQUIS = (
    "PyBaMM Marquis2019 set (Marquis et al., J. Electrochem. Soc. 166 (2019) A3693, "
    "doi:10.1149/2.0341915jes; LCO values from Newman's Dualfoil)"
)

#: Geometry normalisation, single-layer cell, unused thermal and lumped terms.
CELL_FORMAT = [
    Entry("Electrode height [m]", 1e-2,
          "assumed: 1 cm x 1 cm so that results are per cm2 of cell"),
    Entry("Electrode width [m]", 1e-2,
          "assumed: 1 cm x 1 cm so that results are per cm2 of cell"),
    Entry("Nominal cell capacity [A.h]", None,
          "derived: window capacity of the positive electrode between the cut-offs "
          "(ssb_models.parameters.derived, PyBaMM electrode-SOH models)"),
    Entry("Current function [A]", None,
          "derived: 1C = nominal cell capacity / 1 h (set per run from the C-rate)"),
    Entry("Contact resistance [Ohm]", 0.0,
          "assumed: 0; interface resistances are separate submodels"),
    Entry("Number of electrodes connected in parallel to make a cell", 1.0,
          "definition: single-layer cell"),
    Entry("Number of cells connected in series to make a battery", 1.0,
          "definition: single cell"),
    Entry("Heat transfer coefficient [W.m-2.K-1]", 10.0,
          "assumed: PyBaMM default; unused in the isothermal model"),
]

#: Planar Li-metal negative electrode (kinetics are per cell: they depend on the SE).
LITHIUM_METAL = [
    Entry("Negative electrode thickness [m]", 1e-4,
          "assumed: 100 um Li foil; enters only the (negligible) ohmic drop in Li"),
    Entry("Negative electrode conductivity [S.m-1]", 1.0776e7,
          "Li metal; value of PyBaMM's Xu2019 half-cell set (Xu et al., "
          "J. Electrochem. Soc. 166 (2019) A3456)"),
    Entry("Negative electrode OCP [V]", 0.0, "definition: Li/Li+ reference"),
    Entry("Negative electrode OCP entropic change [V.K-1]", 0.0,
          "assumed: isothermal model"),
    Entry("Lithium metal partial molar volume [m3.mol-1]", 1.3e-5,
          "Li: 6.94 g/mol / 0.534 g/cm3 = 1.30e-5 m3/mol (derived)"),
    Entry("Negative electrode charge transfer coefficient", 0.5,
          "assumed: symmetric Butler-Volmer"),
    Entry("Negative electrode double-layer capacity [F.m-2]", 0.2,
          "assumed: PyBaMM default; unused unless a surface form is selected"),
]

#: LiCoO2 active material (thermodynamics and bulk transport).
LCO = [
    Entry("Maximum concentration in positive electrode [mol.m-3]", 51217.9, MARQUIS),
    Entry("Positive electrode active material density [kg.m-3]", 51217.9 * 0.097873,
          "derived: c_max x M(LiCoO2) = 51217.9 mol/m3 x 0.097873 kg/mol"),
    Entry("Positive electrode OCP [V]", lico2_ocp_Dualfoil1998,
          "PyBaMM lico2_ocp_Dualfoil1998 (fit from Dualfoil; Doyle 1995 thesis)"),
    Entry("Positive electrode OCP entropic change [V.K-1]", 0.0,
          "assumed: isothermal model, entropic heat not modelled"),
    Entry("Positive particle diffusivity [m2.s-1]", positive_particle_diffusivity_arrhenius,
          "law: Arrhenius, ssb_models.physics.arrhenius"),
    Entry("Positive particle reference diffusivity [m2.s-1]", 1e-15,
          "measured on LiCoO2 thin films (liquid cells, room temperature): PITT '6 x "
          "10-13 and 8 x 10-12 cm2/s ... depending on the potentials' over 3.85-4.2 V "
          "('Li-ion diffusion in highly (0 0 3) oriented LiCoO2 thin film cathode "
          "prepared by pulsed laser deposition', abstract); PITT '1 x 10-12 - 4 x 10-11 "
          "cm2/s with a pronounced minimum at Li0.7CoO2' (Electrochim. Acta 45 (1999) "
          "187, abstract). Range 6e-17 to 4e-15 m2/s; 1e-15 in its upper half because the "
          "(003)-oriented film is measured across LCO's slow direction and bounds "
          "powders from below (sweep it). PyBaMM's Marquis2019 1e-13 is a liquid-cell "
          "fitting value, 25-1600x above these measurements"),
    Entry("Positive particle diffusivity activation energy [J.mol-1]", 18550.0,
          "assumed: value of " + MARQUIS + "; no measured activation energy of Li "
          "diffusion in LiCoO2 was found"),
    Entry("Positive electrode conductivity [S.m-1]", 10.0,
          "LCO value of " + MARQUIS + "; no value for carbon-free LCO-SE composites found"),
    Entry("Positive electrode charge transfer coefficient", 0.5,
          "assumed: symmetric Butler-Volmer"),
    Entry("Positive electrode double-layer capacity [F.m-2]", 0.2,
          "assumed: PyBaMM default; unused unless a surface form is selected"),
]

#: LiCoO2 density [kg.m-3] (same value as the LCO entry above).
RHO_LCO = 51217.9 * 0.097873

#: Dense separator: the ion conductor fills it.
DENSE_SEPARATOR = [
    Entry("Separator porosity", 1.0,
          "definition: dense separator, ion-conductor volume fraction 1"),
    Entry("Separator Bruggeman coefficient (electrolyte)", 1.5,
          "irrelevant at volume fraction 1 (1**b = 1)"),
]

_ASR_ZERO = (
    "assumed: 0 by default, so the measured interfacial resistance stays in the "
    "exchange-current density (no double counting); set it to model an extra "
    "interphase or contact resistance (option 'interface resistance': 'ohmic')"
)

_INTERPHASE_C = (
    "assumed: eps0 eps_r / d of a 10 nm interphase with eps_r = 10 (8.9e-3 F/m2 = "
    "0.89 uF/cm2), within the 1e-9 to 1e-5 F range of surface layers and "
    "electrode interfaces in Irvine, Sinclair & West, Adv. Mater. 2 (1990) 132, "
    "doi:10.1002/adma.19900020304 (classification not re-read); used by option "
    "'interface resistance': 'interphase'"
)
INTERPHASE_CAPACITANCE = 8.8541878128e-12 * 10 / 1e-8

_PRESSURE_LAW_ASSUMED = (
    (0.0, _ASR_ZERO),
    (1e6, "assumed: pressure at which the reference ASR applies"),
    (1.0, "assumed: n = 1, contact area proportional to pressure"),
)


def lithium_metal_interface(asr=_PRESSURE_LAW_ASSUMED[0], reference_pressure=
                            _PRESSURE_LAW_ASSUMED[1], exponent=_PRESSURE_LAW_ASSUMED[2]):
    """Li metal | SE interface entries: ASR with the stack-pressure law
    R_a0 (p/p0)^-n, its capacitance and the contact fraction f_a. Each of ``asr``,
    ``reference_pressure`` and ``exponent`` is a (value, source) pair, so a cell can
    carry its own calibrated law."""
    return [
        Entry("Lithium metal interface ASR [Ohm.m2]", lithium_metal_asr_stack_pressure,
              "law: R_a0 (p/p0)^-n, ssb_models.parameters.functions"),
        Entry("Lithium metal interface ASR at reference pressure [Ohm.m2]", *asr),
        Entry("Stack pressure [Pa]", 1e6,
              "assumed: 1 MPa, a light lab-cell stack pressure (sweep it)"),
        Entry("Reference stack pressure [Pa]", *reference_pressure),
        Entry("Lithium metal interface ASR pressure exponent", *exponent),
        Entry("Lithium metal interface capacitance [F.m-2]", INTERPHASE_CAPACITANCE,
              _INTERPHASE_C),
        Entry("Initial negative electrode interface utilisation", 1.0,
              "contact fraction f_a of the Li|SE interface; assumed: full contact "
              "(option 'interface utilisation': 'constant' to use it)"),
    ]


def _composite_interface(domain, contact):
    """ASR, interphase capacitance and contact fraction of a composite electrode|SE
    interface (per contacted particle area)."""
    Domain = domain.capitalize()
    return [
        Entry(f"{Domain} electrode interface ASR [Ohm.m2]", 0.0, _ASR_ZERO),
        Entry(f"{Domain} electrode interface capacitance [F.m-2]", INTERPHASE_CAPACITANCE,
              _INTERPHASE_C),
        Entry(f"Initial {domain} electrode interface utilisation", 1.0,
              f"contact fraction {contact}; assumed: full contact (option 'interface "
              "utilisation': 'constant' to use it)"),
    ]


#: Cathode | SE interface: ASR per contacted particle area, contact fraction f_c.
POSITIVE_INTERFACE = _composite_interface("positive", "f_c of the particle surface")

#: Composite anode | SE interface (full cells).
NEGATIVE_COMPOSITE_INTERFACE = _composite_interface("negative",
                                                    "of the anode particle surface")
