"""Li metal | Ta-doped cubic garnet LLZO | LiCoO2-LLZO composite cathode.

Each :class:`~ssb_models.parameters.Entry` carries its source beside its value.
The table in ``docs/cells/li-llzo-lco.md`` is generated from ``ENTRIES``
(``python docs/generate.py``).
"""


from ssb_models.parameters import Cell, Entry, values_from_entries
from ssb_models.parameters.functions import (
    lithium_metal_exchange_current_density_solid,
    positive_exchange_current_density_solid,
    solid_electrolyte_conductivity_arrhenius,
)
from ssb_models.parameters.materials import (
    CELL_FORMAT,
    DENSE_SEPARATOR,
    LCO,
    LITHIUM_METAL,
    LITHIUM_METAL_INTERFACE,
    POSITIVE_INTERFACE,
)

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
)

NOTES = """\
**Design basis.** The composite follows the garnet cell of Finsterbusch et al. (2018):
a 25 um LLZ:Ta + LCO composite of about 1 mAh/cm2 on a Ta-LLZO separator, co-sintered,
no carbon. Published row P01 (Wang et al., Nano Energy 49 (2018) 58: 139 um, 15.9 mg/cm2
LCO, 50/40/10 LCO/LIM/acetylene black) is not the default because its cathode is wetted
by an ionic-liquid-in-MOF electrolyte and contains carbon, i.e. not a single-ion garnet
composite; `ssb run discharge --set "Positive electrode thickness [m]=1.39e-4" ...`
reproduces its geometry.

**Not sourced** (marked *assumed* below, sweep them): separator thickness, the
activation energies of both exchange-current densities, composite electronic
conductivity (PyBaMM's LCO value), voids-free composite. The exchange-current
densities are derived from measured interfacial resistances, taking the whole ASR as
charge transfer. No double-layer capacitance is used (no surface form).
"""

FINSTERBUSCH = (
    "Finsterbusch et al., ACS Appl. Mater. Interfaces 10 (2018) 22329, "
    "doi:10.1021/acsami.8b06705"
)
THIN_FILM_CT = (
    "LLZO/LCO charge-transfer resistance 'about 50 Ohm cm2' (all-thin-film cell, "
    "planar interface, Nb2O5-lithiated interlayer): 'Fast Charge Transfer across the "
    "Li7La3Zr2O12 Solid Electrolyte/LiCoO2 Cathode Interface Enabled by an "
    "Interphase-Engineered All-Thin-Film Architecture', ACS Appl. Mater. Interfaces "
    "(2020), abstract (DOI not verified)"
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
    *CELL_FORMAT, *LITHIUM_METAL, *LCO, *DENSE_SEPARATOR, *LITHIUM_METAL_INTERFACE, *POSITIVE_INTERFACE,
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
          0.35 * 96485.33212,
          "assumed: equal to the LLZO bulk activation energy (no interfacial value "
          "found)"),
    # ----------------------------------------------------------- separator
    # ------------------------------------------------------ solid electrolyte
    Entry("Solid electrolyte conductivity [S.m-1]",
          solid_electrolyte_conductivity_arrhenius,
          "law: Arrhenius, ssb_models.physics.arrhenius"),
    Entry("Solid electrolyte conductivity at reference temperature [S.m-1]", 0.1,
          "Li6.4La3Zr1.4Ta0.6O12 '~1e-3 S cm-1 ... at RT with an activation energy "
          "of 0.35 eV' - Xia et al., Chem (2019), doi:10.1016/j.chempr.2018.11.013,"
          " quoting Li et al., J. Mater. Chem. 22 (2012) 15357"),
    Entry("Solid electrolyte activation energy [J.mol-1]", 0.35 * 96485.33212,
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
    Entry("Positive electrode reference exchange-current density [A.m-2]", 5.14,
          "derived: i0 = RT/(F R_ct) = 0.025693 V / 5e-3 Ohm m2 per interface area; "
          + THIN_FILM_CT),
    Entry("Positive electrode exchange-current density activation energy [J.mol-1]",
          0.35 * 96485.33212,
          "assumed: equal to the LLZO bulk activation energy (no interfacial value "
          "found)"),
    # ---------------------------------------------------- conditions
    Entry("Reference temperature [K]", 298.15, "definition: 25 C"),
    Entry("Ambient temperature [K]", 298.15, "default operating temperature 25 C"),
    Entry("Initial temperature [K]", 298.15, "default operating temperature 25 C"),
    Entry("Lower voltage cut-off [V]", 3.0, KIM_RUPP),
    Entry("Upper voltage cut-off [V]", 4.05, KIM_RUPP),
    Entry("Open-circuit voltage at 0% SOC [V]", 3.0, "equal to the lower cut-off"),
    Entry("Open-circuit voltage at 100% SOC [V]", 4.05, "equal to the upper cut-off"),
    Entry("Initial concentration in positive electrode [mol.m-3]", None,
          "derived: x_100 c_max, full charge (OCP = OCV at 100% SOC)"),
]


def get_parameter_values():
    """PyBaMM parameter values of the Li|LLZO|LCO cell (entry point target)."""
    from ssb_models.parameters.derived import complete

    return complete(values_from_entries(ENTRIES, citations=["Marquis2019"]),
                    options=CELL.model_options)
