"""Li metal | PEO-LiTFSI | LiFePO4-PEO-carbon composite cathode, 60 C.

The polymer is a binary electrolyte (salt concentration is a state,
concentrated-solution transport): model option ``"electrolyte": "binary"``.
Each :class:`~ssb_models.parameters.Entry` carries its source beside its
value; ``docs/cells/li-peo-lfp.md`` is generated from ``ENTRIES``.
"""

from pybamm.input.parameters.lithium_ion.Prada2013 import LFP_ocp_Afshar2017

from ssb_models.mesh import Mesh
from ssb_models.parameters import Cell, Entry, values_from_entries
from ssb_models.parameters.functions import (
    lithium_metal_exchange_current_density_binary,
    peo_litfsi_conductivity_edman2000,
    peo_litfsi_diffusivity_edman2000,
    peo_litfsi_transference_edman2000,
    positive_exchange_current_density_binary,
    positive_particle_diffusivity_arrhenius,
)
from ssb_models.parameters.interphase import LI_PEO_INTERPHASE
from ssb_models.parameters.materials import (
    CATHODE_CONTACT,
    CELL_FORMAT,
    CURRENT_COLLECTORS,
    DENSE_SEPARATOR,
    LITHIUM_METAL,
    lithium_metal_interface,
    POSITIVE_INTERFACE,
)
from ssb_models.physics.constants import FARADAY, GAS_CONSTANT

CELL = Cell(
    id="li-peo-lfp",
    parameter_set="Li_PEO_LFP",
    anode="Li metal",
    electrolyte="PEO-LiTFSI (EO:Li = 20)",
    cathode="LiFePO4 + PEO-LiTFSI + carbon composite",
    description=(
        "Dry polymer cell, 60 C. Transport of PEO-LiTFSI from the 85 C fits of "
        "Edman et al. 2000 (kappa, D, t+), LFP from PyBaMM's Prada2013 set, cathode "
        "loading of Wetjen et al. 2014."
    ),
    model_options={"electrolyte": "binary", "working electrode": "positive"},
    temperature_range_C=(0.0, 130.0),
    # mesh presets chosen for accuracy (docs/performance.md, "Mesh presets"); measured
    # by benchmarks/mesh_search.py on 2026-12-04 against uniform x 320, r 120 (rtol
    # 1e-8). The binary electrolyte's salt front near the end of discharge needs x
    # points: the earlier x 20, r 30 mesh was 28 mV off at 1C.
    meshes={
        "default": Mesh(x=120, r_p=20, stretch=1.0, measured=(
            "1C 0.61 mV, 5C 1.93 mV; capacity 8.7e-5 / 4.2e-5; 3002 states (before: "
            "x 20, r 30 uniform, 702 states, 28.4 / 37.1 mV)")),
        "fine": Mesh(x=160, r_p=30, stretch=1.5, measured=(
            "1C 0.65 mV, 5C 0.55 mV; capacity 9.2e-6 / 3.4e-5; 5602 states")),
        "fast": Mesh(x=80, r_p=8, stretch=1.5, measured=(
            "1C 2.47 mV, 5C 8.10 mV; capacity 1.7e-4 / 2.5e-5; 1042 states")),
    },
    temperature_basis="VTF law about the 85 C Edman fits; PEO-LiTFSI is semicrystalline "
                      "below ~60 C, where the amorphous-melt law overestimates transport, "
                      "and it is not used below 0 C",
)

NOTES = """\
**Electrolyte.** Binary, concentrated-solution transport (PyBaMM's `electrolyte_diffusion.Full`
and `electrolyte_conductivity.Full`). kappa(c), D(c) and t+(c) are the 85 C fits of LiTFSI
in PEO that Newman's Dualfoil 5.2 attributes to L. Edman (LBL, 2000; Edman et al.,
J. Phys. Chem. B 104 (2000) 3476: "t0+ ranges from 0.17 to 0.60 ... 742 to 2982 mol/m3 at
85 C"). The conductivity polynomial is read in S/cm (see
`ssb_models.parameters.functions.peo_litfsi_conductivity_edman2000`). At the cell's
1044 mol/m3: kappa = 0.075 S/m, D = 5.3e-12 m2/s, t+ = 0.26 at 85 C.

**Temperature.** kappa and D follow the VTF law sigma = A T^-1/2 exp(-B/(T - T0))
(Xia et al. 2019, Eq. 2) relative to 85 C. **B and T0 are assumed**: no published VTF fit
of PEO-LiTFSI could be read (Lascaud et al. 1994, Stolwijk et al., Teran et al. 2011 are
leads); B = 1000 K and T0 = 200 K give kappa(60 C) / kappa(85 C) = 0.32. Sweep them.
t+ and the thermodynamic factor are taken as temperature-independent (no data found).
PEO-LiTFSI is semicrystalline below ~60 C (Xia et al. 2019); the VTF law describes the
amorphous melt only, so results below ~55 C overestimate the conductivity.

**Valid range.** The Edman fits are evaluated on their measured 742-2982 mol/m3 only
(smooth clamp, docs/model.md): outside it kappa, D and t+ keep their end values, so
0.17 <= t+ <= 0.60 and kappa, D > 0 for every concentration.

**Checked against the Balsara group** (PEO-LiTFSI at 90 C, P34/P35 in
docs/validation.md): t+0 0.34-0.41 at r = 0.04-0.08 (Edman 0.20-0.39 there), then negative
values at r >= 0.14 that the Edman fit does not reproduce (the methods disagree: Pesko et
al. 2018 report t+0 from 0.7 to -0.8); salt D 1.5-4x above Edman's. The thermodynamic
factor is taken as 1 (ideal), as in Dualfoil's PEO-LiTFSI entry: the Balsara-group
concentration dependence (Villaluenga et al. 2018; Gao & Balsara) could not be read.

**Li|PEO kinetics** come from a measured 67 Ohm cm2 at 80 C (the whole interface
resistance taken as charge transfer), with the Arrhenius law written about that
temperature ("Lithium metal exchange-current density reference temperature [K]").

**Not sourced** (marked *assumed*): the VTF B and T0, the membrane thickness, the
activation energy of the Li|PEO kinetics, the LFP|PEO kinetics (PyBaMM's
liquid-electrolyte value: 1C capacity at 80 C is insensitive to it, so it was not
calibrated), the LFP diffusion activation energy, the cut-offs.
"""

PRADA = (
    "PyBaMM Prada2013 set (Prada et al., J. Electrochem. Soc. 160 (2013) A616, "
    "doi:10.1149/2.053304jes)"
)
WETJEN = (
    "Wetjen et al., J. Power Sources 246 (2014) 846: Li/speXL/LFP, '4-5 mg cm-2', "
    "'40-50 um' (Falco et al. 2019, Table 1; published row P07)"
)
C0 = 1044.5  # mol/m3, derived below
RHO_LFP = 22806.0 * 0.15776  # kg/m3
L_P = 45e-6
EPS_LFP = 4.5e-3 * 10 / (RHO_LFP * L_P)  # 4.5 mg/cm2 = 0.045 kg/m2
EPS_CARBON = 0.05
EPS_PEO = 1 - EPS_LFP - EPS_CARBON

ENTRIES = [
    *LI_PEO_INTERPHASE,
    *CELL_FORMAT, *LITHIUM_METAL, *DENSE_SEPARATOR, *lithium_metal_interface(), *POSITIVE_INTERFACE,
    *CURRENT_COLLECTORS,
    *CATHODE_CONTACT,
    Entry("Solid electrolyte Young's modulus [Pa]", 1e6,
          "assumed: PEO-LiTFSI above its melting point (60 C) is a soft viscoelastic "
          "solid/melt, modulus 0.1-10 MPa (not sourced); with it the particles keep "
          "contact (P <= 0.02 over a half cycle at 1 MPa, docs/cathode_contact.md)"),
    Entry("Positive electrode partial molar volume [m3.mol-1]", 2.9e-6,
          "assumed: LiFePO4 -> FePO4 shrinks by ~6.5 % (the value usually quoted after "
          "Padhi et al., J. Electrochem. Soc. 144 (1997) 1188; not read here): Omega = "
          "0.065 / 22806 mol/m3; used by option 'cathode contact'"),
    # ----------------------------------------------------------------- cell
    Entry("Separator thickness [m]", 5e-5,
          "assumed: 50 um free-standing PEO-LiTFSI membrane (not sourced; sweep it)"),
    Entry("Positive electrode thickness [m]", L_P, "middle of 40-50 um: " + WETJEN),
    # ------------------------------------------------- negative electrode: Li
    Entry("Exchange-current density for lithium metal electrode [A.m-2]",
          lithium_metal_exchange_current_density_binary,
          "law: ssb_models.parameters.functions (sqrt(c_e/c_e0), Arrhenius)"),
    Entry("Lithium metal reference exchange-current density [A.m-2]",
          GAS_CONSTANT * 353.15 / FARADAY / 67e-4,
          "derived: i0 = RT/(F R) at 80 C with R = 67 Ohm cm2, 'the interface resistance "
          "between lithium metal and PEO with Li(CF3SO2)2N was as low as 67 Omega cm(2) "
          "after contacting at 80 degreesC for 30 days' (J. Power Sources 94 (2001) 201, "
          "abstract), taking the whole interface resistance as charge transfer"),
    Entry("Lithium metal exchange-current density reference temperature [K]", 353.15,
          "80 C, the temperature of the 67 Ohm cm2 measurement"),
    Entry("Lithium metal exchange-current density activation energy [J.mol-1]", 39570.0,
          "assumed: the LFP exchange-current activation energy of " + PRADA
          + "; no Li|PEO value found (sweep it)"),
    # ------------------------------------------------- polymer electrolyte
    Entry("Solid electrolyte density [kg.m-3]", 1220.0,
          "PEO-LiTFSI at EO:Li = 20, interpolated from Villaluenga et al., J. Electrochem. "
          "Soc. 165 (2018) A2766, Table 1 (r 0.04: 1.21, 0.06: 1.23 g/cm3, at 90 C)"),
    Entry("Solid electrolyte specific heat capacity [J.kg-1.K-1]", 1800.0,
          "assumed: polymers 1.3-2.2 J/g/K, PEO ~2 J/g/K near its melting point, lowered "
          "by the 0.28 mass fraction of LiTFSI (no PEO-LiTFSI value read; sweep 1400-2100)"),
    Entry("Initial concentration in electrolyte [mol.m-3]", C0,
          "derived: EO:Li = 20 (r = 0.05), density 1.22 g/cm3 interpolated from "
          "Villaluenga et al., J. Electrochem. Soc. 165 (2018) A2766, Table 1 (r 0.04: "
          "1.21, 0.06: 1.23): c = rho r / (M_EO + r M_LiTFSI) = 1.22e6 x 0.05 / 58.40"),
    Entry("Electrolyte conductivity [S.m-1]", peo_litfsi_conductivity_edman2000,
          "Edman 2000 85 C fit via Dualfoil 5.2 (read in S/cm) x VTF(T)/VTF(85 C)"),
    Entry("Electrolyte diffusivity [m2.s-1]", peo_litfsi_diffusivity_edman2000,
          "Edman 2000 85 C fit via Dualfoil 5.2 x the conductivity's VTF factor "
          "(assumed coupling)"),
    Entry("Cation transference number", peo_litfsi_transference_edman2000,
          "Edman et al., J. Phys. Chem. B 104 (2000) 3476, fit via Dualfoil 5.2"),
    Entry("Thermodynamic factor", 1.0,
          "assumed: ideal solution, as Dualfoil's PEO-LiTFSI entry"),
    Entry("Polymer electrolyte VTF reference temperature [K]", 358.15,
          "85 C, the temperature of the Edman 2000 fits"),
    Entry("Polymer electrolyte VTF pseudo-activation temperature [K]", 1000.0,
          "assumed: B of sigma = A T^-1/2 exp(-B/(T-T0)); no published PEO-LiTFSI fit "
          "could be read (sweep it)"),
    Entry("Polymer electrolyte VTF Vogel temperature [K]", 200.0,
          "assumed: T0; no published PEO-LiTFSI fit could be read (sweep it)"),
    # --------------------------------------------------- positive electrode: LFP
    Entry("Positive electrode active material volume fraction", EPS_LFP,
          "derived: 4.5 mg/cm2 LFP in 45 um at 3.598 g/cm3; " + WETJEN),
    Entry("Positive electrode porosity", EPS_PEO,
          "polymer-electrolyte volume fraction; assumed: all the rest but 5 vol% carbon, "
          "no voids (the polymer melts into the electrode)"),
    Entry("Positive electrode Bruggeman coefficient (electrolyte)", 1.5,
          "Bruggeman exponent for spheres (classical value)"),
    Entry("Positive electrode Bruggeman coefficient (electrode)", 1.5,
          "Bruggeman exponent for spheres (classical value)"),
    Entry("Positive particle radius [m]", 5e-8, PRADA),
    Entry("Positive electrode conductivity [S.m-1]", 0.33795074, PRADA),
    Entry("Maximum concentration in positive electrode [mol.m-3]", 22806.0, PRADA),
    Entry("Positive electrode active material density [kg.m-3]", RHO_LFP,
          "derived: c_max x M(LiFePO4) = 22806 mol/m3 x 0.15776 kg/mol"),
    Entry("Positive electrode OCP [V]", LFP_ocp_Afshar2017,
          "PyBaMM LFP_ocp_Afshar2017 (Afshar, Morris, Khajepour, arXiv:1709.03970)"),
    Entry("Positive electrode OCP entropic change [V.K-1]", 0.0,
          "assumed: 0 (no LFP value read; no reversible heat, OCP independent of T)"),
    Entry("Positive electrode active material specific heat capacity [J.kg-1.K-1]", 700.0,
          "assumed: no LFP value could be read; ~0.63 of the Dulong-Petit bound 1107 "
          "J/kg/K (sweep 600-900)"),
    Entry("Positive electrode additive volume fraction", EPS_CARBON,
          "carbon black, as the porosity entry (thermal mass only)"),
    Entry("Positive electrode additive density [kg.m-3]", 1900.0,
          "carbon black true density, 'approximately 1800 to 2000 kg/m3' (CFI Carbon "
          "Products, 'Carbon Black Density', vendor page)"),
    Entry("Positive electrode additive specific heat capacity [J.kg-1.K-1]", 710.0,
          "assumed: graphite's room-temperature value for carbon black (not read; 5 vol% "
          "makes it a small term)"),
    Entry("Positive particle diffusivity [m2.s-1]", positive_particle_diffusivity_arrhenius,
          "law: Arrhenius, ssb_models.physics.arrhenius"),
    Entry("Positive particle reference diffusivity [m2.s-1]", 5.9e-18,
          PRADA + ". Measured on LiFePO4: GITT '1.8e-14' (LiFePO4 end) to '2.2e-16 cm2/s' "
          "(FePO4 end), Prosini, Lisi, Zane, Pasquali, Solid State Ionics 148 (2002) 45, "
          "abstract; ~1e-13 to 1e-12 cm2/s in the two-phase region, Zhu & Wang, J. Phys. "
          "Chem. C 114 (2010) 2830, abstract. Range 2.2e-20 to 1e-16 m2/s: the value lies "
          "inside it, towards the two-phase end"),
    Entry("Positive particle diffusivity activation energy [J.mol-1]", 39570.0,
          "assumed: the LFP exchange-current activation energy of " + PRADA
          + "; no value for LFP diffusion found"),
    Entry("Positive electrode exchange-current density [A.m-2]",
          positive_exchange_current_density_binary,
          "law: ssb_models.parameters.functions (sqrt(c_e/c_e0), 2 sqrt(x(1-x)))"),
    Entry("Positive electrode reference exchange-current density [A.m-2]",
          6e-7 * C0**0.5 * 22806.0 * 0.5,
          "derived: PyBaMM Prada2013 LFP i0 = 6e-7 c_e^0.5 c_s^0.5 (c_max - c_s)^0.5 "
          "(Kashkooli et al., J. Appl. Electrochem. (2017); liquid electrolyte, "
          "assumed transferable) at c_e0 = 1044.5 mol/m3, x = 0.5"),
    Entry("Positive electrode exchange-current density activation energy [J.mol-1]",
          39570.0, PRADA + " (Kashkooli 2017)"),
    Entry("Positive electrode charge transfer coefficient", 0.5,
          "assumed: symmetric Butler-Volmer"),
    Entry("Positive electrode double-layer capacity [F.m-2]", 0.2,
          "assumed: PyBaMM default; unused unless a surface form is selected"),
    # ---------------------------------------------------- conditions
    Entry("Reference temperature [K]", 298.15,
          "25 C, reference of the Kashkooli exchange-current Arrhenius law"),
    Entry("Ambient temperature [K]", 333.15, "default operating temperature 60 C"),
    Entry("Initial temperature [K]", 333.15, "default operating temperature 60 C"),
    Entry("Lower voltage cut-off [V]", 2.5, "assumed: common LFP window 2.5-3.8 V"),
    Entry("Upper voltage cut-off [V]", 3.8,
          "assumed: common LFP window, below PEO's oxidation near 4 V"),
    Entry("Open-circuit voltage at 0% SOC [V]", None,
          "derived: equal to the lower cut-off"),
    Entry("Open-circuit voltage at 100% SOC [V]", None,
          "derived: equal to the upper cut-off"),
    Entry("Initial concentration in positive electrode [mol.m-3]", None,
          "derived: full charge (OCP = OCV at 100% SOC)"),
]


def get_parameter_values():
    """PyBaMM parameter values of the Li|PEO|LFP cell (entry point target)."""
    from ssb_models.parameters.derived import complete

    return complete(values_from_entries(ENTRIES, citations=["Prada2013"]),
                    options=CELL.model_options)
