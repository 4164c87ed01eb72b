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
from ssb_helpers import AT_P0, cell_parameters, solve_discharge

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
    like the explicit one. The two discretise different unknowns (the potential
    difference or the potentials), so they differ by the x mesh's error: 0.12 mV on
    the preset's 6 points, within 1e-4 V from 20 on, where they are compared."""
    pv = cell_parameters()
    t = np.linspace(10, 3000, 50)
    x20 = {"x_n": 20, "x_s": 20, "x_p": 20}
    ref = solve_discharge(ssb_models.SolidStateDFN(), pv, 1.0, rtol=1e-8, atol=1e-10,
                          var_pts=x20)
    for sf in ("algebraic", "differential"):
        sol = solve_discharge(ssb_models.SolidStateDFN({"surface form": sf}), pv, 1.0,
                              rtol=1e-8, atol=1e-10, var_pts=x20)
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


LI_ASR = "Lithium metal interface ASR at reference pressure [Ohm.m2]"


@pytest.mark.parametrize("f_a", [1.0, 0.5])
def test_li_interphase_is_its_own_arc(f_a):
    """An interphase (R_a || C_a per contacted area) at the Li|SE interface is in
    series with the rest of the cell, so it adds exactly
    R_a / (f_a (1 + j w R_a C_a)) at every frequency: a semicircle of width R_a/f_a
    centred at w = 1/(R_a C_a), separate from the charge-transfer arc."""
    R_a, C_a = 2e-3, 1e-2
    opts = {"interface utilisation": "constant"}
    base = {"Initial negative electrode interface utilisation": f_a}
    pv0 = cell_parameters(**base)
    pv1 = cell_parameters(**base, **AT_P0,
                          **{LI_ASR: R_a, "Lithium metal interface capacitance [F.m-2]": C_a})
    freqs = np.logspace(-1, 6, 15)
    Z0 = impedance(pv0, freqs, opts)
    Z1 = impedance(pv1, freqs, {**opts, "interface resistance": ("interphase", "none")})
    expected = R_a / (f_a * (1 + 1j * 2 * np.pi * freqs * R_a * C_a))
    np.testing.assert_allclose((Z1 - Z0) * area(pv0), expected, rtol=1e-4,
                               atol=1e-6 * R_a)


def test_ohmic_asr_widens_the_arc_by_the_asr():
    """An ohmic ASR sits in the faradaic branch: the low-frequency limit of the
    added impedance is the ASR itself, and at high frequency the double layer
    shorts it (no extra intercept)."""
    R_a = 2e-3
    pv0 = cell_parameters()
    pv1 = cell_parameters(**AT_P0, **{LI_ASR: R_a})
    freqs = [1e-2, 1e7]
    opts = {"interface resistance": ("ohmic", "none")}
    dZ = (impedance(pv1, freqs, opts) - impedance(pv0, freqs, opts)) * area(pv0)
    assert dZ[0].real == pytest.approx(R_a, rel=1e-3)
    assert abs(dZ[1]) < 1e-3 * R_a


def test_interphase_discharge_equals_ohmic():
    """In a steady discharge the interphase capacitor carries no current: the
    voltage equals that of the ohmic ASR once the R C transient (here 20 us) is over."""
    kw = {LI_ASR: 2e-3, "Positive electrode interface ASR [Ohm.m2]": 1e-2, **AT_P0}
    pv = cell_parameters(**kw)
    t = np.linspace(10, 3000, 30)
    ref = solve_discharge(ssb_models.SolidStateDFN({"interface resistance": "ohmic"}), pv,
                          1.0, rtol=1e-8, atol=1e-10)
    sol = solve_discharge(ssb_models.SolidStateDFN({"interface resistance": "interphase"}),
                          pv, 1.0, rtol=1e-8, atol=1e-10)
    assert np.abs(sol["Voltage [V]"](t) - ref["Voltage [V]"](t)).max() < 1e-5
    assert ref["Voltage [V]"](t[0]) < solve_discharge(
        ssb_models.SolidStateDFN(), cell_parameters(), 1.0)["Voltage [V]"](t[0]) - 1e-3
