"""The optional PyBOP fitting backend (``ssb fit --backend pybop``, ssb_models.data.fit.pybop).

The tests that fit need pybop (``pip install 'ssb-models[fit]'``) and are skipped
without it (the README's test command and CI install ``.[test,fit]``, so they run
there); the refusals that need no pybop run
everywhere. Synthetic data come from ssb's own solves at known values.
"""

import dataclasses
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import ssb_models
from ssb_models.errors import InputError
from ssb_models.data.fit import fit

SIGMA = "Solid electrolyte conductivity at reference temperature [S.m-1]"
DIFF = "Positive particle reference diffusivity [m2.s-1]"
J0 = "Positive electrode reference exchange-current density [A.m-2]"
TRUE_CURVE = {SIGMA: 0.02, DIFF: 3e-14}
TRUE_EIS = {SIGMA: 0.02, J0: 0.5}
CURVE_HEADER = ('# id = "syn"\n# kind = "curve"\n# citation = "synthetic"\n'
                '# family = "li-llzo-lco"\n# temperature_C = 25\n# rate = 2.0\n')
EIS_HEADER = ('# id = "syn-eis"\n# kind = "eis"\n# citation = "synthetic"\n'
              '# family = "li-llzo-lco"\n# initial_soc = 0.5\n')
SSB = os.path.join(os.path.dirname(sys.executable), "ssb")


@pytest.fixture(scope="module")
def pybop():
    return pytest.importorskip("pybop")


@pytest.fixture(scope="module")
def curves(tmp_path_factory, pybop):
    """A 2C discharge of the model at TRUE_CURVE, 40 points at the solver's own output
    times (no interpolation): as it is, and with 1 mV Gaussian noise."""
    from ssb_models.experiments.discharge_runner import DischargeRunner

    d = tmp_path_factory.mktemp("curves")
    r = DischargeRunner("li-llzo-lco", None, {}, input_names=list(TRUE_CURVE))
    s, ts, _ = r.discharge(2.0, 25, TRUE_CURVE, period_s=5.0)
    q = (ts["capacity_mAh"] - ts["capacity_mAh"][0]) / (s["active_material_mass_mg"] / 1e3)
    k = np.linspace(1, len(q) - 3, 40).astype(int)
    v = ts["voltage_V"][k]
    noisy = v + np.random.default_rng(1).normal(0, 1e-3, v.size)
    paths = []
    for name, vv in (("clean.csv", v), ("noisy.csv", noisy)):
        body = "capacity,voltage_V\n" + "".join(f"{a:.10g},{b:.10g}\n" for a, b in zip(q[k], vv))
        (d / name).write_text(CURVE_HEADER + body)
        paths.append(d / name)
    return paths


@pytest.fixture(scope="module")
def spectrum(tmp_path_factory, pybop):
    """``ssb run eis`` at TRUE_EIS (4 points per decade, 10 mHz to 1 MHz: 34
    frequencies), its impedance.csv under a spectrum header."""
    from ssb_models.experiments import load_experiment

    d = tmp_path_factory.mktemp("eis")
    spec = dataclasses.replace(load_experiment("eis"), points_per_decade=4)
    ssb_models.run_experiment(spec, "li-llzo-lco", overrides=TRUE_EIS, out_dir=d / "run")
    p = d / "spectrum.csv"
    p.write_text(EIS_HEADER + (d / "run" / "impedance.csv").read_text())
    return p


def test_curve_fit_recovers_sigma_and_diffusivity(curves, tmp_path):
    """From 3x and 3.3x off, PyBOP (L-BFGS-B, forward sensitivities) recovers sigma_SE
    and D_s of the noise-free curve within 0.5 % (measured: ~1e-4)."""
    res = fit(str(curves[0]), "li-llzo-lco", [SIGMA, DIFF], x0=[0.06, 1e-13],
              backend="pybop", out_dir=tmp_path / "f")
    assert res["backend"] == "pybop" and res["success"]
    for p in res["parameters"]:
        assert p["fitted"] == pytest.approx(TRUE_CURVE[p["name"]], rel=5e-3)
        assert p["ci95"] is None and not p["at_bound"]
    assert res["rms_before"] > 0.05 and res["rms_after"] < 1e-4
    assert (tmp_path / "f" / "fit.png").stat().st_size > 10_000
    assert json.loads((tmp_path / "f" / "fit.json").read_text())["backend"] == "pybop"


def test_curve_posterior_contains_the_true_values(curves):
    """1 mV noise; 2 chains of 150 iterations (after 37 warm-up) from the optimum: each
    true value lies inside its 95 % posterior interval."""
    res = fit(str(curves[1]), "li-llzo-lco", [SIGMA, DIFF], x0=[0.06, 1e-13],
              backend="pybop", samples=150)
    assert res["posterior"]["chains"] == 2
    assert res["rms_after"] == pytest.approx(1e-3, rel=0.3)
    for p in res["parameters"]:
        true = TRUE_CURVE[p["name"]]
        lo, hi = p["ci95"]
        assert lo < true < hi
        assert lo < p["posterior"]["mean"] < hi
        assert p["fitted"] == pytest.approx(true, rel=0.02)
        assert np.isfinite(p["posterior"]["rhat"])


def test_eis_fit_through_the_cli(spectrum, tmp_path):
    """``ssb fit SPECTRUM --backend pybop``: from the cell's defaults (sigma 5x, j0 3.5x
    off), PyBOP's EISSimulator and Nelder-Mead recover both within 0.1 % (measured:
    ~1e-8)."""
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    r = subprocess.run([SSB, "fit", str(spectrum), "--cell", "li-llzo-lco", "--backend", "pybop",
                        "--param", SIGMA, "--param", J0, "--json", "--out", str(tmp_path / "e")],
                       capture_output=True, text=True, env=env, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res["kind"] == "eis" and res["residual_unit"] == "Ohm cm2"
    for p in res["parameters"]:
        assert p["fitted"] == pytest.approx(TRUE_EIS[p["name"]], rel=1e-3)
    assert res["rms_before"] > 1.0 and res["rms_after"] < 1e-3
    assert (tmp_path / "e" / "fit.png").stat().st_size > 10_000


def test_pybop_backend_refusals(pybop, tmp_path, monkeypatch, capsys):
    with pytest.raises(InputError, match="capacity points .* --backend scipy"):
        fit("P01", "li-llzo-lco", [SIGMA], backend="pybop")
    with pytest.raises(InputError, match="one dataset at a time"):
        fit(["P23", "P24"], "li-llzo-lco", [SIGMA], backend="pybop")
    with pytest.raises(InputError, match="'resistance' dataset"):
        fit("P23", "li-llzo-lco", [SIGMA], backend="pybop")
    curve = tmp_path / "c.csv"
    curve.write_text(CURVE_HEADER + "capacity,voltage_V\n1,4.0\n2,3.9\n3,3.8\n")
    with pytest.raises(InputError, match="capacity or stoichiometry window"):
        fit(str(curve), "li-llzo-lco", ["Maximum concentration in positive electrode "
                                        "[mol.m-3]"], backend="pybop")
    with pytest.raises(InputError, match="shapes the mesh"):
        fit(str(curve), "li-llzo-lco", ["Positive electrode thickness [m]"], backend="pybop")
    with pytest.raises(InputError, match="too short a chain"):
        fit(str(curve), "li-llzo-lco", [SIGMA], backend="pybop", samples=5)
    from ssb_models import cli

    monkeypatch.setenv("SSB_SUPERVISED", "1")  # in this process
    assert cli.main(["fit", "P01", "--cell", "li-llzo-lco", "--backend", "pybop",
                     "--param", SIGMA]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("ssb: error:") and "--backend scipy" in err and "\n" not in err


# ------------------------------------------------------------------ without pybop too
def _spectrum_file(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text(EIS_HEADER + "frequency_Hz,Z_real_Ohm_cm2,Z_imag_Ohm_cm2\n"
                 "1000,50,-1\n1,60,-5\n0.01,80,-2\n")
    return p


def test_missing_pybop_is_one_line_with_the_install_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pybop", None)  # import pybop raises ImportError
    with pytest.raises(InputError, match=r"pip install 'ssb-models\[fit\]'"):
        fit(str(_spectrum_file(tmp_path)), "li-llzo-lco", [SIGMA], backend="pybop")
    from ssb_models import cli

    monkeypatch.setenv("SSB_SUPERVISED", "1")
    assert cli.main(["fit", "P01", "--cell", "li-llzo-lco", "--backend", "pybop",
                     "--param", SIGMA]) == 2
    err = capsys.readouterr().err.strip()
    assert "pip install 'ssb-models[fit]'" in err and "\n" not in err


def test_scipy_backend_refuses_spectra_and_sampling(tmp_path):
    with pytest.raises(InputError, match="fitted with backend 'pybop'"):
        fit(str(_spectrum_file(tmp_path)), "li-llzo-lco", [SIGMA])
    with pytest.raises(InputError, match="needs backend 'pybop'"):
        fit("P01", "li-llzo-lco", [SIGMA], samples=100)
    with pytest.raises(InputError, match="unknown fit backend"):
        fit("P01", "li-llzo-lco", [SIGMA], backend="lmfit")


#: ssb's 0.5C discharge of li-llzo-lco at sigma_SE = 0.02 S/m, D = 1e-15 m2/s, 15 points
#: to 4 digits as a digitiser gives them, the last at the 3.0 V cut-off
CUT_OFF_CURVE = """# id = "cut-off-curve"
# kind = "curve"
# citation = "synthetic: ssb at sigma 0.02 S/m, D 1e-15 m2/s"
# family = "li-llzo-lco"
# temperature_C = 25
# capacity_unit = "mAh/g"
# rate = 0.5
# rate_unit = "C-rate"
capacity,voltage_V
0.00,4.1416
8.71,4.0529
17.74,3.9976
26.78,3.9642
35.81,3.9272
44.85,3.8977
53.88,3.8771
62.91,3.8635
71.95,3.8545
80.98,3.8480
90.01,3.8429
99.05,3.8381
108.08,3.8306
117.12,3.7919
126.02,3.0000
"""


def test_curve_ending_at_the_cut_off_is_fitted(tmp_path, pybop):
    """A digitised curve usually ends at the cut-off voltage; there the simulated voltage
    is held past the event and has no gradient, and L-BFGS-B stopped at once
    ("ABNORMAL", the start values reported as the fit). Such points are left out of the
    PyBOP fit (and said so): the values the curve was made with are recovered."""
    path = tmp_path / "cut.csv"
    path.write_text(CUT_OFF_CURVE)
    res = fit(path, "li-llzo-lco", [SIGMA, DIFF], backend="pybop")
    got = {p["name"]: p["fitted"] for p in res["parameters"]}
    assert res["success"], res.get("message")
    assert got[SIGMA] == pytest.approx(0.02, rel=1e-2)
    assert got[DIFF] == pytest.approx(1e-15, rel=1e-2)
    assert any(n["item"] == "points at the cut-off" for n in res["assumptions"])
