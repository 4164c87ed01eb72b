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
from ssb_models.scl import inputs_for

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
        assert isinstance(row["sub_lattice"], bool) and row["lattice_spacing_m"] > 0
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


def test_cathode_potential_table_no_buffer_li_conducting_and_dielectric():
    """Against U: the bare layer's R rises; the dielectric buffer (comparison) lowers the
    SE layer's share; the Li-conducting buffer (the cell's model) removes the SE's
    depletion (junction potential < 1e-40 of the step, SE excess resistance below
    1e-40 of the bare layer's) and takes it itself: its resistance exceeds its bulk
    d/sigma_b and rises with U. Each part against the stand-alone functions."""
    from ssb_models.scl import SubLatticeLayerWarning, cathode_potential_table

    U = [3.95, 4.1, 4.3, 4.5, 4.8]
    # chi = 1: the whole excess potential drops across the interface
    with pytest.warns(SubLatticeLayerWarning):
        out = cathode_potential_table("lto-lgps-lco", U,
                                      overrides={"Space-charge partition factor": 1.0})
    rows, inp = out["results"], out["inputs"]
    dphi = np.array([r["delta_phi_V"] for r in rows])
    np.testing.assert_allclose(dphi, np.array(U) - 3.9)
    bare = np.array([r["no_buffer"]["resistance_Ohm_m2"] for r in rows])
    diel = np.array([r["dielectric_buffer"]["scl_resistance_Ohm_m2"] for r in rows])
    two = [r["li_conducting_buffer"] for r in rows]
    assert np.all(np.diff(bare) > 0) and np.all(diel < bare)
    d_over_sigma = inp["buffer_thickness_m"] / inp["buffer_conductivity_S_m"]
    assert d_over_sigma == pytest.approx(1e-8 / 8e-6)       # 10 nm / 8e-8 S/cm
    phi_j = np.array([t["junction_potential_V"] for t in two])
    r_se = np.array([t["se_resistance_Ohm_m2"] for t in two])
    r_b = np.array([t["buffer_resistance_Ohm_m2"] for t in two])
    assert np.all(phi_j / dphi < 1e-40) and np.all(r_se < 1e-40 * bare)
    assert np.all(np.diff(r_b) > 0) and np.all(r_b > d_over_sigma)
    # the buffer takes the whole step as a single layer of its own (10 nm >> its
    # depletion width): its excess resistance is the single-layer formula's with the
    # buffer's values (layer_resistance, tested against the grid reference)
    th_b = inp["buffer_mobile_concentration_mol_m3"] / inp["buffer_site_density_mol_m3"]
    single_b = sc.layer_resistance(dphi, inp["buffer_relative_permittivity"],
                                   inp["buffer_site_density_mol_m3"], th_b, 298.15,
                                   inp["buffer_conductivity_S_m"])
    np.testing.assert_allclose(r_b - d_over_sigma, single_b, rtol=1e-6)
    assert all(r["sub_lattice"] for r in rows) and out["warnings"]


def test_ssb_scl_cathode_potential_plot(tmp_path):
    """--cathode-potential --plot --json: the plot, and per row the flag, the per-phase
    widths of the Li-conducting buffer, the dielectric comparison and the warning in
    the JSON (not on stderr)."""
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}
    png = tmp_path / "r.png"
    r = subprocess.run([SSB, "scl", "--cell", "lto-lgps-lco", "--cathode-potential", "3.8",
                        "4.2", "--plot", str(png), "--json"], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr
    out = json.loads(r.stdout)
    assert out["inputs"]["buffer_thickness_m"] == pytest.approx(1e-8)
    assert png.stat().st_size > 10_000
    below, above = out["results"]
    assert below["delta_phi_V"] == 0 and not below["sub_lattice"]
    two = above["li_conducting_buffer"]
    for phase in ("se", "buffer"):
        assert set(two[phase]) == {"drop_V", "width_m", "lattice_spacing_m", "sub_lattice"}
    # 0.15 V: the SE behind the buffer holds no layer (not flagged), the buffer's layer
    # (0.12 nm) is thinner than its 0.375 nm spacing; the dielectric comparison is there
    assert not two["se"]["sub_lattice"] and two["buffer"]["sub_lattice"]
    assert two["buffer"]["width_m"] < two["buffer"]["lattice_spacing_m"]
    assert above["sub_lattice"] and len(out["warnings"]) == 1
    assert "dielectric_buffer" in above and "no_buffer" in above


# ---------------------------------------------------------------- validity: lattice spacing
def test_lattice_spacing_by_hand():
    """a = (c_max N_A)^(-1/3): LGPS 69,800 mol/m3 -> 0.2876 nm, LLZO 54,920 -> 0.3115 nm,
    LiNbO3 31,400 -> 0.3754 nm (hand values: (69800 * 6.02214076e23)^(-1/3) etc.)."""
    assert sc.lattice_spacing(69800.0) == pytest.approx(2.8761e-10, rel=1e-4)
    assert sc.lattice_spacing(54920.0) == pytest.approx(3.1153e-10, rel=1e-4)
    assert sc.lattice_spacing(31400.0) == pytest.approx(3.7535e-10, rel=1e-4)


def test_shipped_layers_are_thinner_than_a_lattice_spacing_and_warn():
    """The issue's numbers: with the shipped values the LGPS layer is 0.035-0.21 nm wide
    for 0.05-1 V (screening length 0.35 A, depletion width at 1 V 0.21 nm), below its
    0.29 nm lattice spacing: every row is flagged and SubLatticeLayerWarning issued."""
    from ssb_models.scl import SubLatticeLayerWarning, table

    with pytest.warns(SubLatticeLayerWarning, match="lattice spacing"):
        out = table("lto-lgps-lco", [0.05, 1.0])
    rows = out["results"]
    lam = math.sqrt(8.9 * EPS0 * R * 298.15 / (F**2 * 69800 * 0.25))
    assert lam == pytest.approx(3.47e-11, rel=1e-2)
    # Mott-Schottky width at 1 V: sqrt(2 eps (dphi - dphi_0) / (F c0)), dphi_0 = 2 ln2 RT/F
    w1 = math.sqrt(2 * 8.9 * EPS0 * (1.0 - 2 * math.log(2) * R * 298.15 / F) / (F * 34900))
    assert rows[0]["layer_width_m"] == pytest.approx(lam, rel=1e-6)
    assert rows[1]["layer_width_m"] == pytest.approx(w1, rel=1e-3)
    assert all(r["sub_lattice"] and r["lattice_spacing_m"] == pytest.approx(2.8761e-10,
                                                                               rel=1e-4)
               for r in rows)
    assert len(out["warnings"]) == 1


def test_wide_layer_is_not_flagged():
    """A layer wider than the lattice spacing (eps_r 1e4: lambda = 1.16 nm > 0.29 nm) is
    not flagged and gives no warning; LLZO at 1 V (w = 0.47 nm > a = 0.31 nm) is not
    flagged either, at 0.1 V (0.12 nm) it is."""
    import warnings as _w

    from ssb_models.scl import SubLatticeLayerWarning, table

    with _w.catch_warnings():
        _w.simplefilter("error", SubLatticeLayerWarning)
        out = table("lto-lgps-lco", [0.1, 1.0],
                    overrides={"Solid electrolyte relative permittivity": 1e4})
    assert not any(r["sub_lattice"] for r in out["results"]) and not out["warnings"]
    assert out["results"][0]["layer_width_m"] > 1e-9
    with pytest.warns(SubLatticeLayerWarning):
        llzo = table("li-llzo-lco", [0.1, 1.0])["results"]
    assert [r["sub_lattice"] for r in llzo] == [True, False]


def test_ssb_scl_flags_and_one_line_warning(capsys):
    """`ssb scl` (its command function, in process): one 'warning: ...' line on stderr
    in the human-readable output, and the table's column of flags."""
    from ssb_models.cli.parser import build_parser
    from ssb_models.cli.scl import scl

    args = build_parser().parse_args(["scl", "--cell", "lto-lgps-lco", "--delta-phi", "0.1",
                                 "0.5"])
    assert scl(args) == 0
    captured = capsys.readouterr()
    err = [x for x in captured.err.splitlines() if x.strip()]
    assert len(err) == 1 and err[0].startswith("warning: ") and "lattice spacing" in err[0]
    rows = [line.split() for line in captured.out.splitlines()[2:]]
    assert [row[-1] for row in rows] == ["yes", "yes"]
