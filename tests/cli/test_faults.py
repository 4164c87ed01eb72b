"""Faults a user or a machine throws at the CLI, each one message (exit 2) before any
solve, and files that hold no NaN (issue 21, README "Guarantees")."""

import fcntl
import json
import os

import pytest
from ssb_helpers import one_error, ssb_cli

ENV = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}


def ssb(*args, cwd):
    return ssb_cli(*args, cwd=cwd)


RUN = ("run", "discharge", "--cell", "li-llzo-lco")


def test_output_paths_that_cannot_be_written(tmp_path):
    (tmp_path / "loop_a").symlink_to(tmp_path / "loop_b")
    (tmp_path / "loop_b").symlink_to(tmp_path / "loop_a")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    cases = [(tmp_path / "loop_a", "symbolic links"),
             (tmp_path / "dangling", "does not exist"),
             (tmp_path / ("x" * 300), "too long"),
             ("/proc/ssb_out", "cannot be written")]
    for out, message in cases:
        assert message in one_error(ssb(*RUN, "--out", out, cwd=tmp_path))
    assert not (tmp_path / "nowhere").exists()
    line = one_error(ssb("scl", "--cell", "lto-lgps-lco", "--cathode-potential", "4",
                         "--plot", "/proc/ssb.png", cwd=tmp_path))
    assert "--plot" in line and "cannot be written" in line


def test_abbreviated_flags_are_refused(tmp_path):
    r = ssb(*RUN, "--c-rat", "2", cwd=tmp_path)
    assert r.returncode == 2 and "unrecognized arguments: --c-rat" in r.stderr


def test_a_users_own_results_are_not_replaced(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "timeseries.csv").write_text("my,data\n1,2\n")
    (out / "notes.toml").write_text("x = 1\n")
    line = one_error(ssb(*RUN, "--out", out, cwd=tmp_path))
    assert "ssb did not write" in line and "timeseries.csv" in line and "--force" in line
    assert (out / "timeseries.csv").read_text() == "my,data\n1,2\n"


def test_a_folder_another_ssb_command_is_writing_is_refused(tmp_path):
    out = tmp_path / "busy"
    out.mkdir()
    with open(out / ".ssb.lock", "a+") as fh:  # as a running ssb command holds it
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        line = one_error(ssb(*RUN, "--out", out, cwd=tmp_path))
    assert "being written by another ssb command" in line
    assert not (out / "summary.json").exists()


def test_compare_does_not_replace_another_comparison_without_force(tmp_path):
    out = tmp_path / "cmp"
    first = ssb("compare", "P01", "--cell", "li-llzo-lco", "--out", out, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = (out / "comparison.json").read_text()
    other = ssb("compare", "P01", "--cell", "li-llzo-lco", "--out", out, "--set",
                "Separator thickness [m]=5e-5", cwd=tmp_path)
    assert "different compare" in one_error(other) and "--force" in other.stderr
    assert (out / "comparison.json").read_text() == before
    again = ssb("compare", "P01", "--cell", "li-llzo-lco", "--out", out, cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # the same comparison may be redone


def test_experiment_files_in_utf16_or_with_a_bom_are_read(tmp_path):
    from ssb_models.experiments import load_experiment

    text = ('name = "bom-test"\ndescription = "UTF-16 from a Windows editor: é"\n'
            'steps = ["Discharge at {c_rate}C until {v_min} V"]\n')
    for enc in ("utf-16", "utf-16-le", "utf-8-sig"):
        path = tmp_path / f"{enc}.toml"
        path.write_bytes(text.encode(enc))
        assert load_experiment(path).description.endswith("é")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(text.encode("latin-1"))
    line = one_error(ssb("run", bad, "--cell", "li-llzo-lco", cwd=tmp_path))
    assert "not UTF-8" in line and "latin1.toml" in line


@pytest.mark.slow
def test_files_of_a_0_mAh_run_and_of_a_discharge_hold_no_nan(tmp_path):
    """A run that ends at its first instant has no power and a discharge has no charge
    voltage: empty in CSV, null in JSON (valid JSON: no NaN)."""
    for name, extra in (("zero", ("--set", "Solid electrolyte conductivity at reference "
                                           "temperature [S.m-1]=1e-6")),
                        ("discharge", ())):
        out = tmp_path / name
        r = ssb(*RUN, "--out", out, "--json", *extra, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        for f in out.glob("*.csv"):
            assert "nan" not in f.read_text().lower(), f
        summary = json.loads((out / "summary.json").read_text(),
                             parse_constant=lambda c: pytest.fail(f"{c} in summary.json"))
        json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f"{c} in --json"))
        if name == "zero":
            assert summary["capacity_mAh_g"] == 0 and summary["mean_voltage_V"] is None
        else:
            cycles = (out / "cycles.csv").read_text().splitlines()
            header, row = cycles[0].split(","), cycles[1].split(",")
            assert row[header.index("mean_charge_voltage_V")] == ""


def test_fit_of_a_function_valued_or_unknown_parameter_is_one_message(tmp_path):
    line = one_error(ssb("fit", "P01", "--cell", "li-llzo-lco", "--param",
                         "Positive particle diffusivity [m2.s-1]", cwd=tmp_path))
    assert "is a function in this cell" in line and "reference diffusivity" in line
    line = one_error(ssb("fit", "P01", "--cell", "li-llzo-lco", "--param",
                         "Solid electrolyte conductivity [S/m]", cwd=tmp_path))
    assert "Closest names" in line and "[S.m-1]" in line


def test_dataset_files_in_utf16_are_read(tmp_path):
    from ssb_models.data.datasets import load_file

    text = ('# id = "U16"\n# kind = "points"\n# citation = "made up for the test"\n'
            '# rate_unit = "C-rate"\n# capacity_unit = "mAh/g"\n# temperature_C = 25\n'
            'rate,capacity\n0.1,150\n')
    for enc in ("utf-16", "utf-8-sig"):
        path = tmp_path / f"{enc}.csv"
        path.write_bytes(text.encode(enc))
        assert list(load_file(path).columns["capacity"]) == [150.0]


@pytest.mark.slow
def test_a_step_that_cannot_start_inside_a_run_is_skipped_not_a_crash(tmp_path):
    """The polymer cell cannot start a 20C discharge to 3.3 V after its charge: that step
    is an empty PyBaMM solution while the others run (was a TypeError)."""
    toml = tmp_path / "hard.toml"
    toml.write_text('name = "hard"\ndescription = "x"\ncycles = 2\nsteps = ['
                    '"Discharge at 20C until 3.3 V", "Charge at 20C until 4.2 V", '
                    '"Hold at 4.2 V until C/50"]\n')
    r = ssb("run", toml, "--cell", "li-peo-lfp", "--out", tmp_path / "o", cwd=tmp_path)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert summary["cycles"][0]["discharge_capacity_mAh_g"] == 0
