"""The mesh presets from the command line and the Python API: the chosen preset
reaches the solve of every experiment type that builds a Simulation, and is named in
the summary; a wrong or contradictory choice is one clear error before any solve."""

import json

import pybamm
import pytest

import ssb_models
from ssb_helpers import cell_parameters, one_error, ssb_cli
from ssb_models.models.options import model_for
from ssb_models.parameters import get_cell


def states(model):
    sim = pybamm.Simulation(model, parameter_values=cell_parameters("li-llzo-lco"))
    sim.build()
    return sim.built_model.len_rhs_and_alg


@pytest.mark.parametrize("experiment", ["discharge", "cycling"])
def test_preset_reaches_the_solve(experiment):
    fast = get_cell("li-llzo-lco").CELL.meshes["fast"]
    expected = states(model_for("li-llzo-lco", {"mesh": "fast"}))
    assert expected < states(model_for("li-llzo-lco"))  # the presets differ
    r = ssb_models.run_experiment(experiment, cell="li-llzo-lco", options={"mesh": "fast"})
    sol = r.solution
    assert sol.all_ys[0].shape[0] == expected
    assert r.summary["run"]["mesh"] == fast.describe()
    assert r.summary["run"]["options"] == {"mesh": "fast"}


def test_cli_mesh_flag_runs_and_is_recorded(tmp_path):
    r = ssb_cli("run", "discharge", "--cell", "li-llzo-lco", "--mesh", "fine", "--json",
                "--out", tmp_path / "o", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["run"]["mesh"] == get_cell("li-llzo-lco").CELL.meshes["fine"].describe()
    assert summary["run"]["options"] == {"mesh": "fine"}


def test_bad_mesh_choices_are_refused_before_any_solve(tmp_path):
    r = ssb_cli("run", "discharge", "--cell", "li-llzo-lco", "--mesh", "fien", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "invalid choice: 'fien'" in r.stderr and "'fine'" in r.stderr
    line = one_error(ssb_cli("run", "discharge", "--cell", "li-llzo-lco", "--mesh", "fine",
                             "--option", "mesh=fast", cwd=tmp_path))
    assert "disagree" in line
    line = one_error(ssb_cli("run", "discharge", "--cell", "li-llzo-lco", "--option",
                             "mesh=fien", cwd=tmp_path))
    assert "'mesh'" in line and "Did you mean 'fine'" in line
    assert not (tmp_path / "ssb_results").exists()


def test_cells_parameters_lists_the_presets_with_their_measurements(tmp_path):
    r = ssb_cli("cells", "--parameters", "lto-lgps-lco", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    for name, mesh in get_cell("lto-lgps-lco").CELL.meshes.items():
        assert f"  {name}: {mesh.describe()}\n    measured: {mesh.measured}" in r.stdout
