"""Physical constants: the one place the package takes them from.

Values as CODATA 2018 lists them (E. Tiesinga, P. J. Mohr, D. B. Newell, B. N. Taylor,
"CODATA recommended values of the fundamental physical constants: 2018",
Rev. Mod. Phys. 93 (2021) 025010, doi:10.1103/RevModPhys.93.025010), on the SI of
2019 (BIPM, *The International System of Units*, 9th edition, 2019). The Avogadro
constant and the Celsius offset are exact by definition; the Faraday and gas constants
are exact products of defined constants, written with the digits CODATA lists (a
truncation below 1e-10 relative); the vacuum permittivity is measured.

Attributes
----------
FARADAY : float
    Faraday constant F = e N_A [C.mol-1] (exact since SI 2019; the CODATA 2018 value,
    truncated to the digits CODATA lists: the exact product is 96485.33212331...).
GAS_CONSTANT : float
    Molar gas constant R = k_B N_A [J.mol-1.K-1] (exact since SI 2019; the CODATA 2018
    value, truncated to the digits CODATA lists: the exact product is 8.31446261815...).
AVOGADRO : float
    Avogadro constant N_A [mol-1] (exact by definition, SI 2019).
EPSILON_0 : float
    Vacuum electric permittivity [F.m-1] (measured; CODATA 2018).
CELSIUS_OFFSET : float
    0 degC in kelvin [K] (exact by definition of the Celsius scale, SI 2019):
    T [K] = t [degC] + CELSIUS_OFFSET.

Notes
-----
PyBaMM submodels that build expression trees may use ``pybamm.constants`` instead (a
PyBaMM symbol, from SciPy's CODATA table); its Faraday constant agrees with
:data:`FARADAY` to 4e-14 relative.
"""

#: Faraday constant [C.mol-1] (CODATA 2018, as listed; exact since SI 2019: e N_A).
FARADAY = 96485.33212
#: Molar gas constant [J.mol-1.K-1] (CODATA 2018, as listed; exact since SI 2019: k_B N_A).
GAS_CONSTANT = 8.314462618
#: Avogadro constant [mol-1] (SI 2019, exact).
AVOGADRO = 6.02214076e23
#: Vacuum electric permittivity [F.m-1] (CODATA 2018).
EPSILON_0 = 8.8541878128e-12
#: 0 degC in kelvin [K] (SI 2019, exact by definition).
CELSIUS_OFFSET = 273.15

__all__ = ["FARADAY", "GAS_CONSTANT", "AVOGADRO", "EPSILON_0", "CELSIUS_OFFSET"]
