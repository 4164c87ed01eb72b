"""Each cell's mesh presets (ssb_models/mesh.py, ``Cell.meshes``) against a converged
reference: the claims of docs/performance.md ("Mesh presets"), checked on solves the
model sets up by itself (``pybamm.Simulation(model)``, its default_var_pts and
default_submesh_types), so the presets reach every simulation.

The reference is uniform (PyBaMM's Uniform1DSubMesh everywhere) on the points of
``benchmarks/mesh_search.REFERENCE``, solved at rtol 1e-8; its own convergence is
printed by ``benchmarks/run.py`` (half the points: <= 0.1 mV, 0.75 mV for li-peo-lfp's
x; docs/performance.md).
"""

import os
import sys

import numpy as np
import pybamm
import pytest

from ssb_models.errors import InputError
from ssb_models.mesh import PRESETS, Mesh
from ssb_models.models.options import model_for
from ssb_models.parameters import cells
from ssb_helpers import cell_parameters

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
from mesh_search import REFERENCE, compare, solve  # noqa: E402

CELLS = sorted(cells())
#: what docs/performance.md claims for the default preset: 1C within 1 mV and 0.1 %
#: capacity (the criterion it was chosen by), 5C within 3.5 mV and 0.1 %
DEFAULT_1C_MV, DEFAULT_5C_MV, CAPACITY = 1.0, 3.5, 1e-3


@pytest.fixture(scope="module")
def references():
    out = {}
    for cell in CELLS:
        model = model_for(cell)
        full = model.options["working electrode"] == "both"
        x, r = REFERENCE[cell]
        pv = cell_parameters(cell)
        out[cell] = {c: solve(model, pv, c, x, r if full else None, r, 0.0, tight=True)[0]
                     for c in (1.0, 5.0)}
    return out


def own_mesh_discharge(model, pv, c_rate):
    """A discharge on the model's own mesh, as a user's Simulation sets it up."""
    pv = pv.copy()
    pv["Current function [A]"] = c_rate * pv["Nominal cell capacity [A.h]"]
    sim = pybamm.Simulation(model, parameter_values=pv)
    return sim.solve([0, 1.3 * 3600 / c_rate])


@pytest.mark.parametrize("cell", CELLS)
def test_default_preset_within_its_stated_accuracy(cell, references):
    model, pv = model_for(cell), cell_parameters(cell)
    assert model.mesh is cells()[cell].CELL.meshes["default"]
    one = compare(own_mesh_discharge(model, pv, 1.0), references[cell][1.0])
    five = compare(own_mesh_discharge(model, pv, 5.0), references[cell][5.0])
    assert one["max_mV"] <= DEFAULT_1C_MV, one
    assert five["max_mV"] <= DEFAULT_5C_MV, five
    assert one["dQ"] <= CAPACITY and five["dQ"] <= CAPACITY


@pytest.mark.parametrize("cell", CELLS)
def test_fine_preset_within_1_mV_at_1C_and_5C(cell, references):
    model, pv = model_for(cell, {"mesh": "fine"}), cell_parameters(cell)
    assert model.mesh is cells()[cell].CELL.meshes["fine"]
    for c in (1.0, 5.0):
        dev = compare(own_mesh_discharge(model, pv, c), references[cell][c])
        assert dev["max_mV"] <= 1.0 and dev["dQ"] <= CAPACITY, (c, dev)


def test_presets_trade_accuracy_for_states():
    """fast < default < fine in states, for every cell; and today's (before issue 22)
    x 20 / r 30 uniform mesh is not cheaper than the default."""
    for cell, module in cells().items():
        meshes = module.CELL.meshes
        assert set(meshes) == set(PRESETS), cell
        we = module.CELL.model_options["working electrode"]
        states = [meshes[p].states(we) for p in ("fast", "default", "fine")]
        assert states == sorted(states) and len(set(states)) == 3, (cell, states)
        assert all(m.measured for m in meshes.values())


def test_preset_sets_points_and_surface_submesh():
    mesh = Mesh(x=7, r_p=11, r_n=5, stretch=1.5)
    pts = mesh.var_pts({"x_n": 20, "x_s": 20, "x_p": 20, "r_n": 20, "r_p": 20})
    assert pts == {"x_n": 7, "x_s": 7, "x_p": 7, "r_n": 5, "r_p": 11}
    model = model_for("li-llzo-lco")
    model.cell_meshes = {"default": mesh}
    sim = pybamm.Simulation(model, parameter_values=cell_parameters("li-llzo-lco"))
    sim.build()
    edges = sim.mesh["positive particle"].edges
    assert len(edges) == 12
    widths = np.diff(edges)
    # concentrated at the surface: the outermost cell is the smallest, by e^1.5 in the
    # limit of many points (PyBaMM's Exponential1DSubMesh)
    assert widths[-1] == widths.min() and widths[0] / widths[-1] > 2.5


def test_unknown_preset_is_one_clear_error():
    with pytest.raises(InputError) as err:
        model_for("li-llzo-lco", {"mesh": "fien"})
    text = str(err.value)
    assert "'mesh'" in text and "fine" in text and "default" in text
