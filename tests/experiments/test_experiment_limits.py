"""Experiment TOML values at the extremes are one message each, at load or at prepare,
before any solve (issue 21, class 7)."""

import pytest

import ssb_models
from ssb_models.errors import InputError
from ssb_models.experiments import parse_experiment, prepare

BASE = {"name": "x", "description": "d"}


@pytest.mark.parametrize("data, message", [
    ({"steps": ["Discharge at {c_rate C until {v_min} V"]}, "a literal brace is doubled"),
    ({"steps": ["Discharge at 1C until 3 V"], "period_s": 1e-9}, "below 0.001 s"),
    ({"type": "eis", "frequencies_Hz": [1e-2, float("inf")]}, "leaves 1e-06 to 1e+09 Hz"),
    ({"type": "eis", "frequencies_Hz": [1e-9, 1e3]}, "leaves 1e-06 to 1e+09 Hz"),
    ({"type": "cycle-life", "frequencies_Hz": [1e-2, 1e600]}, "leaves 1e-06 to 1e+09 Hz"),
    ({"type": "gitt", "c_rate": 1e-300}, "outside 0.0001 to 1000"),
    ({"type": "gitt", "c_rate": 2e-4, "pulse_s": 1.0}, "more than 10000"),
    ({"type": "gitt", "rest_s": 3.6e12}, "longer than 1e+07 s"),
    ({"type": "rate-capability", "c_rates": [1.0], "rest_min": 6e10}, "longer than 1e+07 s"),
    ({"type": "critical-current", "start_mA_cm2": 1e-12}, "longer than 1e+07 s"),
    ({"name": "bad\x00name", "steps": ["Rest for 1 hour"]}, "control character"),
])
def test_extreme_values_are_refused_at_load(data, message):
    with pytest.raises(InputError, match=".*" + message.replace("(", r"\(").replace(
            "+", r"\+").replace("{", r"\{")):
        parse_experiment({**BASE, **data}, "my.toml")


def test_a_step_whose_output_would_not_fit_in_memory_is_refused_at_prepare():
    spec = parse_experiment({**BASE, "steps": ["Rest for 1e6 hours"]}, "my.toml")
    with pytest.raises(InputError, match="more than 1e\\+06; give a longer 'period_s'"):
        prepare("li-llzo-lco", spec)
    many = parse_experiment({**BASE, "steps": ["Discharge at {c_rate}C until {v_min} V",
                                               "Charge at {c_rate}C until {v_max} V"],
                             "cycles": 2000, "period_s": 0.5}, "my.toml")
    with pytest.raises(InputError, match="more than 2e\\+07"):
        prepare("li-llzo-lco", many)


def test_the_limits_leave_the_predefined_experiments_alone():
    for name in ssb_models.experiments.predefined():
        prepare("li-llzo-lco" if name != "eis" else "lto-lgps-lco", name)


@pytest.mark.parametrize("experiment, name", [
    ("critical-current", "Stack pressure [Pa]"),
    ("temperature-ladder", "Ambient temperature [K]"),
])
def test_an_override_the_experiment_sets_itself_is_refused(experiment, name):
    with pytest.raises(InputError, match="is set by the .* experiment itself"):
        prepare("li-llzo-lco", experiment, overrides={name: 3e6 if "Pa" in name else 310.0})


@pytest.mark.parametrize("name", ["Nominal cell capacity [A.h]", "Current function [A]",
                                  "Initial concentration in positive electrode [mol.m-3]"])
def test_an_override_of_a_derived_value_is_refused(name):
    from ssb_models.parameters import parameter_values

    value = parameter_values("li-llzo-lco")[name]
    with pytest.raises(InputError, match="is derived from the cell's other values"):
        prepare("li-llzo-lco", "discharge", overrides={name: 1.1 * value})
