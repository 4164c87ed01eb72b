"""Input validation and experiment schema, through the Python API; nothing is solved."""

import re

import pybamm
import pytest

import ssb_models
from ssb_models.errors import InputError
from ssb_models.experiments import load_experiment, parse_experiment


@pytest.fixture
def no_solve(monkeypatch):
    """Fail if the cell model is built (every cell solve starts there). Loading a
    cell may still run PyBaMM's electrode-SOH algebraic solve for its window."""
    import ssb_models.models.options

    def fail(*a, **k):
        raise AssertionError("the cell model was built: a solve was attempted")

    monkeypatch.setattr(ssb_models.models.options, "build_model", fail)
    monkeypatch.setattr(pybamm.lithium_ion.DFN, "__init__", fail)


@pytest.mark.parametrize("kwargs,message", [
    ({"cell": "nope"}, "Unknown cell"),
    ({"experiment": "nope"}, "Unknown experiment"),
    ({"c_rate": 0}, "C-rate"),
    ({"c_rate": float("nan")}, "C-rate"),
    ({"temperature_C": -273.15}, "absolute zero"),
    ({"overrides": {"Positive particle radius [m]": 0.0}}, "must be > 0"),
    ({"overrides": {"Positive electrode active material volume fraction": 0.0}}, "(0, 1]"),
    ({"overrides": {"Lower voltage cut-off [V]": 4.2}}, "must be below"),
    ({"overrides": {"Separator thicknes [m]": 1e-4}}, "Separator thickness [m]"),
])
def test_rejected_before_any_solve(no_solve, kwargs, message):
    args = {"experiment": "discharge", "cell": "li-llzo-lco", **kwargs}
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        ssb_models.run_experiment(**args)


def test_incompatible_options_rejected_before_any_build(no_solve):
    """Option combinations that are not implemented, or that the values cannot
    support, are refused up front, naming the reason."""
    with pytest.raises(InputError, match="single-ion"):
        ssb_models.run_experiment("eis", "li-peo-lfp", options={"space charge": "lattice-gas"})
    with pytest.raises(InputError, match="needs 'Positive electrode interface ASR"):
        ssb_models.run_experiment("eis", "li-llzo-lco",
                                  options={"interface resistance": "none,interphase"})
    with pytest.raises(InputError, match="two values"):
        ssb_models.run_experiment("eis", "li-llzo-lco",
                                  options={"interface resistance": "ohmic,ohmic,ohmic"})
    with pytest.raises(InputError, match="symmetric Butler-Volmer"):
        ssb_models.run_experiment("discharge", "li-llzo-lco",
                                  options={"interface resistance": "ohmic",
                                           "intercalation kinetics": "linear"})


def _spec(**kw):
    data = {"name": "x", "description": "d", "steps": ["Discharge at {c_rate}C until {v_min} V"]}
    data.update(kw)
    return data


@pytest.mark.parametrize("data,message", [
    (_spec(stpes=["Rest for 1 hour"]), "unknown key 'stpes' for a 'cycling' experiment. "
     "Did you mean 'steps'"),
    ({"name": "x", "description": "d"}, "missing required key 'steps'"),
    (_spec(steps="Rest for 1 hour"), "'steps' must be a list"),
    (_spec(steps=[]), "non-empty list"),
    (_spec(c_rate="fast"), "'c_rate' must be a number"),
    (_spec(c_rate=-1), "'c_rate' must be > 0"),
    (_spec(initial_soc=1.5), "'initial_soc' must be in [0, 1]"),
    (_spec(steps=["Discharge at {rate}C until 3 V"]), "unknown placeholder '{rate}'"),
    (_spec(type="impedance"), "'type' must be one of cycling, eis, rate-capability"),
    (_spec(type="rate-capabilty"), "Did you mean 'rate-capability'"),
    ({"name": "x", "description": "d", "type": "eis", "frequencies_Hz": [1e3, 1.0]},
     "0 < f_min < f_max"),
    ({"name": "x", "description": "d", "type": "eis", "steps": ["Rest for 1 hour"]},
     "unknown key 'steps' for a 'eis' experiment. ('steps' belongs to: cycling)"),
    ({"name": "x", "description": "d", "type": "rate-capability"},
     "missing required key 'c_rates'"),
    ({"name": "x", "description": "d", "type": "rate-capability", "c_rates": [1, "2C"]},
     "'c_rates' must be a non-empty list of numbers"),
    ({"name": "x", "description": "d", "type": "rate-capability", "c_rates": [1],
      "start": "charge"}, "'start' must be one of reset, cccv"),
    ({"name": "x", "description": "d", "type": "gitt", "pulse_s": 0},
     "'pulse_s' must be > 0"),
    ({"name": "x", "description": "d", "type": "pulse", "socs": [0.2, 0.8]},
     "'socs' must be descending values in (0, 1)"),
    ({"name": "x", "description": "d", "type": "temperature-ladder", "c_rates": [1],
      "temperatures_C": [25, -300]}, "above absolute zero"),
    ({"name": "x", "description": "d", "type": "gitt", "c_rates": [1]},
     "'c_rates' belongs to: rate-capability, temperature-ladder"),
])
def test_experiment_schema_errors_name_file_and_key(data, message):
    with pytest.raises(InputError) as err:
        parse_experiment(data, "my_exp.toml")
    assert str(err.value).startswith("my_exp.toml: ")
    assert message in str(err.value)


def test_bad_step_string_rejected(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text('name = "b"\ndescription = "d"\nsteps = ["Dance at 1C for 2 hours"]\n')
    spec = load_experiment(p)
    with pytest.raises(InputError, match="bad.toml: invalid step"):
        spec.to_pybamm(1.0, 3.0, 4.05)


def test_invalid_toml_named(tmp_path):
    p = tmp_path / "broken.toml"
    p.write_text("name = \n")
    with pytest.raises(InputError, match="broken.toml: not valid TOML"):
        load_experiment(p)


def test_predefined_discharge():
    spec = load_experiment("discharge")
    assert spec.step_strings(2, 3.0, 4.05) == ["Discharge at 2C until 3 V"]
    assert spec.initial_soc == 1.0


def test_predefined_name_wins_over_a_same_named_folder(tmp_path, monkeypatch):
    """An output folder called like an experiment (e.g. from `--out gitt`) must not
    shadow the predefined experiment."""
    (tmp_path / "gitt").mkdir()
    monkeypatch.chdir(tmp_path)
    assert load_experiment("gitt").type == "gitt"
    with pytest.raises(InputError, match="does not exist"):
        load_experiment("mine.toml")


@pytest.mark.parametrize("cell", ["li-llzo-lco", "lto-lgps-lco", "li-peo-lfp"])
def test_bruggeman_below_one_is_refused_for_every_cell(no_solve, cell):
    """b < 1 would mean a tortuosity eps^(1-b) < 1 (Wiener bound): refused for every
    Bruggeman entry of every cell, and the shipped values all obey b >= 1."""
    from ssb_models.parameters import parameter_values

    pv = parameter_values(cell)
    names = [n for n in pv.keys() if "Bruggeman coefficient" in n]
    assert names and all(pv[n] >= 1 for n in names)
    for name in names:
        with pytest.raises(InputError, match="Wiener"):
            ssb_models.run_experiment("discharge", cell=cell, overrides={name: 0.9})


@pytest.mark.parametrize("cell,kwargs,message", [
    ("li-llzo-lco", {"options": {"electrolyte": "binary"}}, "Cells with 'binary': li-peo-lfp"),
    ("li-llzo-lco", {"options": {"working electrode": "both"}},
     "Cells with 'both': lto-lgps-lco"),
    ("li-peo-lfp", {"options": {"electrolyte": "single-ion"}}, "li-llzo-lco, lto-lgps-lco"),
    ("li-llzo-lco", {"options": {"interface utilisation": "current-driven"}},
     "Allowed: 'full' or 'constant'"),
    ("lto-lgps-lco", {"options": {"thermal": "x-full"}}, "Allowed: 'isothermal', 'lumped'"),
    ("li-llzo-lco", {"overrides": {"Positive electrode OCP [V]": 3.9}},
     "is a function in this cell"),
    ("li-llzo-lco", {"overrides": {"Solid electrolyte conductivity [S.m-1]": 0.1}},
     "'Solid electrolyte activation energy [J.mol-1]'"),
    ("li-llzo-lco", {"overrides": {"Initial negative electrode interface utilisation": -0.5}},
     "contact fraction"),
    ("li-llzo-lco", {"overrides": {"Initial positive electrode interface utilisation": 2.0}},
     "contact fraction"),
    ("li-llzo-lco", {"temperature_C": 1e6}, "outside -50 to 130 C"),
    ("li-llzo-lco", {"temperature_C": 298}, "did you mean 298 K = 24.85 C"),
    ("li-peo-lfp", {"temperature_C": -20}, "outside 0 to 130 C"),
])
def test_bad_options_and_values_are_refused_before_any_solve(no_solve, cell, kwargs, message):
    """Each of these gave a traceback, a hang or a silently wrong run before; now one
    message that says what is allowed."""
    with pytest.raises(InputError, match=re.escape(message)):
        ssb_models.run_experiment("discharge", cell=cell, **kwargs)


@pytest.mark.parametrize("experiment,kwargs,message", [
    ("gitt", {"c_rate": 2.0}, "--c-rate does not apply"),
    ("eis", {"c_rate": 1.0}, "no current"),
    ("pulse", {"c_rate": 1.0}, "'pulse_c_rate'"),
    ("rate-capability", {"c_rate": 3.0}, "'c_rates' list"),
    ("temperature-ladder", {"temperature_C": 40.0}, "'temperatures_C'"),
])
def test_flags_an_experiment_would_ignore_are_refused(no_solve, experiment, kwargs, message):
    with pytest.raises(InputError, match=re.escape(message)):
        ssb_models.run_experiment(experiment, cell="li-llzo-lco", **kwargs)
