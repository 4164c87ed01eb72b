"""Physical ranges of the parameters (ssb_models/parameters/ranges.py), C-rate bounds and
step strings: what is refused before any solve, and with which message."""

import json
import numbers
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pybamm
import pytest

import ssb_models
from ssb_models.checks import check_c_rate, check_physical, check_step, check_value
from ssb_models.errors import InputError
from ssb_models.experiments import parse_experiment
from ssb_models.parameters import cells, parameter_values
from ssb_models.parameters.ranges import RANGES, docs_section, markdown_table, range_for

DOCS = Path(__file__).resolve().parents[2] / "docs" / "model.md"
SSB = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")
ENV = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}


@pytest.fixture
def no_solve(monkeypatch):
    """Fail if a cell model is built (every solve starts there)."""
    import ssb_models.models.options

    def fail(*a, **k):
        raise AssertionError("the cell model was built: a solve was attempted")

    monkeypatch.setattr(ssb_models.models.options, "build_model", fail)
    monkeypatch.setattr(pybamm.lithium_ion.DFN, "__init__", fail)


def numeric_names(pv):
    return [k for k in pv.keys() if isinstance(pv[k], numbers.Number)
            and not isinstance(pv[k], bool)]


@pytest.mark.parametrize("cell", sorted(cells()))
def test_every_shipped_number_has_a_range_and_lies_in_it(cell):
    """A parameter a cell adds without a row in the table fails here; the shipped
    (sourced) values all lie inside their ranges."""
    pv = parameter_values(cell)
    names = numeric_names(pv)
    assert len(names) > 90
    missing = [n for n in names if range_for(n) is None]
    assert missing == [], f"no range for {missing}: add a row to parameters/ranges.py"
    check_physical(pv, cell=cells()[cell])  # raises if one is outside


def test_the_table_has_a_reason_for_every_range():
    assert len(RANGES) >= 60
    for r in RANGES:
        assert r.low < r.high, r.name
        assert len(r.reason) > 15, r.name
        # a bound either has a source (a paper or a definition) or says it is assumed
        assert re.search(r"assumed|definition|derived|\d{4}|[<>]=? ?0|\(0, 1|>= 1|"
                         "is [<>]=|Wiener|fraction|CRC|range", r.reason), r.name


def test_docs_table_is_the_codes():
    """docs/model.md 'Parameter ranges' is generated from the table (python -m
    ssb_models.parameters.ranges --write): the two cannot drift."""
    with open(DOCS, encoding="utf-8", newline="") as f:
        text = f.read()
    assert "## Parameter ranges" in text
    assert docs_section(text) == markdown_table()


@pytest.mark.parametrize("name,expected", [
    ("Negative electrode coating thickness [m]", "thickness [m]"),
    ("Negative particle radius [m]", "particle radius [m]"),
    ("Separator Bruggeman coefficient (electrolyte)", "Bruggeman coefficient"),
    ("Negative electrode interface ASR [Ohm.m2]", "ASR"),
    ("Binder density [kg.m-3]", "density [kg.m-3]"),
    ("Binder specific heat capacity [J.kg-1.K-1]", "specific heat capacity"),
    ("Negative electrode reference exchange-current density [A.m-2]",
     "exchange-current density [A.m-2]"),
    ("Negative electrode exchange-current density activation energy [J.mol-1]",
     "activation energy [J.mol-1]"),
])
def test_a_future_parameter_gets_a_range_from_its_name(name, expected):
    assert range_for(name).name == expected


@pytest.mark.parametrize("cell,name,value,message", [
    # each of these was accepted before (through --set, a cell file or a sweep)
    ("li-llzo-lco", "Ambient temperature [K]", 1e4, "outside -50 to 130 C"),
    ("li-peo-lfp", "Initial temperature [K]", 253.15, "outside 0 to 130 C"),
    ("li-llzo-lco", "Stack pressure [Pa]", -1e6, "must be > 0"),
    ("li-llzo-lco", "Stack pressure [Pa]", 0.0, "must be > 0"),
    ("li-llzo-lco", "Stack pressure [Pa]", 1e10, "fail mechanically"),
    ("lto-lgps-lco", "Cation transference number", 2.0, "anion moves against the field"),
    ("li-llzo-lco", "Positive electrode charge transfer coefficient", 5.0, "(0, 1)"),
    ("li-llzo-lco", "Negative electrode charge transfer coefficient", 0.0, "(0, 1)"),
    ("li-llzo-lco", "Contact resistance [Ohm]", -1.0, "must be >= 0"),
    ("li-llzo-lco", "Lithium metal interface ASR at reference pressure [Ohm.m2]", -1e-4,
     "must be >= 0"),
    ("li-llzo-lco", "Total heat transfer coefficient [W.m-2.K-1]", -10.0, "adiabatic"),
    ("li-llzo-lco", "Solid electrolyte specific heat capacity [J.kg-1.K-1]", -550.0,
     "must be > 0"),
    ("li-llzo-lco", "Positive electrode thickness [m]", 1e-12, "[1e-07, 0.01] m"),
    ("li-llzo-lco", "Separator thickness [m]", 0.0, "must be > 0"),
    ("li-llzo-lco", "Positive particle radius [m]", 1e-12, "[1e-08, 0.0001] m"),
    ("li-llzo-lco", "Positive electrode porosity", 1.2, "(0, 1]"),
    ("li-llzo-lco", "Positive electrode Bruggeman coefficient (electrolyte)", 0.9, "Wiener"),
    ("lto-lgps-lco", "Buffer layer thickness [m]", -1e-9, "0 = no buffer"),
    ("li-peo-lfp", "SEI lithium interstitial diffusivity [m2.s-1]", -1e-16, "0 = no growth"),
    ("li-peo-lfp", "Positive electrode additive volume fraction", 0.2, "sum above 1"),
    ("li-peo-lfp", "Polymer electrolyte VTF Vogel temperature [K]", 340.0, "diverges"),
    ("li-llzo-lco", "Lower voltage cut-off [V]", -1.0, "must be > 0"),
])
def test_out_of_range_values_are_refused_before_any_solve(no_solve, cell, name, value,
                                                         message):
    with pytest.raises(InputError, match=re.escape(message)) as err:
        ssb_models.run_experiment("discharge", cell=cell, overrides={name: value})
    assert name in str(err.value)


@pytest.mark.parametrize("name,value", [
    ("Cation transference number", 1.0),      # single-ion
    ("Cation transference number", -0.376),   # PEO-LiTFSI, 2572 mol/m3 (P34)
    ("Positive electrode charge transfer coefficient", 0.5),
    ("Positive electrode Bruggeman coefficient (electrolyte)", 1.0),
    ("Buffer layer thickness [m]", 0.0),      # no buffer
    ("SEI lithium interstitial diffusivity [m2.s-1]", 0.0),  # no growth
    ("Positive electrode interface ASR [Ohm.m2]", 0.0),     # none
    ("Total heat transfer coefficient [W.m-2.K-1]", 0.0),    # adiabatic
    ("Positive electrode additive volume fraction", 0.0),    # no additive
    ("Separator porosity", 1.0),              # dense separator
    ("Positive electrode partial molar volume [m3.mol-1]", -7.28e-7),  # LCO shrinks
    ("Ambient temperature [K]", 5000.0),      # no cell: only > 0 K
])
def test_physical_edge_values_are_accepted(name, value):
    check_value(name, value)


def test_cell_temperature_message_says_range_cell_and_the_flag():
    cell = cells()["li-llzo-lco"]
    with pytest.raises(InputError) as err:
        check_value("Initial temperature [K]", 25.0, cell)
    text = str(err.value)
    for part in ("-50 to 130 C", "'li-llzo-lco'", "--temperature", "Did you give Celsius"):
        assert part in text
    check_value("Ambient temperature [K]", 313.15, cell)  # 40 C: inside


def test_names_limit_the_single_value_checks_not_the_cross_checks():
    pv = parameter_values("li-llzo-lco")
    pv.update({"Stack pressure [Pa]": -1.0})
    check_physical(pv, names=["Separator thickness [m]"])  # not asked: not checked
    with pytest.raises(InputError, match="Stack pressure"):
        check_physical(pv, names=["Stack pressure [Pa]"])
    pv = parameter_values("li-llzo-lco")
    pv.update({"Lower voltage cut-off [V]": 4.5})
    with pytest.raises(InputError, match="must be below the upper"):
        check_physical(pv, names=[])


def test_a_swept_input_is_checked_against_the_cell():
    """The batched discharge checks each point's inputs with the cell (its temperature
    range too)."""
    from ssb_models.experiments.discharge_runner import DischargeRunner

    runner = DischargeRunner("li-llzo-lco", input_names=["Stack pressure [Pa]"])
    with pytest.raises(InputError, match="must be > 0"):
        runner.point_values(1.0, None, {"Stack pressure [Pa]": 0.0})


def test_a_sweep_with_an_out_of_range_override_is_refused_on_load(tmp_path):
    from ssb_models.sweeps.spec import load_sweep

    p = tmp_path / "bad.toml"
    p.write_text('name = "bad"\ncell = "li-llzo-lco"\nexperiment = "discharge"\n'
                 '[overrides]\n"Stack pressure [Pa]" = -1.0\n[[parameters]]\n'
                 'name = "Solid electrolyte conductivity at reference temperature [S.m-1]"\n'
                 'values = [0.1]\n')
    with pytest.raises(InputError, match=r"bad.toml.*'Stack pressure \[Pa\]' must be > 0"):
        load_sweep(p)


# ----------------------------------------------------------------- C-rates, steps
@pytest.mark.parametrize("rate,message", [
    (0.0, "> 0"), (-1.0, "> 0"), (1e9, "3.6 s discharge"), (1e-6, "self-discharge")])
def test_c_rate_bounds(rate, message):
    with pytest.raises(InputError, match=re.escape(message)):
        check_c_rate(rate)


def test_c_rate_bounds_are_printable_in_a_step_string():
    """Both ends of the C-rate range are numbers PyBaMM's step parser reads as written
    (beyond them '{:g}' writes an exponent, '1e+06C', which it cannot read)."""
    for rate in (1e-4, 1e3):
        step = pybamm.step.string(f"Discharge at {rate:g}C until 3 V")
        assert step.value == pytest.approx(rate)
        check_c_rate(rate)


@pytest.mark.parametrize("step,message", [
    ("Discharge at -1C until {v_min} V", "the C-rate must be > 0"),
    ("Discharge at C/-2 until {v_min} V", "the C-rate must be > 0"),
    ("Discharge at 0C until {v_min} V", "the C-rate must be > 0, got 0"),
    ("Charge at -2 A until {v_max} V", "the current must be > 0"),
    ("Discharge at -5 mW for 1 hour", "the power must be > 0"),
    ("Rest for -5 minutes", "the duration must be > 0, got -300 s"),
    ("Discharge at 1C for 0 hours", "the duration must be > 0"),
    ("Hold at -4.2 V until C/50", "the voltage must be > 0"),
    ("Hold at {v_max} V until -1 mA", "would never end"),
])
def test_non_positive_step_values_are_refused_on_load_naming_the_step(step, message):
    data = {"name": "x", "description": "d", "steps": ["Rest for 1 minute", step]}
    with pytest.raises(InputError) as err:
        parse_experiment(data, "mine.toml")
    text = str(err.value)
    assert text.startswith("mine.toml: step '") and message in text
    assert step.split(" ")[0] in text  # the step is named


def test_valid_steps_pass():
    for s in ("Discharge at 1C until 3 V", "Charge at C/2 until 4.2 V",
              "Hold at 4.2 V until C/50", "Rest for 10 minutes", "Discharge at 2 mA for 1 hour",
              "Discharge at 1 W until 3 V"):
        check_step(s)
    for name in ("discharge", "cycling"):  # the shipped step files load
        ssb_models.experiments.load_experiment(name)


def test_an_experiment_files_c_rate_has_the_bounds():
    with pytest.raises(InputError, match="key 'c_rate' 1e\\+06 is outside"):
        parse_experiment({"name": "x", "description": "d", "c_rate": 1e6,
                          "steps": ["Discharge at {c_rate}C until {v_min} V"]}, "f.toml")


# -------------------------------------------------------------------------- CLI
def ssb(*args, cwd):
    return subprocess.run([SSB, *args], capture_output=True, text=True, env=ENV, cwd=cwd,
                          timeout=300)


def test_cli_refuses_with_exit_2(tmp_path):
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--set",
            "Ambient temperature [K]=1e4", "--out", "o", cwd=tmp_path)
    assert r.returncode == 2 and "--temperature" in r.stderr and "Traceback" not in r.stderr
    r = ssb("run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "1e9", "--out", "o",
            cwd=tmp_path)
    assert r.returncode == 2 and "1000C is a 3.6 s discharge" in r.stderr
    assert "could not convert" not in r.stderr and "discharge.toml" not in r.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").glob("*.csv"))


def test_cells_parameters_show_ranges(tmp_path):
    r = ssb("cells", "--parameters", "li-peo-lfp", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = {row["name"]: row for row in json.loads(r.stdout)}
    assert rows["Separator thickness [m]"]["range"] == "[1e-07, 0.01] m"
    assert "273.15 to 403.15 K (0 to 130 C" in rows["Ambient temperature [K]"]["range"]
    assert rows["Cation transference number"]["range"] is None  # a function
