"""`ssb` end to end in a subprocess, and every bad-input case."""

import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

SSB = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")
ENV = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}


def ssb(*args, cwd):
    return subprocess.run([SSB, *args], capture_output=True, text=True, env=ENV, cwd=cwd,
                          timeout=300)


def test_cells_lists_the_cell(tmp_path):
    r = ssb("cells", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = {row["id"]: row for row in json.loads(r.stdout)}
    assert set(rows) == {"li-llzo-lco", "lto-lgps-lco", "li-peo-lfp"}
    assert rows["li-peo-lfp"]["default_temperature_C"] == pytest.approx(60.0)
    assert rows["lto-lgps-lco"]["anode"].startswith("Li4Ti5O12")
    cell = rows["li-llzo-lco"]
    assert cell["anode"] == "Li metal" and "LLZO" in cell["electrolyte"]
    assert cell["default_temperature_C"] == pytest.approx(25.0)
    # 25 um, 58 % LCO, 51218 mol/m3, x from 0.495 (4.2 V) to 0.967 (3.0 V) of the OCP fit:
    # F c_max eps L dx = 96485 * 51217.9 * 0.58 * 25e-6 * 0.472 / 3.6 = 0.94 mAh/cm2
    assert 0.92 < cell["theoretical_capacity_mAh_cm2"] < 0.96
    r = ssb("cells", cwd=tmp_path)
    assert "li-llzo-lco" in r.stdout and "Li metal" in r.stdout


def test_cells_parameters_show_sources(tmp_path):
    r = ssb("cells", "--parameters", "li-llzo-lco", "--json", cwd=tmp_path)
    rows = json.loads(r.stdout)
    assert all(row["source"] for row in rows)
    assert any(row["name"] == "Separator thickness [m]" for row in rows)


def test_run_discharge_end_to_end(tmp_path):
    out = tmp_path / "res"
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "0.5",
            "--temperature", "40", "--set", "Separator thickness [m]=2e-4",
            "--out", str(out), "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    for key in ("cell", "experiment", "temperature_C", "c_rate", "capacity_mAh_g",
                "capacity_mAh_cm2", "mean_voltage_V", "energy_mWh_cm2", "termination",
                "solve_time_s"):
        assert key in s, key
    assert s["cell"] == "li-llzo-lco" and s["experiment"] == "discharge"
    assert s["temperature_C"] == pytest.approx(40) and s["c_rate"] == pytest.approx(0.5)
    assert s["overrides"] == {"Separator thickness [m]": 2e-4}
    assert "Voltage < 3" in s["termination"]
    # the files agree with the summary
    assert json.loads((out / "summary.json").read_text()) == s
    assert (out / "voltage.png").stat().st_size > 10_000
    with open(out / "timeseries.csv") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["time_s", "voltage_V", "current_A", "capacity_mAh", "cycle", "step"]
    q = float(rows[-1]["capacity_mAh"]) - float(rows[0]["capacity_mAh"])
    assert q == pytest.approx(s["capacity_mAh_cm2"] * s["area_cm2"], rel=1e-9)
    assert q / (s["active_material_mass_mg"] / 1e3) == pytest.approx(s["capacity_mAh_g"])
    assert float(rows[-1]["voltage_V"]) == pytest.approx(3.0, abs=1e-3)
    # mean voltage = energy / capacity, inside the window
    assert 3.0 < s["mean_voltage_V"] < 4.05
    assert s["energy_mWh_cm2"] == pytest.approx(s["mean_voltage_V"] * s["capacity_mAh_cm2"])


@pytest.mark.parametrize("cell,c_rate,temperature", [
    ("lto-lgps-lco", "2", "40"), ("li-peo-lfp", "0.2", "70"), ("li-llzo-lco", "1", "0")])
def test_run_each_cell(tmp_path, cell, c_rate, temperature):
    r = ssb("run", "discharge", "--cell", cell, "--c-rate", c_rate, "--temperature",
            temperature, "--out", str(tmp_path / "o"), "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["cell"] == cell and s["temperature_C"] == pytest.approx(float(temperature))
    assert 0 < s["capacity_mAh_cm2"] <= s["nominal_capacity_mAh_cm2"] * 1.001
    assert s["lower_cutoff_V"] < s["mean_voltage_V"] < s["upper_cutoff_V"]


def test_user_toml_experiment(tmp_path):
    exp = tmp_path / "my.toml"
    exp.write_text('name = "two-step"\ndescription = "d"\n'
                   'steps = ["Discharge at {c_rate}C for 10 minutes", "Rest for 5 minutes"]\n')
    r = ssb("run", str(exp), "--cell", "li-llzo-lco", "--out", str(tmp_path / "o"),
            "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    # 10 minutes at 1C discharges 1/6 of the nominal capacity
    assert s["capacity_mAh_cm2"] == pytest.approx(s["nominal_capacity_mAh_cm2"] / 6, rel=1e-6)


BAD = [
    (["run", "dischrge", "--cell", "li-llzo-lco"], "Did you mean 'discharge'"),
    (["run", "discharge", "--cell", "li-lzo-lco"], "Did you mean 'li-llzo-lco'"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--set", "Seperator thickness [m]=1e-4"],
     "Closest names: 'Separator thickness [m]'"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--set", "Separator thickness [m]=0"],
     "must be > 0"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--set",
      "Solid electrolyte conductivity at reference temperature [S.m-1]=-1"], "must be > 0"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--set", "Positive electrode porosity=1.2"],
     "(0, 1]"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--set", "Positive electrode porosity=0.5"],
     "sum above 1"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "0"], "C-rate must be"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "-2"], "C-rate must be"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--temperature", "-300"], "absolute zero"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "1,5"], "must be a number"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--set", "Separator thickness [m]=1e-4m"],
     "is not a number"),
    (["run", "discharge", "--cell", "li-llzo-lco", "--set", "Separator thickness [m]"],
     "malformed"),
    (["run", "missing.toml", "--cell", "li-llzo-lco"], "does not exist"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[m for _, m in BAD])
def test_bad_input_one_clear_error(tmp_path, args, message):
    r = ssb(*args, "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()  # nothing was solved or written


def test_every_command_is_bounded_in_wall_time(tmp_path):
    """A solve that runs past --max-time is stopped with one message (no hang, no
    traceback); a malformed limit is a user error before anything runs."""
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--out", str(tmp_path / "o"),
            "--max-time", "0.5", cwd=tmp_path)
    assert r.returncode == 1
    assert "time limit of 0.5 s" in r.stderr and "Traceback" not in r.stderr
    for bad in ("abc", "-1", "inf", "nan"):
        r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--max-time", bad, cwd=tmp_path)
        assert r.returncode == 2 and "--max-time" in r.stderr, (bad, r.stderr)
    env = {**ENV, "SSB_MAX_TIME": "0.5"}
    r = subprocess.run([SSB, "run", "discharge", "--cell", "li-llzo-lco", "--out",
                        str(tmp_path / "o2")], capture_output=True, text=True, env=env,
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 1 and "time limit" in r.stderr


def test_bad_out_and_scl_inputs_are_one_message(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    cases = [
        (("run", "discharge", "--cell", "li-llzo-lco", "--out", str(a_file)), "existing file"),
        (("run", "discharge", "--cell", "li-llzo-lco", "--out", str(a_file / "sub")),
         "cannot be created"),
        (("scl", "--cell", "lto-lgps-lco", "--cathode-potential", "nan"), "finite"),
        (("scl", "--cell", "lto-lgps-lco", "--cathode-potential", "1e6"), "(0, 6] V"),
    ]
    for args, message in cases:
        r = ssb(*args, cwd=tmp_path)
        assert r.returncode == 2 and message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    r = ssb("--version", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("ssb ")


def test_outputs_never_overwrite_a_different_run(tmp_path):
    out = tmp_path / "o"
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "5", "--out", str(out),
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    first = json.loads((out / "summary.json").read_text())["run"]
    assert first["c_rate"] == 5.0 and len(first["hash"]) == 8
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "4", "--out", str(out),
            cwd=tmp_path)
    assert r.returncode == 2 and "different run" in r.stderr and "--force" in r.stderr
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "4", "--out", str(out),
            "--force", cwd=tmp_path)
    assert r.returncode == 0
    assert json.loads((out / "summary.json").read_text())["run"]["c_rate"] == 4.0
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "4", cwd=tmp_path)
    assert r.returncode == 0
    (folder,) = (tmp_path / "ssb_results").iterdir()
    assert folder.name.startswith("discharge_li-llzo-lco_p2d_") and "model p2d" in r.stdout
