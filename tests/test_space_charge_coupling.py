"""The space-charge layer in the cell model (option "space charge": "lattice-gas")
against the stand-alone quadrature of ssb_models.physics.space_charge."""

import numpy as np
import pybamm
import pytest

import ssb_models
from ssb_helpers import cell_parameters, solve_discharge
from ssb_models.physics import space_charge as sc
from ssb_models.physics.transport import arrhenius

CELL = "lto-lgps-lco"
SC = {"space charge": "lattice-gas"}
# a strong layer: the whole step chi (U - U_pzc) on the SE side from 3.6 V up
STRONG = {"Space-charge partition factor": 1.0,
          "Space-charge potential of zero charge [V]": 3.6}


def model(extra=None):
    from ssb_models.parameters import get_cell

    return ssb_models.SolidStateDFN({**get_cell(CELL).CELL.model_options, **(extra or {})})


def layer_args(pv, T):
    return dict(relative_permittivity=pv["Solid electrolyte relative permittivity"],
                site_density=pv["Solid electrolyte Li site density [mol.m-3]"],
                theta0=pv["Initial concentration in electrolyte [mol.m-3]"]
                / pv["Solid electrolyte Li site density [mol.m-3]"], temperature=T)


def sigma_se(pv, T):
    return float(pv.evaluate(pv["Solid electrolyte conductivity [S.m-1]"](pybamm.Scalar(T))))


def direct_resistance(pv, U, T):
    """R_scl + d/sigma_b from the physics module, at cathode potentials U [V]."""
    dphi = pv["Space-charge partition factor"] * np.maximum(
        U - pv["Space-charge potential of zero charge [V]"], 0)
    d = pv["Buffer layer thickness [m]"]
    sig_b = arrhenius(pv["Buffer layer ionic conductivity at reference temperature [S.m-1]"],
                      pv["Buffer layer activation energy [J.mol-1]"], T,
                      pv["Reference temperature [K]"])
    R = sc.interface_resistance_vs_step(
        dphi, bulk_conductivity=sigma_se(pv, T), buffer_thickness=d,
        buffer_relative_permittivity=pv["Buffer layer relative permittivity"],
        buffer_conductivity=sig_b, **layer_args(pv, T))
    return R, dphi


@pytest.mark.parametrize("T", [298.15, 318.15])  # on and between table nodes
def test_tables_match_direct_quadrature(T):
    """The tables (quadrature at one temperature carried by the exact scaling, then
    interpolated) reproduce direct quadrature within 1 % where R matters."""
    pv = cell_parameters(CELL, **STRONG, **{"Buffer layer thickness [m]": 0.0})
    dphi = np.linspace(0.1, 1.0, 10)
    R, _ = direct_resistance(pv, 3.6 + dphi, T)
    length = pv["Space-charge excess length [m]"]
    model_R = np.array([np.ravel(pv.evaluate(length(pybamm.Scalar(x), pybamm.Scalar(T))))[0]
                        for x in dphi]) / sigma_se(pv, T)
    np.testing.assert_allclose(model_R, R, rtol=1e-2)
    cap = pv["Space-charge capacitance [F.m-2]"]
    C = np.array([np.ravel(pv.evaluate(cap(pybamm.Scalar(x), pybamm.Scalar(T))))[0] for x in dphi])
    np.testing.assert_allclose(C, sc.layer_capacitance(dphi, **layer_args(pv, T)), rtol=1e-2)


@pytest.mark.parametrize("buffer", [0.0, 1e-9])
def test_model_resistance_follows_cathode_surface_potential(buffer):
    """During a 1C discharge the model's R_scl + R_buffer at every cathode node equals
    the quadrature at that node's OCP U(c_surf), within 1 %."""
    pv = cell_parameters(CELL, **STRONG, **{"Buffer layer thickness [m]": buffer})
    sol = solve_discharge(model(SC), pv, 1.0)
    T = pv["Ambient temperature [K]"]
    for t in np.linspace(0, 0.9 * sol.t[-1], 5):
        U = sol["Positive electrode open-circuit potential [V]"](t)[:, 0] \
            if np.ndim(sol["Positive electrode open-circuit potential [V]"](t)) > 1 \
            else sol["Positive electrode open-circuit potential [V]"](t)
        R_model = (sol["Positive electrode space-charge resistance [Ohm.m2]"](t)
                   + sol["Positive electrode buffer layer resistance [Ohm.m2]"](t))
        R, _ = direct_resistance(pv, np.ravel(U), T)
        np.testing.assert_allclose(np.ravel(R_model), R, rtol=1e-2, atol=1e-12)


def test_voltage_drop_at_start_equals_ohmic_with_quadrature_resistance():
    """At t = 0+ the surface stoichiometry is still uniform, so the space-charge model
    must start at the voltage of the ohmic-ASR model whose ASR is the quadrature's
    R_scl + d/sigma_b at the initial cathode potential (an independent number)."""
    pv = cell_parameters(CELL, **STRONG, **{"Buffer layer thickness [m]": 0.0})
    T = pv["Ambient temperature [K]"]
    c0 = pv["Initial concentration in positive electrode [mol.m-3]"]
    U0 = float(pv.evaluate(pv["Positive electrode OCP [V]"](
        pybamm.Scalar(c0 / pv["Maximum concentration in positive electrode [mol.m-3]"]))))
    R0, dphi0 = direct_resistance(pv, np.array([U0]), T)
    assert dphi0[0] > 0.5 and R0[0] > 1e-3  # a layer that matters
    sol = solve_discharge(model(SC), pv, 1.0, t_eval_points=200)
    pv_ohm = cell_parameters(CELL, **STRONG, **{"Buffer layer thickness [m]": 0.0,
                                                "Positive electrode interface ASR [Ohm.m2]":
                                                float(R0[0])})
    ref = solve_discharge(model({"interface resistance": ("none", "ohmic")}), pv_ohm, 1.0,
                          t_eval_points=200)
    bare = solve_discharge(model(), cell_parameters(CELL, **STRONG), 1.0, t_eval_points=200)
    t = 1e-3
    drop = bare["Voltage [V]"](t) - ref["Voltage [V]"](t)
    assert drop > 5e-3
    assert sol["Voltage [V]"](t) == pytest.approx(ref["Voltage [V]"](t), abs=0.01 * drop)


def test_buffer_layer_raises_voltage_of_a_strong_layer():
    """A LiNbO3 buffer takes its share of the step: with a strong layer the 1C voltage
    is higher with the buffer than without (its own d/sigma_b is smaller than the
    R_scl it removes)."""
    with_buf = solve_discharge(model(SC), cell_parameters(CELL, **STRONG), 1.0)
    without = solve_discharge(model(SC), cell_parameters(
        CELL, **STRONG, **{"Buffer layer thickness [m]": 0.0}), 1.0)
    assert with_buf["Voltage [V]"](10.0) > without["Voltage [V]"](10.0) + 5e-3


def test_space_charge_capacitance_in_impedance():
    """Linearised at rest (j = 0) the space-charge model's impedance equals that of a
    model with a constant ASR R_scl(U0) + R_buf and the double layer in series with
    C_scl(U0), both from the quadrature."""
    from ssb_models.physics.space_charge import EPSILON_0

    base = {**STRONG, "Buffer layer thickness [m]": 0.0}
    pv = cell_parameters(CELL, **base)
    T = pv["Ambient temperature [K]"]
    c0 = pv["Initial concentration in positive electrode [mol.m-3]"]
    U0 = float(pv.evaluate(pv["Positive electrode OCP [V]"](
        pybamm.Scalar(c0 / pv["Maximum concentration in positive electrode [mol.m-3]"]))))
    R0, dphi0 = direct_resistance(pv, np.array([U0]), T)
    C_scl = float(sc.layer_capacitance(dphi0, **layer_args(pv, T))[0])
    C_dl = pv["Positive electrode double-layer capacity [F.m-2]"]
    pv_ref = cell_parameters(CELL, **base, **{
        "Positive electrode interface ASR [Ohm.m2]": float(R0[0]),
        "Positive electrode double-layer capacity [F.m-2]": 1 / (1 / C_dl + 1 / C_scl)})
    assert C_scl < 10 * C_dl and EPSILON_0 > 0  # the series capacitance matters
    freqs = np.logspace(0, 5, 6)
    sf = {"surface form": "differential"}
    Z = pybamm.EISSimulation(model({**sf, **SC}), parameter_values=pv).solve(freqs).impedance
    Z_ref = pybamm.EISSimulation(model({**sf, "interface resistance": ("none", "ohmic")}),
                                 parameter_values=pv_ref).solve(freqs).impedance
    np.testing.assert_allclose(np.asarray(Z), np.asarray(Z_ref), rtol=1e-2)


def test_option_errors_before_solve():
    from ssb_models.errors import InputError

    with pytest.raises(InputError, match="lto-lgps-lco"):
        ssb_models.run_experiment("discharge", "li-llzo-lco", options=SC)
    with pytest.raises(InputError, match="single-ion"):
        ssb_models.run_experiment("discharge", "li-peo-lfp", options=SC)
    with pytest.raises(InputError, match="none,interphase"):
        ssb_models.run_experiment("discharge", "li-llzo-lco",
                                  options={"interface resistance": "interphase"})
