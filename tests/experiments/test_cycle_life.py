"""cycle-life experiment (docs/experiments.md): impedance every N cycles from the cycled
state, files written as it goes, degradation options change retention and resistance,
and the retention is mesh- and tolerance-converged."""

import subprocess
import sys

import numpy as np
import pybamm
import pytest

import ssb_models
from ssb_models.experiments import ExperimentSpec, load_experiment

CONTACT = {"cathode contact": "volume-change"}


def _spec(**changes):
    spec = load_experiment("cycle-life")
    spec.settings.update({"cycles": 4, "eis_every": 2, "frequencies_Hz": [0.1, 1e5],
                          "points_per_decade": 4, **changes})
    return spec


def _eis_at_full_charge():
    """The eis experiment at SOC 1 with _spec()'s frequencies (the cycle-0 reference)."""
    return ExperimentSpec(name="eis-full", description="", steps=(), type="eis",
                          initial_soc=1.0, frequencies_Hz=(0.1, 1e5), points_per_decade=4)


def test_first_spectrum_is_the_eis_experiment_at_full_charge():
    """The cycle-0 spectrum is the one `ssb run eis` gives at SOC 1 (same model, same
    state): an independent path through PyBaMM's EISSimulation, equal within 1e-6."""
    life = ssb_models.run_experiment(_spec(cycles=1, eis_every=1), cell="lto-lgps-lco")
    eis_spec = _eis_at_full_charge()
    eis = ssb_models.run_experiment(eis_spec, cell="lto-lgps-lco")
    z = life.tables["impedance"]
    m = z["cycle"] == 0
    assert z["Z_real_Ohm_cm2"][m] == pytest.approx(eis.timeseries["Z_real_Ohm_cm2"], rel=1e-6)
    assert z["Z_imag_Ohm_cm2"][m] == pytest.approx(eis.timeseries["Z_imag_Ohm_cm2"], rel=1e-6)


def test_mechanisms_fade_capacity_and_grow_the_arcs():
    static = ssb_models.run_experiment(_spec(), cell="li-llzo-lco")
    aged = ssb_models.run_experiment(_spec(), cell="li-llzo-lco", options=CONTACT)
    assert static.summary["final_capacity_retention"] == pytest.approx(1.0, abs=5e-3)
    assert aged.summary["final_capacity_retention"] < \
        static.summary["final_capacity_retention"] - 1e-3
    arcs = aged.tables["resistance"]["arc_resistance_Ohm_cm2"]
    assert list(aged.tables["resistance"]["cycle"]) == [0, 2, 4]
    assert arcs[-1] > arcs[0] * 1.001
    # against the static cell on the same protocol (its arc also moves, by ~1 %, from
    # the uniform full-charge state of cycle 0 to the profile a CC-CV charge leaves):
    # equal before any cycling, larger after
    same = static.tables["resistance"]["arc_resistance_Ohm_cm2"]
    assert arcs[0] == pytest.approx(same[0], rel=1e-9)
    assert arcs[-1] > same[-1] * 1.001


def test_files_are_written_after_each_block(tmp_path, monkeypatch):
    """A run stopped in its second block keeps the first block's cycles and spectra."""
    real = pybamm.Simulation.solve
    calls = {"n": 0}

    def solve(self, *args, **kwargs):
        if getattr(self, "experiment", None) is not None:
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt  # as a user stopping a long run
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pybamm.Simulation, "solve", solve)
    out = tmp_path / "life"
    with pytest.raises(KeyboardInterrupt):
        ssb_models.run_experiment(_spec(), cell="li-llzo-lco", out_dir=out)
    cycles = np.genfromtxt(out / "cycles.csv", delimiter=",", names=True)
    assert list(np.atleast_1d(cycles["cycle"])) == [1, 2]
    z = np.genfromtxt(out / "impedance.csv", delimiter=",", names=True)
    assert set(np.unique(z["cycle"])) == {0, 2}


@pytest.mark.parametrize("refine", ["mesh", "tolerance"])
def test_retention_is_converged(refine):
    """6 cycles with contact loss 10x and isolation 20x faster (so the fade is large): the
    retention of the default solve is within 1 % of a 2x refined mesh and of rtol 1e-8
    (the 100-cycle version: benchmarks/cycle_life_convergence.py)."""
    fast = {"Positive electrode contact-loss coefficient": 1.0,
            "Positive electrode isolation coefficient": 1.0}
    spec = _spec(cycles=6, eis_every=6)
    base = ssb_models.run_experiment(spec, cell="li-llzo-lco", options=CONTACT,
                                     overrides=fast)
    fade = 1 - base.summary["final_capacity_retention"]
    assert fade > 0.02
    from ssb_models.models import SolidStateDFN

    original = SolidStateDFN.default_var_pts.fget, pybamm.IDAKLUSolver.__init__
    try:
        if refine == "mesh":
            SolidStateDFN.default_var_pts = property(
                lambda self: {k: 2 * v for k, v in original[0](self).items()})
        else:
            def init(self, *a, **k):
                k.setdefault("rtol", 1e-8)
                k.setdefault("atol", 1e-10)
                original[1](self, *a, **k)
            pybamm.IDAKLUSolver.__init__ = init
        fine = ssb_models.run_experiment(spec, cell="li-llzo-lco", options=CONTACT,
                                         overrides=fast)
    finally:
        SolidStateDFN.default_var_pts = property(original[0])
        pybamm.IDAKLUSolver.__init__ = original[1]
    assert fine.summary["final_capacity_retention"] == pytest.approx(
        base.summary["final_capacity_retention"], rel=0.01)
    # and the fade itself within 10 % (a stricter view of the same number)
    assert 1 - fine.summary["final_capacity_retention"] == pytest.approx(fade, rel=0.1)


def test_bad_cycle_life_settings_are_refused(tmp_path):
    toml = tmp_path / "cl.toml"
    toml.write_text('name = "x"\ndescription = "x"\ntype = "cycle-life"\ncycles = 0\n')
    p = subprocess.run([sys.executable, "-P", "-m", "ssb_models.cli", "run", str(toml), "--cell",
                        "li-llzo-lco"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 2 and "cycles" in p.stderr and "Traceback" not in p.stderr


def test_the_polymer_cell_cycles_and_gives_spectra_from_the_cycled_state():
    """The polymer cell cycles on the model without double layers (docs/experiments.md):
    its per-cycle capacities equal those of the independent `cycling` experiment with
    the same steps (1e-3), its cycle-0 spectrum equals `ssb run eis` at SOC 1 (1e-6),
    and every spectrum after cycling is computed."""
    spec = _spec(cycles=2, eis_every=1)
    life = ssb_models.run_experiment(spec, cell="li-peo-lfp")
    assert life.summary["n_cycles"] == 2 and life.summary["spectra_unavailable"] == {}
    assert list(life.tables["resistance"]["cycle"]) == [0, 1, 2]
    steps = ("Discharge at {c_rate}C until {v_min} V", "Rest for 10 minutes",
             "Charge at {charge_c_rate}C until {v_max} V", "Hold at {v_max} V until 0.05C",
             "Rest for 10 minutes")
    cyc = ExperimentSpec(name="same-cycles", description="", steps=steps, cycles=2,
                         c_rate=1.0, charge_c_rate=0.5, initial_soc=1.0)
    ref = ssb_models.run_experiment(cyc, cell="li-peo-lfp")
    for a, b in zip(life.summary["cycles"], ref.summary["cycles"]):
        assert a["discharge_capacity_mAh_g"] == pytest.approx(b["discharge_capacity_mAh_g"],
                                                              rel=1e-3)
    eis_spec = _eis_at_full_charge()
    eis = ssb_models.run_experiment(eis_spec, cell="li-peo-lfp")
    z = life.tables["impedance"]
    m = z["cycle"] == 0
    assert z["Z_real_Ohm_cm2"][m] == pytest.approx(eis.timeseries["Z_real_Ohm_cm2"], rel=1e-6)
    # after a cycle the salt profile has not relaxed (10 min rest): a different spectrum
    m1 = z["cycle"] == 1
    assert np.all(np.isfinite(z["Z_real_Ohm_cm2"][m1]))
    assert not np.allclose(z["Z_real_Ohm_cm2"][m1], z["Z_real_Ohm_cm2"][m], rtol=1e-4)
