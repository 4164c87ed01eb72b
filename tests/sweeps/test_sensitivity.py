"""Global sensitivity (docs/sensitivity.md): the SALib glue against analytic Sobol
indices, log-scaled ranges, a cell's Morris screening that must rank an inert parameter
at exactly zero, and input errors."""

import subprocess
import sys

import numpy as np
import pytest

from ssb_models.sweeps import analyse, parse_sensitivity, problem_and_samples, \
    run_sensitivity

SIGMA = "Solid electrolyte conductivity at reference temperature [S.m-1]"
INERT = "Negative current collector density [kg.m-3]"  # thermal mass: no isothermal effect


def test_ishigami_indices():
    """Ishigami function (a = 7, b = 0.1): S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244
    (Saltelli et al., Global Sensitivity Analysis: The Primer, 2008)."""
    b = [(f"x{i}", -np.pi, np.pi, False) for i in (1, 2, 3)]
    problem, X, V = problem_and_samples(b, "sobol", 2048, 0)
    Y = np.sin(V[:, 0]) + 7 * np.sin(V[:, 1]) ** 2 + 0.1 * V[:, 2] ** 4 * np.sin(V[:, 0])
    r = analyse(problem, X, Y, "sobol")
    for name, s1, st in (("x1", 0.3139, 0.5576), ("x2", 0.4424, 0.4424), ("x3", 0.0, 0.2437)):
        assert r[name]["S1"] == pytest.approx(s1, abs=0.05)
        assert r[name]["ST"] == pytest.approx(st, abs=0.05)


def test_log_ranges_are_sampled_in_log10():
    """y = log10(x1) + 4 x2 with x1 log-uniform over 4 decades and x2 uniform on [0, 1]:
    both terms have variance 16/12, so S1 = 0.5 each (and the samples span the bounds)."""
    b = [("x1", 1e-3, 10.0, True), ("x2", 0.0, 1.0, False)]
    problem, X, V = problem_and_samples(b, "sobol", 1024, 1)
    assert V[:, 0].min() >= 1e-3 and V[:, 0].max() <= 10.0
    r = analyse(problem, X, np.log10(V[:, 0]) + 4 * V[:, 1], "sobol")
    assert r["x1"]["S1"] == pytest.approx(0.5, abs=0.05)
    assert r["x2"]["S1"] == pytest.approx(0.5, abs=0.05)


def test_morris_screening_of_a_cell(tmp_path):
    """The mean voltage of a 1C discharge depends on the SE conductivity and not at all
    on the (isothermal) current-collector density: mu* of the latter is 0 to solver
    noise (1e-6 of the conductivity's)."""
    spec = parse_sensitivity({
        "name": "t", "cell": "li-llzo-lco", "c_rate": 1.0,
        "metrics": ["mean_voltage_V", "capacity_mAh_g"],
        "parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                       {"name": INERT, "linear": [5000.0, 9000.0]}],
        "sampling": {"method": "morris", "samples": 3, "seed": 0}}, "t")
    indices, df, skipped = run_sensitivity(spec, tmp_path / "s", workers=2, progress=False)
    assert len(df) == 3 * (2 + 1) and not skipped
    v = indices["mean_voltage_V"]
    assert v[SIGMA]["mu_star"] > 1e-4
    assert v[INERT]["mu_star"] < 1e-6 * v[SIGMA]["mu_star"]
    assert (tmp_path / "s" / "sensitivity.png").stat().st_size > 5000
    assert (tmp_path / "s" / "sensitivity.csv").read_text().count("\n") == 5


@pytest.mark.parametrize("sampling,message", [
    ({"method": "sobl"}, "Did you mean 'sobol'"),
    ({"method": "sobol", "samples": 12}, "power of 2"),
])
def test_bad_sampling_is_refused(tmp_path, sampling, message):
    toml = tmp_path / "s.toml"
    toml.write_text(
        'name = "t"\ncell = "li-llzo-lco"\n[[parameters]]\n'
        f'name = "{SIGMA}"\nlog = [0.01, 0.1]\n[[parameters]]\n'
        f'name = "{INERT}"\nlinear = [5000.0, 9000.0]\n[sampling]\n'
        + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in sampling.items()))
    p = subprocess.run([sys.executable, "-P", "-m", "ssb_models.cli", "sensitivity", str(toml),
                        "--out", str(tmp_path / "o")], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 2 and message in p.stderr and "Traceback" not in p.stderr
