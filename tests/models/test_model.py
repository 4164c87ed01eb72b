"""The single-ion model against independent references."""

import numpy as np
import pybamm
import pytest
from scipy.optimize import brentq

import ssb_models
from pybamm.input.parameters.lithium_ion.Marquis2019 import lico2_ocp_Dualfoil1998

from ssb_helpers import cell_parameters, same_mesh, solve_discharge, stock_equivalent

F = 96485.33212


def test_no_electrolyte_concentration_state(ssb_model):
    names = [v.name for v in list(ssb_model.rhs) + list(ssb_model.algebraic)]
    assert not any("concentration" in n and "lectrolyte" in n for n in names), names
    assert set(names) >= {"Electrolyte potential [V]", "Positive particle concentration [mol.m-3]"}


@pytest.mark.parametrize("c_rate", [0.1, 1.0, 3.0])
def test_equals_stock_half_cell_dfn_with_unit_transference(pv, ssb_model, c_rate):
    """Stock PyBaMM DFN({"working electrode": "positive"}) with t+ = 1 keeps a uniform
    salt concentration, so it must reduce to the single-ion model."""
    stock = pybamm.lithium_ion.DFN({"working electrode": "positive"})
    ours = solve_discharge(ssb_model, pv, c_rate, rtol=1e-8, atol=1e-10)
    # on the same mesh (ours: the cell's mesh preset, PyBaMM: its uniform 20 points)
    ref = solve_discharge(stock, stock_equivalent(pv), c_rate, rtol=1e-8, atol=1e-10,
                          **same_mesh(ssb_model))
    # both end on the voltage cut-off, at the same time
    assert ours.t[-1] == pytest.approx(ref.t[-1], rel=1e-4)
    t = np.linspace(0, min(ours.t[-1], ref.t[-1]), 500)
    diff = np.abs(ours["Voltage [V]"](t) - ref["Voltage [V]"](t))
    assert diff.max() < 1e-3
    # the discharge is not trivial: it spans most of the voltage window
    v = ours["Voltage [V]"](t)
    assert v[0] - v[-1] > 0.8


def test_initial_ohmic_drop_is_I_L_over_sigma():
    """With fast kinetics, thickening the separator by dL lowers the voltage at t = 0
    by exactly I dL / sigma(T) (everything else is unchanged). Checked at 25 C and
    60 C so the Arrhenius law enters."""
    for T in (298.15, 333.15):
        volts = {}
        for L in (50e-6, 250e-6):
            pv = cell_parameters(**{
                "Separator thickness [m]": L,
                "Ambient temperature [K]": T, "Initial temperature [K]": T,
                "Positive electrode reference exchange-current density [A.m-2]": 1e4,
                "Lithium metal reference exchange-current density [A.m-2]": 1e6,
            })
            sol = solve_discharge(ssb_models.SolidStateDFN(), pv, 1.0)
            volts[L] = sol["Voltage [V]"].entries[0]
        I_density = pv["Current function [A]"] / (
            pv["Electrode height [m]"] * pv["Electrode width [m]"])
        sigma = 0.1 * np.exp(-0.35 / 8.617333262e-5 * (1 / T - 1 / 298.15))
        expected = I_density * 200e-6 / sigma
        assert volts[50e-6] - volts[250e-6] == pytest.approx(expected, rel=1e-4)


def test_lithium_conserved(pv, ssb_model):
    """Li leaving the Li metal (= charge passed / F) ends up in the cathode particles;
    the SE holds a fixed amount. Relative error below 1e-6."""
    sol = solve_discharge(ssb_model, pv, 1.0, t_eval_points=200)
    n_cathode = sol["Total lithium in positive electrode [mol]"].entries
    q_Ah = sol["Discharge capacity [A.h]"].entries
    li_metal_lost = q_Ah * 3600 / F
    total = n_cathode - li_metal_lost  # Li metal change is -li_metal_lost
    assert np.abs(total - total[0]).max() / n_cathode[0] < 1e-6
    assert li_metal_lost[-1] / n_cathode[0] > 0.1  # a real discharge happened


def _window_capacity_Ah(pv):
    """Independent: invert the OCP fit with brentq and count the lithium."""
    x_100 = brentq(lambda x: lico2_ocp_Dualfoil1998(x) - pv["Upper voltage cut-off [V]"], 0.3, 0.99)
    x_0 = brentq(lambda x: lico2_ocp_Dualfoil1998(x) - pv["Lower voltage cut-off [V]"], 0.5, 0.9999)
    volume = (pv["Positive electrode thickness [m]"] * pv["Electrode height [m]"]
              * pv["Electrode width [m]"])
    return (F * pv["Maximum concentration in positive electrode [mol.m-3]"]
            * pv["Positive electrode active material volume fraction"] * volume
            * (x_0 - x_100) / 3600)


def test_slow_discharge_reaches_stoichiometric_window(pv, ssb_model):
    q_window = _window_capacity_Ah(pv)
    assert pv["Nominal cell capacity [A.h]"] == pytest.approx(q_window, rel=1e-4)
    sol = solve_discharge(ssb_model, pv, 1 / 50)
    assert "Minimum voltage" in sol.termination or "Voltage" in sol.termination
    q = sol["Discharge capacity [A.h]"].entries[-1]
    assert q == pytest.approx(q_window, rel=0.01)


def test_input_parameter_sweep_matches_fixed_values(ssb_model):
    """SE conductivity as a pybamm.InputParameter: one built model, two values, each
    equal to a model with that value fixed."""
    name = "Solid electrolyte conductivity at reference temperature [S.m-1]"
    pv_in = cell_parameters(**{name: "[input]"})
    for sigma in (1e-3, 1e-2):
        swept = solve_discharge(ssb_model, pv_in, 1.0, inputs={name: sigma},
                                rtol=1e-8, atol=1e-10)
        fixed = solve_discharge(ssb_models.SolidStateDFN(), cell_parameters(**{name: sigma}),
                                1.0, rtol=1e-8, atol=1e-10)
        t = np.linspace(0, min(swept.t[-1], fixed.t[-1]), 100)
        assert np.abs(swept["Voltage [V]"](t) - fixed["Voltage [V]"](t)).max() < 1e-6


def test_lower_conductivity_lowers_voltage(ssb_model):
    name = "Solid electrolyte conductivity at reference temperature [S.m-1]"
    hi = solve_discharge(ssb_model, cell_parameters(**{name: 0.1}), 1.0)
    lo = solve_discharge(ssb_model, cell_parameters(**{name: 0.001}), 1.0)
    assert lo["Voltage [V]"](10.0) < hi["Voltage [V]"](10.0) - 0.05


def test_experiment_api(pv, ssb_model):
    sim = pybamm.Simulation(ssb_model, parameter_values=pv,
                            experiment=pybamm.Experiment(["Discharge at 1C until 3.0 V",
                                                          "Rest for 10 minutes"]),
                            solver=pybamm.IDAKLUSolver())
    sol = sim.solve()
    assert sol["Voltage [V]"].entries[-1] > 3.0  # relaxes after the cut-off


def test_bad_option_named():
    with pytest.raises(pybamm.OptionError, match="single-ion"):
        ssb_models.SolidStateDFN({"electrolyte": "single-ino"})
