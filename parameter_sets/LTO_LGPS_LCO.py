"""LTO-LGPS composite | Li10GeP2S12 | LiNbO3-coated LiCoO2-LGPS composite.

A full cell: P2D particles in both electrodes, single-ion sulfide electrolyte.
Each :class:`~ssb_models.parameters.Entry` carries its source beside its
value; ``docs/cells/lto-lgps-lco.md`` is generated from ``ENTRIES``.

Capacity balance: N/P = 1.2 (see NOTES); tested in tests/test_cells.py.
"""


from ssb_models.mesh import Mesh
from ssb_models.parameters import Cell, Entry, values_from_entries
from ssb_models.parameters.functions import (
    negative_exchange_current_density_solid,
    negative_particle_diffusivity_arrhenius,
    positive_exchange_current_density_solid,
    solid_electrolyte_conductivity_arrhenius,
)
from ssb_models.parameters.interphase import LTO_LGPS_INTERPHASE
from ssb_models.parameters.materials import (
    CATHODE_CONTACT,
    CELL_FORMAT,
    CURRENT_COLLECTORS,
    NEGATIVE_COMPOSITE_THERMAL,
    DENSE_SEPARATOR,
    LCO,
    NEGATIVE_COMPOSITE_INTERFACE,
    POSITIVE_INTERFACE,
    RHO_LCO,
)
from ssb_models.physics.constants import FARADAY
from ssb_models.physics.ocp import lto_ocp_smooth

CELL = Cell(
    id="lto-lgps-lco",
    parameter_set="LTO_LGPS_LCO",
    anode="Li4Ti5O12 + LGPS composite",
    electrolyte="Li10GeP2S12 (LGPS)",
    cathode="LiNbO3-coated LiCoO2 + LGPS composite",
    description=(
        "Sulfide full cell after the LTO/LGPS/LCO cells of Braun et al. 2018 "
        "(Bruggeman tortuosity alpha = 0.9, b = 1.9) with the LCO-LGPS cathode design of Zhang et al. "
        "(80/20 wt%, ~10 mg/cm2 LCO), N/P = 1.2, 25 C."
    ),
    model_options={"electrolyte": "single-ion", "working electrode": "both"},
    # mesh presets chosen for accuracy (docs/performance.md, "Mesh presets"); measured
    # by benchmarks/mesh_search.py on 2026-12-04 against uniform x 20, r_n = r_p = 480
    # (rtol 1e-8)
    meshes={
        "default": Mesh(x=6, r_n=10, r_p=40, stretch=1.5, measured=(
            "1C 0.88 mV, 5C 3.00 mV; capacity 3.8e-5 / 2.0e-4; 332 states (before: "
            "x 20, r 30 uniform, 1302 states, 2.36 / 17.7 mV)")),
        "fine": Mesh(x=8, r_n=16, r_p=80, stretch=1.0, measured=(
            "1C 0.49 mV, 5C 0.85 mV; capacity 5.5e-6 / 3.1e-5; 810 states")),
        "fast": Mesh(x=6, r_n=6, r_p=12, stretch=1.0, measured=(
            "1C 3.56 mV, 5C 32.4 mV; capacity 1.6e-4 / 2.5e-5; 140 states")),
    },
)

NOTES = """\
**Effective transport.** Braun et al. (2018) fitted LTO/LGPS/LCO cells with a
Bruggeman tortuosity tau = eps^-alpha, alpha = 0.9 (quoted in Falco et al. 2019, Eq. 18).
Their 0.9 is alpha, not the exponent of the effective conductivity: with
tau = eps sigma / sigma_eff (Falco Eq. 17), sigma_eff = sigma eps^(1 + alpha), so PyBaMM's
"Bruggeman coefficient" is b = 1.9 (an earlier version used 0.9 as b, i.e. a tortuosity
below 1, which is impossible). At eps_SE = 0.32 (cathode) and 0.25 (anode) this gives
tau = eps^(1-b) = 2.8 and 3.4. Measured sulfide composites span b = 2.0 (Hlushkou et al.
2018) to 2.6-3.1 (Kato et al. 2018 at eps 0.57): Braun's value is the low end.
Validation refuses b < 1 and tortuosity factors < 1.

**Capacity balance.** N/P = Q_LTO / Q_LCO = 1.2 with practical specific capacities
175 mAh/g (LTO, x 0 -> 1) and 137 mAh/g (LCO, x 1 -> 0.5); the anode thickness follows
from it (assumed design margin). The cell is cathode-limited.

**Composite recipe.** Both composites 80/20 wt% active/LGPS with 15 % voids (the middle
of the "10-20 % porosity" that Falco et al. 2019 give for cold-pressed composites); LCO
loading 10 mg/cm2 (Zhang et al., quoted in Falco et al. 2019).

**LiNbO3 coating** feeds the space-charge option (`"space charge": "lattice-gas"`;
not used by the core model): the buffer is a Li-conducting lattice gas of its own
(docs/space_charge.md). Thickness, conductivity and activation energy are sourced; the Li
concentration is derived from the crystal density less the free volume of amorphous
films; the Li site density (that of the crystal), the mobile Li fraction (1) and the
relative permittivity (20) are assumed: no values for amorphous LiNbO3 were found.

**Validation** (docs/validation.md): no value is fitted: the Kato et al. 2018 thick
cathodes (P26, P27) and the Kim et al. 2017 points are insensitive to the cathode
exchange current and do not determine the Bruggeman coefficient better than Braun's
alpha, so every sulfide dataset is a holdout (-7 % and +1 % for a 600 um, 15.7 mAh/cm2
cathode at 0.5 and 6 mA/cm2).

**Not sourced** (marked *assumed*, sweep them): the LTO particle radius; both
exchange-current densities (no LCO-LiNbO3|sulfide or LTO|sulfide value found; the
LLZO|LCO thin-film value is used), the LTO one's activation energy; the cut-off voltages;
the as-assembled LTO lithiation; the LTO diffusivity within its range.
"""

ZHANG_VIA_FALCO = (
    "Zhang et al. (ref 24 of Falco et al., Mol. Syst. Des. Eng. 4 (2019) 850): "
    "LCO/LGPS composites, '20 % wt of SE in the CE has been enough ... (below 2C, "
    "i.e. ~2.8 mA cm-2 with 80 % wt of LCO)', LCO loading ~5 to 10 mg cm-2"
)
BRAUN = (
    "derived: b = 1 + alpha = 1.9. Braun et al., J. Power Sources 393 (2018) 119 "
    "fitted LTO/LGPS/LCO cells with 'tau_Bruggeman = eps^-alpha' and 'alpha = 0.9' "
    "(Falco et al., Mol. Syst. Des. Eng. 4 (2019) 850, Eq. 18 and text); with "
    "tau = eps sigma / sigma_composite (Falco Eq. 17) the effective conductivity is "
    "sigma eps^(1+alpha). Measured sulfide composites give b = 1 + ln(tau)/ln(1/eps) "
    "= 2.0 (tau 1.6 at eps 0.62, Hlushkou et al. 2018) to 2.6-3.1 (tau 2.47 and 3.32 "
    "at eps 0.57, Kato et al., J. Phys. Chem. Lett. 9 (2018) 607): 1.9 is at the low "
    "(well-percolated) end; sweep 1.9-3 (docs/validation.md, P30-P32)"
)
THIN_FILM_CT = (
    "assumed: the LLZO/LCO thin-film value (R_ct 'about 50 Ohm cm2', ACS Appl. "
    "Mater. Interfaces 2020, see li-llzo-lco): i0 = RT/(F R_ct) = 5.14 A/m2; no "
    "sulfide-interface value found"
)
RHO_LGPS = 2050.0
RHO_LTO = 3480.0


def _fractions(rho_am, wt_am=0.8, wt_se=0.2, voids=0.15):
    """Volume fractions (active, SE) of a dense-but-for-voids composite."""
    v_am, v_se = wt_am / rho_am, wt_se / RHO_LGPS
    solid = 1 - voids
    return solid * v_am / (v_am + v_se), solid * v_se / (v_am + v_se)


EPS_AM_P, EPS_SE_P = _fractions(RHO_LCO)
EPS_AM_N, EPS_SE_N = _fractions(RHO_LTO)
LOADING_LCO = 10e-3 * 1e4 / 1e3  # 10 mg/cm2 -> kg/m2 = 0.1
L_P = LOADING_LCO / (RHO_LCO * EPS_AM_P)
NP_RATIO = 1.2

L_N = NP_RATIO * LOADING_LCO * 137.0 / (175.0 * RHO_LTO * EPS_AM_N)

ENTRIES = [
    *LTO_LGPS_INTERPHASE,
    *CELL_FORMAT, *LCO, *DENSE_SEPARATOR, *NEGATIVE_COMPOSITE_INTERFACE, *POSITIVE_INTERFACE,
    *CURRENT_COLLECTORS, *NEGATIVE_COMPOSITE_THERMAL,
    *CATHODE_CONTACT,
    Entry("Solid electrolyte Young's modulus [Pa]", 22e9,
          "proxy: Li6PS5Cl, 'E (LPSCl) = 22 GPa' (Singh et al. 2022, citing Deng et al., "
          "J. Electrochem. Soc. 163 (2016) A67, DFT); no LGPS value found, sulfides are "
          "20-30 GPa (sweep)"),
    Entry("Stack pressure [Pa]", 1e6,
          "assumed: 1 MPa, as the Li-metal cells (sweep it); used by option 'cathode "
          "contact'"),
    Entry("Solid electrolyte density [kg.m-3]", RHO_LGPS,
          "derived: crystallographic density of Li10GeP2S12, P4_2/nmc, a = 8.694 A, "
          "c = 12.599 A, Z = 2, M = 588.7 g/mol (2.053 g/cm3)"),
    Entry("Solid electrolyte specific heat capacity [J.kg-1.K-1]", 800.0,
          "assumed: no measured LGPS value could be read (Boeger et al., ACS Appl. Energy "
          "Mater. 6 (2023) 10704, doi:10.1021/acsaem.3c01977 report it); ~75 % of the "
          "Dulong-Petit bound 1059 J/kg/K, as for other Li-rich solids at room temperature "
          "(sweep 650-1000)"),
    Entry("Negative electrode active material specific heat capacity [J.kg-1.K-1]", 750.0,
          "assumed: no LTO value found; ~0.65 of the Dulong-Petit bound 1141 J/kg/K, as "
          "titanates at room temperature (sweep 650-950)"),
    # ----------------------------------------------------------------- cell
    Entry("Negative electrode thickness [m]", L_N,
          "derived: N/P = 1.2 = L_n rho_LTO eps_LTO 175 mAh/g / (10 mg/cm2 x 137 mAh/g)"),
    Entry("Separator thickness [m]", 1e-4,
          "100 um sulfide separator of the cells of Kato et al., J. Phys. Chem. Lett. 9 "
          "(2018) 607 (quoted in Falco et al. 2019)"),
    Entry("Positive electrode thickness [m]", L_P,
          "derived: LCO loading 10 mg/cm2 / (rho_LCO eps_LCO); " + ZHANG_VIA_FALCO),
    # -------------------------------------------------- negative electrode: LTO
    Entry("Negative electrode active material volume fraction", EPS_AM_N,
          "derived: 80/20 wt% LTO/LGPS, 15 % voids, rho 3.48 / 2.05 g/cm3"),
    Entry("Negative electrode porosity", EPS_SE_N,
          "SE (LGPS) volume fraction; derived as the line above"),
    Entry("Negative electrode Bruggeman coefficient (electrolyte)", 1.9, BRAUN),
    Entry("Negative electrode Bruggeman coefficient (electrode)", 1.5,
          "Bruggeman exponent for spheres (classical value)"),
    Entry("Negative electrode conductivity [S.m-1]", 246.0,
          "Li7Ti5O12 '2.46 S cm-1 at 300 K ... high electronic conductivity is observed "
          "over a wide lithiation range down to x~0.04': Young et al., Adv. Energy "
          "Mater. (2013), doi:10.1002/aenm.201300134"),
    Entry("Maximum concentration in negative electrode [mol.m-3]", 22720.0,
          "derived: 175 mAh/g (3 Li per Li4Ti5O12) x 3.48 g/cm3 / (F/3.6)"),
    Entry("Negative electrode active material density [kg.m-3]", RHO_LTO,
          "derived: spinel Li4Ti5O12, a = 8.359 A, 8/3 f.u. per cell, M = 459.09 g/mol"),
    Entry("Negative electrode OCP [V]", lto_ocp_smooth,
          "Yao & Viswanathan, J. Phys. Chem. Lett. (2024), doi:10.1021/acs.jpclett.3c03129 "
          "(Redlich-Kister branches), gap edges rounded to C1 and the plateau moved from "
          "the fit's 1.6145 V to the accepted 1.55 V ('a working potential of 1.55 V vs. "
          "Li+/Li', Zhao et al., J. Solid State Electrochem. (2008), introduction; Ohzuku "
          "et al., J. Electrochem. Soc. 142 (1995) 1431): ssb_models.physics.ocp"),
    Entry("Negative electrode OCP entropic change [V.K-1]", 0.0,
          "assumed: 0 (no LTO value found; no reversible heat, OCP independent of T)"),
    Entry("Negative particle radius [m]", 5e-7,
          "assumed: 0.5 um, sub-micron LTO powder (not sourced; sweep it)"),
    Entry("Negative particle diffusivity [m2.s-1]", negative_particle_diffusivity_arrhenius,
          "law: Arrhenius, ssb_models.physics.arrhenius"),
    Entry("Negative particle reference diffusivity [m2.s-1]", 1e-15,
          "range 1e-13 to 1e-9 cm2/s (1e-17 to 1e-13 m2/s) for Li+ in LTO in Julien & "
          "Mauger, Micromachines 15 (2024) 310, doi:10.3390/mi15030310 (the same review's "
          "single value, 2 x 10-8 cm2/s, lies 20x above that range and is not used); "
          "1e-15 m2/s is the logarithmic middle of the range (no GITT/PITT value could be "
          "read; sweep it)"),
    Entry("Negative particle diffusivity activation energy [J.mol-1]", 0.94 * FARADAY,
          "0.94 eV from impedance (long-range ionic conduction) of Li4Ti5O12, 295-400 K: "
          "Wilkening et al., Phys. Chem. Chem. Phys. 9 (2007) 1239, doi:10.1039/b616269j "
          "(abstract: '0.94(1) eV'; NMR hopping gives 0.74-0.86 eV). Measured on "
          "pristine Li4Ti5O12, which conducts better once lithiated (Takada, ACS Energy "
          "Lett. 3 (2018) 98): likely an upper bound; no electrochemical (GITT/EIS vs T) "
          "value was found (sweep 0.3-0.94 eV)"),
    Entry("Negative electrode exchange-current density [A.m-2]",
          negative_exchange_current_density_solid,
          "law: ssb_models.parameters.functions (see docs/model.md)"),
    Entry("Negative electrode reference exchange-current density [A.m-2]", 5.14,
          THIN_FILM_CT),
    Entry("Negative electrode exchange-current density activation energy [J.mol-1]",
          0.22 * FARADAY,
          "assumed: equal to the LGPS bulk activation energy (no interfacial value found)"),
    Entry("Negative electrode charge transfer coefficient", 0.5,
          "assumed: symmetric Butler-Volmer"),
    Entry("Negative electrode double-layer capacity [F.m-2]", 0.2,
          "assumed: PyBaMM default; unused unless a surface form is selected"),
    # ----------------------------------------------------------- separator
    # ------------------------------------------------------ solid electrolyte
    Entry("Solid electrolyte conductivity [S.m-1]", solid_electrolyte_conductivity_arrhenius,
          "law: Arrhenius, ssb_models.physics.arrhenius"),
    Entry("Solid electrolyte conductivity at reference temperature [S.m-1]", 1.2,
          "LGPS 'conductivity of 12 mS cm-1 at room temperature': Kamaya et al., Nat. "
          "Mater. 10 (2011) 682, doi:10.1038/nmat3066"),
    Entry("Solid electrolyte activation energy [J.mol-1]", 0.22 * FARADAY,
          "LGPS bulk 'E_A ~ 0.22 eV': Kuhn, Duppel, Lotsch, Energy Environ. Sci. 6 "
          "(2013) 3548"),
    Entry("Solid electrolyte reference temperature [K]", 300.15,
          "27 C, the room temperature of Kamaya et al. 2011 (parameter leads: '12 mS/cm "
          "at 27 C')"),
    Entry("Initial concentration in electrolyte [mol.m-3]", 34900.0,
          "derived: Li10GeP2S12, Z = 2, a = 8.694 A, c = 12.599 A: 20 Li / (a^2 c N_A)"),
    Entry("Cation transference number", 1.0, "definition: single-ion conductor"),
    Entry("Solid electrolyte relative permittivity", 8.9,
          "LGPS eps_r = 8.89 from DFT, as transcribed in public space-charge code "
          "(parameter leads; not verified in the primary paper): sweep it"),
    Entry("Solid electrolyte Li site density [mol.m-3]", 69800.0,
          "assumed: half of the sites occupied (2 x 34,900 mol/m3); no site count found"),
    # --------------------------------------------------- positive electrode: LCO
    Entry("Positive electrode active material volume fraction", EPS_AM_P,
          "derived: 80/20 wt% LCO/LGPS, 15 % voids, rho 5.01 / 2.05 g/cm3; "
          + ZHANG_VIA_FALCO),
    Entry("Positive electrode porosity", EPS_SE_P,
          "SE (LGPS) volume fraction; derived as the line above"),
    Entry("Positive electrode Bruggeman coefficient (electrolyte)", 1.9, BRAUN),
    Entry("Positive electrode Bruggeman coefficient (electrode)", 1.5,
          "Bruggeman exponent for spheres (classical value)"),
    Entry("Positive particle radius [m]", 2e-6,
          "derived: radius of the 3-5 um LiNbO3-coated LCO (Toda) of the sulfide cells of "
          "Kato et al., J. Phys. Chem. Lett. 9 (2018) 607, doi:10.1021/acs.jpclett.7b02880 "
          "(Table 2, read in a third-party transcription), middle of the range: 4/2 um"),
    Entry("Positive electrode exchange-current density [A.m-2]",
          positive_exchange_current_density_solid,
          "law: ssb_models.parameters.functions (see docs/model.md)"),
    Entry("Positive electrode reference exchange-current density [A.m-2]", 5.14,
          THIN_FILM_CT),
    Entry("Positive electrode exchange-current density activation energy [J.mol-1]",
          48000.0,
          "'ECT at the LiNbO3-coated LiCoO2 /solid electrolyte interface was evaluated to "
          "be 48 kJ mol-1' (sulfide SE, microelectrode): 'Electrochemical analyzing method "
          "of the charge transfer reaction at the interface between sulfide-based solid "
          "electrolyte and positive electrode material with microelectrode', abstract "
          "(authors and DOI not read)"),
    # ------------------------------------------------ LiNbO3 coating (recorded)
    Entry("Buffer layer thickness [m]", 1e-8,
          "LiNbO3 coatings 'about 5-10 nm' (Ohta et al., Electrochem. Commun. 9 (2007) "
          "1486, as given in the project's parameter leads; not re-read): upper end"),
    Entry("Buffer layer ionic conductivity at reference temperature [S.m-1]", 8e-6,
          "amorphous LiNbO3 '8 x 10-8 S/cm at room temperature ... activation energy of "
          "0.25eV': Li, Chen, Hu, J. Phys. D 29 (1996) 2740"),
    Entry("Buffer layer activation energy [J.mol-1]", 0.25 * FARADAY,
          "0.25 eV, same source as the conductivity"),
    Entry("Buffer layer relative permittivity", 20.0,
          "assumed: no value for amorphous LiNbO3 found; polycrystalline LiNbO3 films on "
          "Si give 35 at 100 kHz (sol-gel; Joshi, Roy, Mecartney, MRS Symp. Proc., "
          "abstract) and 46 at 1 MHz (Pechini method; abstract, authors not read), the "
          "crystal about 28-85 by direction (lead, not re-read); taken lower for the "
          "amorphous film, which lacks the ferroelectric lattice polarisation (sweep it)"),
    Entry("Space-charge partition factor", 0.5,
          "assumed: fraction chi of (U_cathode - U_pzc) that drops across the interface "
          "layers (buffer and SE-side layer together); no published value found (sweep it)"),
    Entry("Space-charge potential of zero charge [V]", 3.9,
          "assumed: cathode potential vs Li at which the layer vanishes; no published "
          "value found (sweep it)"),
    Entry("Buffer layer Li concentration [mol.m-3]", 24500.0,
          "derived: LiNbO3 4.64 g/cm3 / 147.85 g/mol = 31,400 mol/m3, less 22 % free "
          "volume of amorphous films (Hueger et al., Batteries 9 (2023) 244); all Li, "
          "mobile or not (the mobile part: next-but-one line)"),
    Entry("Buffer layer Li site density [mol.m-3]", 31400.0,
          "assumed: the Li sites of crystalline LiNbO3 (4.64 g/cm3 / 147.85 g/mol, one "
          "per formula unit), so the amorphous film's 22 % Li deficit shows as vacant "
          "sites (occupancy 0.78); no site count for amorphous LiNbO3 found (sweep it)"),
    Entry("Buffer layer mobile Li fraction [-]", 1.0,
          "assumed: all Li mobile (strong-electrolyte limit; with the conductivity above "
          "Nernst-Einstein gives D = sigma R T / (F^2 c) = 8.7e-17 m2/s at 25 C); no "
          "mobile fraction for amorphous LiNbO3 found. Down to f = 1e-3 the 10 nm film "
          "still leaves the SE < 0.5 % of a 1 V step (docs/space_charge.md): sweep it"),
    # ---------------------------------------------------- conditions
    Entry("Reference temperature [K]", 298.15, "definition: 25 C"),
    Entry("Ambient temperature [K]", 298.15, "default operating temperature 25 C"),
    Entry("Initial temperature [K]", 298.15, "default operating temperature 25 C"),
    Entry("Lower voltage cut-off [V]", 1.5,
          "assumed: LCO near 3.05 V vs Li with LTO on its 1.55 V plateau"),
    Entry("Upper voltage cut-off [V]", 2.65,
          "assumed: LCO at 4.2 V vs Li (x = 0.495 of the OCP fit, the 137 mAh/g basis) with "
          "LTO on its 1.55 V plateau"),
    Entry("Open-circuit voltage at 0% SOC [V]", None,
          "derived: equal to the lower cut-off"),
    Entry("Open-circuit voltage at 100% SOC [V]", None,
          "derived: equal to the upper cut-off"),
    Entry("Initial concentration in negative electrode [mol.m-3]", 0.01 * 22720.0,
          "as assembled: Li4Ti5O12 (x = 0.01, assumed: keeps the OCP's log term finite); "
          "replaced by the full-charge state before a run"),
    Entry("Initial concentration in positive electrode [mol.m-3]", 0.999 * 51217.9,
          "as assembled: LiCoO2 fully lithiated (x = 0.999); with the line above it "
          "fixes the cyclable lithium; replaced by the full-charge state before a run"),
]


def get_parameter_values():
    """PyBaMM parameter values of the LTO|LGPS|LCO cell (entry point target)."""
    from ssb_models.parameters.derived import complete

    return complete(values_from_entries(ENTRIES, citations=["Marquis2019"]),
                    options=CELL.model_options)
