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


def test_vtf_against_hand_values():
    from ssb_models.physics import vtf, vtf_ratio

    # A T^-1/2 exp(-B/(T - T0)) with A = 1, B = 1000 K, T0 = 200 K at 333.15 K:
    # 333.15^-0.5 = 0.0547875; 1000/133.15 = 7.510327; exp(-7.510327) = 5.4740e-4
    assert vtf(1.0, 1000.0, 333.15, 200.0) == pytest.approx(0.0547875 * 5.4740e-4, rel=1e-4)
    # ratio 60 C / 85 C: sqrt(358.15/333.15) exp(-1000/133.15 + 1000/158.15)
    expected = math.sqrt(358.15 / 333.15) * math.exp(-1000 / 133.15 + 1000 / 158.15)
    assert vtf_ratio(333.15, 358.15, 1000.0, 200.0) == pytest.approx(expected, rel=1e-12)
    assert vtf(2.0, 800.0, 350.0, 180.0, t_exponent=0) == pytest.approx(
        2.0 * math.exp(-800 / 170), rel=1e-12)


def test_peo_transference_matches_edman_abstract():
    """Edman et al. 2000 abstract: t+0 'ranges from 0.17 +- 0.17 to 0.60 +- 0.03 in the
    salt concentration region of 742 to 2982 mol/m3 at 85 C'."""
    from ssb_models.parameters.functions import peo_litfsi_transference_edman2000 as t

    assert t(742.0, 358.15) == pytest.approx(0.17, abs=0.01)
    assert t(2982.0, 358.15) == pytest.approx(0.60, abs=0.02)


def test_peo_conductivity_magnitude_and_vtf():
    """0.075 S/m at 85 C and 1044 mol/m3 (~1 mS/cm at 90 C in Teran et al. 2011);
    the temperature factor is the VTF ratio evaluated independently."""
    from ssb_models.parameters import parameter_values

    p = parameter_values("li-peo-lfp")
    kappa = p["Electrolyte conductivity [S.m-1]"]
    k85 = float(p.evaluate(kappa(pybamm.Scalar(1044.5), pybamm.Scalar(358.15))))
    assert 0.05 < k85 < 0.15
    k60 = float(p.evaluate(kappa(pybamm.Scalar(1044.5), pybamm.Scalar(333.15))))
    B = p["Polymer electrolyte VTF pseudo-activation temperature [K]"]
    T0 = p["Polymer electrolyte VTF Vogel temperature [K]"]
    expected = math.sqrt(358.15 / 333.15) * math.exp(-B / (333.15 - T0) + B / (358.15 - T0))
    assert k60 / k85 == pytest.approx(expected, rel=1e-10)


def test_lto_ocp_plateau_and_shape():
    from ssb_models.physics.ocp import lto_ocp_yao2024 as U

    # plateau = -mu_coex / F = 155770.73438 / 96485.33212 V inside the miscibility gap
    assert U(0.5) == pytest.approx(155770.73438 / 96485.33212, abs=1e-9)
    assert U(0.5) == pytest.approx(1.6145, abs=1e-4)
    # continuous at the gap edges (common-tangent construction) within 0.1 mV
    for edge in (0.1186100244522095, 0.8482373952865601):
        assert abs(U(edge - 1e-7) - U(edge + 1e-7)) < 1e-4
    x = np.linspace(0.002, 0.998, 500)
    assert np.all(np.diff(U(x)) <= 1e-12)  # non-increasing with lithiation
    assert U(0.02) > 1.9 and U(0.98) < 1.3
