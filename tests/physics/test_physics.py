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


def test_polymer_properties_stay_physical_on_every_concentration():
    """kappa, D > 0 and 0 < t+ < 1 on [0, 2 c0] (and up to 4000 mol/m3), at 25-100 C:
    the Edman fits are evaluated only on their measured 742-2982 mol/m3 (Edman et al.
    2000), held at the end values outside. Unclamped, the same polynomials give
    t+ < 0 below 229 mol/m3 and D < 0 above 3247 mol/m3 (roots computed here)."""
    from ssb_models.parameters import parameter_values
    from ssb_models.parameters.functions import EDMAN_RANGE

    # the unclamped polynomials really leave the physical range (what the clamp is for)
    t_roots = np.roots([-5.05e-8, 3.77e-4, -0.0834])
    d_roots = np.roots([-6.73e-19, 4.92e-16, 5.5e-12])
    assert min(r for r in t_roots if r > 0) == pytest.approx(229, abs=1)
    assert max(d_roots) == pytest.approx(3247, abs=1)

    p = parameter_values("li-peo-lfp")
    c0 = p["Initial concentration in electrolyte [mol.m-3]"]
    c = pybamm.Vector(np.concatenate([np.linspace(0.0, 2 * c0, 201), [3000.0, 3500.0, 4000.0]]))
    for T in (298.15, 333.15, 373.15):
        T_ = pybamm.Scalar(T)
        kappa = p.evaluate(p["Electrolyte conductivity [S.m-1]"](c, T_)).ravel()
        D = p.evaluate(p["Electrolyte diffusivity [m2.s-1]"](c, T_)).ravel()
        t = p.evaluate(p["Cation transference number"](c, T_)).ravel()
        assert np.all(kappa > 0) and np.all(D > 0)
        assert np.all((t > 0) & (t < 1))
        # inside the measured range (away from the clamp's 14 mol/m3 rounding) the fit
        # itself is used: t+ = -5.05e-8 c^2 + 3.77e-4 c - 0.0834
        cc = np.asarray(c.entries).ravel()
        inner = (cc > EDMAN_RANGE[0] + 300) & (cc < EDMAN_RANGE[1] - 300)
        assert np.allclose(t[inner], -5.05e-8 * cc[inner]**2 + 3.77e-4 * cc[inner] - 0.0834,
                           rtol=1e-6)
        # below the range: held at the value at 742 mol/m3 (0.17, Edman's lower end)
        assert t[0] == pytest.approx(0.1685, abs=5e-3)


def test_li_peo_interface_resistance_at_its_measured_temperature():
    """R = RT/(F i0) of the Li|PEO kinetics is the 67 Ohm cm2 measured at 80 C
    (J. Power Sources 94 (2001) 201) at 80 C, whatever the cell's reference temperature."""
    from ssb_models.parameters import parameter_values

    p = parameter_values("li-peo-lfp")
    i0 = p["Exchange-current density for lithium metal electrode [A.m-2]"]
    T = 353.15
    c0 = p["Initial concentration in electrolyte [mol.m-3]"]
    value = float(p.evaluate(i0(pybamm.Scalar(c0), pybamm.Scalar(0.0), pybamm.Scalar(T))))
    R_cm2 = K_B_EV * T / value * 1e4  # k_B T / e = RT/F
    assert R_cm2 == pytest.approx(67.0, rel=1e-6)


def _slopes(U, x, h=1e-7):
    return (U(x) - U(x - h)) / h, (U(x + h) - U(x)) / h


def test_lto_ocp_smooth_is_c1_monotone_with_the_accepted_plateau():
    """The cell's LTO OCP: plateau at the accepted 1.55 V vs Li (Ohzuku et al. 1995),
    continuous slope everywhere (the raw fit's slope jumps by 5.6 and 3.9 V per unit x
    at its gap edges: the same check fails on it), non-increasing with lithiation, and
    equal to the published fit shifted by 1.55 - 1.6145 V outside the rounded edges."""
    from ssb_models.physics.ocp import lto_ocp_smooth as U
    from ssb_models.physics.ocp import lto_ocp_yao2024 as Y

    assert U(0.5) == pytest.approx(1.55, abs=1e-12)
    edges = (0.1186100244522095, 0.8482373952865601)
    for e in edges:  # the raw fit is not C1 there
        left, right = _slopes(Y, e)
        assert abs(left - right) > 3.0
    x = np.linspace(0.005, 0.995, 400001)
    u = U(x)
    assert np.all(np.diff(u) <= 1e-15)
    slope = np.diff(u) / np.diff(x)
    # C1: no slope jump anywhere on a 2.5e-6 grid beyond what curvature explains
    # (the steepest curvature, near x = 0.005, changes the slope by < 0.3 per step)
    assert np.abs(np.diff(slope)).max() < 0.3
    for e in edges:
        for joint in (e - 0.02, e + 0.02):
            left, right = _slopes(U, joint)
            assert abs(left - right) < 1e-3 * max(1.0, abs(left))
    shift = 1.55 + (-155770.73438) / 96485.33212
    outside = np.array([0.02, 0.05, 0.09, 0.88, 0.95, 0.98])
    assert np.allclose(U(outside), Y(outside) + shift, atol=1e-12)
