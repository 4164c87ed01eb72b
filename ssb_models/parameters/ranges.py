"""The physical range of every parameter, one table with the reason for each range.

:func:`ssb_models.checks.check_physical` checks every number of a parameter set
against it before any solve, for ``--set``, cell files and sweep overrides alike.
A row names one parameter exactly, or (``pattern=True``) a lower-case part of a
name, so that a parameter a future cell adds gets a range too; exact names are
looked up first, then the patterns in table order (the first match wins).
``tests/parameters/test_ranges.py`` fails if a shipped numeric parameter has no row, and the
"Parameter ranges" section of ``docs/model.md`` is this table
(``python -m ssb_models.parameters.ranges --write`` regenerates it).

A range is a plausibility bound, not a prediction: it refuses values that are
impossible (a negative thickness, a transference number of 2) or that no cell of
this kind has (a 1 pm electrode, a 10 GPa stack pressure); a value inside it may
still be unusual. Bounds marked "assumed" are this package's judgement, with the
reason given.
"""

import math
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Range:
    """The allowed values of one parameter (or of every name containing ``name``,
    lower case, when ``pattern`` is true).

    ``low``/``high`` are the ends (``math.inf`` for none), each closed unless
    ``low_open``/``high_open``. ``zero_means``: 0 is also allowed (outside the
    range) and means this, e.g. "no buffer". ``below``/``above``: a message (with
    ``{name}`` and ``{value}``) replacing the generic one for a value under the low
    or over the high end. ``cell_temperature``: with a cell, the value [K] must lie
    in that cell's ``temperature_range_C`` instead.
    """

    name: str
    low: float
    high: float
    unit: str
    reason: str
    low_open: bool = False
    high_open: bool = False
    pattern: bool = False
    zero_means: str | None = None
    below: str | None = None
    above: str | None = None
    cell_temperature: bool = False

    def matches(self, name):
        return self.name.lower() in name.lower() if self.pattern else self.name == name

    def contains(self, value):
        if self.zero_means is not None and value == 0:
            return True
        above_low = value > self.low if self.low_open else value >= self.low
        below_high = value < self.high if self.high_open else value <= self.high
        return above_low and below_high

    def interval(self):
        """The range as text, e.g. "(0, 0.01] m" or "[1, inf)"."""
        lo = "(" if self.low_open or self.low == -INF else "["
        hi = ")" if self.high_open or self.high == INF else "]"
        text = f"{lo}{_num(self.low)}, {_num(self.high)}{hi}"
        if self.unit:
            text += f" {self.unit}"
        if self.zero_means is not None and not self.contains_without_zero(0.0):
            text += f", or 0 (= {self.zero_means})"
        return text

    def contains_without_zero(self, value):
        return Range(self.name, self.low, self.high, self.unit, self.reason,
                     self.low_open, self.high_open).contains(value)

    def message(self, name, value):
        """The one message for ``value`` of ``name`` outside this range."""
        unit = f" {self.unit}" if self.unit else ""
        low_side = value < self.low or (self.low_open and value == self.low)
        custom = self.below if low_side else self.above
        if custom:
            return custom.format(name=name, value=value)
        if low_side and self.zero_means is not None and value < 0 <= self.low:
            head = f"'{name}' must be >= 0 (0 = {self.zero_means}), got {value:g}{unit}."
        elif low_side and value <= 0 and (self.low > 0 or (self.low == 0 and self.low_open)):
            head = f"'{name}' must be > 0, got {value:g}{unit}."
        elif low_side and value < 0 == self.low:
            head = f"'{name}' must be >= 0, got {value:g}{unit}."
        else:
            head = f"'{name}' = {value:g}{unit} is outside its physical range."
        return f"{head} Allowed: {self.interval()} ({self.reason})."


def _num(x):
    if x == INF:
        return "inf"
    if x == -INF:
        return "-inf"
    return f"{x:g}"


_FRACTION = ("'{name}' is a volume fraction and must be in (0, 1], got {value:g}.")
_CONTACT = ("'{name}' is a contact fraction and must be in (0, 1] (1 = full contact), "
            "got {value:g}.")
_BRUGGEMAN = (
    "'{name}' = {value:g} is below 1: the effective transport B = eps^b would then "
    "exceed eps, i.e. a tortuosity eps^(1-b) below 1 (better than straight channels), "
    "which the Wiener bound forbids. Allowed: b >= 1 (1.5 for spheres; b = 1 + alpha "
    "when a paper writes tau = eps^-alpha).")
_TORTUOSITY = ("'{name}' = {value:g} is below 1; a tortuosity factor is >= 1 (1 = "
               "straight channels).")
_CELL_T = ("the cell's temperature_range_C, where its property laws hold (e.g. -50 to "
           "130 C for li-llzo-lco, 0 to 130 C for li-peo-lfp); set it with --temperature "
           "[C]; without a cell > 0 K")
_LI_DENSITY = "Li metal holds 7.7e4 mol/m3 (534 kg/m3 / 6.94 g/mol)"

#: Every parameter's range: exact names first (any order), then the patterns, most
#: specific first.
RANGES = (
    # ------------------------------------------------------------- conditions
    Range("Ambient temperature [K]", 0.0, INF, "K", _CELL_T, low_open=True,
          cell_temperature=True),
    Range("Initial temperature [K]", 0.0, INF, "K", _CELL_T, low_open=True,
          cell_temperature=True),
    Range("Lower voltage cut-off [V]", 0.0, 6.0, "V",
          "assumed: a Li cell's voltage lies above 0 V and below ~6 V (the highest-voltage "
          "cathodes, e.g. LiNi0.5Mn1.5O4 and LiCoPO4, work at 4.7-5.1 V vs Li)",
          low_open=True),
    Range("Upper voltage cut-off [V]", 0.0, 6.0, "V",
          "assumed: a Li cell's voltage lies above 0 V and below ~6 V (the highest-voltage "
          "cathodes, e.g. LiNi0.5Mn1.5O4 and LiCoPO4, work at 4.7-5.1 V vs Li)",
          low_open=True),
    Range("Current function [A]", -INF, INF, "A",
          "derived: C-rate x nominal capacity, set per run (its sign is the direction, "
          "> 0 discharge); any finite value"),
    Range("Nominal cell capacity [A.h]", 0.0, INF, "A.h",
          "derived: the positive electrode's window capacity between the cut-offs, > 0",
          low_open=True),
    Range("Number of electrodes connected in parallel to make a cell", 1.0, INF, "",
          "definition: a count of electrode layers, >= 1"),
    Range("Number of cells connected in series to make a battery", 1.0, INF, "",
          "definition: a count of cells, >= 1"),
    Range("Cell volume [m3]", 0.0, INF, "m3",
          "derived: area x stack thickness, > 0", low_open=True),
    Range("Cell cooling surface area [m2]", 0.0, INF, "m2",
          "derived: 2 x the electrode area, > 0", low_open=True),
    Range("Contact resistance [Ohm]", 0.0, 1e4, "Ohm",
          "a resistance is >= 0 (0 = none); assumed: up to 1e4 Ohm, which at the 1 mA of "
          "1C in a 1 cm2 cell already drops 10 V"),
    Range("Total heat transfer coefficient [W.m-2.K-1]", 0.0, 1e5, "W.m-2.K-1",
          "a heat-transfer coefficient is >= 0 (0 = adiabatic); natural convection in "
          "gases is 2-25, forced liquid cooling reaches ~1e4 (textbook ranges, e.g. "
          "Incropera & DeWitt, Fundamentals of Heat and Mass Transfer, Table 1.1); "
          "assumed: up to 1e5 (boiling)"),
    # ----------------------------------------------------- transport numbers
    Range("Cation transference number", -2.0, 1.0, "",
          "t+ = 1 is a single-ion conductor, t+ > 1 would mean the anion moves against "
          "the field; concentrated PEO-LiTFSI has t+ < 0 (Pesko et al., J. Electrochem. "
          "Soc. 164 (2017) E3569: down to -0.38 in the data of docs/validation.md, P34); "
          "assumed: not below -2"),
    Range("Thermodynamic factor", 0.0, 10.0, "",
          "> 0 (1 = ideal solution; a factor <= 0 means the salt diffuses uphill, i.e. "
          "phase separation); assumed: up to 10, above the ~1-5 of concentrated Li-salt "
          "electrolytes", low_open=True),
    # ------------------------------------------------------- polymer VTF law
    Range("Polymer electrolyte VTF Vogel temperature [K]", 0.0, 400.0, "K",
          "T0 of sigma ~ exp(-B/(T - T0)), > 0 K; it lies ~50 K below the glass "
          "transition (PEO: Tg ~ 210-240 K); assumed: below 400 K. It must also lie below "
          "the cell's temperatures (checked with them)", low_open=True),
    Range("Polymer electrolyte VTF pseudo-activation temperature [K]", 0.0, 1e4, "K",
          "B = E_a/R of the VTF law, > 0; assumed: up to 1e4 K (E_a = 83 kJ/mol, above "
          "the pseudo-activation energies of polymer electrolytes, ~5-15 kJ/mol)",
          low_open=True),
    # ------------------------------------------------------------- interphase
    Range("SEI lithium interstitial diffusivity [m2.s-1]", 0.0, 1e-8, "m2.s-1",
          "0 = a stable interface (no growth, docs/interphase.md); assumed: below 1e-8 "
          "m2/s, above any solid-state diffusivity (liquids are ~1e-9)",
          below="'{name}' must be >= 0 (0 = no growth), got {value:g}."),
    Range("Lithium interstitial reference concentration [mol.m-3]", 0.0, INF, "mol.m-3",
          "> 0; the growth law's c_li0 extrapolated to Li metal (only D c_li0 enters, "
          "docs/interphase.md), not a real concentration: a cell may fold a Boltzmann "
          "factor into it (lto-lgps-lco: 2.4e23 = 15 x 1e-4 x exp(F 1.55 V / RT)), so "
          "no upper bound", low_open=True),
    Range("Initial SEI thickness [m]", 1e-10, 1e-5, "m",
          "the growth law needs L0 > 0 (dL/dt ~ 1/L, docs/interphase.md); assumed: from "
          "one atomic layer (0.1 nm) to 10 um, beyond which it is a layer of its own"),
    Range("Ratio of lithium moles to SEI moles", 0.0, 20.0, "",
          "z of the reduction, > 0 (Li6PS5Cl + 8 Li: z = 8, docs/interphase.md); "
          "assumed: up to 20 Li per formula unit", low_open=True),
    Range("SEI resistivity [Ohm.m]", 0.0, 1e10, "Ohm.m",
          "> 0; assumed: up to 1e10 Ohm m (an ionic insulator; measured interphases are "
          "1e2-1e6, docs/interphase.md)", low_open=True),
    Range("SEI partial molar volume [m3.mol-1]", 0.0, 1e-3, "m3.mol-1",
          "> 0; molar volumes of solids are 1e-5 to 2e-4 m3/mol (5 Li2S + Li3P + LiCl: "
          "1.95e-4, docs/interphase.md); assumed: up to 1e-3", low_open=True),
    Range("Lithium metal partial molar volume [m3.mol-1]", 1e-6, 1e-4, "m3.mol-1",
          "Li metal is 1.30e-5 m3/mol (6.94 g/mol / 0.534 g/cm3); assumed: within a "
          "decade of it"),
    # ------------------------------------------------------- space charge
    Range("Buffer layer thickness [m]", 1e-10, 1e-6, "m",
          "coatings are nm thin (LiNbO3 'about 5-10 nm', Ohta et al., Electrochem. Commun. "
          "9 (2007) 1486); assumed: from one atomic layer (0.1 nm) to 1 um; 0 = no buffer",
          zero_means="no buffer",
          below="'{name}' must be >= 0 (0 = no buffer), got {value:g}."),
    Range("Buffer layer mobile Li fraction [-]", 0.0, 1.0, "",
          "a fraction of the layer's Li, (0, 1] (1 = all Li mobile)", low_open=True),
    Range("Space-charge partition factor", 0.0, 1.0, "",
          "the fraction of (U - U_pzc) across the interface layers, [0, 1] (0 = no "
          "space-charge step)"),
    Range("Space-charge potential of zero charge [V]", 0.0, 6.0, "V",
          "a cathode potential vs Li/Li+; assumed: 0-6 V, the span of Li electrode "
          "potentials"),
    # -------------------------------------------------------- lithium contact
    Range("Lithium void depth [m]", 0.0, 1e-4, "m",
          "> 0 (Li volume per area per unit contact lost); stripping pores are um deep "
          "(docs/lithium_contact.md); assumed: up to 100 um, a whole Li foil",
          low_open=True),
    Range("Minimum lithium contact fraction", 0.0, 1.0, "",
          "the contact fraction at which a run ends, in (0, 1): at 1 it would end at once",
          low_open=True, high_open=True),
    Range("Lithium creep supply pressure exponent", 0.0, 10.0, "",
          ">= 0 (0 = creep independent of pressure); bulk Li creeps with stress exponent "
          "6.3-6.6 (docs/lithium_contact.md); assumed: up to 10"),
    Range("Lithium metal interface ASR pressure exponent", 0.0, 5.0, "",
          ">= 0 (0 = no pressure dependence; n = 1: contact area proportional to "
          "pressure; 1.28 fitted for Li|LLZO, docs/validation.md); assumed: up to 5"),
    # --------------------------------------------------------- cathode contact
    Range("Positive electrode contact-loss coefficient", 0.0, 10.0, "",
          ">= 0 (0 = no loss); assumed: up to 10, at which LCO's 1.8 % volume swing would "
          "lose 18 % of the contact per half cycle (docs/cathode_contact.md)"),
    Range("Positive electrode isolation coefficient", 0.0, 10.0, "",
          ">= 0 (0 = no isolation); assumed: up to 10, at which LCO's 1.8 % volume swing "
          "would isolate 18 % of the active material per half cycle "
          "(docs/cathode_contact.md)"),
    # ============================================================= patterns
    Range("Bruggeman coefficient", 1.0, 10.0, "",
          "b >= 1 (Wiener bound: tortuosity eps^(1-b) >= 1); measured sulfide composites "
          "give 2.0-3.1 (Kato et al., J. Phys. Chem. Lett. 9 (2018) 607); assumed: up to "
          "10 (at eps = 0.3 a tortuosity of 5e4)", pattern=True, below=_BRUGGEMAN),
    Range("tortuosity factor", 1.0, INF, "",
          "a tortuosity factor is >= 1 (1 = straight channels)", pattern=True,
          below=_TORTUOSITY),
    Range("interface utilisation", 0.0, 1.0, "",
          "a contact fraction, (0, 1] (1 = full contact)", low_open=True, pattern=True,
          below=_CONTACT, above=_CONTACT),
    Range("additive volume fraction", 0.0, 1.0, "",
          "a volume fraction, [0, 1) (0 = no additive)", high_open=True, pattern=True),
    Range("volume fraction", 0.0, 1.0, "",
          "a volume fraction, (0, 1]", low_open=True, pattern=True, below=_FRACTION,
          above=_FRACTION),
    Range("porosity", 0.0, 1.0, "",
          "the ion conductor's volume fraction, (0, 1] (1 = a dense separator)",
          low_open=True, pattern=True, below=_FRACTION, above=_FRACTION),
    Range("reference temperature [K]", 150.0, 700.0, "K",
          "where a law's prefactor was measured; assumed: -123 to 427 C, the span of "
          "battery-material measurements (a value outside is likely C given as K)",
          pattern=True),
    Range("temperature [K]", 0.0, 1000.0, "K",
          "> 0 K; assumed: below 1000 K, above any cell's use", low_open=True,
          pattern=True),
    Range("activation energy [J.mol-1]", 0.0, 2e5, "J.mol-1",
          ">= 0 (0 = no temperature dependence); measured Li-ion activation energies are "
          "0.2-1 eV (LGPS 0.22 eV, LTO 0.94 eV: 21-91 kJ/mol, the cells' sources); "
          "assumed: up to 200 kJ/mol (2.1 eV)", pattern=True),
    Range("particle radius [m]", 1e-8, 1e-4, "m",
          "assumed: 10 nm to 100 um; nano-LFP has 50 nm (PyBaMM Prada2013), "
          "single-crystal and secondary cathode particles reach ~20-30 um", pattern=True),
    Range("thickness [m]", 1e-7, 1e-2, "m",
          "assumed: 100 nm (thin-film microbatteries and sputtered current collectors) to "
          "1 cm (the thickest bulk-type cathodes validated here are 0.6 mm, Kato et al. "
          "2018)", pattern=True),
    Range("height [m]", 1e-4, 10.0, "m",
          "assumed: 0.1 mm (micro-cells) to 10 m (an unrolled electrode of a large "
          "cylindrical cell is a few m)", pattern=True),
    Range("width [m]", 1e-4, 10.0, "m",
          "assumed: 0.1 mm (micro-cells) to 10 m (an unrolled electrode of a large "
          "cylindrical cell is a few m)", pattern=True),
    Range("ionic conductivity", 0.0, 100.0, "S.m-1",
          "> 0; assumed: up to 100 S/m, 40x the best room-temperature Li conductor "
          "(Li9.54Si1.74P1.44S11.7Cl0.3, 25 mS/cm: Kato et al., Nat. Energy 1 (2016) "
          "16030)", low_open=True, pattern=True),
    Range("solid electrolyte conductivity", 0.0, 100.0, "S.m-1",
          "> 0; assumed: up to 100 S/m, 40x the best room-temperature Li conductor "
          "(Li9.54Si1.74P1.44S11.7Cl0.3, 25 mS/cm: Kato et al., Nat. Energy 1 (2016) "
          "16030)", low_open=True, pattern=True),
    Range("electrolyte conductivity", 0.0, 100.0, "S.m-1",
          "> 0; assumed: up to 100 S/m, above concentrated liquid electrolytes (~1-2 "
          "S/m) and every solid Li conductor", low_open=True, pattern=True),
    Range("conductivity [S.m-1]", 0.0, 1e8, "S.m-1",
          "> 0; assumed: up to 1e8 S/m, above silver and copper (6.3e7 and 6.0e7 S/m, "
          "CRC Handbook), the best conductors", low_open=True, pattern=True),
    Range("diffusivity [m2.s-1]", 0.0, 1e-8, "m2.s-1",
          "> 0; assumed: up to 1e-8 m2/s, above any solid-state or electrolyte "
          "diffusivity (Li+ in liquids ~1e-10-1e-9)", low_open=True, pattern=True),
    Range("maximum concentration", 1e3, 3e5, "mol.m-3",
          "assumed: 1e3 to 3e5 mol/m3; intercalation hosts hold 1e4-1e5 (LCO 51,218, "
          "graphite ~31,000), Si ~2.8e5 (Li15Si4) is the densest host; " + _LI_DENSITY,
          pattern=True),
    Range("Initial concentration in electrolyte [mol.m-3]", 0.0, 1e5, "mol.m-3",
          "> 0 (the SE's Li or the polymer's salt); assumed: up to 1e5 mol/m3, above "
          "any ion conductor; " + _LI_DENSITY, low_open=True),
    Range("initial concentration in", 0.0, 3e5, "mol.m-3",
          ">= 0, up to a host's maximum concentration (derived from the window before a "
          "run)", pattern=True),
    Range("site density [mol.m-3]", 0.0, 2e5, "mol.m-3",
          "> 0; assumed: up to 2e5 mol/m3, twice the Li density of any Li compound ("
          + _LI_DENSITY + ")", low_open=True, pattern=True),
    Range("Li concentration [mol.m-3]", 0.0, 2e5, "mol.m-3",
          "> 0; assumed: up to 2e5 mol/m3, twice the Li density of any Li compound ("
          + _LI_DENSITY + ")", low_open=True, pattern=True),
    Range("density [kg.m-3]", 100.0, 25000.0, "kg.m-3",
          "assumed: 100 kg/m3 (below any solid of a cell: Li metal, the lightest, is 534, "
          "CRC Handbook) to 25,000 kg/m3 (above osmium, the densest element, 22,590)",
          pattern=True),
    Range("specific heat capacity", 100.0, 5000.0, "J.kg-1.K-1",
          "assumed: 100 to 5000 J/kg/K; Li metal has the highest of a cell's solids (3582, "
          "CRC Handbook), heavy metals ~130 (Pt, Au)", pattern=True),
    Range("charge transfer coefficient", 0.0, 1.0, "",
          "the symmetry factor of Butler-Volmer kinetics lies in (0, 1) (0.5 symmetric; "
          "Bard & Faulkner, Electrochemical Methods, 2nd ed., sec. 3.3)",
          low_open=True, high_open=True, pattern=True),
    Range("exchange-current density [A.m-2]", 0.0, 1e4, "A.m-2",
          "> 0; assumed: up to 1e4 A/m2 (1 A/cm2); the cells' interfaces have 0.1-260 "
          "A/m2 (Li|LLZO 257, a few Ohm cm2 of charge transfer)", low_open=True,
          pattern=True),
    Range("supply current density [A.m-2]", 0.0, 1e3, "A.m-2",
          ">= 0; Li|SE critical stripping currents are 0.1-10 mA/cm2 (1-100 A/m2, "
          "docs/lithium_contact.md); assumed: up to 1e3 A/m2", pattern=True),
    Range("double-layer capacity [F.m-2]", 0.0, 10.0, "F.m-2",
          "> 0; compact double layers are ~0.1-0.4 F/m2 (10-40 uF/cm2, Bard & Faulkner, "
          "Electrochemical Methods, 2nd ed., ch. 13); assumed: up to 10 F/m2",
          low_open=True, pattern=True),
    Range("capacitance [F.m-2]", 0.0, 10.0, "F.m-2",
          "> 0; an interphase of 1-100 nm with eps_r 5-50 has 4e-4-0.4 F/m2 (eps0 eps_r / "
          "d); assumed: up to 10 F/m2", low_open=True, pattern=True),
    Range("ASR", 0.0, 10.0, "Ohm.m2",
          "an area-specific resistance is >= 0 (0 = none: the measured resistance stays "
          "in the kinetics; 'interface resistance': 'interphase' needs > 0); measured "
          "interfaces span ~1e-4 to 0.8 Ohm m2 (1 to 8000 Ohm cm2: Li|garnet 1710 -> 1, "
          "Han et al., Nat. Mater. 16 (2017) 572; LCO|LLZO up to 8000); assumed: up to 10",
          pattern=True),
    Range("stack pressure [Pa]", 0.0, 1e9, "Pa",
          "> 0 (the Li ASR law (p/p0)^-n diverges at 0); assumed: below 1 GPa, beyond "
          "which Li metal and sulfide SEs fail mechanically", low_open=True, pattern=True),
    Range("Young's modulus [Pa]", 1e3, 1e12, "Pa",
          "assumed: 1 kPa (a gel) to 1 TPa (diamond ~1.1 TPa, stiffer than any SE); the "
          "cells have 1 MPa (PEO melt) to 157 GPa (LLZO)", pattern=True),
    Range("electrode partial molar volume", -2e-5, 2e-5, "m3.mol-1",
          "signed (volume change per mol Li: LCO -7.3e-7, LFP +2.9e-6, the cells' "
          "sources); assumed: within +-2e-5, above Si's ~9e-6 (Li15Si4)", pattern=True),
    Range("partial molar volume", 0.0, 1e-3, "m3.mol-1",
          "> 0; molar volumes of solids are 1e-5 to 2e-4 m3/mol; assumed: up to 1e-3",
          low_open=True, pattern=True),
    Range("relative permittivity", 1.0, 1e5, "",
          ">= 1 (vacuum); ferroelectrics reach ~1e4 (BaTiO3); assumed: up to 1e5",
          pattern=True),
    Range("entropic change [V.K-1]", -1e-3, 1e-3, "V.K-1",
          "measured dU/dT of Li-ion electrodes lie within about +-0.5 mV/K (Viswanathan "
          "et al., J. Power Sources 195 (2010) 3720); assumed: +-1 mV/K", pattern=True),
    Range("OCP [V]", 0.0, 6.0, "V",
          "an electrode potential vs Li/Li+ (0 = Li metal); assumed: 0-6 V", pattern=True),
    Range("Open-circuit voltage at", 0.0, 6.0, "V",
          "derived: equal to the cut-offs; assumed: 0-6 V as they", low_open=True,
          pattern=True),
)


def range_for(name):
    """The :class:`Range` of ``name`` (exact rows first, then patterns), or None."""
    for r in RANGES:
        if not r.pattern and r.name == name:
            return r
    for r in RANGES:
        if r.pattern and r.matches(name):
            return r
    return None


def cell_temperature_message(name, value, cell):
    """The message for a temperature [K] outside ``cell``'s range (its module), or
    None if inside."""
    from ..physics.constants import CELSIUS_OFFSET

    lo, hi = cell.CELL.temperature_range_C
    value_C = value - CELSIUS_OFFSET
    if lo <= value_C <= hi:
        return None
    hint = ""
    if lo <= value <= hi:
        hint = (f" Did you give Celsius? {value:g} C = {value + CELSIUS_OFFSET:.2f} K.")
    return (f"'{name}' = {value:g} K ({value_C:.2f} C) is outside {lo:g} to {hi:g} C, the "
            f"range in which the property laws of cell '{cell.CELL.id}' are valid "
            f"({cell.CELL.temperature_basis}). Set the temperature with --temperature in "
            f"C (temperature_C in Python), e.g. --temperature "
            f"{min(max(25.0, lo), hi):g}.{hint}")


def markdown_table():
    """The table of ``docs/model.md`` ("Parameter ranges"), one row per :data:`RANGES`."""
    lines = ["| parameter | allowed | reason |", "|---|---|---|"]
    for r in RANGES:
        name = f"names containing \"{r.name}\"" if r.pattern else f"\"{r.name}\""
        allowed = ("the cell's range (`temperature_range_C`)" if r.cell_temperature
                   else r.interval())
        reason = r.reason.replace("|", "\\|")
        lines.append(f"| {name} | {allowed} | {reason} |")
    return "\n".join(lines) + "\n"


BEGIN = "<!-- parameter ranges: generated from ssb_models/parameters/ranges.py -->"
END = "<!-- end of parameter ranges -->"


def docs_section(text):
    """The generated table between :data:`BEGIN` and :data:`END` in ``text``."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip("\n") + "\n"


def write_docs(path):
    """Replace the table in ``path`` (docs/model.md) by :func:`markdown_table`."""
    with open(path, encoding="utf-8", newline="") as f:  # byte-exact elsewhere
        text = f.read()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text[:start] + "\n" + markdown_table() + text[end:])


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if sys.argv[1:] == ["--write"]:
        write_docs(Path(__file__).resolve().parents[2] / "docs" / "model.md")
    else:
        print(markdown_table(), end="")
