"""Entries shared by several cells: one home for each material fact.

A cell file composes its ``ENTRIES`` from these lists and its own rows; the
docs table shows every row with its source either way.
"""

from pybamm.input.parameters.lithium_ion.Marquis2019 import lico2_ocp_Dualfoil1998

from ..physics.constants import EPSILON_0
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
    Entry("Total heat transfer coefficient [W.m-2.K-1]", 10.0,
          "assumed: still air (natural convection 2-25 W/m2/K in gases, textbook range; "
          "10 is the value of PyBaMM's Marquis2019, Chen2020 and Xu2019 sets, which give "
          "no separate source); a cell clamped in a metal press loses heat faster (sweep "
          "5-100). Used with option 'thermal': 'lumped' (docs/thermal.md)"),
    Entry("Cell volume [m3]", None,
          "derived: area x (sum of layer thicknesses incl. current collectors) "
          "(ssb_models.parameters.derived)"),
    Entry("Cell cooling surface area [m2]", None,
          "derived: both faces of the single-layer cell, 2 x area (assumed: edges "
          "negligible, heat leaves through the two current collectors)"),
    *[Entry(f"{d} electrode {q}", None,
            "derived: volume-weighted density / mass-weighted heat capacity of the "
            "composite's phases (ssb_models.physics.thermal; docs/thermal.md)")
      for d in ("Positive",) for q in ("density [kg.m-3]", "specific heat capacity "
                                       "[J.kg-1.K-1]")],
    Entry("Separator density [kg.m-3]", None,
          "derived: the solid electrolyte's density (dense separator)"),
    Entry("Separator specific heat capacity [J.kg-1.K-1]", None,
          "derived: the solid electrolyte's specific heat capacity (dense separator)"),
]

_PYBAMM_CC = ("value of PyBaMM's Chen2020 set (Chen et al., J. Electrochem. Soc. 167 (2020) "
              "080534, doi:10.1149/1945-7111/ab9050, and references therein)")
#: Current collectors (thermal mass and ohmic heat; assumed foils of a lab cell).
CURRENT_COLLECTORS = [
    Entry("Positive current collector thickness [m]", 1.5e-5,
          "assumed: 15 um Al foil (Li-ion foils are 15-25 um: PyBaMM's Ai2020/Ecker2015 "
          "15 um, Chen2020 16 um; no solid-state lab-cell value found)"),
    Entry("Positive current collector density [kg.m-3]", 2700.0, "Al; " + _PYBAMM_CC),
    Entry("Positive current collector specific heat capacity [J.kg-1.K-1]", 897.0,
          "Al; " + _PYBAMM_CC),
    Entry("Positive current collector conductivity [S.m-1]", 36914000.0,
          "Al; " + _PYBAMM_CC),
    Entry("Negative current collector thickness [m]", 1e-5,
          "assumed: 10 um Cu foil (PyBaMM's Ai2020 10 um, Chen2020 12 um; no "
          "solid-state lab-cell value found)"),
    Entry("Negative current collector density [kg.m-3]", 8960.0, "Cu; " + _PYBAMM_CC),
    Entry("Negative current collector specific heat capacity [J.kg-1.K-1]", 385.0,
          "Cu; " + _PYBAMM_CC),
    Entry("Negative current collector conductivity [S.m-1]", 58411000.0,
          "Cu; " + _PYBAMM_CC),
]

#: Derived thermal entries of a composite negative electrode (full cells).
NEGATIVE_COMPOSITE_THERMAL = [
    Entry(f"Negative electrode {q}", None,
          "derived: volume-weighted density / mass-weighted heat capacity of the "
          "composite's phases (ssb_models.physics.thermal; docs/thermal.md)")
    for q in ("density [kg.m-3]", "specific heat capacity [J.kg-1.K-1]")
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
          "definition: Li/Li+ reference (its entropy is in the positive electrode's "
          "entropic change vs Li)"),
    Entry("Lithium metal partial molar volume [m3.mol-1]", 1.3e-5,
          "Li: 6.94 g/mol / 0.534 g/cm3 = 1.30e-5 m3/mol (derived)"),
    Entry("Negative electrode charge transfer coefficient", 0.5,
          "assumed: symmetric Butler-Volmer"),
    Entry("Negative electrode double-layer capacity [F.m-2]", 0.2,
          "assumed: PyBaMM default; unused unless a surface form is selected"),
    Entry("Negative electrode density [kg.m-3]", 534.0,
          "Li metal, CRC Handbook of Chemistry and Physics, 97th ed. (via the "
          "matmake.com compilation: 'Density 534 kg/m3')"),
    Entry("Negative electrode specific heat capacity [J.kg-1.K-1]", 3582.0,
          "Li metal at 25 C, CRC Handbook of Chemistry and Physics, 97th ed. (via the "
          "matmake.com compilation: 'Specific Heat Capacity (Cp) (25 C) 3582 J/kg K')"),
]

#: LiCoO2 active material (thermodynamics and bulk transport).
LCO = [
    Entry("Maximum concentration in positive electrode [mol.m-3]", 51217.9, MARQUIS),
    Entry("Positive electrode active material density [kg.m-3]", 51217.9 * 0.097873,
          "derived: c_max x M(LiCoO2) = 51217.9 mol/m3 x 0.097873 kg/mol"),
    Entry("Positive electrode OCP [V]", lico2_ocp_Dualfoil1998,
          "PyBaMM lico2_ocp_Dualfoil1998 (fit from Dualfoil; Doyle 1995 thesis)"),
    Entry("Positive electrode OCP entropic change [V.K-1]", 0.0,
          "assumed: 0 (no reversible heat, OCP independent of T); the only LCO fit "
          "found (PyBaMM's lico2_entropic_change_Moura2016) is a code fit (FastDFN) "
          "without a measurement source; sweep it with a function if needed"),
    Entry("Positive electrode partial molar volume [m3.mol-1]", -7.28e-7,
          "LiCoO2 value of PyBaMM's Ai2020 set (Ai et al., J. Electrochem. Soc. 167 (2020) "
          "013512, doi:10.1149/2.0122001JES, after Rieger et al. 2016): Delta V/V = Omega "
          "Delta c, +1.86 % from x = 1 to 0.5 (LCO expands on delithiation); used by "
          "option 'cathode contact'"),
    Entry("Positive electrode active material specific heat capacity [J.kg-1.K-1]", 700.0,
          "assumed: PyBaMM Marquis2019's LCO electrode value (no primary source given); "
          "Dulong-Petit bound 1019 J/kg/K; Jankovsky et al., Thermochim. Acta 634 (2016) "
          "26, doi:10.1016/j.tca.2016.04.018 measured it (number not readable here)"),
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
INTERPHASE_CAPACITANCE = EPSILON_0 * 10 / 1e-8

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


_MATERIALIA = ("Wang, Chang, Wolfenstine & Sakamoto, 'Analysis of elastic, plastic, and "
               "creep properties of sodium metal and implications for solid-state "
               "batteries', Materialia (2020)")

#: Li metal | SE contact as a state (option "lithium contact": "voids";
#: docs/lithium_contact.md). Li-metal cells with a rigid (ceramic) SE.
LITHIUM_CONTACT = [
    Entry("Lithium vacancy-diffusion supply current density [A.m-2]", 1.0,
          "assumed: 1 A/m2 = 0.1 mA/cm2 per contacted area at 25 C, the critical "
          "stripping current of Li|LLZO without stack pressure of Wang, Choudhury & "
          "Sakamoto, Joule 3 (2019) 2165 ('CCS as low as 0.1 mAcm-2 when no stack "
          "pressure', quoted in Roy, Fleck & Deshpande, Extreme Mech. Lett. (2021), "
          "doi:10.1016/j.eml.2021.101307, full text of a transcription read); Flatscher "
          "et al., J. Mater. Chem. A 8 (2020) 15782 report up to 0.28 mA/cm2 without "
          "pressure (abstract). The model's staircase critical current lies above this "
          "onset (docs/lithium_contact.md). Sweep 0.3-3"),
    Entry("Lithium self-diffusion activation energy [J.mol-1]", 55000.0,
          "Li lattice self-diffusion, Lodding, Mundy & Ott, Phys. Status Solidi B 38 "
          "(1970) 559, quoted in " + _MATERIALIA + ": 'the activation energy for Li "
          "lattice diffusion (Q_L) is ~55 kJ mol-1'"),
    Entry("Lithium creep supply current density [A.m-2]", 0.5,
          "assumed: creep supply at 1 MPa and full contact, half the vacancy term, so "
          "that the void-onset current is 0.15-0.45 mA/cm2 over 1-7 MPa at 25 C, the "
          "order of the critical stripping currents reported for Li|garnet and "
          "Li|argyrodite cells (Kasemchainan et al., Nat. Mater. 18 (2019) 1105; leads, "
          "numbers not read here). Calibrate on your own critical-current data; sweep "
          "0.1-5"),
    Entry("Lithium creep supply pressure exponent", 1.0,
          "assumed: linear in the contact stress p/f. Bulk Li creeps with stress "
          "exponent 6.6 ('a stress exponent of ~6.3-6.6', " + _MATERIALIA + "; Masias, "
          "Felten, Garcia-Mendez, Wolfenstine & Sakamoto, J. Mater. Sci. 54 (2019) 2585, "
          "doi:10.1007/s10853-018-2971-3 measured 6.56 in tension at 0.2-0.6 MPa, ~26 C, "
          "read in a digest quoting the printed text), but the flow that closes "
          "interfacial voids is set by asperity geometry as well; sweep 1-6.6"),
    Entry("Lithium creep activation energy [J.mol-1]", 37000.0,
          "LePage et al., J. Electrochem. Soc. 166 (2019) A89, doi:10.1149/2.0221902jes, "
          "quoted in " + _MATERIALIA + ": 'The activation energy for Li metal creep (Q_c) "
          "was measured ... over a temperature range of -25 to 125 C to be 37 kJ mol-1'"),
    Entry("Lithium contact reference temperature [K]", 298.15,
          "definition: 25 C, where the supply current densities apply"),
    Entry("Lithium creep reference stack pressure [Pa]", 1e6,
          "definition: 1 MPa, where the creep supply current density applies"),
    Entry("Lithium void depth [m]", 1e-6,
          "assumed: 1 um of Li (0.21 mAh/cm2) of void volume per unit contact fraction "
          "lost, the micrometre scale of stripping pores at Li|LLZO (Krauskopf et al. "
          "2019, lead); sweep 0.2-10 um"),
    Entry("Minimum lithium contact fraction", 0.05,
          "assumed: contact is 'lost' below 5 % (current per contacted area 20x the "
          "mean); the run ends there"),
]


#: Cathode|SE contact loss from the particles' volume change (option "cathode
#: contact": "volume-change"; docs/cathode_contact.md).
CATHODE_CONTACT = [
    Entry("Positive electrode contact-loss coefficient", 0.1,
          "assumed: fraction of the remaining contact lost per unit volumetric strain "
          "swing when the SE cannot follow (P = 1); 0.1 loses ~0.34 % of the contact per "
          "LCO cycle (two swings of ~1.8 % each, measured). Calibrate on the growth of the cathode "
          "charge-transfer arc with cycles (Koerver et al., Chem. Mater. 29 (2017) 5574: "
          "contact loss from NCM811's 7.8 % volume change); sweep 0-1"),
    Entry("Positive electrode isolation coefficient", 0.05,
          "assumed: fraction of the active material isolated per unit volumetric strain "
          "swing at P = 1; 0.05 isolates ~0.17 % per LCO cycle (~16 % in 100 cycles). "
          "Calibrate on capacity fade; sweep 0-0.5"),
]
