"""Li|SE contact as a state (option "lithium contact": "voids";
docs/lithium_contact.md): the analytic void-onset threshold, the static limit,
lithium conservation, the finite Li foil, the critical-current experiment and its
trends, and the input checks."""

import math
import subprocess
import sys

import numpy as np
import pybamm
import pytest

import ssb_models
from ssb_models.experiments import prepare
from ssb_models.models.options import build_model
from ssb_models.experiments import load_experiment
from ssb_models.physics.contact import onset_current

CELL = "li-llzo-lco"
VOIDS = {"lithium contact": "voids"}
F = 96485.33212


def _onset(pv, p=None, T=None):
    names = ("Lithium vacancy-diffusion supply current density [A.m-2]",
             "Lithium self-diffusion activation energy [J.mol-1]",
             "Lithium creep supply current density [A.m-2]",
             "Lithium creep reference stack pressure [Pa]",
             "Lithium creep supply pressure exponent",
             "Lithium creep activation energy [J.mol-1]",
             "Lithium contact reference temperature [K]")
    return onset_current(p or pv["Stack pressure [Pa]"], T or pv["Ambient temperature [K]"],
                         *[pv[n] for n in names])


def _strip(i_Am2, t_end, overrides=None, options=VOIDS, rtol=1e-8, limit=None):
    """Constant stripping current density i [A/m2] from SOC 0.5 for t_end [s];
    ``limit``: values set after the input checks (a numerical limit beyond the
    physical range a user may give, e.g. a void depth of 1e6 m)."""
    p = prepare(CELL, "discharge", None, None, overrides, options)
    module, pv = p.cell, p.parameter_values
    pv.update(dict(limit or {}))
    from ssb_models.parameters.derived import update_derived

    update_derived(pv, initial_soc=0.5, options=module.CELL.model_options)
    area = pv["Electrode height [m]"] * pv["Electrode width [m]"]
    pv["Current function [A]"] = i_Am2 * area
    pv["Lower voltage cut-off [V]"] = 2.0
    sim = pybamm.Simulation(build_model(module, options), parameter_values=pv,
                            solver=pybamm.IDAKLUSolver(rtol=rtol, atol=1e-10))
    return sim.solve([0, t_end], t_interp=np.linspace(0, t_end, 401)), pv


def test_voids_start_where_stripping_exceeds_supply():
    """Below the analytic onset i* = i_sup(f = 1) the contact stays full; 2 % above it
    the contact falls at the analytic rate (V_m / (F h_v)) (i - i*) (within 2 %)."""
    pv0 = ssb_models.parameter_values(CELL)
    i_star = _onset(pv0)
    below, _ = _strip(0.98 * i_star, 600.0)
    assert below["Lithium metal interface utilisation"].entries.min() > 1 - 1e-9
    above, pv = _strip(1.02 * i_star, 60.0)
    f = above["Lithium metal interface utilisation"].entries
    t = above.t
    assert f[-1] < 1.0
    k = pv["Lithium metal partial molar volume [m3.mol-1]"] / (F * pv["Lithium void depth [m]"])
    slope = (f[10] - f[0]) / (t[10] - t[0])
    assert slope == pytest.approx(-k * 0.02 * i_star, rel=0.02)


def test_no_void_growth_reproduces_the_static_model():
    """With the void rate suppressed (void depth 1e6 m) the option gives the static
    model's voltage within 1e-6 V at a current 10x the onset."""
    i = 10 * _onset(ssb_models.parameter_values(CELL))
    voids, _ = _strip(i, 300.0, limit={"Lithium void depth [m]": 1e6})
    static, _ = _strip(i, 300.0, limit={"Lithium void depth [m]": 1e6}, options={})
    dv = np.abs(voids["Voltage [V]"].entries - static["Voltage [V]"].entries)
    assert dv.max() < 1e-6


def test_lithium_is_conserved_and_the_foil_runs_out():
    """Li in the foil (thickness state / V_m) plus Li in the cathode is constant within
    1e-6 relative while the contact evolves; a 1 um foil (0.21 mAh/cm2) ends the
    discharge with 'Li metal used up' after its own capacity (1 %)."""
    L0 = 1e-6
    sol, pv = _strip(0.5 * _onset(ssb_models.parameter_values(CELL)), 4 * 3600.0,
                     {"Negative electrode thickness [m]": L0}, rtol=1e-6)
    area = pv["Electrode height [m]"] * pv["Electrode width [m]"]
    Vm = pv["Lithium metal partial molar volume [m3.mol-1]"]
    n_foil = sol["Lithium metal thickness [m]"].entries * area / Vm
    n_cathode = sol["Total lithium in positive electrode [mol]"].entries
    total = n_foil + n_cathode
    assert np.max(np.abs(total - total[0])) / total[0] < 1e-6
    assert "Li metal used up" in str(sol.termination)
    Q = sol["Discharge capacity [A.h]"].entries[-1]
    assert Q == pytest.approx(L0 * area / Vm * F / 3600, rel=0.01)


def _small_spec(**changes):
    spec = load_experiment("critical-current")
    spec.settings.update({"start_mA_cm2": 0.2, "step_mA_cm2": 0.2, "max_mA_cm2": 3.0,
                          **changes})
    return spec


@pytest.fixture(scope="module")
def ccd():
    spec = _small_spec(stack_pressures_MPa=[1.0, 4.0], temperatures_C=[25.0])
    hot = _small_spec(stack_pressures_MPa=[1.0], temperatures_C=[60.0])
    return ssb_models.run_experiment(spec, CELL), ssb_models.run_experiment(hot, CELL)


def test_critical_current_rises_with_pressure_and_temperature(ccd):
    cold, hot = ccd
    rows = cold.summary["critical_current"]
    assert [r["contact_lost"] for r in rows] == [True, True]
    low, high = rows
    assert high["critical_current_mA_cm2"] > low["critical_current_mA_cm2"]
    assert high["onset_mA_cm2"] > low["onset_mA_cm2"]
    warm = hot.summary["critical_current"][0]
    assert (warm["critical_current_mA_cm2"] or np.inf) > low["critical_current_mA_cm2"]
    # the staircase's critical current lies at or above the analytic onset
    for r in rows:
        assert r["critical_current_mA_cm2"] >= r["onset_mA_cm2"]


def test_contact_fraction_stays_in_bounds(ccd):
    cold, _ = ccd
    f = cold.tables["curves"]["contact_fraction"]
    f_min = ssb_models.parameter_values(CELL)["Minimum lithium contact fraction"]
    assert f.max() <= 1.0 and f.min() >= f_min - 1e-6


def _ssb(*args):
    return subprocess.run([sys.executable, "-P", "-m", "ssb_models.cli", *args],
                          capture_output=True, text=True, timeout=600)


def test_cells_without_contact_parameters_are_refused():
    p = _ssb("run", "critical-current", "--cell", "li-peo-lfp")
    assert p.returncode == 2, p.stderr
    assert "li-llzo-lco" in p.stderr and "Traceback" not in p.stderr
    p = _ssb("run", "discharge", "--cell", "lto-lgps-lco", "--option", "lithium contact=voids")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_critical_current_rejects_bad_settings(tmp_path):
    toml = tmp_path / "ccd.toml"
    toml.write_text('name = "x"\ndescription = "x"\ntype = "critical-current"\n'
                    'stack_pressures_MPa = [-1.0]\n')
    p = _ssb("run", str(toml), "--cell", CELL)
    assert p.returncode == 2 and "stack_pressures_MPa" in p.stderr
    p = _ssb("run", "critical-current", "--cell", CELL, "--c-rate", "1")
    assert p.returncode == 2 and "staircase" in p.stderr


def test_critical_level_takes_the_first_criterion_reached():
    from ssb_models.experiments.critical_current import critical_level

    levels = [0.1, 0.2, 0.3, 0.4]
    # polarisation crosses 500 mV at level 2, the contact is lost in level 3
    r = critical_level(levels, [10, 100, 600, 900], True, 500)
    assert (r["critical_current_mA_cm2"], r["criterion"]) == (0.3, "polarisation")
    assert r["contact_lost_mA_cm2"] == 0.4 and r["last_passed_mA_cm2"] == 0.2
    assert r["max_polarisation_mV"] == 600
    # the contact is lost before the polarisation limit
    r = critical_level(levels, [10, 20, 30, 40], True, 500)
    assert (r["critical_current_mA_cm2"], r["criterion"]) == (0.4, "contact lost")
    # neither: no critical current, the last level passed
    r = critical_level(levels[:2], [10, 20], False, 500)
    assert r["critical_current_mA_cm2"] is None and r["last_passed_mA_cm2"] == 0.2


ASR0 = "Lithium metal interface ASR at reference pressure [Ohm.m2]"


def test_polarisation_at_full_contact_is_the_interface_law(ccd_asr):
    """Below the onset (f = 1) the stripping polarisation of the first level is the Li
    interface's own law, i R_a(p) + (2RT/F) asinh(i / (2 i0)), computed here by hand."""
    from ssb_models.physics.constants import FARADAY, GAS_CONSTANT

    r = ccd_asr.summary["critical_current"][0]
    pv = ssb_models.parameter_values(CELL)
    i = 0.05 * 10.0  # first level, 0.05 mA/cm2 in A/m2, below the 0.2 mA/cm2 onset
    p, p0 = 2e6, pv["Reference stack pressure [Pa]"]
    R_a = 0.0299 * (p / p0) ** -pv["Lithium metal interface ASR pressure exponent"]
    i0 = pv["Lithium metal reference exchange-current density [A.m-2]"]
    T = pv["Ambient temperature [K]"]
    eta = i * R_a + 2 * GAS_CONSTANT * T / FARADAY * math.asinh(i / (2 * i0))
    assert r["polarisation_by_level_mV"][0] == pytest.approx(eta * 1e3, rel=1e-2)


@pytest.fixture(scope="module")
def ccd_asr():
    """The 2 MPa staircase with the bare Li|LLZO contact's ASR (docs/interfaces.md)."""
    spec = _small_spec(stack_pressures_MPa=[2.0], start_mA_cm2=0.05, step_mA_cm2=0.05,
                       max_mA_cm2=1.0)
    return ssb_models.run_experiment(spec, CELL, overrides={ASR0: 0.0299},
                                     options={"interface resistance": "ohmic"})


def test_critical_current_falls_with_interface_resistance_and_capacity_per_step(ccd_asr):
    """Published trends (Flatscher et al. 2020: the critical current falls as the
    interface ASR rises; Commun. Chem. 2023: it falls with the capacity per step)."""
    base = _small_spec(stack_pressures_MPa=[2.0], start_mA_cm2=0.05, step_mA_cm2=0.05,
                       max_mA_cm2=1.0)
    good = ssb_models.run_experiment(base, CELL, options={"interface resistance": "ohmic"})
    g = good.summary["critical_current"][0]
    b = ccd_asr.summary["critical_current"][0]
    assert b["criterion"] == "polarisation" and g["criterion"] == "contact lost"
    assert b["critical_current_mA_cm2"] < g["critical_current_mA_cm2"]
    deep = _small_spec(stack_pressures_MPa=[2.0], start_mA_cm2=0.05, step_mA_cm2=0.05,
                       max_mA_cm2=1.0, areal_capacity_mAh_cm2=0.3)
    d = ssb_models.run_experiment(deep, CELL).summary["critical_current"][0]
    assert d["critical_current_mA_cm2"] < g["critical_current_mA_cm2"]


def test_critical_current_converged_in_mesh_and_tolerance():
    """The fine mesh preset (docs/performance.md) gives the same staircase level."""
    spec = _small_spec(stack_pressures_MPa=[1.0])
    default = ssb_models.run_experiment(spec, CELL).summary["critical_current"][0]
    fine = ssb_models.run_experiment(spec, CELL, options={"mesh": "fine"})
    fine = fine.summary["critical_current"][0]
    assert fine["critical_current_mA_cm2"] == default["critical_current_mA_cm2"]
    assert fine["min_contact_fraction"] == pytest.approx(default["min_contact_fraction"],
                                                         abs=0.01)


def test_the_run_says_which_inputs_are_assumed(ccd):
    """A headline result from assumed coefficients says so (the cell file's sources)."""
    cold, _ = ccd
    assumed = cold.summary["assumed"]
    from ssb_models.parameters import get_cell

    expected = [e.name for e in get_cell(CELL).ENTRIES
                if e.name in ("Lithium creep supply current density [A.m-2]",
                              "Lithium void depth [m]")]
    assert set(expected) <= set(assumed) and len(expected) == 2
    assert "Stack pressure [Pa]" not in assumed
    assert any("assumed inputs" in line for line in
               ssb_models.experiments.registry.get("critical-current").report(cold))
