"""Impedance (PyBaMM EISSimulation on the surface-form model) against analytic values."""

import csv
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pybamm
import pytest

import ssb_models
from ssb_helpers import cell_parameters, solve_discharge

F, R = 96485.33212, 8.314462618


def impedance(pv, freqs, options=None):
    model = ssb_models.SolidStateDFN({"surface form": "differential", **(options or {})})
    return np.asarray(pybamm.EISSimulation(model, parameter_values=pv).solve(freqs).impedance)


def area(pv):
    return pv["Electrode height [m]"] * pv["Electrode width [m]"]


def test_high_frequency_intercept_is_ohmic():
    """At high frequency the double layers short the interfaces: Z -> L_s/sigma +
    L_p/(kappa_eff + sigma_s_eff) (SE and electronic paths of the cathode in parallel)."""
    pv = cell_parameters()
    Z = impedance(pv, [1e7])[0] * area(pv)  # Ohm m2
    sigma = 0.1  # S/m at 25 C
    eps_se = pv["Positive electrode porosity"]
    kappa_eff = sigma * eps_se**1.5
    sigma_s_eff = pv["Positive electrode conductivity [S.m-1]"] * (1 - eps_se) ** 1.5
    expected = (pv["Separator thickness [m]"] / sigma
                + pv["Positive electrode thickness [m]"] / (kappa_eff + sigma_s_eff))
    assert Z.real == pytest.approx(expected, rel=2e-3)
    assert abs(Z.imag) < 1e-3 * Z.real


def test_li_charge_transfer_arc_width():
    """Halving the Li|SE exchange-current density widens the spectrum at low frequency
    by exactly the extra charge-transfer resistance RT/(F i0) (the Li interface is in
    series with the rest)."""
    name = "Lithium metal reference exchange-current density [A.m-2]"
    pv1 = cell_parameters()
    i0 = pv1[name]
    pv2 = cell_parameters(**{name: i0 / 2})
    f = [0.1]
    dZ = (impedance(pv2, f)[0] - impedance(pv1, f)[0]) * area(pv1)
    assert dZ.real == pytest.approx(R * 298.15 / (F * i0), rel=1e-2)


def test_surface_form_discharge_equals_explicit():
    """At DC the double layer carries no current: the surface-form model must discharge
    like the explicit one."""
    pv = cell_parameters()
    t = np.linspace(10, 3000, 50)
    ref = solve_discharge(ssb_models.SolidStateDFN(), pv, 1.0, rtol=1e-8, atol=1e-10)
    for sf in ("algebraic", "differential"):
        sol = solve_discharge(ssb_models.SolidStateDFN({"surface form": sf}), pv, 1.0,
                              rtol=1e-8, atol=1e-10)
        assert np.abs(sol["Voltage [V]"](t) - ref["Voltage [V]"](t)).max() < 1e-4


SSB = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")


def test_eis_experiment_cli(tmp_path):
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}
    r = subprocess.run([SSB, "run", "eis", "--cell", "li-llzo-lco", "--out", str(tmp_path / "o"),
                        "--json"], capture_output=True, text=True, env=env, cwd=tmp_path,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["type"] == "eis" and s["initial_soc"] == 0.5
    assert s["high_frequency_resistance_Ohm_cm2"] == pytest.approx(10.06, abs=0.05)
    with open(tmp_path / "o" / "impedance.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["frequency_Hz", "Z_real_Ohm_cm2", "Z_imag_Ohm_cm2"]
    assert len(rows) == 81  # 8 decades x 10 points + 1
    assert (tmp_path / "o" / "nyquist.png").stat().st_size > 10_000
