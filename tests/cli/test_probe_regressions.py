"""Faults found by probing the CLI as a new and a hostile user: each test fails without
its fix (README "Guarantees")."""

import json
import os

import pytest
from ssb_helpers import one_error, ssb_cli

ENV = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
SIGMA = "Solid electrolyte conductivity at reference temperature [S.m-1]"


def ssb(*args, cwd):
    return ssb_cli(*args, cwd=cwd)


def test_rerun_into_folder_of_a_killed_run_is_not_refused(tmp_path):
    """A run killed (SIGKILL) before its end leaves summary.json (cycle-life writes it
    after every block) but no manifest: running the same command again was refused as
    'a different run', because the run signature's hash was compared with the
    identity's."""
    from ssb_models.errors import InputError
    from ssb_models.folders import identity, output_folder

    sig = {"experiment": "cycle-life", "cell": "li-llzo-lco", "model": "p2d",
           "hash": "c2d67f46"}
    (tmp_path / "summary.json").write_text(json.dumps({"run": sig}))
    with output_folder(tmp_path, identity("run", sig)):
        pass
    other = {**sig, "experiment": "discharge", "hash": "0badc0de"}
    (tmp_path / ".ssb.json").unlink()
    with pytest.raises(InputError, match="different run"):
        with output_folder(tmp_path, identity("run", other)):
            pass


def test_sweep_does_not_replace_a_users_results_csv(tmp_path):
    from ssb_models.errors import InputError
    from ssb_models.sweeps import run_sweep

    toml = tmp_path / "s.toml"
    toml.write_text(f'name = "s"\ncell = "li-llzo-lco"\n[[parameters]]\nname = "{SIGMA}"\n'
                    "values = [0.1]\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.csv").write_text("my,data\n")
    with pytest.raises(InputError, match="no sweep wrote"):
        run_sweep(str(toml), out, workers=1, progress=False)
    assert (out / "results.csv").read_text() == "my,data\n"
    assert not (out / "sweep.sqlite").exists()


def test_sweep_of_a_derived_value_is_refused(tmp_path):
    """Sweeping 'Nominal cell capacity [A.h]' ran every point with the same recomputed
    capacity (identical results), where --set refuses it."""
    from ssb_models.errors import InputError
    from ssb_models.sweeps import load_sweep

    toml = tmp_path / "s.toml"
    toml.write_text('name = "s"\ncell = "li-llzo-lco"\n[[parameters]]\n'
                    'name = "Nominal cell capacity [A.h]"\nvalues = [1.0, 2.0]\n')
    with pytest.raises(InputError, match="derived"):
        load_sweep(toml)


@pytest.mark.parametrize("flag, a, b", [
    ("--set", f"{SIGMA}=0.1", f"{SIGMA}=0.2"),
    ("--option", "thermal=lumped", "thermal=isothermal"),
])
def test_a_name_given_twice_with_different_values_is_refused(tmp_path, flag, a, b):
    """The last of two conflicting --set (or --option) values won, silently."""
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", flag, a, flag, b, "--out",
            tmp_path / "o", cwd=tmp_path)
    assert "given twice" in one_error(r)
    assert not (tmp_path / "o").exists()


def test_the_same_set_twice_is_one():
    from ssb_models.checks import parse_set
    from ssb_models.cli.common import pairs

    assert pairs([f"{SIGMA}=0.1", f"{SIGMA}=0.1"], parse_set, "--set") == {SIGMA: 0.1}


def test_plot_with_a_suffix_matplotlib_cannot_write_is_refused_before_solving(tmp_path):
    """--plot x.txt was an 'internal error' (matplotlib's ValueError) after the solve."""
    r = ssb("scl", "--cell", "lto-lgps-lco", "--cathode-potential", "4", "--plot",
            tmp_path / "x.txt", cwd=tmp_path)
    assert "not an image format" in one_error(r)


def test_plot_into_a_missing_folder_is_written(tmp_path):
    """check_out_file promises a missing folder is created; the plot failed with
    'No such file or directory' after the solve."""
    r = ssb("scl", "--cell", "lto-lgps-lco", "--cathode-potential", "4", "--plot",
            tmp_path / "new" / "x.png", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "new" / "x.png").is_file()


def test_fit_of_a_derived_value_is_refused():
    """'ssb fit --param "Nominal cell capacity [A.h]"' reported a fit (1 evaluation,
    sensitivity 0): the capacity is recomputed from the cathode's loading."""
    from ssb_models.data.fit import fit
    from ssb_models.errors import InputError

    with pytest.raises(InputError, match="derived"):
        fit("P01", "li-llzo-lco", ["Nominal cell capacity [A.h]"])


@pytest.mark.parametrize("value", [[5e-5, 6e-5], (5e-5,), {"a": 1}, True, 10**400, 10**5000],
                         ids=["list", "tuple", "dict", "bool", "int400", "int5000"])
def test_an_override_that_is_not_one_number_is_refused(value):
    """prepare(overrides={name: [5e-5, 6e-5]}) kept the cell's 2.5e-5 silently; 10**400
    was an OverflowError."""
    import ssb_models
    from ssb_models.errors import InputError

    with pytest.raises(InputError, match="Positive electrode thickness"):
        ssb_models.prepare("li-llzo-lco", "discharge",
                           overrides={"Positive electrode thickness [m]": value})


# ------------------------------------------------- left by the probe, mended after it
@pytest.mark.parametrize("step, message", [
    ("Discharge at 1e6 C until 3 V", "outside 0.0001 to 1000"),
    ("Discharge at 1 A until 3 V", "as a C-rate of this cell"),
])
def test_a_steps_current_has_the_c_rate_bounds(step, message):
    """'Discharge at 1 A' is ~1000C for a 1 cm2 cell: it ran to a solver failure and
    reported 0 mAh, exit 0."""
    from ssb_models.errors import InputError
    from ssb_models.experiments import parse_experiment, prepare

    spec = parse_experiment({"name": "x", "description": "y", "steps": [step]}, "s.toml")
    with pytest.raises(InputError, match=message):
        prepare("li-llzo-lco", spec)


@pytest.mark.parametrize("value, message", [
    (float("nan"), "finite number"), (float("inf"), "finite number"),
    (10 ** 400, "finite number")])
def test_non_finite_or_huge_temperatures_and_rates_say_so(value, message):
    from ssb_models.errors import InputError
    from ssb_models.experiments import prepare

    with pytest.raises(InputError, match=message):
        prepare("li-llzo-lco", "discharge", temperature_C=value)
    with pytest.raises(InputError, match=message):
        prepare("li-llzo-lco", "discharge", c_rate=value)


def test_fit_bounds_outside_the_physical_range_are_refused():
    from ssb_models.data.fit.problem import parse_bounds
    from ssb_models.errors import InputError

    with pytest.raises(InputError, match="--bounds 1e-09:1000 .*outside its physical range"):
        parse_bounds([SIGMA], [(1e-9, 1e3)], [0.1])
    with pytest.raises(InputError, match="finite"):
        parse_bounds([SIGMA], [(1e-9, float("inf"))], [0.1])
    assert parse_bounds([SIGMA], [(1e-3, 1.0)], [0.1]) == [(1e-3, 1.0)]


@pytest.mark.parametrize("data, message", [
    ({"type": "gitt", "design": "auto", "pulse_s": 60.0}, "would be ignored"),
    ({"type": "rate-capability", "c_rates": [1.0], "charge_c_rate": 0.5},
     "would be ignored"),
    ({"steps": ["Dance at 1C"]}, None),
])
def test_settings_a_type_ignores_are_refused_and_step_errors_are_one_line(data, message):
    from ssb_models.errors import InputError
    from ssb_models.experiments import parse_experiment, prepare

    if message:
        with pytest.raises(InputError, match=message):
            parse_experiment({"name": "x", "description": "y", **data}, "s.toml")
        return
    spec = parse_experiment({"name": "x", "description": "y", **data}, "s.toml")
    with pytest.raises(InputError) as info:
        prepare("li-llzo-lco", spec)
    assert "\n" not in str(info.value) and "invalid step" in str(info.value)


def test_an_empty_out_and_a_plot_without_potentials_are_refused(tmp_path):
    assert "is empty" in one_error(ssb("run", "discharge", "--cell", "li-llzo-lco",
                                       "--out", "", cwd=tmp_path))
    assert "--cathode-potential" in one_error(ssb("scl", "--cell", "lto-lgps-lco", "--plot",
                                                  tmp_path / "r.png", cwd=tmp_path))


def test_an_lhs_range_needs_no_num_and_bad_api_arguments_are_one_message():
    from ssb_models.errors import InputError
    from ssb_models.experiments import prepare
    from ssb_models.sweeps import parse_sweep, run_sweep

    spec = parse_sweep({"name": "l", "cell": "li-llzo-lco", "sampling": {
        "method": "lhs", "samples": 4, "seed": 1},
        "parameters": [{"name": SIGMA, "log": [1e-3, 1.0]}]}, "s.toml")
    assert len(spec.points) == 4
    with pytest.raises(InputError, match="options must be a dict"):
        prepare("li-llzo-lco", "discharge", options=["thermal"])
    with pytest.raises(InputError, match="overrides must be a dict"):
        prepare("li-llzo-lco", "discharge", overrides="x=1")
    with pytest.raises(InputError, match="whole number"):
        run_sweep(spec, "/nonexistent/never", workers=2.5, progress=False)
