"""Space-charge layer: quadrature over the potential vs an independent grid solution
(solve_bvp), and analytic limits."""

import json
import math
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from ssb_models.physics import space_charge as sc
from ssb_models.space_charge import inputs_for

EPS0, F, R = 8.8541878128e-12, 96485.33212, 8.314462618
DPHI = np.array([0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0])


def cell_args(cell):
    inp = inputs_for(cell)
    return dict(relative_permittivity=inp["relative_permittivity"],
                site_density=inp["site_density_mol_m3"], theta0=inp["bulk_occupancy"],
                temperature=inp["temperature_K"]), inp["bulk_conductivity_S_m"]


REGIMES = {
    "llzo": cell_args("li-llzo-lco"),
    "lgps": cell_args("lto-lgps-lco"),
    "dilute-hot": (dict(relative_permittivity=20.0, site_density=5e4, theta0=0.1,
                        temperature=353.15), 0.01),
}


@pytest.mark.parametrize("regime", sorted(REGIMES))
def test_quadrature_agrees_with_grid_reference(regime):
    args, sigma = REGIMES[regime]
    ref = sc.grid_reference(DPHI, bulk_conductivity=sigma, **args)
    Q = sc.layer_charge(DPHI, **args)
    C = sc.layer_capacitance(DPHI, **args)
    Rs = sc.layer_resistance(DPHI, bulk_conductivity=sigma, **args)
    np.testing.assert_allclose(Q, ref["charge_C_m2"], rtol=0.01)
    np.testing.assert_allclose(C, ref["capacitance_F_m2"], rtol=0.01)
    np.testing.assert_allclose(Rs, ref["resistance_Ohm_m2"], rtol=0.01)


def test_screening_length_by_hand():
    # eps_r 50, c_max 54920, theta0 0.711, 298.15 K:
    # lambda^2 = 50*8.854e-12*8.3145*298.15 / (96485^2 * 54920 * 0.711*0.289)
    lam2 = 50 * EPS0 * R * 298.15 / (F**2 * 54920 * 0.711 * 0.289)
    assert sc.screening_length(50, 54920, 0.711, 298.15) == pytest.approx(math.sqrt(lam2))
    assert 0.5e-10 < math.sqrt(lam2) < 2e-10  # about 1 Angstrom: sub-nm layers


def test_linear_debye_limit():
    """Small steps: Q = eps dphi / lambda, C = eps / lambda and
    R = (1 - theta0) (F/RT) dphi lambda / sigma_b (phi = dphi exp(-x/lambda))."""
    args, sigma = REGIMES["llzo"]
    eps = EPS0 * args["relative_permittivity"]
    lam = sc.screening_length(**args)
    d = 1e-4
    assert sc.layer_charge(d, **args) == pytest.approx(eps * d / lam, rel=1e-3)
    assert sc.layer_capacitance(d, **args) == pytest.approx(eps / lam, rel=1e-3)
    k = F / (R * args["temperature"])
    expected_R = (1 - args["theta0"]) * k * d * lam / sigma
    assert sc.layer_resistance(d, bulk_conductivity=sigma, **args) == pytest.approx(
        expected_R, rel=1e-2)


def test_full_depletion_mott_schottky_limit():
    """Large steps empty the layer: Q -> sqrt(2 eps F c0 (dphi - dphi_0)) with
    dphi_0 = -(RT/F) ln(1 - theta0)/theta0 (depletion approximation)."""
    args, _ = REGIMES["llzo"]
    eps = EPS0 * args["relative_permittivity"]
    th, T = args["theta0"], args["temperature"]
    c0 = args["site_density"] * th
    d = 1.0
    d0 = -(R * T / F) * math.log(1 - th) / th
    assert sc.layer_charge(d, **args) == pytest.approx(math.sqrt(2 * eps * F * c0 * (d - d0)),
                                                      rel=1e-3)
    # depletion width w = Q/(F c0)
    w = sc.depletion_width(d, **args)
    assert w == pytest.approx(sc.layer_charge(d, **args) / (F * c0))


def test_resistance_rises_with_potential_step():
    args, sigma = REGIMES["llzo"]
    Rs = sc.layer_resistance(DPHI, bulk_conductivity=sigma, **args)
    assert np.all(np.diff(Rs) > 0)
    # negligible below ~0.3 V (< 1e-4 Ohm cm2 = 1e-8 Ohm m2), large once depleted
    assert Rs[DPHI <= 0.2].max() < 1e-6 and Rs[-1] > 1.0


SSB = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")


def test_ssb_scl_cli(tmp_path):
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}
    r = subprocess.run([SSB, "scl", "--cell", "li-llzo-lco", "--delta-phi", "0.1", "0.5",
                        "--set", "Solid electrolyte relative permittivity=60", "--check",
                        "--json"], capture_output=True, text=True, env=env, cwd=tmp_path,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for key in ("site_density_mol_m3", "bulk_concentration_mol_m3", "relative_permittivity",
                "temperature_K", "bulk_conductivity_S_m", "mobility_model"):
        assert key in out["inputs"]
    assert out["inputs"]["relative_permittivity"] == 60
    assert [row["delta_phi_V"] for row in out["results"]] == [0.1, 0.5]
    for row in out["results"]:
        for key in ("screening_length_m", "depletion_width_m", "charge_C_m2",
                    "capacitance_F_m2", "resistance_Ohm_m2"):
            assert row[key] > 0
        assert max(row["relative_deviation"].values()) < 0.01
    bad = subprocess.run([SSB, "scl", "--cell", "li-peo-lfp"], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=300)
    assert bad.returncode == 2 and "binary" in bad.stderr and "Traceback" not in bad.stderr


def test_buffer_partition_conserves_charge():
    """Series capacitors: the layer's charge equals C_b times the buffer's share, and
    without a buffer the whole step falls on the layer."""
    args, _ = REGIMES["lgps"]
    d, eps_b = 5e-9, 20.0
    total = np.array([0.2, 0.6, 1.0])
    scl = sc.partition_step(total, buffer_thickness=d, buffer_relative_permittivity=eps_b, **args)
    C_b = EPS0 * eps_b / d
    np.testing.assert_allclose(sc.layer_charge(scl, **args), C_b * (total - scl), rtol=1e-8)
    assert np.all((scl > 0) & (scl < total))
    np.testing.assert_allclose(sc.partition_step(total, **args), total)


def test_resistance_rises_with_cathode_potential_and_falls_with_buffer():
    from ssb_models.space_charge import cathode_potential_table

    U = [3.95, 4.1, 4.3, 4.5, 4.8]
    # chi = 1: the whole excess potential drops in the SE, so 4.8 V depletes the layer
    out = cathode_potential_table("lto-lgps-lco", U,
                                  overrides={"Space-charge partition factor": 1.0})["results"]
    bare = [r["resistance_without_buffer_Ohm_m2"] for r in out]
    buf = [r["scl_resistance_with_buffer_Ohm_m2"] for r in out]
    assert np.all(np.diff(bare) > 0)
    assert all(b < a for a, b in zip(bare, buf))
    # at high potential the bare layer is depleted and dominates the buffer's d/sigma
    assert bare[-1] > out[-1]["buffer_resistance_Ohm_m2"] > buf[-1]


def test_ssb_scl_cathode_potential_plot(tmp_path):
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}
    png = tmp_path / "r.png"
    r = subprocess.run([SSB, "scl", "--cell", "lto-lgps-lco", "--cathode-potential", "4.0",
                        "4.2", "--plot", str(png), "--json"], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["inputs"]["buffer_thickness_m"] == pytest.approx(1e-8)
    assert png.stat().st_size > 10_000
