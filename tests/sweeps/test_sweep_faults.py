"""Sweep and sensitivity faults (issue 21): a metric a point did not produce, input
refused at load (overrides, swept values, repeats, sizes, seeds, TOML extremes and
encodings), a dead Dask scheduler, two sweeps into one folder, a damaged store, a
full disk. Most need no solve: the solving engine is replaced by a fake one where the
fault is in what surrounds the solve."""

import errno
import math
import os
import socket
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from ssb_models.errors import InputError, SolveError
from ssb_models.sweeps import (
    MAX_POINTS,
    STORE,
    Store,
    chunks,
    engines,
    export,
    load_results,
    load_sweep,
    parse_sensitivity,
    parse_sweep,
    point_key,
    run_sensitivity,
    run_sweep,
)
from ssb_models.folders import folder_lock

SIGMA = "Solid electrolyte conductivity at reference temperature [S.m-1]"
AM = "Positive electrode active material volume fraction"
INERT = "Negative current collector density [kg.m-3]"


def sweep(**kw):
    data = {"name": "t", "cell": "li-llzo-lco", "c_rate": 1.0,
            "metrics": ["capacity_mAh_g", "mean_voltage_V"],
            "parameters": [{"name": SIGMA, "values": [0.003, 0.03, 0.3]}]}
    data.update(kw)
    return data


def refused(data, *parts, parse=parse_sweep):
    with pytest.raises(InputError) as err:
        parse(data, "s.toml")
    msg = str(err.value)
    assert msg.startswith("s.toml: "), msg
    for part in parts:
        assert part in msg, msg
    assert "\n" not in msg
    return msg


def fake_engine(value=lambda point: sum(point.values())):
    """A stand-in for the local worker pool: every point "solved" at once, each metric
    ``value(point)`` (no PyBaMM)."""
    calls = []

    def results(jobs, workers, size=16, compile=False):
        for chunk in chunks(jobs, size):
            calls.extend(i for i, _ in chunk)
            yield [(i, {"status": "ok", "metrics": {m: value(job.point) for m in job.metrics},
                        "error": None, "elapsed": 0.0}) for i, job in chunk]
    results.calls = calls
    return results


# 1. a metric that is empty for a point --------------------------------------------

DISCHARGE_ONLY = """name = "mine"
description = "one discharge, no charge: the charge metrics have no value"
type = "cycling"
c_rate = 1.0
cycles = 1
steps = ["Discharge at {c_rate}C until {v_min} V"]
"""


def test_a_metric_without_value_is_nan_in_netcdf_and_empty_in_csv(tmp_path):
    """The export of a user's cycling TOML with only a discharge step: its charge
    metrics are None for every point; results.nc holds NaN there, results.csv an empty
    field, the other metrics their numbers (no solve: the table is the store's)."""
    import xarray as xr

    (tmp_path / "my.toml").write_text(DISCHARGE_ONLY)
    (tmp_path / "s.toml").write_text(
        'name = "mine"\ncell = "li-llzo-lco"\nexperiment = "my.toml"\n'
        'metrics = ["capacity_mAh_g", "mean_charge_voltage_V", "charge_capacity_mAh_g"]\n'
        f'[[parameters]]\nname = "{SIGMA}"\nvalues = [0.01, 0.1]\n')
    spec = load_sweep(tmp_path / "s.toml")
    assert spec.experiment.name == "mine"
    df = pd.DataFrame.from_records([
        {"point": 0, SIGMA: 0.01, "status": "ok", "capacity_mAh_g": 122.8,
         "mean_charge_voltage_V": None, "charge_capacity_mAh_g": None, "error": None,
         "elapsed_s": 1.0},
        {"point": 1, SIGMA: 0.1, "status": "ok", "capacity_mAh_g": 123.3,
         "mean_charge_voltage_V": None, "charge_capacity_mAh_g": 0.0, "error": None,
         "elapsed_s": 1.0}])
    files = export(spec, df, tmp_path)
    ds = xr.open_dataset(files["netcdf"], engine="scipy")
    assert np.isnan(ds["mean_charge_voltage_V"].values).all()
    assert list(ds["capacity_mAh_g"].values) == [122.8, 123.3]
    assert np.isnan(ds["charge_capacity_mAh_g"].values[0])
    assert ds["charge_capacity_mAh_g"].values[1] == 0.0
    ds.close()
    csv = (tmp_path / "results.csv").read_text().splitlines()
    assert "nan" not in "".join(csv).lower()
    header = csv[0].split(",")
    row = dict(zip(header, csv[1].split(",")))
    assert row["mean_charge_voltage_V"] == "" and row["capacity_mAh_g"] == "122.8"
    assert (tmp_path / "sweep.png").stat().st_size > 1000  # the metrics with values
    assert not list(tmp_path.glob(".*partial*"))


def test_a_users_experiment_file_sweeps_to_the_end(tmp_path):
    """The reported case end to end (2 solves): `ssb sweep` of a sweep whose
    experiment is a discharge-only cycling TOML beside it exits 0 with every point."""
    (tmp_path / "my.toml").write_text(DISCHARGE_ONLY)
    toml = tmp_path / "s.toml"
    toml.write_text('name = "mine"\ncell = "li-llzo-lco"\nexperiment = "my.toml"\n'
                    f'[[parameters]]\nname = "{SIGMA}"\nvalues = [0.01, 1.0]\n')
    out = tmp_path / "o"
    r = subprocess.run([sys.executable, "-P", "-m", "ssb_models.cli", "sweep", str(toml),
                        "--out", str(out), "--workers", "1"], capture_output=True,
                       text=True, timeout=300, check=False,
                       env={**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true",
                            "MPLBACKEND": "Agg"})
    assert r.returncode == 0, r.stderr
    assert "2 of 2 points ok" in r.stdout
    df = load_results(out)
    assert (df["status"] == "ok").all() and df["mean_charge_voltage_V"].isna().all()
    assert (out / "results.nc").is_file()


# 2. refused at load ---------------------------------------------------------------

@pytest.mark.parametrize("value,part", [
    (-1e-4, "must be > 0, got -0.0001"),
    (float("nan"), "must be a finite number, got nan"),
    ("abc", "must be a finite number, got 'abc'"),
    (True, "must be a finite number, got True"),
])
def test_bad_overrides_are_refused_at_load(value, part):
    msg = refused(sweep(overrides={"Positive electrode thickness [m]": value}),
                  "[overrides]", "'Positive electrode thickness [m]'", part)
    assert "Positive electrode thickness [m]" in msg


def test_overrides_are_checked_with_the_cells_values():
    """An override out of range with the cell's other values (here the cathode's
    volume fractions) is refused at load, as `ssb run --set` would refuse it."""
    refused(sweep(overrides={AM: 0.99}), "volume fractions sum above 1")
    refused(sweep(overrides={"Separatr thickness [m]": 1e-5}), "Unknown parameter",
            "Separator thickness [m]")


def test_the_cli_refuses_a_bad_override_before_any_solve(tmp_path, capsys):
    """Before: "0 of 3 points ok", exit 0. Now one message, exit 2, nothing written."""
    from ssb_models.cli import main

    toml = tmp_path / "s.toml"
    toml.write_text('name = "t"\ncell = "li-llzo-lco"\n[overrides]\n'
                    '"Positive electrode thickness [m]" = -5e-5\n'
                    f'[[parameters]]\nname = "{SIGMA}"\nvalues = [0.01, 0.1, 1.0]\n')
    assert main(["sweep", str(toml), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "must be > 0" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("param,part", [
    ({"name": SIGMA, "values": [0.1, -1.0]}, "must be > 0, got -1"),
    ({"name": SIGMA, "linear": [-1.0, 1.0], "num": 3}, "must be > 0, got -1"),
    ({"name": AM, "values": [0.5, 1.5]}, "volume fraction and must be in (0, 1]"),
    ({"name": "C-rate", "values": [1.0, -2.0]}, "C-rate must be a number > 0"),
    ({"name": "Temperature [C]", "values": [25.0, 300.0]}, "Temperature 300 C is outside"),
])
def test_every_swept_value_is_range_checked_at_load(param, part):
    refused(sweep(parameters=[param]), "parameters[0]", part)


def test_a_combination_is_left_to_its_point():
    """Volume fractions that sum above 1 with the cell's porosity depend on the other
    swept values: that point fails alone at solve time (test_sweep.py), the sweep loads."""
    spec = parse_sweep(sweep(parameters=[{"name": AM, "values": [0.4, 0.99, 0.5]}]), "s")
    assert len(spec.points) == 3


def test_a_parameter_swept_twice_or_also_overridden_is_refused():
    refused(sweep(parameters=[{"name": SIGMA, "values": [0.1]},
                              {"name": SIGMA, "values": [1.0]}]),
            "parameters[1]", "already swept by parameters[0]")
    refused(sweep(overrides={SIGMA: 0.1}), "parameters[0]", "also set in [overrides]")


@pytest.mark.parametrize("param,part", [
    ({"name": SIGMA, "values": [0.1, 0.1, 1.0]}, "the value 0.1 is given twice"),
    ({"name": SIGMA, "values": [0.1, 0.10000000000000001]}, "the value 0.1 is given twice"),
    ({"name": "Temperature [C]", "values": [0.0, -0.0]}, "the value -0.0 is given twice"),
    ({"name": SIGMA, "linear": [0.1, 0.10000000000000003], "num": 5},
     "too narrow for 5 distinct"),
])
def test_repeated_values_are_refused_naming_the_value(param, part):
    refused(sweep(parameters=[param]), part)


def test_repeated_lhs_samples_are_refused():
    refused(sweep(parameters=[{"name": SIGMA, "values": [0.1, 1.0]},
                              {"name": AM, "values": [0.4, 0.5]}],
                  sampling={"method": "lhs", "samples": 10, "seed": 0}),
            "Latin-hypercube samples repeat a point", "4 combinations")


def test_huge_sweeps_are_refused_before_building_anything():
    """1e9 grid points and 2^30 Sobol samples: refused at once with the bound and its
    reason (memory, the SQLite store), not allocated until killed."""
    t0 = time.perf_counter()
    three = [{"name": n, "linear": [0.1, 0.2], "num": 1000}
             for n in (SIGMA, AM, "Positive electrode porosity")]
    msg = refused(sweep(parameters=three), "1000 x 1000 x 1000",
                  "1,000,000,000 points", f"{MAX_POINTS:,}", "SQLite", "memory")
    assert "lhs" in msg
    refused(sweep(parameters=[{"name": SIGMA, "log": [0.1, 1.0], "num": 10**7}]),
            "'num' must be an integer >= 2 and <= 1,000,000, got 10000000")
    refused(sweep(parameters=[{"name": SIGMA, "log": [0.1, 1.0], "num": 2}],
                  sampling={"method": "lhs", "samples": 10**9}), "1,000,000,000 points")
    sens = {"name": "t", "cell": "li-llzo-lco", "metrics": ["mean_voltage_V"],
            "parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                           {"name": INERT, "linear": [5000.0, 9000.0]}]}
    refused({**sens, "sampling": {"method": "sobol", "samples": 2**30}},
            "N (D + 2)", "4,294,967,296 points", parse=parse_sensitivity)
    refused({**sens, "sampling": {"method": "morris", "samples": 10**6}},
            "r (D + 1)", "3,000,000 points", parse=parse_sensitivity)
    assert time.perf_counter() - t0 < 10


def test_many_sensitivity_parameters_build_no_grid():
    """A sensitivity of 24 parameters: its ranges are not expanded to a 2^24 grid on
    the way (Morris: 2 x 25 points)."""
    from ssb_models.parameters import get_cell, parameter_values

    pv = parameter_values("li-llzo-lco")
    # derived values (layer densities, heat capacities) cannot be swept
    derived = {e.name for e in get_cell("li-llzo-lco").ENTRIES if e.value is None}
    names = [k for k in pv.keys() if ("density [kg.m-3]" in k or "thickness [m]" in k
             or "heat capacity" in k or "thermal conductivity" in k)
             and k not in derived][:24]
    assert len(names) >= 10
    params = [{"name": n, "linear": [0.9 * pv[n], 1.1 * pv[n]]} for n in names
              if isinstance(pv[n], float) and pv[n] > 0]
    t0 = time.perf_counter()
    spec = parse_sensitivity({"name": "t", "cell": "li-llzo-lco", "parameters": params,
                              "metrics": ["mean_voltage_V"],
                              "sampling": {"method": "morris", "samples": 2}}, "s")
    assert len(spec.sweep.points) == 2 * (len(params) + 1)
    assert time.perf_counter() - t0 < 10


@pytest.mark.parametrize("sampling,part", [
    ({"method": "lhs", "samples": 10, "seed": -1}, "'seed' must be an integer from 0"),
    ({"method": "lhs", "samples": 10, "seed": 2**40}, "4294967295, got 1099511627776"),
    ({"method": "lhs", "samples": 10, "seed": 1.5}, "'seed' must be an integer"),
    ({"method": "lhs", "samples": 2.5}, "'samples' must be an integer >= 1, got 2.5"),
    ({"method": "lhs", "samples": True}, "'samples' must be an integer >= 1, got True"),
    ({"method": "lhs", "samples": 0}, "'samples' must be an integer >= 1, got 0"),
    ({"method": "lsh", "samples": 10}, "Did you mean 'lhs'"),
    ({"samples": 10}, "belong to method = \"lhs\""),
])
def test_bad_sweep_sampling(sampling, part):
    refused(sweep(parameters=[{"name": SIGMA, "log": [0.1, 1.0], "num": 2}],
                  sampling=sampling), "sampling: ", part)


@pytest.mark.parametrize("change,part", [
    ({"sampling": {"method": "sobol", "samples": 8, "seed": -3}},
     "'seed' must be an integer from 0 to 4294967295, got -3"),
    ({"sampling": {"method": "morris", "samples": 2.0}},
     "'samples' must be an integer >= 2, got 2.0"),
    ({"sampling": {"method": "morris", "samples": 10**30}}, "points, more than"),
    ({"parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                     {"name": SIGMA, "log": [0.1, 1.0]}]},
     ("parameters[1]: 'Solid electrolyte conductivity at reference temperature [S.m-1]' "
      "is already given by parameters[0]")),
    ({"parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                     {"name": INERT, "linear": [-1.0, 9000.0]}]}, "must be > 0, got -1"),
    ({"parameters": [{"name": SIGMA, "log": [0.0, 0.1]},
                     {"name": INERT, "linear": [5000.0, 9000.0]}]}, "positive bounds"),
    ({"parameters": [{"name": SIGMA, "log": [0.01, math.inf]},
                     {"name": INERT, "linear": [5000.0, 9000.0]}]}, "finite numbers"),
])
def test_bad_sensitivity_input(change, part):
    data = {"name": "t", "cell": "li-llzo-lco", "metrics": ["mean_voltage_V"],
            "parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                           {"name": INERT, "linear": [5000.0, 9000.0]}],
            "sampling": {"method": "morris", "samples": 2}}
    data.update(change)
    refused(data, part, parse=parse_sensitivity)


def test_morris_points_drawn_twice_are_solved_once_and_count_for_each(tmp_path,
                                                                       monkeypatch):
    """Morris trajectories meet on the 4-level grid: 10 trajectories of 2 parameters are
    30 rows but 15 distinct points. Each is solved once, and the indices are those of
    the full design (before: the 15 rows were taken for the 30 and SALib failed)."""
    from ssb_models.sweeps import analyse

    f = lambda p: 2.0 * math.log10(p[SIGMA]) + 1e-3 * p[INERT]
    engine = fake_engine(f)
    monkeypatch.setattr(engines, "_local_results", engine)
    spec = parse_sensitivity({
        "name": "t", "cell": "li-llzo-lco", "metrics": ["mean_voltage_V"],
        "parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                       {"name": INERT, "linear": [5000.0, 9000.0]}],
        "sampling": {"method": "morris", "samples": 10, "seed": 0}}, "s")
    keys = [point_key(p) for p in spec.sweep.points]
    assert len(keys) == 30 and len(set(keys)) < 30
    indices, df, skipped = run_sensitivity(spec, tmp_path / "s", workers=1,
                                           progress=False)
    assert not skipped and len(df) == len(set(keys)) == len(engine.calls)
    Y = np.array([f(p) for p in spec.sweep.points])
    want = analyse(spec.problem, spec.X, Y, "morris", 0)
    for name in (SIGMA, INERT):
        assert indices["mean_voltage_V"][name]["mu_star"] == pytest.approx(
            want[name]["mu_star"], rel=1e-12)
    assert indices["mean_voltage_V"][SIGMA]["mu_star"] == pytest.approx(2.0, rel=1e-9)
    import json

    json.loads((tmp_path / "s" / "sensitivity.json").read_text())  # valid JSON


def test_an_undefined_index_is_null_in_the_json(tmp_path, monkeypatch):
    """An index SALib cannot define (NaN: e.g. a bootstrap interval of a degenerate
    design) is null in sensitivity.json (valid JSON, RFC 8259) and an empty field in
    sensitivity.csv, never "NaN"."""
    import json

    from ssb_models.sweeps import sensitivity

    real = sensitivity.analyse

    def with_nan(*args, **kw):
        out = real(*args, **kw)
        out[SIGMA]["S1_conf"] = math.nan
        return out

    monkeypatch.setattr(sensitivity, "analyse", with_nan)
    monkeypatch.setattr(engines, "_local_results",
                        fake_engine(lambda p: math.log10(p[SIGMA]) + 1e-4 * p[INERT]))
    spec = parse_sensitivity({
        "name": "t", "cell": "li-llzo-lco", "metrics": ["mean_voltage_V"],
        "parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                       {"name": INERT, "linear": [5000.0, 9000.0]}],
        "sampling": {"method": "sobol", "samples": 8}}, "s")
    run_sensitivity(spec, tmp_path / "s", workers=1, progress=False)
    text = (tmp_path / "s" / "sensitivity.json").read_text()
    assert "NaN" not in text
    data = json.loads(text)
    assert data["indices"]["mean_voltage_V"][SIGMA]["S1_conf"] is None
    assert data["indices"]["mean_voltage_V"][SIGMA]["S1"] > 0.5
    csv = pd.read_csv(tmp_path / "s" / "sensitivity.csv", keep_default_na=False)
    assert csv.loc[csv["parameter"] == SIGMA, "S1_conf"].tolist() == [""]


# 3. a dead Dask scheduler ---------------------------------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_dead_scheduler_is_one_message_within_seconds(tmp_path, capsys):
    pytest.importorskip("dask.distributed")
    from ssb_models.cli import main

    spec = parse_sweep(sweep(), "s")
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="no Dask scheduler answered at .* within 5 s"):
        run_sweep(spec, tmp_path / "o", engine="dask", scheduler=address, progress=False)
    assert time.perf_counter() - t0 < 15
    assert not (tmp_path / "o").exists()  # nothing written, no store
    with pytest.raises(InputError, match="is not a Dask scheduler address"):
        run_sweep(spec, tmp_path / "o", engine="dask", scheduler="head", progress=False)
    toml = tmp_path / "s.toml"
    toml.write_text(f'name = "t"\ncell = "li-llzo-lco"\n[[parameters]]\nname = "{SIGMA}"\n'
                    'values = [0.01, 0.1]\n')
    assert main(["sweep", str(toml), "--out", str(tmp_path / "o"), "--engine", "dask",
                 "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ssb: error: no Dask scheduler answered") and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_a_cluster_that_fails_mid_sweep_is_a_message(tmp_path, monkeypatch):
    """A scheduler that goes away while the sweep runs: one SolveError saying the
    finished points are saved, not distributed's traceback."""
    pytest.importorskip("dask.distributed")
    import dask.distributed

    class Gone:
        def result(self):
            raise OSError("Stream is closed")

    class Client:
        scheduler = type("rpc", (), {"address": "tcp://head:8786"})()

        def submit(self, *a, **k):
            return Gone()

    monkeypatch.setattr(dask.distributed, "as_completed", iter)
    jobs = [(0, parse_sweep(sweep(), "s").points[0])]
    with pytest.raises(SolveError, match="tcp://head:8786 stopped serving the sweep "
                       r"\(OSError: Stream is closed\); the finished points are saved"):
        list(engines._dask_results([(i, _job(p)) for i, p in jobs], 1, Client()))


def _job(point):
    from ssb_models.sweeps import Job

    return Job("li-llzo-lco", 1.0, None, {}, {}, point, ("capacity_mAh_g",))


# 4. two sweeps into one folder ----------------------------------------------------

def test_a_second_sweep_into_a_locked_folder_is_refused(tmp_path, monkeypatch):
    """While one sweep (here: the lock it holds) writes into a folder, another is
    refused with one message and touches nothing; so is one into a folder `ssb run`
    is writing (the same lock file). After the first ends, the folder is free."""
    from ssb_models.folders import identity, output_folder

    monkeypatch.setattr(engines, "_local_results", fake_engine())
    spec = parse_sweep(sweep(), "s")
    out = tmp_path / "o"
    with folder_lock(out), pytest.raises(InputError,
                                         match="another sweep .* is writing into .* now"):
        run_sweep(spec, out, workers=1, progress=False)
    assert not (out / STORE).exists()
    with output_folder(tmp_path / "r", identity("run", {"cell": "x"})), \
            pytest.raises(InputError, match="another sweep"):
        run_sweep(spec, tmp_path / "r", workers=1, progress=False)
    assert len(run_sweep(spec, out, workers=1, progress=False)) == 3


SLOW = """name = "slow"
cell = "li-llzo-lco"
metrics = ["capacity_mAh_g"]
[[parameters]]
# a thickness reshapes the mesh: every point rebuilds the model (about 1 s each)
name = "Positive electrode thickness [m]"
linear = [3e-5, 6e-5]
num = 12
"""


def test_two_sweep_processes_into_one_folder(tmp_path):
    """Two `ssb sweep` processes into one folder: while the first runs (its store
    exists), the second exits 2 with the message and writes nothing there."""
    toml = tmp_path / "slow.toml"
    toml.write_text(SLOW)
    out = tmp_path / "o"
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    cmd = [sys.executable, "-P", "-m", "ssb_models.cli", "sweep", str(toml), "--out", str(out),
           "--workers", "1"]
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while not (out / STORE).exists() and time.time() < deadline:
            time.sleep(0.1)
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env,
                           check=False)
        running = first.poll() is None
    finally:
        first.kill()
        first.wait()
    assert running, "the first sweep ended before the second started"
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"ssb: error: another sweep (or ssb command) is writing "
                               f"into '{out}' right now")
    assert "Traceback" not in r.stderr


# 5. a damaged store, a full disk --------------------------------------------------

def _stored(spec, out, n):
    """A store holding the first ``n`` points of ``spec`` (as a run would leave it)."""
    store = Store(out)
    store.set_spec(spec.canonical(), spec.source)
    for i, p in enumerate(spec.points[:n]):
        store.add_many([(i, p, {"status": "ok", "metrics": {"capacity_mAh_g": 100.0 + i,
                                                            "pad": "x" * 300},
                                "error": None, "elapsed": 0.1})])
    store.close()


@pytest.mark.parametrize("damage", ["garbage", "text", "truncated"])
def test_a_damaged_store_is_refused_and_kept(tmp_path, monkeypatch, damage):
    monkeypatch.setattr(engines, "_local_results", fake_engine())
    values = [0.001 * (i + 1) for i in range(200)]
    spec = parse_sweep(sweep(parameters=[{"name": SIGMA, "values": values}]), "s")
    out = tmp_path / "o"
    _stored(spec, out, 150)
    path = out / STORE
    raw = path.read_bytes()
    path.write_bytes({"garbage": os.urandom(len(raw)), "text": b"my notes\n",
                      "truncated": raw[:len(raw) // 2]}[damage])
    before = path.read_bytes()
    with pytest.raises(InputError) as err:
        run_sweep(spec, out, workers=1, progress=False, resume=True)
    msg = str(err.value)
    assert f"the sweep store '{path}' is damaged" in msg and "left as it is" in msg
    assert "\n" not in msg
    if damage == "truncated":
        n = int(msg.split(" finished points can still be read")[0].split()[-1])
        assert 0 < n < 150
        assert len(load_results(out, salvage=True)) == n
    else:
        assert "no finished point can be read" in msg
    assert path.read_bytes() == before  # never overwritten
    assert sorted(p.name for p in out.iterdir()) == [".ssb.lock", STORE]
    with pytest.raises(InputError, match="is damaged"):
        load_results(out)
    with pytest.raises(InputError, match="is damaged"):  # without --resume too
        run_sweep(spec, out, workers=1, progress=False)


def test_another_sqlite_database_is_not_a_store(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    db = sqlite3.connect(out / STORE)
    db.execute("CREATE TABLE cells (id TEXT)")
    db.commit()
    db.close()
    before = (out / STORE).read_bytes()
    with pytest.raises(InputError, match="not a sweep store .*tables: cells"):
        run_sweep(parse_sweep(sweep(), "s"), out, workers=1, progress=False)
    assert (out / STORE).read_bytes() == before


def test_a_full_disk_while_storing_keeps_every_committed_point(tmp_path, monkeypatch):
    """SQLite's own "database or disk is full" (a page limit on the store stands in
    for the disk): one message; the points committed before are all there, once; the
    resumed sweep finishes the rest."""
    monkeypatch.setattr(engines, "_local_results", fake_engine())
    values = [0.001 * (i + 1) for i in range(400)]
    spec = parse_sweep(sweep(parameters=[{"name": SIGMA, "values": values}]), "s")
    out = tmp_path / "o"
    real = Store.set_spec

    def small_disk(self, canonical, source):
        real(self, canonical, source)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages + 6}")

    monkeypatch.setattr(Store, "set_spec", small_disk)
    with pytest.raises(SolveError) as err:
        run_sweep(spec, out, workers=1, progress=False)
    msg = str(err.value)
    assert "writing the sweep store" in msg and "(the disk is full)" in msg
    assert "--resume" in msg
    kept = int(msg.split("the ")[-1].split(" points committed")[0])
    df = load_results(out)
    assert 0 < len(df) == kept < 400 and df[SIGMA].is_unique
    assert kept % 16 == 0  # whole chunks: the failed one rolled back
    assert not (out / "results.csv").exists()
    monkeypatch.setattr(Store, "set_spec", real)
    df = run_sweep(spec, out, workers=1, progress=False, resume=True)
    assert len(df) == 400 and df["point"].tolist() == list(range(400))


def test_a_full_disk_while_exporting_keeps_the_previous_files(tmp_path, monkeypatch,
                                                              capsys):
    """results.csv written onto a full disk (a write that raises ENOSPC half-way):
    one message, exit 1; the results.csv of before is whole, no partial file is left,
    the store has every point; once there is room, --resume writes the files."""
    from ssb_models.cli import main

    monkeypatch.setattr(engines, "_local_results", fake_engine())
    toml = tmp_path / "s.toml"
    toml.write_text(f'name = "t"\ncell = "li-llzo-lco"\nmetrics = ["capacity_mAh_g"]\n'
                    f'[[parameters]]\nname = "{SIGMA}"\nvalues = [0.01, 0.1, 1.0]\n')
    out = tmp_path / "o"
    assert main(["sweep", str(toml), "--out", str(out)]) == 0
    before = (out / "results.csv").read_bytes()
    real = pd.DataFrame.to_csv

    def full(self, path, **kw):
        with open(path, "w") as fh:
            fh.write("point,")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    capsys.readouterr()
    assert main(["sweep", str(toml), "--out", str(out), "--resume"]) == 1
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if line.startswith("ssb:")]
    assert len(said) == 1 and "Traceback" not in err
    assert f"writing '{out / 'results.csv'}' failed (the disk is full)" in said[0]
    assert "--resume" in err
    assert (out / "results.csv").read_bytes() == before
    assert not list(out.glob(".*partial*"))
    assert len(load_results(out)) == 3
    monkeypatch.setattr(pd.DataFrame, "to_csv", real)
    assert main(["sweep", str(toml), "--out", str(out), "--resume"]) == 0


# 6. TOML at the extremes ----------------------------------------------------------

@pytest.mark.parametrize("line,part", [
    ("log = [1e-3, 1e600]\nnum = 3", "two different finite numbers, got [0.001, inf]"),
    ("linear = [nan, 1.0]\nnum = 3", "two different finite numbers, got [nan, 1.0]"),
    ("log = [0.0, 1.0]\nnum = 3", "'log' needs positive bounds"),
    ("log = [-1.0, 1.0]\nnum = 3", "'log' needs positive bounds"),
    ("values = [0.1, inf]", "'values' must be a non-empty list of finite numbers"),
    ("linear = [-1.7e308, 1.7e308]\nnum = 3", "beyond the floating-point range"),
])
def test_toml_extremes_in_ranges(tmp_path, line, part):
    name = "Positive electrode thickness [m]" if "1.7e308" in line else SIGMA
    toml = tmp_path / "s.toml"
    toml.write_text(f'name = "t"\ncell = "li-llzo-lco"\n[[parameters]]\nname = "{name}"\n'
                    f"{line}\n")
    with pytest.raises(InputError, match=None) as err:
        load_sweep(toml)
    assert part in str(err.value), str(err.value)


def test_numbers_beyond_a_float(tmp_path):
    """tomllib reads integers of any size: one beyond a float (or beyond Python's
    4300-digit str limit) is "not a finite number", not an OverflowError."""
    huge = "9" * 400
    for line, part in ((f"values = [{huge}]", "'values' must be a non-empty list of finite"),
                       (f"linear = [0, {huge}]\nnum = 3", "two different finite numbers"),
                       (f"values = [{'9' * 5000}]", "a number in it cannot be read "
                        "(Exceeds the limit (4300 digits)")):
        toml = tmp_path / "s.toml"
        toml.write_text(f'name = "t"\ncell = "li-llzo-lco"\n[[parameters]]\n'
                        f'name = "{SIGMA}"\n{line}\n')
        with pytest.raises(InputError) as err:
            load_sweep(toml)
        assert part in str(err.value) and len(str(err.value)) < 400
    refused(sweep(c_rate=10**400), "key 'c_rate' must be a finite number")
    refused(sweep(temperature_C=math.inf), "key 'temperature_C' must be a finite number")
    refused(sweep(overrides={SIGMA + "x": 1.0, "Separator thickness [m]": 10**400}),
            "Unknown parameter")
    refused(sweep(overrides={"Separator thickness [m]": 10**5000}),
            "must be a finite number, got an integer of more than 4300 digits")
    refused(sweep(parameters=[{"name": SIGMA, "log": [0.1, 1.0], "num": 10**5000}]),
            "'num' must be an integer >= 2")
    refused({"name": "t", "cell": "li-llzo-lco",
             "parameters": [{"name": SIGMA, "log": [0.01, 0.1]},
                            {"name": INERT, "linear": [5000.0, 9000.0]}],
             "sampling": {"method": "sobol", "samples": 2**20000}},
            "more than 10^100 points", parse=parse_sensitivity)


def test_a_nul_in_a_name_is_refused():
    refused(sweep(parameters=[{"name": SIGMA[:5] + "\x00" + SIGMA[5:], "values": [1.0]}]),
            "'parameters[0].name' holds a NUL character")
    refused(sweep(name="a\x00b"), "'name' holds a NUL character")
    refused(sweep(overrides={"Separator\x00 thickness [m]": 1e-5}),
            "'overrides.Separator\\x00 thickness [m]' holds a NUL")
    refused({"name": "t", "cell": "li-llzo-lco",
             "parameters": [{"name": SIGMA + "\x00", "log": [0.01, 0.1]},
                            {"name": INERT, "linear": [5000.0, 9000.0]}]},
            "holds a NUL character", parse=parse_sensitivity)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "utf-32"])
def test_sweep_and_sensitivity_files_in_other_encodings(tmp_path, encoding):
    """Windows tools write UTF-16 (with a BOM, or without) or a UTF-8 BOM: read
    as the same file (ssb_models.files.read_text)."""
    from ssb_models.sweeps import load_sensitivity

    text = (f'name = "t"\ncell = "li-llzo-lco"\n[[parameters]]\nname = "{SIGMA}"\n'
            'log = [0.01, 0.1]\nnum = 3\n')
    (tmp_path / "s.toml").write_bytes(text.encode(encoding))
    assert len(load_sweep(tmp_path / "s.toml").points) == 3
    sens = text.replace("num = 3\n", "") + (f'[[parameters]]\nname = "{INERT}"\n'
                                            'linear = [5000.0, 9000.0]\n[sampling]\n'
                                            'method = "morris"\nsamples = 2\n')
    (tmp_path / "e.toml").write_bytes(sens.encode(encoding))
    assert len(load_sensitivity(tmp_path / "e.toml").sweep.points) == 6


def test_a_file_that_is_not_text_is_one_message(tmp_path):
    (tmp_path / "s.toml").write_bytes(b"name = \"t\"\n\xff\xfe\xfa garbage \x80\n")
    with pytest.raises(InputError, match="is not UTF-8 text"):
        load_sweep(tmp_path / "s.toml")
