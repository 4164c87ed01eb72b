"""Interphase growth at the negative electrode|SE interface: PyBaMM's SEI law
"interstitial-diffusion limited" with the cells' parameters (docs/interphase.md)."""

import numpy as np
import pybamm
import pytest

import ssb_models
from ssb_helpers import AT_P0, cell_parameters, solve_discharge
from ssb_models.errors import InputError
from ssb_models.parameters import get_cell
from ssb_models.parameters.derived import update_derived
from ssb_models.parameters.interphase import D_LI_SULFIDE, K_PARABOLIC

SEI = {"SEI": "interstitial-diffusion limited"}
D_NAME = "SEI lithium interstitial diffusivity [m2.s-1]"
F = 96485.33212


def model(cell, extra=None):
    return ssb_models.SolidStateDFN({**get_cell(cell).CELL.model_options, **(extra or {})})


def at_rest(cell, soc=0.5, **overrides):
    pv = cell_parameters(cell, **overrides)
    update_derived(pv, initial_soc=soc, options=get_cell(cell).CELL.model_options)
    pv["Current function [A]"] = 0.0
    return pv


def area(pv):
    return pv["Electrode height [m]"] * pv["Electrode width [m]"]


def test_thickness_grows_parabolically_at_rest():
    """Li metal at rest (dphi ~ 0): L^2 - L0^2 = 2 (V_bar/z) D c_li0 t, i.e. the
    Aktekin calibration k = d^2/t = (540 nm)^2 / 400 h, and q(400 h) = 60 uAh/cm2."""
    pv = at_rest("li-llzo-lco", **{D_NAME: D_LI_SULFIDE})
    sim = pybamm.Simulation(model("li-llzo-lco", SEI), parameter_values=pv,
                            solver=pybamm.IDAKLUSolver(rtol=1e-6, atol=1e-8))
    t = np.linspace(0, 400 * 3600, 401)
    sol = sim.solve(t)
    L = sol["Negative SEI thickness [m]"](t)
    L0 = pv["Initial SEI thickness [m]"]
    sq = L ** 2 - L0 ** 2
    late = t > 3600
    # L^2 - L0^2 linear in t with the calibrated slope (1 %)
    np.testing.assert_allclose(sq[late] / t[late], K_PARABOLIC, rtol=1e-2)
    # fitted exponent of the growth L - L0 ~ t^n over 10-400 h: 1/2 within 1 %
    sel = t > 10 * 3600
    n = np.polyfit(np.log(t[sel]), np.log(L[sel] - L0), 1)[0]
    assert n == pytest.approx(0.5, rel=1e-2)
    q = sol["Loss of capacity to negative SEI [A.h]"].entries[-1] / area(pv) / 1e-2  # uAh/cm2
    assert q == pytest.approx(60.0, rel=2e-2)


def test_lithium_conserved_full_cell():
    """LTO|LGPS|LCO, one C/2 cycle: Li in both electrodes' particles + Li in the
    interphase is constant (the single-ion SE holds a fixed Li inventory)."""
    pv = cell_parameters("lto-lgps-lco")
    exp = pybamm.Experiment([
        f"Discharge at C/2 until {pv['Lower voltage cut-off [V]']} V",
        f"Charge at C/2 until {pv['Upper voltage cut-off [V]']} V", "Rest for 1 hour"])
    sim = pybamm.Simulation(model("lto-lgps-lco", SEI), parameter_values=pv, experiment=exp,
                            solver=pybamm.IDAKLUSolver(rtol=1e-8, atol=1e-10))
    sol = sim.solve()
    n = sol["Total lithium in particles [mol]"].entries
    lost = sol["Loss of lithium to negative SEI [mol]"].entries
    assert lost[-1] > 1e-4 * n[0]  # the interphase takes a visible share
    np.testing.assert_allclose(n + lost, n[0], rtol=1e-6)


def test_lithium_conserved_half_cell():
    """Li|SE|cathode at C/2 with growth: the cathode gains exactly I t / F, and the Li
    metal loses the stripping-current integral, which is I t / F plus the Li in the
    interphase: particles + interphase + Li metal is constant."""
    pv = cell_parameters("li-llzo-lco", **{D_NAME: D_LI_SULFIDE})
    pv["Current function [A]"] = 0.5 * pv["Nominal cell capacity [A.h]"]
    sim = pybamm.Simulation(model("li-llzo-lco", SEI), parameter_values=pv,
                            solver=pybamm.IDAKLUSolver(rtol=1e-6, atol=1e-8))
    sol = sim.solve([0, 5000])
    t = sol.t
    n_cat = sol["Total lithium in particles [mol]"].entries
    n_sei = sol["Loss of lithium to negative SEI [mol]"].entries
    I = pv["Current function [A]"]
    j_strip = sol["Lithium metal plating current density [A.m-2]"].entries
    stripped = np.concatenate([[0], np.cumsum(np.diff(t) * 0.5 * (j_strip[1:] + j_strip[:-1]))])
    n_li = -stripped * area(pv) / F  # change of the Li metal inventory
    assert n_sei[-1] > 1e-3 * (n_cat[-1] - n_cat[0])
    np.testing.assert_allclose(n_cat - n_cat[0], I * t / F, rtol=1e-6, atol=1e-6 * n_cat[0])
    total = n_cat + n_sei + n_li
    np.testing.assert_allclose(total, total[0], rtol=1e-6)


@pytest.mark.parametrize("cell", ["li-llzo-lco", "lto-lgps-lco", "li-peo-lfp"])
def test_zero_rate_equals_static_model(cell):
    """With growth rate 0 the option is a static film of ASR rho L0 per interface
    area: it equals the model without it plus 'interface resistance': 'ohmic' with
    that ASR (1e-6 V), and with rho = 0 the plain model."""
    planar = cell != "lto-lgps-lco"
    asr = "Lithium metal interface ASR at reference pressure [Ohm.m2]" if planar else \
        "Negative electrode interface ASR [Ohm.m2]"
    pv = cell_parameters(cell, **{D_NAME: 0.0}, **AT_P0)
    rho_L0 = pv["SEI resistivity [Ohm.m]"] * pv["Initial SEI thickness [m]"]
    tol = dict(rtol=1e-8, atol=1e-10) if cell != "lto-lgps-lco" else dict(rtol=1e-7, atol=1e-9)
    grown = solve_discharge(model(cell, SEI), pv, 1.0, t_eval_points=100, **tol)
    static = solve_discharge(
        model(cell, {"interface resistance": ("ohmic", "none")}),
        cell_parameters(cell, **AT_P0, **{asr: rho_L0}), 1.0, t_eval_points=100, **tol)
    t = np.linspace(0, 0.99 * min(grown.t[-1], static.t[-1]), 100)
    assert np.abs(grown["Voltage [V]"](t) - static["Voltage [V]"](t)).max() < 1e-6
    assert abs(grown["Loss of lithium to negative SEI [mol]"].entries[-1]) < 1e-18
    if cell == "li-llzo-lco":
        pv0 = cell_parameters(cell, **{D_NAME: 0.0, "SEI resistivity [Ohm.m]": 0.0})
        a = solve_discharge(model(cell, SEI), pv0, 1.0, **tol)
        b = solve_discharge(model(cell), pv0, 1.0, **tol)
        t = np.linspace(0, 0.99 * min(a.t[-1], b.t[-1]), 100)
        assert np.abs(a["Voltage [V]"](t) - b["Voltage [V]"](t)).max() < 1e-6


def test_sulfide_cell_resistance_grows_and_capacity_fades():
    """LTO|LGPS|LCO, three 1C CC-CV cycles. At the shipped rate the film resistance
    rho L grows and Li is lost, but the LTO's Li reserve (x_LTO ~ 0.12 at the end of
    discharge) absorbs it: the reserve shrinks each cycle. At 100x the rate (f = 1e-2,
    inside the sweep range) the capacity fades below the static model's every cycle."""
    pv = cell_parameters("lto-lgps-lco")
    lo, hi = pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
    exp = pybamm.Experiment([(f"Discharge at 1C until {lo} V", f"Charge at 1C until {hi} V",
                              f"Hold at {hi} V until C/20")] * 3)

    def cycle(opts, pv):
        sol = pybamm.Simulation(model("lto-lgps-lco", opts), parameter_values=pv,
                                experiment=exp, solver=pybamm.IDAKLUSolver()).solve()
        caps = np.array([c.steps[0]["Discharge capacity [A.h]"].entries[-1]
                         - c.steps[0]["Discharge capacity [A.h]"].entries[0]
                         for c in sol.cycles])
        return sol, caps

    sol, _ = cycle(SEI, pv)
    L = sol["X-averaged negative SEI thickness [m]"].entries
    assert np.all(np.diff(L) >= -1e-18) and L[-1] > 1.1 * L[0]  # rho L grows
    x_end = [c.steps[0]["Negative electrode stoichiometry"].entries[-1] for c in sol.cycles]
    assert x_end[0] > x_end[1] > x_end[2] > 0
    assert sol["Loss of capacity to negative SEI [A.h]"].entries[-1] > 0
    _, base = cycle({}, pv)
    fast = pv.copy()
    fast[D_NAME] = 100 * pv[D_NAME]
    sol, caps = cycle(SEI, fast)
    assert caps[0] > caps[1] > caps[2]
    assert np.all(caps[1:] < base[1:])
    lost = sol["Loss of capacity to negative SEI [A.h]"].entries[-1]
    assert 0 < base[2] - caps[2] < lost


def test_option_checks():
    """SEI at the positive electrode and laws without the cells' parameters are
    refused before any solve, with the reason; the half-cell string is negative-only."""
    from ssb_models.models.options import model_options

    cell = get_cell("lto-lgps-lco")
    with pytest.raises(InputError, match="positive electrode"):
        model_options(cell, {"SEI": "interstitial-diffusion limited,interstitial-diffusion "
                                    "limited"})
    with pytest.raises(InputError, match="reaction limited.*interstitial-diffusion"):
        model_options(cell, {"SEI": "reaction limited"})
    m = ssb_models.SolidStateDFN(SEI)  # Li metal half cell
    assert m.options.negative["SEI"] == "interstitial-diffusion limited"
    assert m.options.positive["SEI"] == "none"
    assert model_options(cell, {"SEI": "interstitial-diffusion limited"})["SEI"]
