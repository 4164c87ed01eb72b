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
# a strong layer (used without a buffer): the whole step chi (U - U_pzc) from 3.55 V up,
# ~0.6 V at the start of a discharge (U0 = 4.15 V)
STRONG = {"Space-charge partition factor": 1.0,
          "Space-charge potential of zero charge [V]": 3.55}


def model(extra=None):
    from ssb_models.parameters import get_cell

    return ssb_models.SolidStateDFN({**get_cell(CELL).CELL.model_options, **(extra or {})})


# a moderate step with the default 10 nm LiNbO3 buffer: chi (U - U_pzc) up to ~0.35 V,
# all of it in the buffer (whose depleted layer then adds ~0.2 Ohm m2)
MODERATE = {"Space-charge partition factor": 1.0,
            "Space-charge potential of zero charge [V]": 3.85}


def layer_args(pv, T):
    return dict(relative_permittivity=pv["Solid electrolyte relative permittivity"],
                site_density=pv["Solid electrolyte Li site density [mol.m-3]"],
                theta0=pv["Initial concentration in electrolyte [mol.m-3]"]
                / pv["Solid electrolyte Li site density [mol.m-3]"], temperature=T)


def phases(pv):
    """SE and buffer dicts for buffer_layer_step, from the parameter values."""
    se = dict(relative_permittivity=pv["Solid electrolyte relative permittivity"],
              site_density=pv["Solid electrolyte Li site density [mol.m-3]"],
              bulk_concentration=pv["Initial concentration in electrolyte [mol.m-3]"])
    buffer = sc.buffer_phase(pv["Buffer layer thickness [m]"],
                             pv["Buffer layer relative permittivity"],
                             pv["Buffer layer Li site density [mol.m-3]"],
                             pv["Buffer layer Li concentration [mol.m-3]"],
                             pv["Buffer layer mobile Li fraction [-]"])
    return se, buffer


def sigma_se(pv, T):
    return float(pv.evaluate(pv["Solid electrolyte conductivity [S.m-1]"](pybamm.Scalar(T))))


def sigma_buffer(pv, T):
    return arrhenius(pv["Buffer layer ionic conductivity at reference temperature [S.m-1]"],
                     pv["Buffer layer activation energy [J.mol-1]"], T,
                     pv["Reference temperature [K]"])


def direct(pv, U, T):
    """The two-layer quadrature (buffer_layer_step, tested against its solve_bvp grid
    reference) at cathode potentials U [V]: its result (SE and buffer resistances,
    total R = SE excess + (d + buffer excess) / sigma_b, capacitance) and the steps."""
    dphi = pv["Space-charge partition factor"] * np.maximum(
        np.asarray(U, dtype=float) - pv["Space-charge potential of zero charge [V]"], 0)
    se, buffer = phases(pv)
    out = sc.buffer_layer_step(dphi, T, se, buffer, sigma_se(pv, T), sigma_buffer(pv, T))
    return out, dphi


def direct_resistance(pv, U, T):
    out, dphi = direct(pv, U, T)
    return out["resistance_Ohm_m2"], dphi


def tabulated(pv, name, dphi, T):
    f = pv[name]
    return np.array([np.ravel(pv.evaluate(f(pybamm.Scalar(x), pybamm.Scalar(T))))[0]
                     for x in np.atleast_1d(dphi)])


@pytest.mark.parametrize("T", [298.15, 318.15])  # on and between table nodes
def test_tables_match_direct_quadrature(T):
    """No buffer: the tables (quadrature at one temperature carried by the exact scaling,
    then interpolated) reproduce direct quadrature within 1 % where R matters."""
    pv = cell_parameters(CELL, **STRONG, **{"Buffer layer thickness [m]": 0.0})
    dphi = np.linspace(0.1, 1.0, 10)
    R = sc.layer_resistance(dphi, bulk_conductivity=sigma_se(pv, T), **layer_args(pv, T))
    model_R = tabulated(pv, "Space-charge excess length [m]", dphi, T) / sigma_se(pv, T)
    np.testing.assert_allclose(model_R, R, rtol=1e-2)
    assert np.all(tabulated(pv, "Buffer layer excess length [m]", dphi, T) == 0)
    C = tabulated(pv, "Space-charge capacitance [F.m-2]", dphi, T)
    np.testing.assert_allclose(C, sc.layer_capacitance(dphi, **layer_args(pv, T)), rtol=1e-2)


# between the tables' temperature nodes (253.15, 273.15 | 298.15, 323.15 | 373.15, 403.15)
# and between their step nodes (0.002, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8,
# 1.0, 1.25, 1.5 V)
BETWEEN_T = (263.15, 310.65, 388.15)
BETWEEN_STEPS = np.array([0.0125, 0.075, 0.175, 0.375, 0.7, 1.125, 1.4])


@pytest.mark.parametrize("over", [{}, {"Buffer layer mobile Li fraction [-]": 1e-3}],
                         ids=["shipped-buffer", "li-poor-buffer"])
def test_buffer_tables_match_direct_quadrature_between_nodes(over):
    """With the Li-conducting buffer (no exact temperature scaling: solved at each table
    temperature and splined in the step), R = l_SE/sigma_SE + (d + l_b)/sigma_b and C
    from the tables agree with buffer_layer_step within 1 % between the nodes; so do
    l_b and, where the SE takes part of the step (mobile fraction 1e-3: the buffer
    empties), l_SE. Observed: below 0.4 %."""
    pv = cell_parameters(CELL, **over)
    se, buffer = phases(pv)
    d = buffer["thickness"]
    for T in BETWEEN_T:
        ref = sc.buffer_layer_step(BETWEEN_STEPS, T, se, buffer, 1.0, 1.0)
        l_se = tabulated(pv, "Space-charge excess length [m]", BETWEEN_STEPS, T)
        l_b = tabulated(pv, "Buffer layer excess length [m]", BETWEEN_STEPS, T)
        C = tabulated(pv, "Space-charge capacitance [F.m-2]", BETWEEN_STEPS, T)
        s_se, s_b = sigma_se(pv, T), sigma_buffer(pv, T)
        R = l_se / s_se + (d + l_b) / s_b
        R_ref = ref["se_resistance_Ohm_m2"] / s_se + ref["buffer_resistance_Ohm_m2"] / s_b
        np.testing.assert_allclose(R, R_ref, rtol=1e-2, err_msg=f"R at {T} K")
        np.testing.assert_allclose(C, ref["capacitance_F_m2"], rtol=1e-2, err_msg=f"C {T} K")
        np.testing.assert_allclose(l_b, ref["buffer_resistance_Ohm_m2"] - d, rtol=1e-2)
        if over:
            assert np.all(ref["junction_potential_V"][-3:] / BETWEEN_STEPS[-3:] > 1e-3)
            np.testing.assert_allclose(l_se, ref["se_resistance_Ohm_m2"], rtol=1e-2)


@pytest.mark.parametrize("buffer,step", [(0.0, STRONG), (1e-8, MODERATE)],
                         ids=["no-buffer-strong", "10nm-moderate"])
def test_model_resistance_follows_cathode_surface_potential(buffer, step):
    """During a 1C discharge the model's R_scl + R_buffer at every cathode node equals
    the quadrature at that node's OCP U(c_surf), within 1 %; with the buffer, the SE's
    part is nil (below 1e-30 of the bare SE layer's at the same step: the buffer has
    removed the depletion) and the buffer's own layer carries it."""
    pv = cell_parameters(CELL, **step, **{"Buffer layer thickness [m]": buffer})
    sol = solve_discharge(model(SC), pv, 1.0)
    T = pv["Ambient temperature [K]"]
    for t in np.linspace(0, 0.9 * sol.t[-1], 5):
        U = np.ravel(sol["Positive electrode open-circuit potential [V]"](t))
        R_model = (sol["Positive electrode space-charge resistance [Ohm.m2]"](t)
                   + sol["Positive electrode buffer layer resistance [Ohm.m2]"](t))
        ref, dphi = direct(pv, U, T)
        np.testing.assert_allclose(np.ravel(R_model), ref["resistance_Ohm_m2"], rtol=1e-2,
                                   atol=1e-12)
        r_se = np.ravel(sol["Positive electrode SE space-charge resistance [Ohm.m2]"](t))
        r_b = np.ravel(sol["Positive electrode buffer space-charge resistance [Ohm.m2]"](t))
        if buffer:
            bare = sc.layer_resistance(dphi, bulk_conductivity=sigma_se(pv, T),
                                       **layer_args(pv, T))
            assert np.all(r_se <= 1e-30 * bare)
            # the buffer's excess over its bulk d / sigma_b
            np.testing.assert_allclose(
                r_b, ref["buffer_resistance_Ohm_m2"] - buffer / sigma_buffer(pv, T),
                rtol=1e-2)
        else:
            assert np.all(r_b == 0)


@pytest.mark.parametrize("buffer,step", [(0.0, STRONG), (1e-8, MODERATE)],
                         ids=["no-buffer-strong", "10nm-moderate"])
def test_voltage_drop_at_start_equals_ohmic_with_quadrature_resistance(buffer, step):
    """At t = 0+ the surface stoichiometry is still uniform, so the space-charge model
    must start at the voltage of the ohmic-ASR model whose ASR is the quadrature's
    R_SE + R_buffer at the initial cathode potential (an independent number)."""
    pv = cell_parameters(CELL, **step, **{"Buffer layer thickness [m]": buffer})
    T = pv["Ambient temperature [K]"]
    c0 = pv["Initial concentration in positive electrode [mol.m-3]"]
    U0 = float(pv.evaluate(pv["Positive electrode OCP [V]"](
        pybamm.Scalar(c0 / pv["Maximum concentration in positive electrode [mol.m-3]"]))))
    R0, dphi0 = direct_resistance(pv, np.array([U0]), T)
    assert dphi0[0] > 0.2 and R0[0] > 1e-3  # a layer that matters
    pv_ohm = cell_parameters(CELL, **step, **{"Buffer layer thickness [m]": buffer,
                                              "Positive electrode interface ASR [Ohm.m2]":
                                              float(R0[0])})
    v_sc = start_voltage(model(SC), pv)
    v_ref = start_voltage(model({"interface resistance": ("none", "ohmic")}), pv_ohm)
    drop = start_voltage(model(), pv) - v_ref
    assert drop > 5e-3
    assert v_sc == pytest.approx(v_ref, abs=0.01 * drop)


def start_voltage(m, pv, t=1e-3):
    """Voltage [V] at time t [s] of a 1C discharge (solved to t only)."""
    pv = pv.copy()
    pv["Current function [A]"] = pv["Nominal cell capacity [A.h]"]
    sim = pybamm.Simulation(m, parameter_values=pv,
                            solver=pybamm.IDAKLUSolver(rtol=1e-6, atol=1e-6))
    return float(sim.solve([0, t])["Voltage [V]"](t))


def test_cell_model_warns_once_per_build_when_the_layer_is_sub_lattice():
    """Building the model with the shipped values warns once (the buffer's layer is
    0.09-0.34 nm wide up to 0.8 V at 25 C, below LiNbO3's 0.375 nm spacing); a layer
    wider than the lattice spacing (no buffer, eps_r 1e4: lambda = 1.2 nm) does not."""
    import warnings

    from ssb_models.scl import SubLatticeLayerWarning

    def build(pv):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pybamm.Simulation(model(SC), parameter_values=pv).build()
        return [w for w in caught if issubclass(w.category, SubLatticeLayerWarning)]

    shipped = build(cell_parameters(CELL))
    assert len(shipped) == 1
    assert "buffer layer" in str(shipped[0].message) and "SE layer" not in str(
        shipped[0].message)
    wide = cell_parameters(CELL, **{"Buffer layer thickness [m]": 0.0,
                                    "Solid electrolyte relative permittivity": 1e4})
    assert build(wide) == []


@pytest.mark.parametrize("buffer,step", [(0.0, STRONG), (1e-8, MODERATE)],
                         ids=["no-buffer-strong", "10nm-moderate"])
def test_space_charge_capacitance_in_impedance(buffer, step):
    """Linearised at rest (j = 0) the space-charge model's impedance equals that of a
    model with a constant ASR R(U0) and the double layer in series with C(U0), both
    from the quadrature (without a buffer the SE layer's closed-form capacitance, with
    it the two-layer dQ/d(step))."""
    base = {**step, "Buffer layer thickness [m]": buffer}
    pv = cell_parameters(CELL, **base)
    T = pv["Ambient temperature [K]"]
    c0 = pv["Initial concentration in positive electrode [mol.m-3]"]
    U0 = float(pv.evaluate(pv["Positive electrode OCP [V]"](
        pybamm.Scalar(c0 / pv["Maximum concentration in positive electrode [mol.m-3]"]))))
    ref0, dphi0 = direct(pv, np.array([U0]), T)
    if buffer:
        C_scl = float(ref0["capacitance_F_m2"][0])
    else:
        C_scl = float(sc.layer_capacitance(dphi0, **layer_args(pv, T))[0])
    C_dl = pv["Positive electrode double-layer capacity [F.m-2]"]
    pv_ref = cell_parameters(CELL, **base, **{
        "Positive electrode interface ASR [Ohm.m2]": float(ref0["resistance_Ohm_m2"][0]),
        "Positive electrode double-layer capacity [F.m-2]": 1 / (1 / C_dl + 1 / C_scl)})
    assert C_scl < 10 * C_dl  # the series capacitance matters
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
