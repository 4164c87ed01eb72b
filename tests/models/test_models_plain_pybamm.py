"""The models and parameter sets used as plain PyBaMM objects, without the ssb pipeline:
parameter values that pickle, default parameter values that are the solid-state cells,
and an interphase without its resistance refused with the CLI's message."""

import inspect
import numbers
import pickle

import numpy as np
import pybamm
import pytest

import ssb_models
from ssb_models.errors import InputError
from ssb_models.models import SolidStateDFN, SolidStateSPMe

CELLS = ("Li_LLZO_LCO", "LTO_LGPS_LCO", "Li_PEO_LFP")
#: argument values to evaluate a parameter function at, by argument name (any other
#: argument: 0.5)
ARGS = {"T": 310.0, "c_e": 1000.0, "c_s_surf": 20000.0, "c_s_max": 51217.9, "sto": 0.6,
        "c_Li": 76900.0, "p": 2e6, "delta_phi": 0.3}
SPACE_CHARGE = ("Space-charge excess length [m]", "Buffer layer excess length [m]",
                "Space-charge capacitance [F.m-2]")


def scalar(x):
    return float(np.asarray(x).ravel()[0])


def evaluated(pv, names=None):
    """Every value of ``pv`` as a number: numbers as they are, functions evaluated at
    :data:`ARGS`."""
    out = {}
    for name in names or pv.keys():
        v = pv[name]
        if isinstance(v, numbers.Number):
            out[name] = float(v)
        elif callable(v):
            args = [pybamm.Scalar(ARGS.get(a, 0.5))
                    for a in inspect.signature(v).parameters]
            out[name] = scalar(pv.evaluate(v(*args)))
    return out


@pytest.mark.parametrize("cell", CELLS)
def test_parameter_values_pickle_and_evaluate_equal(cell):
    """Simulation.save and spawned workers pickle the parameter values: the round trip
    keeps every number and every function's value."""
    pv = pybamm.ParameterValues(cell)
    back = pickle.loads(pickle.dumps(pv))
    assert sorted(back.keys()) == sorted(pv.keys())
    before, after = evaluated(pv), evaluated(back)
    assert after == before
    # every number and every function was compared (all but the two text entries)
    assert set(before) == set(pv.keys()) - {"chemistry", "citations"}
    if cell == "LTO_LGPS_LCO":
        # the space-charge functions evaluated to real (nonzero, finite) values
        assert all(np.isfinite(before[n]) and before[n] > 0 for n in
                   ("Space-charge excess length [m]", "Space-charge capacitance [F.m-2]"))


#: a fresh interpreter (as a spawned worker): unpickle the values from stdin, print the
#: space-charge functions' values at a 0.3 V step and 310 K
CHILD = """
import json, pickle, sys
import numpy as np
import pybamm
pv = pickle.loads(sys.stdin.buffer.read())
names = json.loads(sys.argv[1])
print(json.dumps([float(np.asarray(pv.evaluate(pv[n](pybamm.Scalar(0.3),
                  pybamm.Scalar(310.0)))).ravel()[0]) for n in names]))
"""


def test_space_charge_functions_work_in_a_fresh_process():
    """A fresh process (no shared table cache: it recomputes the tables from the
    pickled inputs, as a spawned sweep worker would) evaluates the space-charge
    functions to the parent's values."""
    import json
    import os
    import subprocess
    import sys

    pv = pybamm.ParameterValues("LTO_LGPS_LCO")
    here = [scalar(pv.evaluate(pv[n](pybamm.Scalar(0.3), pybamm.Scalar(310.0))))
            for n in SPACE_CHARGE]
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}
    r = subprocess.run([sys.executable, "-c", CHILD, json.dumps(SPACE_CHARGE)],
                       input=pickle.dumps(pv), capture_output=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    there = json.loads(r.stdout.decode().strip().splitlines()[-1])
    assert there == pytest.approx(here, rel=1e-12)
    assert here[0] > 0 and here[2] > 0


@pytest.mark.parametrize("model_class,options,cell", [
    (SolidStateDFN, {}, "Li_LLZO_LCO"),
    (SolidStateDFN, {"working electrode": "both"}, "LTO_LGPS_LCO"),
    (SolidStateDFN, {"electrolyte": "binary"}, "Li_PEO_LFP"),
    (SolidStateSPMe, {"working electrode": "both"}, "LTO_LGPS_LCO"),
], ids=["dfn-li-metal", "dfn-full-cell", "dfn-binary", "spme-full-cell"])
def test_default_parameter_values_are_the_solid_state_cell(model_class, options, cell):
    """pybamm.Simulation(model) without parameter values runs the shipped cell of the
    model's design (PyBaMM's defaults are liquid-electrolyte sets: a KeyError for two
    designs, Xu2019's liquid cell for the binary one), as the explicitly parameterised
    simulation does."""
    default = pybamm.Simulation(model_class(options)).solve([0, 3600])
    explicit = pybamm.Simulation(model_class(options),
                                 parameter_values=pybamm.ParameterValues(cell)).solve(
        [0, 3600])
    assert default.t[-1] == pytest.approx(explicit.t[-1], rel=1e-9)
    np.testing.assert_allclose(default["Voltage [V]"].entries,
                               explicit["Voltage [V]"].entries, rtol=1e-9)
    # a 1C discharge of the cell (its own nominal capacity): it reaches the cell's
    # lower cut-off
    pv = pybamm.ParameterValues(cell)
    assert default["Voltage [V]"].entries[-1] == pytest.approx(
        pv["Lower voltage cut-off [V]"], abs=1e-6)
    assert pv["Separator porosity"] == 1.0  # a dense solid electrolyte


def test_no_default_for_a_design_no_cell_has():
    with pytest.raises(pybamm.OptionError, match="No shipped cell is built as"):
        SolidStateDFN({"electrolyte": "binary", "working electrode": "both"}
                      ).default_parameter_values


@pytest.mark.parametrize("cell,options,name", [
    ("Li_LLZO_LCO", {"interface resistance": "none,interphase"},
     "'Positive electrode interface ASR [Ohm.m2]' > 0"),
    ("LTO_LGPS_LCO", {"interface resistance": "interphase,none"},
     "'Negative electrode interface ASR [Ohm.m2]' > 0"),
    ("Li_LLZO_LCO", {"interface resistance": "interphase,none"},
     "'Lithium metal interface ASR at reference pressure [Ohm.m2]' > 0"),
])
def test_interphase_with_zero_asr_is_the_clis_message(cell, options, name):
    """model_for + the cell's values (ASR 0 by default) with an interphase: one clear
    InputError when the parameters are set (was a bare ZeroDivisionError), the same
    message as the pre-solve check of `ssb run`."""
    model = ssb_models.model_for(cell, options)
    with pytest.raises(InputError) as plain:
        pybamm.Simulation(model, parameter_values=pybamm.ParameterValues(cell)).build()
    assert name in str(plain.value) and "an interphase is R || C" in str(plain.value)
    with pytest.raises(InputError) as cli:
        ssb_models.run_experiment("eis", cell, options=options)
    if "Lithium metal" not in name:
        assert str(plain.value) == str(cli.value)


def test_interphase_in_a_steady_state_is_the_ohmic_asr():
    """With R > 0 the check node leaves the processed model, and at constant current
    the interphase (R || C, time constant R C = 9 us) carries j R: the voltage is that
    of the ohmic ASR of the same R (an independent submodel path)."""
    R = 2e-3  # Ohm m2 = 20 Ohm cm2
    voltages = {}
    for mode in ("interphase", "ohmic"):
        model = ssb_models.model_for("Li_LLZO_LCO", {"interface resistance": f"none,{mode}"})
        pv = pybamm.ParameterValues("Li_LLZO_LCO")
        pv.update({"Positive electrode interface ASR [Ohm.m2]": R})
        sim = pybamm.Simulation(model, parameter_values=pv, solver=pybamm.IDAKLUSolver(
            rtol=1e-8, atol=1e-8))
        sol = sim.solve([0, 600])
        voltages[mode] = sol["Voltage [V]"](np.array([300.0, 600.0]))
        if mode == "interphase":
            from ssb_models.submodels.interface.resistive import PositiveInterphaseASR

            processed = list(sim.built_model.rhs.values())
            assert not any(isinstance(s, PositiveInterphaseASR)
                           for e in processed for s in e.pre_order())
    np.testing.assert_allclose(voltages["interphase"], voltages["ohmic"], atol=1e-5)
    # and the resistance matters: 20 Ohm cm2 at ~0.9 mA/cm2 of particle-area current
    # density is not nothing (the two differ from the model without it)
    none = pybamm.Simulation(ssb_models.model_for("Li_LLZO_LCO"),
                             parameter_values=pybamm.ParameterValues("Li_LLZO_LCO"),
                             solver=pybamm.IDAKLUSolver(rtol=1e-8, atol=1e-8)).solve(
        [0, 600])["Voltage [V]"](np.array([300.0, 600.0]))
    assert np.all(voltages["ohmic"] < none - 1e-5)
