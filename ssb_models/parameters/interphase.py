"""Interphase growth at the negative electrode|SE interface: parameters of
PyBaMM's SEI law "interstitial-diffusion limited" (option ``"SEI"``), one list
per cell.

Equations, calibration and measured numbers: ``docs/interphase.md``.

The law (PyBaMM ``SEIGrowth``, Marquis 2020 Eq. 5.96) per unit interface area:

    j_sei = -(F D_li c_li0 / L) exp(-F dphi / (R T)),
    dL/dt = (V_bar / z) (-j_sei / F),   so   L^2 - L0^2 = 2 (V_bar/z) D_li c_li0 t

at constant dphi = phi_s - phi_e. Only the product D_li c_li0 (and V_bar/z)
enters; c_li0 is the interstitial concentration extrapolated to dphi = 0 (Li metal).
"""

import math

from ..physics.constants import CELSIUS_OFFSET, FARADAY, GAS_CONSTANT
from .entries import Entry

T_25C = 25.0 + CELSIUS_OFFSET  # = 298.15 K

AKTEKIN = ("Aktekin, Riegger, Otto, Fuchs, Henss, Janek, Nat. Commun. (2023), "
           "doi:10.1038/s41467-023-42512-y")
WENZEL = ("Wenzel et al., Chem. Mater. 28 (2016) 2400, doi:10.1021/acs.chemmater.6b00610")

#: Aktekin 2023: "1 uAh cm-2 charge (corresponding to ~3.7e-8 mol cm-2 Li) would
#: result in an SEI thickness d ~ 9 nm" -> thickness per mol Li [m3.mol-1]
V_PER_LI = 9e-9 / 3.7e-4
#: Li per "mole of SEI": Li6PS5Cl + 8 Li -> 5 Li2S + Li3P + LiCl
Z_SULFIDE = 8.0
#: Aktekin 2023: d ~ 540 nm after ~400 h (60 uAh/cm2), sqrt(t) growth, Li|Li6PS5Cl, 25 C
L_400H = 540e-9
T_400H = 400 * 3600.0
#: parabolic constant k = d^2/t [m2.s-1] and the law's D_li c_li0 at dphi = 0
K_PARABOLIC = L_400H ** 2 / T_400H
DC_LI_METAL = K_PARABOLIC / (2 * V_PER_LI)
#: interstitial reference concentration kept at PyBaMM's value (only D c enters)
C_LI0 = 15.0
D_LI_SULFIDE = DC_LI_METAL / C_LI0
#: LTO|LGPS: attenuation of the Li-metal rate (assumed) at the LTO plateau
LTO_PLATEAU = 1.55
LTO_ATTENUATION = 1e-4
C_LI0_LTO = C_LI0 * LTO_ATTENUATION * math.exp(FARADAY * LTO_PLATEAU / (GAS_CONSTANT * T_25C))

#: parameters each SEI law of PyBaMM reads that the shipped cells carry (build checks)
SEI_LAW_PARAMETERS = {
    "constant": ("SEI partial molar volume [m3.mol-1]", "SEI resistivity [Ohm.m]",
                 "Initial SEI thickness [m]"),
    "interstitial-diffusion limited": (
        "SEI partial molar volume [m3.mol-1]", "SEI resistivity [Ohm.m]",
        "Ratio of lithium moles to SEI moles",
        "Lithium interstitial reference concentration [mol.m-3]",
        "SEI lithium interstitial diffusivity [m2.s-1]",
        "SEI growth activation energy [J.mol-1]", "Initial SEI thickness [m]"),
}


def _common(resistivity, source_rho, v_bar_source, z_source, L0_source, E_source):
    return [
        Entry("SEI partial molar volume [m3.mol-1]", Z_SULFIDE * V_PER_LI, v_bar_source),
        Entry("Ratio of lithium moles to SEI moles", Z_SULFIDE, z_source),
        Entry("SEI resistivity [Ohm.m]", resistivity, source_rho),
        Entry("Initial SEI thickness [m]", 1e-9, L0_source),
        Entry("SEI growth activation energy [J.mol-1]", 0.0, E_source),
    ]


_V_BAR_SULFIDE = (
    "calibration: V_bar/z = 9 nm per 3.7e-8 mol/cm2 Li = 2.43e-5 m3 per mol Li ('1 uAh cm-2 "
    "charge (corresponding to ~3.7e-8 mol cm-2 Li) would result in an SEI thickness "
    "d ~ 9 nm', Li|Li6PS5Cl; " + AKTEKIN + "), times z = 8; consistent with the molar "
    "volumes of 5 Li2S + Li3P + LiCl (~1.95e-4 m3/mol). Proxy for the Li3P/Li2S/Li-Ge "
    "interphase of LGPS (" + WENZEL + ")")
_Z_SULFIDE = ("stoichiometry: Li6PS5Cl + 8 Li -> 5 Li2S + Li3P + LiCl (the products "
              "reported by Aktekin 2023); only V_bar/z and the Li loss z*c_sei matter")
_RHO_SULFIDE = (
    "assumed: 1e4 Ohm m (1e-6 S/cm) for the Li3P/Li2S(/Li-Ge) interphase; no measured "
    "conductivity found (Li3P-rich SEI is called 'ionically conductive', Nat. Commun. "
    "(2022), doi:10.1038/s41467-022-34855-9; MD calls crystalline Li3P/Li2S/LiCl 'a poor "
    "ion conductor, similar to Li2S'); 540 nm then gives 54 Ohm cm2. Sweep 1e2-1e6 Ohm m")
_L0 = ("assumed: 1 nm native layer (the law needs L0 > 0: dL/dt ~ 1/L); after a few "
       "minutes L >> L0 and L0 drops out of L^2 - L0^2 = k t. Sweep 0.5-5 nm")
_E0 = ("assumed: 0 (no temperature data; Aktekin 2023 measured at 25 C only). Sweep "
       "0-60 kJ/mol for temperature studies")

#: Li|LLZO: stable, no growth by default
LI_LLZO_INTERPHASE = [
    *_common(1e4, "assumed: as the sulfide interphase (1e4 Ohm m); with D = 0 only the "
             "static 1 nm layer counts: 1e-5 Ohm m2 = 0.1 Ohm cm2 in series with the "
             "cell's 1 Ohm cm2 Li|LLZO interface. Sweep 1e2-1e6 Ohm m",
             "assumed: sulfide value (" + AKTEKIN + "); unused while the growth rate "
             "is 0", "assumed: sulfide value; unused while the growth rate is 0", _L0, _E0),
    Entry("Lithium interstitial reference concentration [mol.m-3]", C_LI0,
          "assumed: PyBaMM's value (Chen2020/OKane2022 sets); only D_li c_li0 enters"),
    Entry("SEI lithium interstitial diffusivity [m2.s-1]", 0.0,
          "Li|LLZO(Ta) is stable: Aktekin 2023 measured only '~6 uAh cm-2 after ~200 h "
          "and ~8 uAh cm-2 after ~400h', including current-collector effects (" + AKTEKIN
          + "), so 0 by default. Upper bound for a sweep: 8/60 of the sulfide charge -> "
          f"(8/60)^2 x {D_LI_SULFIDE:.3g} = {(8 / 60) ** 2 * D_LI_SULFIDE:.3g} m2/s"),
]

#: LTO-LGPS composite anode: LGPS is reduced below ~1.7 V vs Li
LTO_LGPS_INTERPHASE = [
    *_common(1e4, _RHO_SULFIDE, _V_BAR_SULFIDE, _Z_SULFIDE, _L0, _E0),
    Entry("SEI lithium interstitial diffusivity [m2.s-1]", D_LI_SULFIDE,
          "calibration: Li|Li6PS5Cl as proxy for LGPS, 25 C, sqrt(t) growth to d ~ 540 nm "
          "(60 uAh/cm2) after ~400 h at the Li potential (" + AKTEKIN + "): "
          f"k = d^2/t = {K_PARABOLIC:.3g} m2/s = 2 (V_bar/z) D c_li0 -> D c_li0 = "
          f"{DC_LI_METAL:.3g} mol/m/s, D = that / c_li0(15 mol/m3). LGPS itself grows "
          "faster on Li metal and does not self-passivate (~0.7 mAh/cm2 after 1 week, "
          "Aktekin 2023 citing " + WENZEL + "); sweep x0.1-x300"),
    Entry("Lithium interstitial reference concentration [mol.m-3]", C_LI0_LTO,
          "assumed: 15 mol/m3 (PyBaMM's value) x f x exp(F U_LTO/RT), U_LTO = 1.55 V, "
          "T = 298.15 K, f = 1e-4: the law's Boltzmann factor exp(-F dphi/RT) is "
          "referenced to Li metal (dphi = 0) and would make growth at the LTO plateau "
          "vanish (6.5e-27); LGPS is reduced below ~1.7 V vs Li, so growth at 1.55 V is "
          "slower than on Li but not zero. f = 1e-4 (rate constant 1e-4 of the Li-metal "
          "one, so thickness 1e-2 of it) is chosen so that the composite (162 m2 of "
          "LTO|LGPS contact per m2 of cell) loses ~3 % of the cell's Li (34 uAh/cm2) in 100 h at rest; "
          "no LTO|sulfide growth rate was found. Sweep f 1e-6-1e-2; the Boltzmann factor "
          "still gives the potential dependence around the plateau"),
]

#: Li|PEO-LiTFSI: assumed placeholder
LI_PEO_INTERPHASE = [
    *_common(1e4, "assumed: as the sulfide interphase (1e4 Ohm m; LiF/Li2O-rich SEI, no "
             "measured value found); sweep 1e2-1e6 Ohm m",
             "assumed: sulfide value (" + AKTEKIN + "): 2.43e-5 m3 per mol Li, of the "
             "order of LiF/Li2S/Li2O molar volumes (1-3e-5 m3/mol)",
             "assumed: sulfide value; only V_bar/z enters", _L0, _E0),
    Entry("Lithium interstitial reference concentration [mol.m-3]", C_LI0,
          "assumed: PyBaMM's value (Chen2020/OKane2022 sets); only D_li c_li0 enters"),
    Entry("SEI lithium interstitial diffusivity [m2.s-1]", D_LI_SULFIDE,
          "assumed: the Li|Li6PS5Cl calibration (" + AKTEKIN + "; 60 uAh/cm2 after 400 h) "
          "for lack of a measured Li|PEO-LiTFSI growth rate: LiTFSI is reduced at Li "
          "(LiF, Li2S, Li2O), a passivating layer whose parabolic growth is assumed of "
          "the same order. Order-of-magnitude placeholder: sweep 0-10x"),
]
