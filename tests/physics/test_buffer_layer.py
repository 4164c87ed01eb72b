"""Li-conducting buffer layer (lattice gas) between cathode and SE: the quadrature of
``buffer_layer_step`` against an independent solve_bvp grid solution, the existing
single-layer functions, the linearised two-layer solution (derived here) and the
dielectric buffer of ``partition_step``."""

import functools
import math

import numpy as np
import pytest
from scipy import integrate, optimize

from ssb_models.physics import space_charge as sc

EPS0, F, R = 8.8541878128e-12, 96485.33212, 8.314462618
T = 298.15
K = F / (R * T)
DPHI = np.array([0.05, 0.2, 0.5, 1.0])

# LGPS (eps 8.9, c_max 69800, c0 34900 mol/m3) and an LLZO-like SE (eps 50, c_max 54920,
# c0 39050); amorphous LiNbO3 buffer: c_max 31450 mol/m3 (4.65 g/cm3 / 147.85 g/mol),
# eps_b 20 (assumed, as the cell page; crystalline LiNbO3 films report 35-46), mobile Li
# c0_b between 1 and 24500 mol/m3, d = 1-10 nm
LGPS = dict(relative_permittivity=8.9, site_density=69800.0, bulk_concentration=34900.0)
LLZO = dict(relative_permittivity=50.0, site_density=54920.0, bulk_concentration=39050.0)
SIGMA_SE, SIGMA_B = 0.1, 8e-6


def linbo3(c0, d, eps=20.0):
    return dict(relative_permittivity=eps, site_density=31450.0, bulk_concentration=c0,
                thickness=d)


def single(se):
    """Arguments of the existing single-layer functions for an SE dict."""
    return dict(relative_permittivity=se["relative_permittivity"],
                site_density=se["site_density"],
                theta0=se["bulk_concentration"] / se["site_density"], temperature=T)


# (se, buffer, junction offset, steps); the eps_b = 40 case has C < 0 (the buffer screens
# better than the SE: cosh branch of the quadrature), c0_b = 1 is nearly a dielectric
GRID_CASES = {
    "lgps-linbo3-rich-1nm": (LGPS, linbo3(24500, 1e-9), 0.0, DPHI),
    "lgps-linbo3-poor-10nm": (LGPS, linbo3(10, 1e-8), 0.0, DPHI),
    "lgps-linbo3-eps40-2nm": (LGPS, linbo3(24500, 2e-9, eps=40.0), 0.0, DPHI),
    "lgps-linbo3-c0=1-5nm": (LGPS, linbo3(1, 5e-9), 0.0, DPHI),
    "llzo-linbo3-1000-3nm": (LLZO, linbo3(1000, 3e-9), 0.0, DPHI),
    "llzo-linbo3-rich-1nm": (LLZO, linbo3(24500, 1e-9), 0.0, DPHI),
    "lgps-accumulation": (LGPS, linbo3(24500, 1e-9), 0.0, np.array([-0.5, -0.1])),
    # buffer neutral 0.1 V above the SE bulk: the buffer's field changes sign for the
    # first three steps (potential rises towards 0.1 V inside the buffer and falls again)
    "lgps-offset": (LGPS, linbo3(24500, 1e-9), 0.1, np.array([-0.2, 0.0, 0.05, 0.3])),
}
COMPARED = ("junction_potential_V", "charge_C_m2", "capacitance_F_m2",
            "se_resistance_Ohm_m2", "buffer_resistance_Ohm_m2", "resistance_Ohm_m2")


@functools.lru_cache(maxsize=None)
def solved(case):
    se, buf, offset, steps = GRID_CASES[case]
    quad = sc.buffer_layer_step(steps, T, se, buf, SIGMA_SE, SIGMA_B, junction_offset=offset)
    # tol 1e-4: on the 801-node starting mesh the grid agrees with tol=1e-6 to ~1e-9
    grid = sc.buffer_layer_grid_reference(steps, T, se, buf, SIGMA_SE, SIGMA_B,
                                          junction_offset=offset, tol=1e-4)
    return quad, grid


@pytest.mark.parametrize("case", sorted(GRID_CASES))
def test_quadrature_agrees_with_grid_reference(case):
    quad, grid = solved(case)
    for key in COMPARED:
        np.testing.assert_allclose(quad[key], grid[key], rtol=0.01, err_msg=key)
    # observed: below 5e-5 (the grid's capacitance by a 1 mV central difference);
    # everything else below 1e-7
    np.testing.assert_array_equal(quad["field_reversal"], grid["field_reversal"])
    expected_reversal = GRID_CASES[case][2] != 0
    assert quad["field_reversal"].any() == expected_reversal


def test_offset_case_reverses_the_field_and_accumulation_lowers_resistance():
    quad, _ = solved("lgps-offset")
    assert list(quad["field_reversal"]) == [True, True, True, False]
    acc, _ = solved("lgps-accumulation")
    # Li accumulates on both sides: negative SE excess resistance, buffer below d/sigma
    assert np.all(acc["signed_charge_C_m2"] < 0)
    assert np.all(acc["se_resistance_Ohm_m2"] < 0)
    assert np.all(acc["buffer_resistance_Ohm_m2"] < 1e-9 / SIGMA_B)


@pytest.mark.parametrize("case", ["lgps-linbo3-poor-10nm", "llzo-linbo3-1000-3nm",
                                  "lgps-offset"])
def test_gauss_charge_neutrality(case):
    """The cathode's charge, -eps_b phi'(0) from the quadrature, equals minus the ionic
    space charge of both layers integrated over the grid solution's profile; the SE's
    share equals eps_s phi'(d+) = -sgn(phi_j) sqrt(2 eps_s G_s(phi_j))."""
    quad, grid = solved(case)
    total = grid["buffer_space_charge_C_m2"] + grid["se_space_charge_C_m2"]
    np.testing.assert_allclose(-total, quad["signed_charge_C_m2"], rtol=1e-5,
                               atol=1e-9)
    np.testing.assert_allclose(np.abs(grid["se_space_charge_C_m2"]), quad["se_charge_C_m2"],
                               rtol=1e-4, atol=1e-12)


def signed_single_charge(delta, args):
    G = sc.first_integral(delta, args["site_density"], args["theta0"], T)
    return np.sign(delta) * np.sqrt(2 * EPS0 * args["relative_permittivity"] * G)


def single_excess_length(delta, args):
    """int (c0/c - 1) dx of a single layer with step delta (either sign), by quad over
    the potential: dx = dphi / sqrt(2 G / eps)."""
    th, eps = args["theta0"], EPS0 * args["relative_permittivity"]

    def f(phi):
        G = float(sc.first_integral(phi, args["site_density"], th, T))
        return (1 - th) * math.expm1(K * phi) / math.sqrt(2 * G / eps)

    val, _ = integrate.quad(f, min(delta, 0.0), max(delta, 0.0), epsabs=0, epsrel=1e-10,
                            limit=200)
    return math.copysign(val, delta)


def test_no_buffer_is_the_single_layer():
    """d = 0: the existing layer_charge / layer_capacitance / layer_resistance (1e-6);
    negative steps: sqrt(2 eps G(delta)) with the signed step (layer_charge takes |delta|,
    exact for depletion only)."""
    args = single(LGPS)
    out = sc.buffer_layer_step(DPHI, T, LGPS, linbo3(24500, 0.0), SIGMA_SE, SIGMA_B,
                               capacitance_step=1e-5)
    np.testing.assert_allclose(out["charge_C_m2"], sc.layer_charge(DPHI, **args), rtol=1e-6)
    np.testing.assert_allclose(out["capacitance_F_m2"], sc.layer_capacitance(DPHI, **args),
                               rtol=1e-6)
    np.testing.assert_allclose(out["se_resistance_Ohm_m2"],
                               sc.layer_resistance(DPHI, bulk_conductivity=SIGMA_SE, **args),
                               rtol=1e-6)
    np.testing.assert_allclose(out["junction_potential_V"], DPHI)
    assert np.all(out["buffer_resistance_Ohm_m2"] == 0)
    neg = np.array([-0.4, -0.05])
    out = sc.buffer_layer_step(neg, T, LGPS, linbo3(24500, 0.0), SIGMA_SE, SIGMA_B)
    np.testing.assert_allclose(out["signed_charge_C_m2"], signed_single_charge(neg, args),
                               rtol=1e-6)
    np.testing.assert_allclose(out["se_resistance_Ohm_m2"],
                               [single_excess_length(x, args) / SIGMA_SE for x in neg],
                               rtol=1e-6)


def test_vanishing_buffer_converges_to_the_single_layer():
    """d -> 0: charge, capacitance and SE resistance approach the single layer linearly
    in d; the buffer first acts as a thin dielectric, so the step it takes is
    Q d / (eps0 eps_b) (the SE resistance moves by ~k times that: 1.5 % at d = 1e-13 m and
    1 V, hence d <= 1e-16 m for 1e-4)."""
    args = single(LGPS)
    Q1 = sc.layer_charge(DPHI, **args)
    dev = {}
    for d in (1e-16, 1e-15):
        out = sc.buffer_layer_step(DPHI, T, LGPS, linbo3(24500, d), SIGMA_SE, SIGMA_B)
        dev[d] = np.abs(out["charge_C_m2"] / Q1 - 1).max()
        assert dev[d] < 1e-4 * d / 1e-16
        np.testing.assert_allclose(out["capacitance_F_m2"], sc.layer_capacitance(DPHI, **args),
                                   rtol=1e-4 * d / 1e-16)
        np.testing.assert_allclose(out["se_resistance_Ohm_m2"],
                                   sc.layer_resistance(DPHI, bulk_conductivity=SIGMA_SE,
                                                       **args), rtol=1e-4 * d / 1e-16)
    assert 5 < dev[1e-15] / dev[1e-16] < 20      # first order in d
    d = 1e-13
    out = sc.buffer_layer_step(DPHI, T, LGPS, linbo3(24500, d), SIGMA_SE, SIGMA_B)
    np.testing.assert_allclose(DPHI - out["junction_potential_V"],
                               Q1 * d / (EPS0 * 20.0), rtol=2e-3)


def single_layer_potential_at(d, delta, args):
    """phi(d) of the single layer with phi(0) = delta: solve
    d = int_phi^delta dphi / sqrt(2 G / eps) (in ln|phi|, the integrand is ~ lambda)."""
    eps = EPS0 * args["relative_permittivity"]
    s = math.copysign(1.0, delta)

    def x_of(log_phi):
        def f(u):
            phi = s * math.exp(u)
            G = float(sc.first_integral(phi, args["site_density"], args["theta0"], T))
            if K * abs(phi) < 1e-6:     # first_integral cancels: its linear limit
                G = args["theta0"] * (1 - args["theta0"]) * F * args["site_density"] * K \
                    * phi**2 / 2
            return abs(phi) / math.sqrt(2 * G / eps)

        return integrate.quad(f, log_phi, math.log(abs(delta)), epsabs=0, epsrel=1e-10,
                              limit=200)[0]

    root = optimize.brentq(lambda lp: x_of(lp) - d, math.log(abs(delta)) - 40,
                           math.log(abs(delta)), xtol=1e-12)
    return s * math.exp(root)


@pytest.mark.parametrize("se", [LGPS, LLZO], ids=["lgps", "llzo"])
def test_buffer_identical_to_se_is_one_layer(se):
    """A buffer with the SE's own eps, c_max, c0 must give the single layer over the whole
    step: same charge, total excess resistance, and phi_j = the single layer's phi(d)."""
    args = single(se)
    buf = dict(se, thickness=2e-10)
    steps = np.array([-0.3, -0.05, 0.05, 0.3, 1.0])
    out = sc.buffer_layer_step(steps, T, se, buf, SIGMA_SE, SIGMA_SE)
    np.testing.assert_allclose(out["signed_charge_C_m2"], signed_single_charge(steps, args),
                               rtol=1e-8)
    excess = np.array([single_excess_length(x, args) for x in steps]) / SIGMA_SE
    np.testing.assert_allclose(out["resistance_Ohm_m2"] - 2e-10 / SIGMA_SE, excess,
                               rtol=1e-6)
    phi_d = [single_layer_potential_at(2e-10, x, args) for x in steps]
    np.testing.assert_allclose(out["junction_potential_V"], phi_d, rtol=1e-6)
    assert not out["field_reversal"].any()


def linear_two_layer(delta, offset, d, se, buf):
    """Linearised Poisson-Boltzmann, derived independently: buffer
    psi = phi - off = A cosh((d-x)/lb) + B sinh((d-x)/lb), SE phi = phi_j e^{-(x-d)/ls}.
    Continuity: A = phi_j - off; displacement eps_b B/lb = eps_s phi_j/ls -> B = r phi_j,
    r = (eps_s/ls)/(eps_b/lb). phi(0) = delta fixes phi_j. Returns (phi_j, -eps_b phi'(0),
    eps_s phi_j / ls)."""
    def lam_eps(p):
        th = p["bulk_concentration"] / p["site_density"]
        eps = EPS0 * p["relative_permittivity"]
        return math.sqrt(eps * R * T / (F**2 * p["site_density"] * th * (1 - th))), eps

    lb, eb = lam_eps(buf)
    ls, es = lam_eps(se)
    r = (es / ls) / (eb / lb)
    x = d / lb
    phi_j = (delta - offset + offset * math.cosh(x)) / (math.cosh(x) + r * math.sinh(x))
    q = eb / lb * ((phi_j - offset) * math.sinh(x) + r * phi_j * math.cosh(x))
    return phi_j, q, es * phi_j / ls


@pytest.mark.parametrize("se,c0,d,offset,delta", [
    (LGPS, 24500, 2e-9, 0.0, 1e-5),
    (LGPS, 100, 5e-9, 0.0, 1e-5),
    (LLZO, 1000, 1e-9, 0.0, -1e-5),
    (LGPS, 24500, 1e-9, 1e-5, 0.0),      # field reversal in the buffer
    (LLZO, 24500, 5e-10, -1e-5, 2e-5),
])
def test_small_steps_follow_the_linearised_two_layer_solution(se, c0, d, offset, delta):
    buf = linbo3(c0, d)
    phi_j, q, q_se = linear_two_layer(delta, offset, d, se, buf)
    out = sc.buffer_layer_step([delta], T, se, buf, SIGMA_SE, SIGMA_B, junction_offset=offset)
    # nonlinear corrections are O(k |step|) ~ 4e-4
    assert out["junction_potential_V"][0] == pytest.approx(phi_j, rel=2e-3)
    assert out["signed_charge_C_m2"][0] == pytest.approx(q, rel=2e-3)
    assert out["se_charge_C_m2"][0] == pytest.approx(abs(q_se), rel=2e-3)


@pytest.mark.parametrize("se,c0,d", [(LGPS, 24500, 1e-9), (LGPS, 10, 1e-8),
                                     (LLZO, 1000, 3e-9), (LGPS, 24500, 1e-8)])
def test_capacitance_at_zero_step_is_the_linear_series_result(se, c0, d):
    """C(0) = (eps_b/lb)(tanh(d/lb) + r)/(1 + r tanh(d/lb)): eps_s/ls for d -> 0,
    eps_b/lb for d >> lb (the buffer's own diffuse layer screens the whole step)."""
    buf = linbo3(c0, d)
    _, q, _ = linear_two_layer(1.0, 0.0, d, se, buf)   # linear: q per volt
    out = sc.buffer_layer_step([0.0], T, se, buf, SIGMA_SE, SIGMA_B)
    assert out["capacitance_F_m2"][0] == pytest.approx(q, rel=1e-4)


def test_junction_double_layer_of_a_thick_buffer_is_two_screening_layers_in_series():
    """With a junction offset, the offset is shared by the buffer's and the SE's diffuse
    layers at x = d: Q_SE = eps0 off / (lb/eps_b + ls/eps_s), phi_j = off ls/eps_s /
    (lb/eps_b + ls/eps_s) (thick buffer, linear). This, not the cathode's charge, is the
    'two layers in series' result: at the cathode a thick buffer alone screens the step,
    Q = eps0 eps_b delta / lb."""
    buf = linbo3(24500, 1e-8)
    th_b = 24500 / 31450
    lb = math.sqrt(20 * EPS0 * R * T / (F**2 * 31450 * th_b * (1 - th_b)))
    ls = math.sqrt(8.9 * EPS0 * R * T / (F**2 * 69800 * 0.25))
    series = lb / 20 + ls / 8.9
    off = 1e-5
    out = sc.buffer_layer_step([0.0], T, LGPS, buf, SIGMA_SE, SIGMA_B, junction_offset=off)
    assert out["se_charge_C_m2"][0] == pytest.approx(EPS0 * off / series, rel=1e-3)
    assert out["junction_potential_V"][0] == pytest.approx(off * (ls / 8.9) / series, rel=1e-3)
    out = sc.buffer_layer_step([1e-5], T, LGPS, buf, SIGMA_SE, SIGMA_B)
    assert out["charge_C_m2"][0] == pytest.approx(EPS0 * 20 * 1e-5 / lb, rel=1e-3)


def test_thick_li_rich_buffer_screens_the_step():
    """10 nm LiNbO3 with c0_b = 24500 mol/m3 (lb ~ 0.09 nm, depletion width at 1 V
    ~ 0.4 nm): the SE sees nothing (phi_j/delta < 1e-40), where the dielectric buffer
    of partition_step leaves it ~1 %. Beyond the depleted zone the potential decays as
    exp(-x/lb): phi_j(8 nm)/phi_j(6 nm) = exp(-2 nm/lb)."""
    args = single(LGPS)
    out = sc.buffer_layer_step(DPHI, T, LGPS, linbo3(24500, 1e-8), SIGMA_SE, SIGMA_B)
    assert np.all(out["junction_potential_V"] / DPHI < 1e-40)
    assert np.all(out["se_charge_C_m2"] < 1e-40)
    dielectric = sc.partition_step(DPHI, buffer_thickness=1e-8,
                                   buffer_relative_permittivity=20.0, **args)
    assert np.all(dielectric / DPHI > 5e-3)
    th = 24500 / 31450
    lb = math.sqrt(20 * EPS0 * R * T / (F**2 * 31450 * th * (1 - th)))
    six, eight = (sc.buffer_layer_step(DPHI, T, LGPS, linbo3(24500, d), SIGMA_SE,
                                       SIGMA_B)["junction_potential_V"] for d in (6e-9, 8e-9))
    np.testing.assert_allclose(eight / six, math.exp(-2e-9 / lb), rtol=1e-6)
    # the depletion has moved into the buffer: with constant mobility its resistance
    # rises steeply with the step
    assert np.all(np.diff(out["buffer_resistance_Ohm_m2"]) > 0)
    assert out["buffer_resistance_Ohm_m2"][-1] > 1e6 * 1e-8 / SIGMA_B


@pytest.mark.parametrize("c0,screens", [(10, False), (100, True), (1000, True)])
def test_screening_needs_the_buffers_depletion_width_below_d(c0, screens):
    """At 1 V over 10 nm: the buffer screens (phi_j/delta < 1e-3) iff its Mott-Schottky
    depletion width w_b = sqrt(2 eps_b delta / (F c0_b)) is below d (c0_b = 10: 19 nm,
    100: 6 nm, 1000: 1.9 nm). Its charge never exceeds full depletion F c0_b d."""
    d, delta = 1e-8, 1.0
    w = math.sqrt(2 * 20 * EPS0 * delta / (F * c0))
    assert (w < d) == screens
    out = sc.buffer_layer_step([delta], T, LGPS, linbo3(c0, d), SIGMA_SE, SIGMA_B)
    assert (out["junction_potential_V"][0] / delta < 1e-3) == screens
    assert out["buffer_charge_C_m2"][0] <= F * c0 * d


def test_li_poor_buffer_is_the_dielectric_buffer():
    """c0_b -> 0: the buffer holds no charge and partition_step's series capacitor is
    recovered, with an error proportional to c0_b."""
    args = single(LGPS)
    dielectric = sc.partition_step(DPHI, buffer_thickness=1e-8,
                                   buffer_relative_permittivity=20.0, **args)
    dev = {}
    for c0 in (1e-2, 1e-4):
        out = sc.buffer_layer_step(DPHI, T, LGPS, linbo3(c0, 1e-8), SIGMA_SE, SIGMA_B)
        dev[c0] = np.abs(out["junction_potential_V"] / dielectric - 1).max()
        Q_scl = sc.layer_charge(dielectric, **args)
        np.testing.assert_allclose(out["charge_C_m2"], Q_scl, rtol=100 * c0)
    assert dev[1e-2] < 1e-2 and dev[1e-4] < 1e-4
    assert 30 < dev[1e-2] / dev[1e-4] < 300


def test_input_checks():
    with pytest.raises(ValueError, match="thickness"):
        sc.buffer_layer_step(0.1, T, LGPS, dict(LGPS), SIGMA_SE, SIGMA_B)
    with pytest.raises(ValueError, match="theta0"):
        sc.buffer_layer_step(0.1, T, LGPS, linbo3(40000, 1e-9), SIGMA_SE, SIGMA_B)
    with pytest.raises(ValueError, match="exactly one"):
        sc.buffer_layer_step(0.1, T, dict(LGPS, theta0=0.5), linbo3(1, 1e-9), SIGMA_SE,
                             SIGMA_B)
    out = sc.buffer_layer_step(np.zeros((2, 3)), T, LGPS, linbo3(100, 1e-9), SIGMA_SE,
                               SIGMA_B)
    assert out["charge_C_m2"].shape == (2, 3) and np.all(out["charge_C_m2"] == 0)


# ------------------------------------------------- the shipped LiNbO3 coating of lto-lgps-lco
def shipped():
    """SE and buffer of lto-lgps-lco as shipped (read from the parameter set)."""
    from ssb_models.parameters.registry import parameter_values

    pv = parameter_values("lto-lgps-lco")
    se = dict(relative_permittivity=pv["Solid electrolyte relative permittivity"],
              site_density=pv["Solid electrolyte Li site density [mol.m-3]"],
              bulk_concentration=pv["Initial concentration in electrolyte [mol.m-3]"])
    material = (pv["Buffer layer relative permittivity"],
                pv["Buffer layer Li site density [mol.m-3]"],
                pv["Buffer layer Li concentration [mol.m-3]"],
                pv["Buffer layer mobile Li fraction [-]"])
    return se, material


@pytest.mark.parametrize("d", [2e-9, 3e-9, 5e-9])
def test_a_few_nm_of_shipped_linbo3_remove_the_depletion_from_the_se(d):
    """The issue's claim as a result: with the shipped values (LGPS; LiNbO3 eps_b 20,
    24,500 mol/m3 Li on 31,400 sites, all mobile) a few nm of buffer leave the SE less
    than 1e-6 of the step, where without a buffer the SE takes all of it and empties.
    The depletion then sits in the buffer: it holds the cathode's whole charge, which is
    the Mott-Schottky charge of a semi-infinite LiNbO3 layer (by hand, 1e-3 at 1 V), its
    depleted zone Q/(F c0_b) is 0.38 nm at 1 V (below d), and its excess resistance is
    that of a single LiNbO3 layer (constant mobility), far above the SE's would-be one
    because sigma_b << sigma_SE."""
    se, (eps_b, cmax_b, cli_b, f) = shipped()
    assert (eps_b, cmax_b, cli_b, f) == (20.0, 31400.0, 24500.0, 1.0)
    buffer = sc.buffer_phase(d, eps_b, cmax_b, cli_b, f)
    bare = sc.buffer_layer_step(DPHI, T, se, dict(buffer, thickness=0.0), SIGMA_SE, SIGMA_B)
    out = sc.buffer_layer_step(DPHI, T, se, buffer, SIGMA_SE, SIGMA_B)
    np.testing.assert_array_equal(bare["junction_potential_V"], DPHI)
    assert bare["se_resistance_Ohm_m2"][-1] > 1e4           # the bare SE empties at 1 V
    assert np.all(out["junction_potential_V"] / DPHI < 1e-6)
    assert np.all(out["se_charge_C_m2"] < 1e-6 * bare["se_charge_C_m2"])
    assert np.all(out["se_resistance_Ohm_m2"] < 1e-6 * bare["se_resistance_Ohm_m2"])
    # the depletion in the buffer
    np.testing.assert_allclose(out["buffer_charge_C_m2"], out["charge_C_m2"], rtol=1e-6)
    th = cli_b / cmax_b
    c0 = th * cmax_b
    d0 = -(R * T / F) * math.log(1 - th) / th
    q_ms = math.sqrt(2 * eps_b * EPS0 * F * c0 * (1.0 - d0))
    assert out["charge_C_m2"][-1] == pytest.approx(q_ms, rel=1e-3)
    w = out["buffer_charge_C_m2"] / (F * c0)
    assert w[-1] == pytest.approx(0.38e-9, rel=0.02) and np.all(w < d)
    single_b = sc.layer_resistance(DPHI, eps_b, cmax_b, th, T, SIGMA_B)
    np.testing.assert_allclose(out["buffer_resistance_Ohm_m2"] - d / SIGMA_B, single_b,
                               rtol=1e-6)
    assert np.all(single_b[DPHI >= 0.2] > bare["se_resistance_Ohm_m2"][DPHI >= 0.2])
    # validity: the buffer's layer is thinner than LiNbO3's 0.375 nm spacing up to
    # ~0.9 V; the SE, which takes < 1 mV, holds no layer and is not flagged
    widths = sc.buffer_layer_widths(DPHI, out, T, se, buffer)
    assert list(widths["buffer_sub_lattice"]) == [True, True, True, False]
    assert not widths["se_sub_lattice"].any()


def test_a_sub_nm_buffer_empties_and_leaves_the_se_part_of_the_step():
    """Contrast: 0.3 nm of the same LiNbO3, thinner than its own depleted zone at
    0.5-1 V (0.26-0.38 nm), empties, and the SE then takes a few % of the step."""
    se, (eps_b, cmax_b, cli_b, f) = shipped()
    out = sc.buffer_layer_step(DPHI, T, se, sc.buffer_phase(3e-10, eps_b, cmax_b, cli_b, f),
                               SIGMA_SE, SIGMA_B)
    assert np.all(out["junction_potential_V"][2:] / DPHI[2:] > 1e-2)


def test_buffer_phase_mobile_fraction():
    """f = 1: all Li mobile on all sites; f < 1: c0_b = f c_Li on the sites the immobile
    Li leaves, c_max - (1 - f) c_Li (by hand: f = 0.01 -> 245 on 7145 mol/m3)."""
    b = sc.buffer_phase(1e-8, 20.0, 31400.0, 24500.0)
    assert (b["site_density"], b["bulk_concentration"]) == (31400.0, 24500.0)
    b = sc.buffer_phase(1e-8, 20.0, 31400.0, 24500.0, 0.01)
    assert b["site_density"] == pytest.approx(7145.0) and b["bulk_concentration"] == \
        pytest.approx(245.0)
    with pytest.raises(ValueError, match="mobile"):
        sc.buffer_phase(1e-8, 20.0, 31400.0, 24500.0, 0.0)
    with pytest.raises(ValueError, match="site density"):
        sc.buffer_phase(1e-8, 20.0, 31400.0, 40000.0)
