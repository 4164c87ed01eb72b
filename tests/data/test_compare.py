"""Comparison with published data and parameter fitting."""

import math
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import ssb_models
from ssb_models.data.compare import compare, curve_metrics, point_errors
from ssb_models.data.datasets import load_dataset, load_file, shipped
from ssb_models.errors import InputError
from ssb_models.data.fit import fit

SIGMA = "Solid electrolyte conductivity at reference temperature [S.m-1]"
DIFF = "Positive particle reference diffusivity [m2.s-1]"
HEADER = ('# id = "syn"\n# kind = "curve"\n# citation = "synthetic"\n'
          '# family = "li-llzo-lco"\n# temperature_C = 25\n# rate = 2.0\n')


# ------------------------------------------------------------------ metrics
def test_curve_metrics_by_hand():
    """Reference V = 4 - q/100; simulation 10 mV lower on [0, 50] and 30 mV lower on
    [50, 100] (a step at 50, linear in between on the grid): over a common grid the
    RMSE and max error are computable by hand."""
    q_ref = np.array([0.0, 100.0])
    v_ref = 4 - q_ref / 100
    q_sim = np.linspace(0, 120, 121)
    v_sim = 4 - q_sim / 100 - 0.02  # a constant 20 mV below
    m = curve_metrics(q_ref, v_ref, q_sim, v_sim)
    assert m["overlap"] == [0.0, 100.0]
    assert m["voltage_rmse_V"] == pytest.approx(0.02, rel=1e-9)
    assert m["voltage_max_error_V"] == pytest.approx(0.02, rel=1e-9)
    assert m["capacity_error"] == pytest.approx(20.0)
    assert m["capacity_error_pct"] == pytest.approx(20.0)
    # a linear ramp of error from 0 to 30 mV: RMSE = 30/sqrt(3) mV (grid of 200 points)
    v_ramp = 4 - q_sim / 100 - 0.03 * q_sim / 100
    m = curve_metrics(q_ref, v_ref, q_sim, v_ramp, points=200)
    grid = np.linspace(0, 100, 200)
    assert m["voltage_rmse_V"] == pytest.approx(np.sqrt(np.mean((0.03 * grid / 100) ** 2)))
    assert m["voltage_rmse_V"] == pytest.approx(0.03 / np.sqrt(3), rel=0.01)
    assert m["voltage_max_error_V"] == pytest.approx(0.03)


def test_point_errors_by_hand():
    err, pct = point_errors([130.0, 100.0], [106.5, 110.0])
    np.testing.assert_allclose(err, [-23.5, 10.0])
    np.testing.assert_allclose(pct, [-100 * 23.5 / 130, 10.0])


# ------------------------------------------------------------------ file validation
def _write(tmp_path, body, header=HEADER, name="d.csv"):
    p = tmp_path / name
    p.write_text(header + body)
    return p


@pytest.mark.parametrize("body,header,message", [
    ("capacity,volts\n0,4\n1,3.9\n2,3.8\n", HEADER, "missing column(s) 'voltage_V'"),
    ("capacity,voltage_V\n0,4\n1,abc\n2,3.8\n", HEADER, "row 9: column 'voltage_V' is not a number"),
    ("capacity,voltage_V\n0,4\n1,nan\n2,3.8\n", HEADER, "row 9: column 'voltage_V' is 'nan'"),
    ("capacity,voltage_V\n0,4\n2,3.9\n1,3.8\n", HEADER, "row 10: capacity 1 does not increase"),
    ("capacity,voltage_V\n0,4\n1,3.9\n", HEADER, "at least 3 data rows, found 2"),
    ("capacity,voltage_V\n0,4\n1,3.9\n2,3.8\n", HEADER + '# capacity_unit = "mAh/kg"\n',
     "unknown capacity_unit 'mAh/kg'"),
    ("capacity,voltage_V\n0,4\n1,3.9\n2,3.8\n", HEADER + '# rate_unit = "A/g"\n',
     "unknown rate_unit 'A/g'"),
    ("capacity,voltage_V\n0,4\n1,3.9\n2,3.8\n", HEADER.replace("# rate = 2.0\n", ""),
     "a curve needs metadata 'rate'"),
    ("capacity,voltage_V\n0,4\n1,3.9\n2,3.8\n", HEADER + "# tempC = 25\n",
     "unknown metadata key 'tempC'"),
    ("rate,capacity\n0.1,abc\n", HEADER.replace('"curve"', '"points"'),
     "row 8: column 'capacity' is not a number"),
    ("capacity,voltage_V\n0,4\n1,3.9\n2,3.8\n", "", "no metadata"),
])
def test_malformed_files_name_file_and_row(tmp_path, body, header, message):
    p = _write(tmp_path, body, header)
    with pytest.raises(InputError) as err:
        load_file(p)
    assert str(err.value).startswith(str(p)) or str(p.with_suffix(".toml")) in str(err.value)
    assert message in str(err.value)


def test_sidecar_metadata(tmp_path):
    p = _write(tmp_path, "rate,capacity\n0.1,120\n1,100\n", header="", name="pts.csv")
    (tmp_path / "pts.toml").write_text('id = "mine"\nkind = "points"\ncitation = "me"\n'
                                       'rate_unit = "mA/cm2"\n[design]\n'
                                       'cathode_thickness_um = 50\n')
    d = load_dataset(str(p))
    assert d.id == "mine" and d.rate_unit == "mA/cm2" and d.columns["rate"] == [0.1, 1.0]
    assert d.design == {"cathode_thickness_um": 50}


def test_shipped_datasets_keep_ids_and_provenance():
    data = shipped()
    assert list(data)[:13] == [f"P{i:02d}" for i in range(1, 14)]
    assert len(data) >= 38 and len(set(data)) == len(data)
    for d in data.values():  # every dataset: citation, cell, role; files: where and what
        assert d.citation and d.cell in CELLS and d.role in ("calibration", "holdout",
                                                            "context")
        if int(d.id[1:]) >= 14:
            assert d.provenance.get("location") and d.provenance.get("quote")
    for cell in CELLS:  # at least 8 points beyond P01-P13 per cell family
        new = [d for d in data.values() if d.cell == cell and int(d.id[1:]) >= 14]
        assert sum(d.n for d in new) >= 8, cell
    p01 = data["P01"]
    assert p01.columns == {"rate": [0.1], "capacity": [130.0]}
    assert p01.design["active_mass_fraction"] == pytest.approx(0.5)
    assert "Nano Energy 49 (2018) 58" in p01.citation
    assert p01.provenance["review_location"].startswith("Table 1")
    assert data["P04"].rate_unit == "mA/cm2"
    assert data["P07"].design["cathode_thickness_um"] == 45.0  # midpoint of 40-50
    assert load_dataset("p1").id == "P01"
    with pytest.raises(InputError, match="Unknown dataset 'P1O'. Did you mean 'P10'.*Shipped: P01, P02"):
        load_dataset("P1O")


# ------------------------------------------------------------------ compare
CELLS = {"li-llzo-lco", "lto-lgps-lco", "li-peo-lfp"}


@pytest.mark.parametrize("ds_id", ["P01", "P07", "P15"])
def test_compare_shipped_points(ds_id):
    ds = shipped()[ds_id]
    res = compare(ds, ds.cell, line=False)
    assert res["dataset"] == ds_id and res["cell"] == ds.cell
    (p,) = res["points"]
    unit = "mAh_g" if ds.capacity_unit == "mAh/g" else "mAh_cm2"
    assert p[f"reported_{unit}"] == ds.columns["capacity"][0]
    assert p["error_pct"] == pytest.approx(100 * (p["simulated"] - p["reported"])
                                           / p["reported"])
    items = {a["item"]: a for a in res["assumptions"]}
    assert "temperature_C" in items and "other parameters" in items
    if "cathode_thickness_um" in ds.design:
        assert res["overrides"]["Positive electrode thickness [m]"] == pytest.approx(
            ds.design["cathode_thickness_um"] * 1e-6)


def test_interface_resistance_by_hand():
    """RT/(F i0) + ASR, per area, from the cells' own numbers computed here by hand."""
    from ssb_models.data.compare import cell_values, interface_resistance_ohm_cm2

    kT_e = 8.617333262e-5  # Boltzmann constant [eV/K]: RT/F = k_B T / e
    _, pv = cell_values("li-peo-lfp", {})
    # 67 Ohm cm2 at 80 C is the measured value the Li|PEO exchange current came from
    assert interface_resistance_ohm_cm2(pv, "li_interface", 80) == pytest.approx(67, rel=1e-6)
    # at 60 C: R = RT/(F i0), i0 Arrhenius with Ea = 39570 J/mol about 80 C
    expected = 67 * 333.15 / 353.15 * math.exp(39570 / 8.314462618 * (1 / 333.15 - 1 / 353.15))
    assert interface_resistance_ohm_cm2(pv, "li_interface", 60) == pytest.approx(expected,
                                                                                   rel=1e-6)
    _, pv = cell_values("li-llzo-lco", {
        "Stack pressure [Pa]": 4.1e7,
        "Lithium metal interface ASR at reference pressure [Ohm.m2]": 0.0299})
    R_ct = kT_e * 298.15 / 257.0 * 1e4  # i0 = 257 A/m2 at 25 C
    R_a = 0.0299 * (4.1e7 / 1e7) ** -1.2819 * 1e4
    assert interface_resistance_ohm_cm2(pv, "li_interface", 25) == pytest.approx(R_ct + R_a,
                                                                                   rel=1e-6)
    i0 = pv["Positive electrode reference exchange-current density [A.m-2]"]
    per_area = kT_e * 298.15 / i0 * 1e4  # at x = 0.5 the sqrt(x(1-x)) factor is 1/2 * 2
    assert interface_resistance_ohm_cm2(pv, "cathode_interface_per_interface_area", 25) \
        == pytest.approx(per_area, rel=1e-6)
    a_L = 3 * 0.58 / 1.5e-6 * 25e-6
    assert interface_resistance_ohm_cm2(pv, "cathode_interface_per_cell_area", 25) \
        == pytest.approx(per_area / a_L, rel=1e-6)
    _, pv = cell_values("lto-lgps-lco", {})
    with pytest.raises(InputError, match="Li-metal cell"):
        interface_resistance_ohm_cm2(pv, "li_interface", 25)


def test_tortuosity_and_property_by_hand():
    from ssb_models.data.compare import cell_values, tortuosity_factor, transport_property

    _, pv = cell_values("lto-lgps-lco", {})
    assert tortuosity_factor(pv, "positive", 0.62) == pytest.approx(0.62 ** -0.9, rel=1e-12)
    _, pv = cell_values("li-peo-lfp", {})
    c = 1500.0  # inside Edman's range: the polynomial itself
    assert transport_property(pv, "transference_number", 90, c) == pytest.approx(
        -5.05e-8 * c**2 + 3.77e-4 * c - 0.0834, rel=1e-6)
    with pytest.raises(InputError):
        tortuosity_factor(pv, "negative", 0.5)  # Li metal: no composite anode


def test_calibration_set_fit_recovers_the_closed_form_solution(tmp_path):
    """Two pressures, two parameters (R_a0, n) of R = R_ct + R_a0 (p/p0)^-n: the fit on
    P23 + P24 from a distant start must land on the closed form
    R_a0 = R(p0) - R_ct, n = ln((R1 - R_ct)/(R2 - R_ct)) / ln(p2/p1)."""
    from ssb_models.data.fit import fit

    names = ["Lithium metal interface ASR at reference pressure [Ohm.m2]",
             "Lithium metal interface ASR pressure exponent"]
    res = fit(["P23", "P24"], "li-llzo-lco", names, bounds=[(1e-5, 1.0), (0.2, 5.0)],
              x0=[1e-3, 0.5], out_dir=tmp_path)
    R_ct = 8.617333262e-5 * 298.15 / 257.0 * 1e4
    got = {p["name"]: p["fitted"] for p in res["parameters"]}
    assert got[names[0]] * 1e4 == pytest.approx(300 - R_ct, rel=1e-4)
    assert got[names[1]] == pytest.approx(math.log((300 - R_ct) / (50 - R_ct)) / math.log(4.1),
                                          rel=1e-4)
    assert res["residual_unit"] == "relative" and res["datasets"] == ["P23", "P24"]
    assert (tmp_path / "fit.png").exists()


def test_compare_p01_design_by_hand():
    """P01: 15.9 mg/cm2 of a 50 wt% LCO cathode, 139 um thick -> LCO volume fraction
    7.95e-3 g/cm2 / (rho_LCO x 0.0139 cm)."""
    res = compare("P01", "li-llzo-lco")
    pv = ssb_models.parameter_values("li-llzo-lco")
    rho = pv["Positive electrode active material density [kg.m-3]"] / 1e3  # g/cm3
    assert res["overrides"]["Positive electrode active material volume fraction"] == \
        pytest.approx(15.9e-3 * 0.5 / (rho * 0.0139))


SSB = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")


def _synthetic_curve(tmp_path, overrides, noise_V=1e-3, c_rate=2.0, points=40):
    res = ssb_models.run_experiment("discharge", "li-llzo-lco", c_rate=c_rate,
                                    overrides=overrides)
    ts = res.timeseries
    q = (ts["capacity_mAh"] - ts["capacity_mAh"][0]) / (res.summary["active_material_mass_mg"] / 1e3)
    grid = np.linspace(1.0, 0.99 * q[-1], points)
    v = np.interp(grid, q, ts["voltage_V"]) + np.random.default_rng(0).normal(0, noise_V, grid.size)
    body = "capacity,voltage_V\n" + "".join(f"{a:.6f},{b:.6f}\n" for a, b in zip(grid, v))
    return _write(tmp_path, body, HEADER.replace("rate = 2.0", f"rate = {c_rate}"))


def test_compare_user_curve_cli(tmp_path):
    p = _synthetic_curve(tmp_path, {SIGMA: 0.1}, noise_V=0.0, points=400)
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    r = subprocess.run([SSB, "compare", str(p), "--cell", "li-llzo-lco", "--json", "--out",
                        str(tmp_path / "c")], capture_output=True, text=True, env=env,
                       timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # the curve is the cell's own default simulation (a separately built PyBaMM
    # Experiment): only the linear interpolation of 400 digitised points remains
    assert out["voltage_rmse_V"] < 2e-3
    assert abs(out["points"][0]["error_pct"]) < 1.5  # the curve stops at 99 % of the capacity
    assert {"dataset", "cell", "points", "assumptions"} <= set(out)
    assert (tmp_path / "c" / "overlay.png").stat().st_size > 10_000


def test_fit_recovers_two_parameters_from_noisy_synthetic_curve(tmp_path):
    """A 2C curve made by the model with sigma = 0.02 S/m and D = 3e-14 m2/s plus 1 mV
    noise: fitting both from the cell's defaults (0.1 S/m, 1e-13 m2/s) recovers them
    within 5 %, with the residual down to the noise level."""
    true = {SIGMA: 0.02, DIFF: 3e-14}
    p = _synthetic_curve(tmp_path, true)
    res = fit(str(p), "li-llzo-lco", [SIGMA, DIFF], out_dir=tmp_path / "f")
    got = {x["name"]: x for x in res["parameters"]}
    for name, value in true.items():
        assert got[name]["fitted"] == pytest.approx(value, rel=0.05)
        lo, hi = got[name]["ci95"]
        assert lo < got[name]["fitted"] < hi
        assert not got[name]["at_bound"]
    assert res["rms_before"] > 0.02 and res["rms_after"] < 2e-3
    assert (tmp_path / "f" / "fit.png").stat().st_size > 10_000


def test_fit_points_with_cutoff_time_sensitivity(tmp_path):
    """Capacities at 3 rates made by the model with sigma = 1.5e-3 S/m (a poor SE, so
    the capacity falls with rate): fitting sigma alone from 0.1 S/m recovers it
    within 5 % (Jacobian from dV/dp and dV/dt at the cut-off)."""
    caps = []
    rates = [0.2, 0.5, 1.0]
    for c in rates:
        caps.append(ssb_models.run_experiment("discharge", "li-llzo-lco", c_rate=c,
                                              overrides={SIGMA: 1.5e-3}).summary["capacity_mAh_g"])
    body = "rate,capacity\n" + "".join(f"{r},{c:.6f}\n" for r, c in zip(rates, caps))
    p = _write(tmp_path, body, HEADER.replace('"curve"', '"points"'))
    res = fit(str(p), "li-llzo-lco", [SIGMA])
    assert caps[2] < 0.9 * caps[0]
    assert res["parameters"][0]["fitted"] == pytest.approx(1.5e-3, rel=0.05)


def test_fit_rejects_bad_requests(tmp_path):
    with pytest.raises(InputError, match="give bounds lo:hi"):
        fit("P01", "li-llzo-lco", ["Positive electrode interface ASR [Ohm.m2]"],
            options={"interface resistance": "ohmic"})
    with pytest.raises(InputError, match="shapes the mesh"):
        fit("P01", "li-llzo-lco", ["Positive electrode thickness [m]"])
