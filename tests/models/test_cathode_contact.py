"""Cathode|SE contact loss and isolated active material from the particles' volume
change (option "cathode contact": "volume-change"; docs/cathode_contact.md): the
static limit, the analytic contact and isolation decay over a constant-current
half-cycle, soft SE and stack pressure, lithium conservation in a full cell, bounds
and capacity fade."""

import dataclasses

import numpy as np
import pybamm
import pytest

from ssb_models.experiments import prepare
from ssb_models.models.options import build_model
from ssb_models.experiments import load_experiment

VC = {"cathode contact": "volume-change"}
BETA_C = "Positive electrode contact-loss coefficient"
BETA_ISO = "Positive electrode isolation coefficient"
OMEGA = "Positive electrode partial molar volume [m3.mol-1]"
E_SE = "Solid electrolyte Young's modulus [Pa]"
P_STACK = "Stack pressure [Pa]"
U = "Positive electrode interface utilisation"
EPS = "Positive electrode active material volume fraction"
C_AVG = "R-averaged positive particle concentration [mol.m-3]"
LLI_LAM = "Loss of lithium due to loss of active material in positive electrode [mol]"


def _discharge(cell, c_rate, overrides=None, options=VC, rtol=1e-8):
    """Constant-current discharge from full charge to the lower cut-off."""
    p = prepare(cell, "discharge", None, None, overrides, options)
    module, pv = p.cell, p.parameter_values
    pv["Current function [A]"] = c_rate * pv["Nominal cell capacity [A.h]"]
    sim = pybamm.Simulation(build_model(module, options), parameter_values=pv,
                            solver=pybamm.IDAKLUSolver(rtol=rtol, atol=1e-10))
    t_end = 1.2 * 3600.0 / c_rate
    return sim.solve([0, t_end], t_interp=np.linspace(0, t_end, 401)), pv


def _cycles(cell, cycles, overrides=None, options=VC, c_rate=1.0, rtol=1e-6):
    """The predefined cycling protocol (CC discharge, rest, CC-CV charge, rest),
    ``cycles`` times, at ``c_rate``; returns (solution, parameter values)."""
    spec = dataclasses.replace(load_experiment("cycling"), cycles=cycles)
    p = prepare(cell, spec, c_rate, None, overrides, options)
    module, spec, pv, c_rate = p.cell, p.spec, p.parameter_values, p.c_rate
    experiment = spec.to_pybamm(c_rate, pv["Lower voltage cut-off [V]"],
                                pv["Upper voltage cut-off [V]"])
    sim = pybamm.Simulation(build_model(module, options), experiment=experiment,
                            parameter_values=pv,
                            solver=pybamm.IDAKLUSolver(rtol=rtol, atol=1e-10))
    return sim.solve(), pv


def _contact_loss(sol):
    """1 - the lowest contact fraction anywhere in the electrode at the end."""
    return 1.0 - sol[U].entries[:, -1].min()


def test_no_detachment_reproduces_the_static_model():
    """With both coefficients 0 the option (contact and active material as states with
    zero rate) gives the static model's voltage within 1e-6 V over a 1C discharge."""
    zero = {BETA_C: 0.0, BETA_ISO: 0.0}
    on, _ = _discharge("li-llzo-lco", 1.0, zero)
    static, _ = _discharge("li-llzo-lco", 1.0, zero, options={})
    assert on.t[-1] > 3000 and len(on.t) == len(static.t)
    dv = np.abs(on["Voltage [V]"].entries - static["Voltage [V]"].entries)
    assert dv.max() < 1e-6
    assert np.all(on[U].entries == pytest.approx(1.0, abs=1e-12))


@pytest.fixture(scope="module")
def half_cycle():
    """C/10 discharge of li-llzo-lco from full charge (c_avg rises monotonically)."""
    return _discharge("li-llzo-lco", 0.1)


def _expected_log(beta, pv, dc):
    """ln of the surviving fraction after a monotonic change dc of c_avg, from the
    equations alone: d ln u = -beta P(eps) 3 |d eps| with eps = |Omega| dc / 3 and
    P = E eps / (E eps + p), so ln u = -3 beta [eps - (p/E) ln(1 + E eps / p)]
    (exact), -> -beta |Omega| dc for P = 1."""
    omega, E, p = abs(pv[OMEGA]), pv[E_SE], pv[P_STACK]
    eps = omega * dc / 3
    exact = -3 * beta * (eps - (p / E) * np.log1p(E * eps / p))
    return exact, -beta * omega * dc


def test_contact_and_isolation_follow_the_analytic_decay(half_cycle):
    """At every x: ln u(end) = -beta_c |Omega| |Delta c_avg| and ln(eps_AM(end) /
    eps_AM(0)) = -beta_iso |Omega| |Delta c_avg| within 1 % (P ~ 1 for LLZO), and both
    equal the exact integral over P(eps) within 1e-5 relative."""
    sol, pv = half_cycle
    assert "Minimum voltage" in str(sol.termination)
    c = sol[C_AVG].entries
    assert np.all(np.diff(c, axis=1) > -1e-9)  # monotonic, so int |rate| dt = |Delta|
    dc = np.abs(c[:, -1] - c[:, 0])
    assert dc.min() > 2e4  # most of the stoichiometry window was used
    ln_u = np.log(sol[U].entries[:, -1])
    eps = sol[EPS].entries
    ln_eps = np.log(eps[:, -1] / eps[:, 0])
    for beta, got in ((pv[BETA_C], ln_u), (pv[BETA_ISO], ln_eps)):
        exact, p_one = _expected_log(beta, pv, dc)
        assert got == pytest.approx(p_one, rel=0.01)
        assert got == pytest.approx(exact, rel=1e-5)


@pytest.fixture(scope="module")
def five_cycles():
    """li-llzo-lco, 5 cycles of the predefined protocol at 1C, option on and static."""
    return _cycles("li-llzo-lco", 5)[0], _cycles("li-llzo-lco", 5, options={})[0]


def test_soft_electrolyte_and_stack_pressure_keep_contact(five_cycles):
    """PEO (E_SE = 1 MPa) loses < 1e-3 of its contact in a cycle, LLZO > 1e-3. With
    E_SE = 10 MPa (li-llzo-lco, 1C discharge) a 10 MPa stack pressure loses less than
    0.1 MPa does, each as the exact integral over P(eps) predicts (1e-3)."""
    peo, _ = _cycles("li-peo-lfp", 1)
    assert _contact_loss(peo) < 1e-3
    llzo_first_cycle = five_cycles[0].cycles[0]
    assert _contact_loss(llzo_first_cycle) > 1e-3
    loss = {}
    for p in (1e5, 1e7):
        sol, pv = _discharge("li-llzo-lco", 1.0, {E_SE: 1e7, P_STACK: p})
        c = sol[C_AVG].entries
        assert np.all(np.diff(c, axis=1) > -1e-9)
        exact, _ = _expected_log(pv[BETA_C], pv, np.abs(c[:, -1] - c[:, 0]))
        assert np.log(sol[U].entries[:, -1]) == pytest.approx(exact, rel=1e-3)
        loss[p] = _contact_loss(sol)
    assert 0 < loss[1e7] < 0.1 * loss[1e5]


def test_lithium_is_conserved_in_the_full_cell():
    """lto-lgps-lco over a cycle: Li in both electrodes' particles + Li lost with the
    isolated positive particles is constant within 1e-6 relative, while the isolation
    removes a visible amount of Li (> 1e-4 of the total)."""
    sol, _ = _cycles("lto-lgps-lco", 1, rtol=1e-7)
    n_neg = sol["Total lithium in negative electrode [mol]"].entries
    n_pos = sol["Total lithium in positive electrode [mol]"].entries
    lost = sol[LLI_LAM].entries
    particles = sol["Total lithium in particles [mol]"].entries
    assert np.allclose(particles, n_neg + n_pos, rtol=1e-12)
    total = n_neg + n_pos + lost
    assert np.max(np.abs(total - total[0])) / total[0] < 1e-6
    assert lost[-1] / total[0] > 1e-4


def test_contact_stays_bounded_and_capacity_fades(five_cycles):
    """Over 5 cycles of li-llzo-lco the contact fraction stays in (0, 1] and never
    rises, and the capacity retention is below the static model's."""
    sol, static = five_cycles
    u = sol[U].entries
    assert u.min() > 0 and u.max() <= 1 + 1e-12
    assert np.all(np.diff(u, axis=1) <= 1e-12)

    def retention(s):
        q = [c.steps[0]["Discharge capacity [A.h]"].entries for c in s.cycles]
        caps = [x[-1] - x[0] for x in q]
        return caps[-1] / caps[0]

    assert len(sol.cycles) == len(static.cycles) == 5
    assert retention(sol) < retention(static) - 1e-3
