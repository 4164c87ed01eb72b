"""Predefined multi-discharge experiments against independent runs and analytic values."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pybamm
import pytest

import ssb_models
from ssb_models.experiments import load_experiment, parse_experiment
from ssb_helpers import cell_parameters

CELL = "li-llzo-lco"


def spec(kind, **kw):
    return parse_experiment({"name": kind, "description": "test", "type": kind, **kw}, "test")


def test_rate_capability_equals_single_runs_and_is_non_increasing():
    """The built-once rate capability (rate as an input) must give the capacities of
    separate 'discharge' runs (PyBaMM Experiment, separately built) at each rate, and
    they must not increase with the rate."""
    rates = [0.2, 1.0, 5.0, 10.0]
    res = ssb_models.run_experiment(spec("rate-capability", c_rates=rates), CELL)
    rows = res.summary["rates"]
    assert [r["c_rate"] for r in rows] == rates
    caps = [r["capacity_mAh_g"] for r in rows]
    assert all(a >= b for a, b in zip(caps, caps[1:]))
    assert caps[-1] < caps[0]
    for r in rows:
        single = ssb_models.run_experiment("discharge", CELL, c_rate=r["c_rate"]).summary
        assert r["capacity_mAh_g"] == pytest.approx(single["capacity_mAh_g"], rel=1e-4)
        assert r["mean_voltage_V"] == pytest.approx(single["mean_voltage_V"], rel=1e-4)
        assert r["retention"] == pytest.approx(r["capacity_mAh_g"] / caps[0])


def test_rate_capability_cccv_start_matches_reset():
    """After a CC-CV charge held to C/50 the cathode is nearly uniform again, so the
    discharge capacity must be within 1 % of the reset start; the charge passed during
    the CC-CV charge closes the window."""
    rates = [0.5, 2.0]
    reset = ssb_models.run_experiment(spec("rate-capability", c_rates=rates), CELL)
    cccv = ssb_models.run_experiment(spec("rate-capability", c_rates=rates, start="cccv",
                                          cv_cutoff_c_rate=0.02), CELL)
    for a, b in zip(reset.summary["rates"], cccv.summary["rates"]):
        assert b["capacity_mAh_g"] == pytest.approx(a["capacity_mAh_g"], rel=0.01)


def test_temperature_ladder_matches_runs_at_each_temperature():
    res = ssb_models.run_experiment(spec("temperature-ladder", c_rates=[1.0, 5.0],
                                         temperatures_C=[0.0, 60.0]), CELL)
    rows = res.summary["rates"]
    assert len(rows) == 4
    for r in rows:
        single = ssb_models.run_experiment("discharge", CELL, c_rate=r["c_rate"],
                                           temperature_C=r["temperature_C"]).summary
        assert r["capacity_mAh_g"] == pytest.approx(single["capacity_mAh_g"], rel=1e-4)
    v = {(r["temperature_C"], r["c_rate"]): r["mean_voltage_V"] for r in rows}
    assert v[(60.0, 5.0)] > v[(0.0, 5.0)] + 0.01  # Arrhenius transport and kinetics


def test_gitt_relaxed_voltage_is_the_ocp_and_d_estimate():
    """The predefined GITT (design "auto": pulses of 0.002 r^2/D, rests of r^2/D): the
    relaxed voltage after each pulse is the cathode OCP at the stoichiometry set by the
    charge passed (Li-metal counter electrode at 0 V), to 1 mV, and the
    Weppner-Huggins estimate recovers the model's own D within 30 % in mid-range."""
    res = ssb_models.run_experiment("gitt", CELL)
    s = res.summary
    D = s["model_D_m2_s"]
    pv = cell_parameters(CELL)
    r = pv["Positive particle radius [m]"]
    assert D == pytest.approx(pv["Positive particle reference diffusivity [m2.s-1]"])
    assert s["pulse_s"] == pytest.approx(0.002 * r**2 / D) and s["rest_s"] == pytest.approx(r**2 / D)
    g = res.to_dataframe("gitt")
    assert len(g) > 150
    c_max = pv["Maximum concentration in positive electrode [mol.m-3]"]
    x100 = pv["Initial concentration in positive electrode [mol.m-3]"] / c_max
    vol = (pv["Positive electrode active material volume fraction"]
           * pv["Positive electrode thickness [m]"] * pv["Electrode height [m]"]
           * pv["Electrode width [m]"])
    mass_g = s["active_material_mass_mg"] / 1e3
    Q_C = g["capacity_mAh_g"].to_numpy() * mass_g * 3.6  # mAh -> C
    x = x100 + Q_C / (96485.33212 * c_max * vol)
    U = np.array([float(pv.evaluate(pv["Positive electrode OCP [V]"](pybamm.Scalar(xi))))
                  for xi in x[::10]])
    np.testing.assert_allclose(g["ocv_after_V"].to_numpy()[::10], U, atol=1e-3)
    mid = g[(g["capacity_mAh_g"] > 20) & (g["capacity_mAh_g"] < 100) & g["D_gitt_valid"]]
    assert len(mid) > 50
    assert 0.7 * D < np.median(mid["D_gitt_m2_s"]) < 1.3 * D


@pytest.mark.parametrize("cell", ["lto-lgps-lco", "li-peo-lfp"])
def test_gitt_auto_design_gives_valid_estimates_for_every_cell(cell):
    """Every cell's predefined GITT has pulses well below r^2/D and valid estimates
    (LFP's flat two-phase OCP leaves them only at the ends of the window)."""
    s = ssb_models.run_experiment("gitt", cell).summary
    assert s["pulse_s"] <= 0.05 * s["diffusion_time_s"]  # Weppner-Huggins: << r^2/D
    assert s["valid_estimates"] >= 20


def test_pulse_resistance_follows_separator_resistance():
    """Pulse resistances are series sums: a thicker separator adds exactly dL/sigma to
    both the instantaneous and the end-of-pulse resistance at every SOC."""
    sp = spec("pulse", socs=[0.8, 0.4], relax_s=600.0)
    L = "Separator thickness [m]"
    pv = cell_parameters(CELL)
    a = ssb_models.run_experiment(sp, CELL).to_dataframe("pulse_resistance")
    b = ssb_models.run_experiment(sp, CELL, overrides={L: 2 * pv[L]}).to_dataframe(
        "pulse_resistance")
    sigma = float(pv.evaluate(pv["Solid electrolyte conductivity [S.m-1]"](
        pybamm.Scalar(pv["Ambient temperature [K]"]))))
    expected = pv[L] / sigma * 1e4  # Ohm cm2
    for col in ("discharge_R0_Ohm_cm2", "discharge_R_end_Ohm_cm2", "charge_R0_Ohm_cm2",
                "charge_R_end_Ohm_cm2"):
        np.testing.assert_allclose(b[col] - a[col], expected, rtol=0.01)


def test_predefined_experiments_load():
    for name in ("discharge", "eis", "rate-capability", "temperature-ladder", "gitt", "pulse"):
        assert load_experiment(name).name == name
    assert "se_conductivity_sweep" not in ssb_models.experiments.predefined()


SSB = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")


def test_rate_capability_cli(tmp_path):
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    r = subprocess.run([SSB, "run", "rate-capability", "--cell", CELL, "--json", "--out",
                        str(tmp_path / "rc")], capture_output=True, text=True, env=env,
                       timeout=600, check=False)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [x["c_rate"] for x in out["rates"]] == [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]
    for row in out["rates"]:
        assert {"c_rate", "capacity_mAh_g", "capacity_mAh_cm2", "mean_voltage_V",
                "energy_mWh_cm2"} <= set(row)
    for f in ("rate_capability.csv", "curves.csv", "voltage_curves.png", "retention.png",
              "ragone.png", "summary.json"):
        assert (tmp_path / "rc" / f).stat().st_size > 100


def test_a_run_that_ends_at_the_first_instant_reports_zero_and_writes_files(tmp_path):
    """PEO at 0 C and 2C is below its cut-off as soon as the current flows: 0 mAh with
    the reason, and the files are written (no traceback)."""
    r = ssb_models.run_experiment("discharge", cell="li-peo-lfp", c_rate=2.0,
                                  temperature_C=0.0, out_dir=tmp_path)
    assert r.summary["capacity_mAh_g"] == 0.0
    assert "t = 0" in r.summary["termination"] or "first instant" in r.summary["termination"]
    assert (tmp_path / "summary.json").exists() and (tmp_path / "timeseries.csv").exists()


def _toml(tmp_path, name, body):
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\ndescription = "test"\n' + body)
    return str(path)


def test_charge_only_run_reports_a_positive_charge_capacity(tmp_path):
    """From 0 % SOC, 'Charge at 0.2C until 4.05 V': the charge capacity is the constant
    current times the charging time (independent of the integration), positive, below
    the OCP window from 3.0 V to 4.05 V, and no discharge is reported."""
    import pybamm
    from scipy.optimize import brentq

    path = _toml(tmp_path, "charge", 'initial_soc = 0.0\nsteps = ["Charge at 0.2C until 4.05 V"]\n')
    r = ssb_models.run_experiment(path, cell=CELL)
    s, ts = r.summary, r.timeseries
    assert s["capacity_mAh_g"] == 0.0 and s["mean_voltage_V"] is None
    I = -ts["current_A"][0]
    assert I > 0 and np.allclose(ts["current_A"], -I)
    q = I * (ts["time_s"][-1] - ts["time_s"][0]) / 3.6 / (s["active_material_mass_mg"] / 1e3)
    assert s["charge_capacity_mAh_g"] == pytest.approx(q, rel=1e-6)
    pv = ssb_models.parameter_values(CELL)
    U = pv["Positive electrode OCP [V]"]
    x = [brentq(lambda z: float(U(pybamm.Scalar(z)).evaluate()) - v, 0.3, 0.9999)
         for v in (3.0, 4.05)]
    window = (x[0] - x[1]) * 274.0  # mAh/g of LiCoO2 per unit x (F/3.6/M = 273.8)
    assert 0.8 * window < s["charge_capacity_mAh_g"] < window
    assert s["mean_charge_voltage_V"] > 3.8


def test_discharge_then_cccv_returns_the_charge(tmp_path):
    """Discharge to the lower cut-off, then CC-CV back to the upper cut-off until C/50:
    the cell returns to (nearly) its start, so the charge equals the discharge within
    1 % (lithium is conserved; nothing degrades in this model)."""
    path = _toml(tmp_path, "dc", 'steps = ["Discharge at 2C until {v_min} V", '
                 '"Rest for 10 minutes", "Charge at 1C until {v_max} V", '
                 '"Hold at {v_max} V until C/50"]\n')
    r = ssb_models.run_experiment(path, cell=CELL, out_dir=tmp_path / "o")
    (c,) = r.summary["cycles"]
    assert c["charge_capacity_mAh_g"] == pytest.approx(c["discharge_capacity_mAh_g"], rel=0.01)
    assert 0.99 < c["coulombic_efficiency"] < 1.01
    assert c["mean_charge_voltage_V"] > c["mean_discharge_voltage_V"]
    assert 0.5 < c["energy_efficiency"] < 1.0
    assert set(np.unique(r.timeseries["step"])) == {1, 2, 3, 4}
    header = (tmp_path / "o" / "timeseries.csv").read_text().splitlines()[0]
    assert header.split(",")[-2:] == ["cycle", "step"]
    assert (tmp_path / "o" / "cycles.csv").exists()


def test_cycling_experiment_per_cycle_table(tmp_path):
    """The predefined cycling experiment (3 cycles here): one row per cycle; with no
    degradation the cycles after the first repeat each other; the API's DataFrame."""
    from ssb_models.experiments import load_experiment, parse_experiment

    base = load_experiment("cycling")
    assert base.cycles == 20 and base.type == "cycling"
    spec = parse_experiment({"name": "c3", "description": "3 cycles", "c_rate": 2.0,
                             "cycles": 3, "steps": list(base.steps)}, "test")
    r = ssb_models.run_experiment(spec, cell=CELL, out_dir=tmp_path)
    rows = r.summary["cycles"]
    assert [x["cycle"] for x in rows] == [1, 2, 3]
    assert rows[2]["discharge_capacity_mAh_g"] == pytest.approx(
        rows[1]["discharge_capacity_mAh_g"], rel=1e-3)
    assert rows[0]["capacity_retention"] == 1.0
    df = r.to_dataframe("cycles")
    assert list(df["cycle"]) == [1, 2, 3] and "coulombic_efficiency" in df
    assert (tmp_path / "retention.png").exists()
