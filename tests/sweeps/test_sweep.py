"""Parameter sweeps: schema, engines, resumption after SIGINT/SIGKILL, failed points."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import ssb_models
from ssb_helpers import stored_points
from ssb_models.errors import InputError
from ssb_models.sweeps import load_results, parse_sweep, run_sweep

SIGMA = "Solid electrolyte conductivity at reference temperature [S.m-1]"


def sweep(**kw):
    data = {"name": "t", "cell": "li-llzo-lco", "c_rate": 1.0,
            "parameters": [{"name": SIGMA, "values": [0.003, 0.03, 0.3]}]}
    if "experiment" in kw:  # an experiment with its own rates takes no c_rate
        data.pop("c_rate")
    data.update(kw)
    return data


@pytest.mark.parametrize("data,message", [
    (sweep(cel="x"), "unknown key 'cel'. Did you mean 'cell'"),
    (sweep(cell="li-llzo"), "Unknown cell"),
    (sweep(parameters=[{"name": "Solid electrolyte conductivity [S/m]", "values": [1]}]),
     f"'{SIGMA}'"),
    (sweep(parameters=[{"name": SIGMA, "log": [-1, 1], "num": 3}]), "positive bounds"),
    (sweep(parameters=[{"name": SIGMA, "log": [0.1, 1]}]), "'num' must be an integer >= 2"),
    (sweep(parameters=[{"name": SIGMA, "values": [1], "linear": [0, 1]}]), "exactly one"),
    (sweep(metrics=["capacity"]), "unknown metric 'capacity'"),
    (sweep(experiment="gitx"), "Did you mean 'gitt'"),
    (sweep(experiment="eis", metrics=["capacity_mAh_g"]),
     "unknown metric 'capacity_mAh_g' for the 'eis' experiment"),
    (sweep(experiment="rate-capability", metrics=["capacity_mAh_g_at_3C"]),
     "capacity_mAh_g_at_2C"),  # the shipped rates: 0.1 ... 2, 5
    (sweep(experiment="eis", parameters=[{"name": "C-rate", "values": [1, 2]}]),
     "'C-rate' cannot be swept here"),
    (sweep(experiment="eis", c_rate=2.0), "key 'c_rate' does not apply"),
    (sweep(experiment="critical-current", cell="lto-lgps-lco"), "needs a Li-metal"),
    (sweep(experiment="temperature-ladder",
           parameters=[{"name": "Temperature [C]", "values": [20, 40]}]),
     "'Temperature [C]' cannot be swept here"),
    (sweep(sampling={"method": "sobol"}), "'grid' or 'lhs'"),
    (sweep(options={"interface resistance": "ohmc"}), "Did you mean 'ohmic'"),
])
def test_schema_errors(data, message):
    with pytest.raises(InputError) as err:
        parse_sweep(data, "s.toml")
    assert str(err.value).startswith("s.toml: ")
    assert message in str(err.value)


def test_ranges_grid_and_lhs():
    s = parse_sweep(sweep(parameters=[{"name": SIGMA, "log": [1e-3, 1.0], "num": 4},
                                      {"name": "C-rate", "linear": [1, 2], "num": 3}]), "s")
    assert len(s.points) == 12
    assert sorted({p[SIGMA] for p in s.points}) == pytest.approx([1e-3, 1e-2, 1e-1, 1.0])
    s = parse_sweep(sweep(parameters=[{"name": SIGMA, "log": [1e-3, 1.0], "num": 2}],
                          sampling={"method": "lhs", "samples": 10, "seed": 3}), "s")
    vals = sorted(p[SIGMA] for p in s.points)
    assert len(vals) == 10 and 1e-3 <= vals[0] and vals[-1] <= 1.0
    # Latin hypercube: one sample in each of the 10 log-strata
    import numpy as np

    strata = np.floor(np.log10(vals) / 3 * 10 + 10).astype(int)
    assert sorted(strata) == list(range(10))


def test_local_sweep_equals_single_runs(tmp_path):
    df = run_sweep(parse_sweep(sweep(), "s"), tmp_path / "o", workers=2, progress=False)
    assert list(df["status"]) == ["ok"] * 3
    for _, row in df.iterrows():
        single = ssb_models.run_experiment("discharge", "li-llzo-lco", c_rate=1.0,
                                           overrides={SIGMA: row[SIGMA]}).summary
        assert row["capacity_mAh_g"] == pytest.approx(single["capacity_mAh_g"], rel=1e-4)
    assert (tmp_path / "o" / "results.csv").stat().st_size > 100
    assert (tmp_path / "o" / "sweep.png").stat().st_size > 5000


def test_dask_engine_gives_the_same_table(tmp_path):
    spec = parse_sweep(sweep(), "s")
    local = run_sweep(spec, tmp_path / "local", workers=1, progress=False)
    dask = run_sweep(spec, tmp_path / "dask", engine="dask", workers=2, progress=False)
    cols = ["point", SIGMA, "status", "capacity_mAh_g", "mean_voltage_V", "energy_mWh_cm2"]
    # same points, same values to the solver's tolerance (rtol 1e-6): which worker
    # solved which point first moves the located cut-off event in the 8th digit
    pd.testing.assert_frame_equal(dask[cols], local[cols], rtol=1e-6)


def test_failing_point_is_recorded_and_others_complete(tmp_path):
    am = "Positive electrode active material volume fraction"
    spec = parse_sweep(sweep(parameters=[{"name": am, "values": [0.4, 0.99, 0.5]}],
                             metrics=["capacity_mAh_cm2"]), "s")
    df = run_sweep(spec, tmp_path / "o", workers=1, progress=False)
    assert list(df["status"]) == ["ok", "error", "ok"]
    assert "volume fractions sum above 1" in df["error"][1]
    # 0.5/0.4 of the active material: 1.25 x the areal capacity (within the rate loss)
    assert df["capacity_mAh_cm2"][2] / df["capacity_mAh_cm2"][0] == pytest.approx(1.25, rel=0.01)


def test_existing_store_needs_resume(tmp_path):
    spec = parse_sweep(sweep(parameters=[{"name": SIGMA, "values": [0.1]}]), "s")
    run_sweep(spec, tmp_path / "o", workers=1, progress=False)
    with pytest.raises(InputError, match="--resume"):
        run_sweep(spec, tmp_path / "o", workers=1, progress=False)
    other = parse_sweep(sweep(parameters=[{"name": SIGMA, "values": [0.2]}]), "s")
    with pytest.raises(InputError, match="different sweep"):
        run_sweep(other, tmp_path / "o", workers=1, progress=False, resume=True)
    assert len(run_sweep(spec, tmp_path / "o", workers=1, progress=False, resume=True)) == 1


SSB = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")
SLOW = """
name = "slow"
cell = "li-llzo-lco"
c_rate = 1.0
metrics = ["capacity_mAh_g"]
[[parameters]]
# a thickness reshapes the mesh: every point rebuilds the model (about 1 s each)
name = "Positive electrode thickness [m]"
linear = [3e-5, 6e-5]
num = 12
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_sweep_resumes_with_every_point_once(tmp_path, sig):
    toml = tmp_path / "slow.toml"
    toml.write_text(SLOW)
    out = tmp_path / "o"
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    cmd = [SSB, "sweep", str(toml), "--out", str(out), "--workers", "1"]
    log = open(tmp_path / "stderr.txt", "wb")  # noqa: SIM115 (closed below)
    # as from a terminal: SIGINT at its default (a pytest-xdist worker ignores SIGINT,
    # and a child would inherit that, so Ctrl-C would never reach the sweep)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 240
    while stored_points(out) < 3 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(sig)
    proc.wait(timeout=120)
    log.close()
    err = (tmp_path / "stderr.txt").read_bytes()
    done = stored_points(out)
    assert 3 <= done < 12, "the sweep was not interrupted mid-way"
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert b"--resume" in err
    r = subprocess.run(cmd + ["--resume"], env=env, capture_output=True, text=True,
                       timeout=600, check=False)
    assert r.returncode == 0, r.stderr
    df = load_results(out)
    assert len(df) == 12
    assert df["point"].tolist() == list(range(12))
    assert df["Positive electrode thickness [m]"].is_unique
    assert (df["status"] == "ok").all()
    caps = df["capacity_mAh_g"].tolist()
    assert max(caps) - min(caps) < 0.1 * max(caps)  # per-gram capacity barely moves at 1C


def test_points_are_grouped_by_structural_value():
    """A grid whose thickness varies fastest: the jobs run grouped by thickness (one
    model build per value and worker), every point exactly once."""
    from ssb_models.sweeps import Job, group_structural

    L = "Positive electrode thickness [m]"
    S = "Solid electrolyte conductivity at reference temperature [S.m-1]"
    points = [{S: s, L: t} for s in (0.01, 0.1, 1.0) for t in (2e-5, 3e-5, 4e-5)]
    jobs = [(i, Job("li-llzo-lco", 1.0, None, {}, {}, p, [], False))
            for i, p in enumerate(points)]
    order = [job[1].point[L] for job in group_structural(jobs)]
    assert order == sorted(order)  # each thickness value in one run of points
    assert sorted(job[0] for job in group_structural(jobs)) == list(range(9))
    changes = sum(a != b for a, b in zip(order, order[1:]))
    assert changes == 2  # 3 values: 2 changes (ungrouped: 8)


def test_grid_sweep_exports_a_self_describing_netcdf(tmp_path):
    """results.nc holds the grid: parameters as coordinates, metrics as variables with
    units, a failed point as NaN, provenance as attributes; every value equals the CSV."""
    import numpy as np
    import xarray as xr

    am = "Positive electrode active material volume fraction"
    spec = parse_sweep(sweep(parameters=[{"name": SIGMA, "values": [0.03, 0.3]},
                                         {"name": am, "values": [0.5, 0.99]}],
                             metrics=["capacity_mAh_g", "mean_voltage_V"]), "s")
    df = run_sweep(spec, tmp_path / "o", workers=1, progress=False)
    ds = xr.open_dataset(tmp_path / "o" / "results.nc", engine="scipy")
    assert ds["p0"].attrs["long_name"] == SIGMA and ds["p0"].attrs["units"] == "S.m-1"
    assert list(ds["p0"].values) == [0.03, 0.3] and list(ds["p1"].values) == [0.5, 0.99]
    assert ds["capacity_mAh_g"].attrs["units"] == "mAh/g"
    assert ds.attrs["cell"] == "li-llzo-lco" and ds.attrs["failed_points"] == 2
    for _, row in df.iterrows():
        v = float(ds["capacity_mAh_g"].sel(p0=row[SIGMA], p1=row[am]))
        if row["status"] == "ok":
            assert v == pytest.approx(row["capacity_mAh_g"], rel=1e-12)
        else:
            assert np.isnan(v)


def test_any_experiment_can_be_swept(tmp_path):
    """An EIS sweep and a rate-capability sweep. References from other code paths:
    the EIS metric equals the high-frequency resistance the eis experiment itself
    reports (simulation._run_eis) at each point, and the rate-capability capacity at
    1C equals the batched discharge sweep's capacity (a different runner) within 1e-3;
    the netCDF carries the experiment and the metric units."""
    import xarray as xr

    values = [0.01, 1.0]
    eis = parse_sweep(sweep(experiment="eis", parameters=[{"name": SIGMA, "values": values}],
                            metrics=["high_frequency_resistance_Ohm_cm2",
                                     "arc_resistance_Ohm_cm2"]), "eis-sweep")
    df = run_sweep(eis, tmp_path / "eis", workers=1, progress=False)
    assert (df["status"] == "ok").all()
    for v, hfr in zip(df[SIGMA], df["high_frequency_resistance_Ohm_cm2"]):
        one = ssb_models.run_experiment("eis", "li-llzo-lco", overrides={SIGMA: v})
        assert hfr == pytest.approx(one.summary["high_frequency_resistance_Ohm_cm2"],
                                    rel=1e-9)
    # 100x the conductivity: the separator's L/sigma falls 100x, the HFR with it
    assert df["high_frequency_resistance_Ohm_cm2"].iloc[0] > \
        50 * df["high_frequency_resistance_Ohm_cm2"].iloc[1]
    ds = xr.open_dataset(tmp_path / "eis" / "results.nc")
    assert ds.attrs["experiment"] == "eis"
    assert ds["high_frequency_resistance_Ohm_cm2"].attrs["units"] == "Ohm cm2"
    ds.close()

    rc = parse_sweep(sweep(experiment="rate-capability",
                           parameters=[{"name": SIGMA, "values": values}],
                           metrics=["capacity_mAh_g_at_1C", "retention_at_2C"]), "rc-sweep")
    assert rc.c_rate is None  # the experiment's own rates
    df_rc = run_sweep(rc, tmp_path / "rc", workers=1, progress=False)
    df_dis = run_sweep(parse_sweep(sweep(parameters=[{"name": SIGMA, "values": values}]),
                                   "dis"), tmp_path / "dis", workers=1, progress=False)
    assert df_rc["capacity_mAh_g_at_1C"].to_numpy() == pytest.approx(
        df_dis["capacity_mAh_g"].to_numpy(), rel=1e-3)
    assert (df_rc["retention_at_2C"] < 1).all()
    # the experiment is part of the sweep's identity: another one is not a resume
    with pytest.raises(InputError, match="different sweep"):
        run_sweep(eis, tmp_path / "rc", workers=1, progress=False, resume=True)


def test_metrics_of_each_experiment_type():
    """Every predefined experiment lists its metrics before any solve; a pulse run's
    metrics are its own table's rows by state of charge."""
    from ssb_models.experiments import load_experiment, predefined
    from ssb_models.metrics import available, extract

    for name in predefined():
        names = available(load_experiment(name))
        assert names and all(isinstance(u, str) for u in names.values())
    spec = load_experiment("pulse")
    assert "discharge_R0_Ohm_cm2_at_soc_0.5" in available(spec)
    spec.settings.update({"socs": [0.8, 0.5], "relax_s": 600.0})
    res = ssb_models.run_experiment(spec, "li-llzo-lco")
    got = extract(spec, res)
    for row in res.summary["pulses"]:
        assert got[f"discharge_R0_Ohm_cm2_at_soc_{row['soc']:g}"] == row["discharge_R0_Ohm_cm2"]
    assert set(got) == set(available(spec))


def test_batched_solves_equal_single_solves():
    """One IDAKLU call for 8 points gives each point's capacity as a batch of one does
    (1e-6 relative: each input set is its own problem) and as the dense single-point
    discharge does (1e-4: a different output path; energy from the model's energy
    state, mean voltage within 1 mV)."""
    from ssb_models.experiments.discharge_runner import DischargeRunner

    runner = DischargeRunner("li-llzo-lco", input_names=[SIGMA])
    points = [(1.0, None, {SIGMA: v}) for v in (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 2.0, 5.0)]
    many = runner.discharge_many(points)
    for p, s in zip(points, many):
        one = runner.discharge_many([p])[0]
        dense = runner.discharge(*p)[0]
        assert s["capacity_mAh_g"] == pytest.approx(one["capacity_mAh_g"], rel=1e-6)
        assert s["capacity_mAh_g"] == pytest.approx(dense["capacity_mAh_g"], rel=1e-4)
        assert s["mean_voltage_V"] == pytest.approx(dense["mean_voltage_V"], abs=1e-3)
        assert s["energy_mWh_cm2"] == pytest.approx(dense["energy_mWh_cm2"], rel=1e-3)


@pytest.mark.skipif(not __import__("ssb_models.experiments.discharge_runner").experiments.discharge_runner.can_compile(),
                    reason="PyBaMM's compile option needs gcc")
def test_compiled_batches_equal_interpreted_batches(tmp_path, monkeypatch):
    """PyBaMM's ahead-of-time compiled model functions (IDAKLU "compile") are the same
    functions as casadi's interpreted ones: the same capacities and energies within
    1e-5 relative. Not to round-off: the compiled code's floating-point operation
    order (gcc -O3 -march=native, fused multiply-adds) moves the Newton iterates by
    round-off, which the adaptive step control and the located cut-off carry to ~1e-8
    on these points (median 1e-9, largest 4e-5 over 200 points down to the capacity
    cliff near 1e-3 S/m); the solver's own tolerance is rtol 1e-4. A wrong compile
    would be off by orders more."""
    from ssb_models.experiments.discharge_runner import DischargeRunner

    monkeypatch.setenv("PYBAMM_CASADI_AOT_CACHE", str(tmp_path))
    runner = DischargeRunner("li-llzo-lco", input_names=[SIGMA])
    points = [(1.0, None, {SIGMA: v}) for v in (1e-3, 3e-3, 0.03, 3.0)]
    plain = runner.discharge_many(points)
    assert runner._batch[1].solver._setup["rootfn_casadi"].class_name() == "MXFunction"
    compiled = runner.discharge_many(points, compile=True)
    # the solver runs the compiled library (an External), not casadi's interpreter
    assert runner._batch[1].solver._setup["rootfn_casadi"].class_name() == "External"
    for a, b in zip(plain, compiled):
        for m in ("capacity_mAh_g", "energy_mWh_cm2"):
            assert b[m] == pytest.approx(a[m], rel=1e-5)
    # each point has its own conductivity (the batch did not solve one point four times)
    assert plain[0]["capacity_mAh_g"] < 0.99 * plain[-1]["capacity_mAh_g"]


def test_compile_choice(tmp_path, monkeypatch):
    from ssb_models.experiments import discharge_runner as runner
    from ssb_models.sweeps import COMPILE_MIN_POINTS, compile_choice

    spec = parse_sweep(sweep(), "s")
    monkeypatch.setattr(runner, "can_compile", lambda: True)
    assert compile_choice("auto", spec, 2 * COMPILE_MIN_POINTS, 2) is True
    assert compile_choice("auto", spec, 2 * COMPILE_MIN_POINTS - 1, 2) is False
    assert compile_choice(False, spec, 10 ** 6, 1) is False
    eis = parse_sweep(sweep(experiment="eis",
                            metrics=["high_frequency_resistance_Ohm_cm2"]), "s")
    assert compile_choice(True, eis, 10 ** 6, 1) is False  # experiments are not batched
    monkeypatch.setattr(runner, "can_compile", lambda: False)
    assert compile_choice("auto", spec, 10 ** 6, 1) is False
    with pytest.raises(InputError, match="compile must be 'auto', True or False"):
        compile_choice("yes", spec, 10, 1)
    with pytest.raises(InputError, match="compile must be"):  # before anything is written
        run_sweep(spec, tmp_path / "o", compile="yes", progress=False)
    assert not (tmp_path / "o").exists()
    from ssb_models.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["sweep", "x.toml", "--out", "o", "--compile", "maybe"])
    assert exc.value.code == 2


def test_a_swept_value_is_range_checked():
    """The per-point check covers the swept values (the base was checked once)."""
    from ssb_models.experiments.discharge_runner import DischargeRunner

    runner = DischargeRunner("li-llzo-lco", input_names=[SIGMA])
    with pytest.raises(InputError, match="must be > 0"):
        runner.point_values(1.0, None, {SIGMA: -1.0})


def test_a_dead_worker_is_a_message(tmp_path):
    """A script that calls run_sweep without the `__main__` guard kills its spawned
    workers (they re-import it): one message saying why and that points are kept."""
    script = tmp_path / "noguard.py"
    script.write_text(
        "from ssb_models.sweeps import parse_sweep, run_sweep\n"
        f"spec = parse_sweep({sweep()!r}, 's')\n"
        f"run_sweep(spec, {str(tmp_path / 'o')!r}, workers=1, progress=False)\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path,
                         env={**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"})
    assert out.returncode != 0
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("ssb_models.errors.SolveError: a sweep worker process died")
    assert "__main__" in last and "resume" in last
