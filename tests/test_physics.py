"""Temperature laws against independent evaluations."""

import math

import numpy as np
import pybamm
import pytest

from ssb_models.physics import arrhenius

# CODATA 2018 Boltzmann constant in eV/K: an independent route to exp(-Ea/kT)
K_B_EV = 8.617333262e-5


def test_arrhenius_against_boltzmann_form():
    # Ta-LLZO: 1e-3 S/cm at 25 C, Ea = 0.35 eV. Evaluate at 60 C and -10 C in
    # the per-ion form sigma = A exp(-Ea/(k_B T)) with A fixed at 25 C.
    Ea_eV, T_ref = 0.35, 298.15
    A = 0.1 / math.exp(-Ea_eV / (K_B_EV * T_ref))
    for T in (333.15, 263.15):
        expected = A * math.exp(-Ea_eV / (K_B_EV * T))
        got = arrhenius(0.1, Ea_eV * 96485.33212, T, T_ref)
        assert got == pytest.approx(expected, rel=1e-9)
    # by hand: 0.35 eV / k_B = 4061.6 K; 1/298.15 - 1/333.15 = 3.5236e-4 1/K;
    # exp(4061.6 * 3.5236e-4) = exp(1.4311) = 4.1835
    assert arrhenius(1.0, 0.35 * 96485.33212, 333.15, 298.15) == pytest.approx(4.1835, rel=1e-4)


def test_arrhenius_numpy_and_pybamm_agree():
    T = np.array([273.15, 298.15, 353.15])
    ref = arrhenius(2.0, 30000.0, T, 298.15)
    sym = arrhenius(pybamm.Scalar(2.0), 30000.0, pybamm.Scalar(353.15), 298.15)
    assert sym.evaluate() == pytest.approx(ref[-1], rel=1e-12)
    assert ref[1] == pytest.approx(2.0)


def test_cell_conductivity_function_follows_arrhenius(pv):
    """The parameter-set function (through PyBaMM's parameter processing) gives the
    Boltzmann-form value at two temperatures."""
    sigma = pv["Solid electrolyte conductivity [S.m-1]"]
    s_ref = pv["Solid electrolyte conductivity at reference temperature [S.m-1]"]
    Ea_eV = pv["Solid electrolyte activation energy [J.mol-1]"] / 96485.33212
    T_ref = pv["Solid electrolyte reference temperature [K]"]
    for T in (298.15, 353.15):
        got = pv.evaluate(sigma(pybamm.Scalar(T)))
        expected = s_ref * math.exp(-Ea_eV / K_B_EV * (1 / T - 1 / T_ref))
        assert float(got) == pytest.approx(expected, rel=1e-9)
