"""Li metal | Ta-doped cubic garnet LLZO | LiCoO2-LLZO composite cathode.

Each :class:`~ssb_models.parameters.Entry` carries its source beside its value.
The table in ``docs/cells/li-llzo-lco.md`` is generated from ``ENTRIES``
(``python docs/generate.py``).
"""


from ssb_models.mesh import Mesh
from ssb_models.parameters import Cell, Entry, values_from_entries
from ssb_models.parameters.functions import (
    lithium_metal_exchange_current_density_solid,
    positive_exchange_current_density_solid,
    solid_electrolyte_conductivity_arrhenius,
)
from ssb_models.parameters.interphase import LI_LLZO_INTERPHASE
from ssb_models.parameters.materials import (
    CATHODE_CONTACT,
    CELL_FORMAT,
    CURRENT_COLLECTORS,
    DENSE_SEPARATOR,
    LCO,
    LITHIUM_CONTACT,
    LITHIUM_METAL,
    lithium_metal_interface,
    POSITIVE_INTERFACE,
)
from ssb_models.physics.constants import FARADAY

CELL = Cell(
    id="li-llzo-lco",
    parameter_set="Li_LLZO_LCO",
    anode="Li metal",
    electrolyte="Ta-doped cubic LLZO (garnet)",
    cathode="LiCoO2 + LLZO composite",
    description=(
        "Li | Li6.4La3Zr1.4Ta0.6O12 | LiCoO2-LLZO composite (no carbon), 25 C. "
        "Garnet cell after Finsterbusch et al. 2018."
    ),
    model_options={"electrolyte": "single-ion", "working electrode": "positive"},
    # mesh presets chosen for accuracy (docs/performance.md, "Mesh presets"); measured
    # by benchmarks/mesh_search.py on 2026-12-04 against uniform x 10, r 480 (rtol 1e-8)
    meshes={
        "default": Mesh(x=6, r_p=30, stretch=1.5, measured=(
            "1C 0.85 mV, 5C 2.73 mV; capacity 3.6e-5 / 2.2e-4; 200 states (before: "
            "x 20, r 30 uniform, 662 states, 2.76 / 5.76 mV)")),
        "fine": Mesh(x=6, r_p=48, stretch=1.0, measured=(
            "1C 0.59 mV, 5C 0.68 mV; capacity 1.1e-5 / 4.4e-5; 308 states")),
        "fast": Mesh(x=6, r_p=12, stretch=1.0, measured=(
            "1C 3.86 mV, 5C 12.0 mV; capacity 8.8e-5 / 4.9e-4; 92 states")),
    },
)

NOTES = """\
**Design basis.** The composite follows the garnet cell of Finsterbusch et al. (2018):
a 25 um LLZ:Ta + LCO composite of "1 mAh/cm2" theoretical capacity on a Ta-LLZO separator,
co-sintered, no carbon. At 137 mAh/g (Li1CoO2 -> Li0.5CoO2) and 5.01 g/cm3 that fixes the
LCO volume fraction at 0.58. The cut-offs 3.0-4.2 V span x = 0.967 -> 0.495 of the OCP fit,
so the stoichiometric-window (1C) capacity is 0.94 mAh/cm2 (129 mAh/g): design basis,
cut-offs and capacity agree within the 3 % of x that the OCP fit leaves below 3.0 V. (An
earlier version used 4.05 V and so delivered 0.77 mAh/cm2 against a 1 mAh/cm2 basis.)
Published row P01 (Wang et al., Nano Energy 49 (2018) 58: 139 um, 15.9 mg/cm2 LCO,
50/40/10 LCO/LIM/acetylene black) is not the default because its cathode is wetted by an
ionic-liquid-in-MOF electrolyte and contains carbon, i.e. not a single-ion garnet
composite.

**Calibrated** (docs/validation.md): the cathode|LLZO exchange current, fitted to the
62 Ohm cm2 interfacial resistance of an LCO-LLZO composite (P19; it means 1800 Ohm cm2 per
contact area, inside the 50-8000 Ohm cm2 measured on LCO|LLZO), and the Li|LLZO contact
ASR and its stack-pressure exponent (P23, P24), used with option "interface resistance".
Holdout errors: +6 % (C/10, 25 C, P16), +16 % (C/10, 100 C, P14), +17 % (50 C, P15): the
model delivers its whole window at low rate, the co-sintered cells 81-94 % of it.

**Not sourced** (marked *assumed* below, sweep them): separator thickness, the
activation energy of the cathode exchange current, composite electronic conductivity
(PyBaMM's LCO value), voids-free composite, the LCO diffusion activation energy. No
double-layer capacitance is used (no surface form).
"""

FINSTERBUSCH = (
    "Finsterbusch et al., ACS Appl. Mater. Interfaces 10 (2018) 22329, "
    "doi:10.1021/acsami.8b06705"
)
HAN = (
    "Han et al., Nat. Mater. 16 (2017) 572, doi:10.1038/nmat4821: Li|garnet "
    "'interfacial impedance ... decreasing from 1,710 to 1 Ohm cm2' with ALD Al2O3 "
    "(quoted in Xia et al., Chem (2019))"
)
KIM_RUPP = (
    "Kim & Rupp, Energy Environ. Sci. (2020), doi:10.1039/d0ee02062a: "
    "Li|LLZO|LCO cycled 3-4.05 V"
)

ENTRIES = [
    *LI_LLZO_INTERPHASE,
    *CELL_FORMAT, *LITHIUM_METAL, *LCO, *DENSE_SEPARATOR, *POSITIVE_INTERFACE,
    *lithium_metal_interface(
        asr=(0.0, "0 by default: the default cell has the interlayer-treated Li|LLZO "
             "interface of Han et al. 2017 (~1 Ohm cm2, all in the exchange current). A "
             "bare Li|LLZO contact: 0.0299 Ohm m2 (299 Ohm cm2) at 10 MPa, fitted with the "
             "exponent below to P23, P24 (Krauskopf et al. 2019: ~300 Ohm cm2 at 10 MPa, "
             "50 at 41 MPa) by ssb fit; set it with option 'interface resistance'"),
        reference_pressure=(1e7, "10 MPa, the pressure of calibration point P23"),
        exponent=(1.2819, "fitted to P23, P24 with ssb fit, jointly with the bare-contact "
                  "ASR 0.0299 Ohm m2: n = ln(299/49)/ln(41/10); 2 points for 2 "
                  "parameters, an exact fit without uncertainty")),
    *CURRENT_COLLECTORS,
    *LITHIUM_CONTACT,
    *CATHODE_CONTACT,
    Entry("Solid electrolyte Young's modulus [Pa]", 156.5e9,
          "LLZTO pellets by nanoindentation, 'Pristine LLZTO pellets show a Young's modulus "
          "of 156.5 +/- 5.1 GPa' (US DOE Battery Materials Research program, FY2023 Q4 "
          "report, Task 1.6; a program report, not peer-reviewed)"),
    Entry("Solid electrolyte density [kg.m-3]", 5450.0,
          "derived: crystallographic density of Li6.4La3Zr1.4Ta0.6O12, a = 12.94 A, Z = 8, "
          "M = 889.4 g/mol (dense; sintered pellets 90-95 % of it)"),
    Entry("Solid electrolyte specific heat capacity [J.kg-1.K-1]", 550.0,
          "Ta/Al-LLZO, 'The DSC measurements reveal a Cp of 0.55-0.80 J g-1 K-1' from "
          "room temperature to 1225 K: Neises et al., J. Mater. Chem. A 10 (2022) 12177; "
          "0.55 = the room-temperature end (Cp rises with T)"),
    # ----------------------------------------------------------------- cell
    Entry("Separator thickness [m]", 1e-4,
          "assumed: 100 um, a practical thin-separator target; lab garnet pellets "
          "are 0.5-1 mm (sweep it)"),
    # ------------------------------------------------- negative electrode: Li
    Entry("Exchange-current density for lithium metal electrode [A.m-2]",
          lithium_metal_exchange_current_density_solid,
          "law: ssb_models.parameters.functions (Arrhenius, see docs/model.md)"),
    Entry("Lithium metal reference exchange-current density [A.m-2]", 257.0,
          "derived: i0 = RT/(F R_ct) = 0.025693 V / 1e-4 Ohm m2 with R_ct = 1 Ohm cm2, "
          "taking the whole interfacial ASR as charge transfer; " + HAN),
    Entry("Lithium metal exchange-current density activation energy [J.mol-1]",
          0.37 * FARADAY,
          "0.37 eV, activation energy of the Li|Li6.25Al0.25La3Zr2O12 interface resistance "
          "(Krauskopf et al., ACS Appl. Mater. Interfaces 11 (2019) 14463, "
          "doi:10.1021/acsami.9b02537, as re-analysed in Eckhardt et al., Adv. Mater. "
          "Interfaces 10 (2023) 2202354, doi:10.1002/admi.202202354, Sec. 3.4)"),
    Entry("Lithium metal exchange-current density reference temperature [K]", 298.15,
          "room temperature of the Han et al. measurement (taken as 25 C)"),
    # ----------------------------------------------------------- separator
    # ------------------------------------------------------ solid electrolyte
    Entry("Solid electrolyte conductivity [S.m-1]",
          solid_electrolyte_conductivity_arrhenius,
          "law: Arrhenius, ssb_models.physics.arrhenius"),
    Entry("Solid electrolyte conductivity at reference temperature [S.m-1]", 0.1,
          "Li6.4La3Zr1.4Ta0.6O12 '~1e-3 S cm-1 ... at RT with an activation energy "
          "of 0.35 eV' - Xia et al., Chem (2019), doi:10.1016/j.chempr.2018.11.013,"
          " quoting Li et al., J. Mater. Chem. 22 (2012) 15357"),
    Entry("Solid electrolyte activation energy [J.mol-1]", 0.35 * FARADAY,
          "0.35 eV (same source as the conductivity) x 96485 J/(mol eV)"),
    Entry("Solid electrolyte reference temperature [K]", 298.15,
          "'RT' of the conductivity source taken as 25 C (assumed)"),
    Entry("Initial concentration in electrolyte [mol.m-3]", 39050.0,
          "derived: Li6.4La3Zr1.4Ta0.6O12, 8 f.u. per cubic cell, a = 12.96 A: "
          "51.2 Li / (a^3 N_A)"),
    Entry("Solid electrolyte relative permittivity", 50.0,
          "LLZO eps_r = 50 in the inputs of Swift & Qi's space-charge code (repository "
          "mwswift/PFD_solution, Inputs/LLZO.yaml); 60 (de Klerk & Wagemaker 2018, as "
          "transcribed) and 150 (impedance) are also reported: sweep it"),
    Entry("Solid electrolyte Li site density [mol.m-3]", 54920.0,
          "derived: 72 Li sites per cubic garnet cell (24d + 48g, the 96h pairs counted "
          "once; assumed crystallographic count), a = 12.96 A: 72 / (a^3 N_A)"),
    Entry("Cation transference number", 1.0,
          "definition: single-ion conductor (only Li+ mobile)"),
    # --------------------------------------------------- positive electrode
    Entry("Positive electrode thickness [m]", 2.5e-5,
          "25 um LLZ:Ta + LCO composite, " + FINSTERBUSCH),
    Entry("Positive electrode active material volume fraction", 0.58,
          "derived: ~1 mAh/cm2 theoretical in 25 um (" + FINSTERBUSCH + ") at "
          "137 mAh/g (Li1CoO2 -> Li0.5CoO2) and 5.01 g/cm3: 1/(25e-4*5.01*137)"),
    Entry("Positive electrode porosity", 0.42,
          "SE volume fraction of the composite (PyBaMM's 'porosity' = volume fraction "
          "of the ion-conducting phase); assumed: dense co-sintered composite, no "
          "voids, binder or carbon, so 1 - 0.58"),
    Entry("Positive electrode Bruggeman coefficient (electrolyte)", 1.5,
          "Bruggeman exponent for spheres (Falco et al. 2019, Eq. 18; classical value)"),
    Entry("Positive electrode Bruggeman coefficient (electrode)", 1.5,
          "Bruggeman exponent for spheres (classical value)"),
    Entry("Positive particle radius [m]", 1.5e-6,
          "derived: 'LCO clusters (>= 2.9 um)' in warm-pressed LCO-LLZO composites, "
          "Falco et al., Mol. Syst. Des. Eng. 4 (2019) 850 (review 003), radius = "
          "2.9/2 um"),
    Entry("Positive electrode exchange-current density [A.m-2]",
          positive_exchange_current_density_solid,
          "law: ssb_models.parameters.functions (see docs/model.md)"),
    Entry("Positive electrode reference exchange-current density [A.m-2]", 0.1429,
          "fitted to P19 with ssb fit: the 62 Ohm cm2 LCO|LLZO interfacial resistance per "
          "cell area of Kim & Rupp, Energy Environ. Sci. (2020), doi:10.1039/d0ee02062a "
          "(1 point for 1 parameter: exact, no uncertainty). Per LCO|LLZO contact area "
          "this is RT/(F i0) = 1800 Ohm cm2, inside the 50-8000 Ohm cm2 measured on "
          "LCO|LLZO (50 thin film with interlayer, Sastre 2020; 150-2600 thin film, Kato "
          "2014; 1000-8000 co-processed, Mueller 2023): co-sintered composites sit at the "
          "resistive end"),
    Entry("Positive electrode exchange-current density activation energy [J.mol-1]",
          0.35 * FARADAY,
          "assumed: equal to the LLZO bulk activation energy (no interfacial value "
          "found)"),
    # ---------------------------------------------------- conditions
    Entry("Reference temperature [K]", 298.15, "definition: 25 C"),
    Entry("Ambient temperature [K]", 298.15, "default operating temperature 25 C"),
    Entry("Initial temperature [K]", 298.15, "default operating temperature 25 C"),
    Entry("Lower voltage cut-off [V]", 3.0,
          "lower end of the 3-4.05 V window of " + KIM_RUPP),
    Entry("Upper voltage cut-off [V]", 4.2,
          "derived: the LCO OCP fit reaches x = 0.495 at 4.2 V, i.e. the Li1CoO2 -> "
          "Li0.5CoO2 (137 mAh/g) basis of the '1 mAh/cm2' theoretical capacity of "
          + FINSTERBUSCH + "; datasets measured in a narrower window (e.g. 3-4.05 V) "
          "carry their own cut-offs"),
    Entry("Open-circuit voltage at 0% SOC [V]", None,
          "derived: equal to the lower cut-off"),
    Entry("Open-circuit voltage at 100% SOC [V]", None,
          "derived: equal to the upper cut-off"),
    Entry("Initial concentration in positive electrode [mol.m-3]", None,
          "derived: x_100 c_max, full charge (OCP = OCV at 100% SOC)"),
]


def get_parameter_values():
    """PyBaMM parameter values of the Li|LLZO|LCO cell (entry point target)."""
    from ssb_models.parameters.derived import complete

    return complete(values_from_entries(ENTRIES, citations=["Marquis2019"]),
                    options=CELL.model_options)
