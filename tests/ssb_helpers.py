"""Shared test helpers (importable: tests/ is on pytest's pythonpath)."""

import os

os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"

import numpy as np
import pybamm

from ssb_models.parameters import parameter_values
from ssb_models.parameters.derived import update_derived

CELL = "li-llzo-lco"


#: reference pressure = the cells' default stack pressure (1 MPa): the Li|SE "ASR at
#: reference pressure" is then the ASR the cell sees, whatever the pressure law
AT_P0 = {"Reference stack pressure [Pa]": 1e6}


def cell_parameters(cell=CELL, **overrides):
    """A cell's parameter values with overrides and the derived values refreshed."""
    from ssb_models.parameters import get_cell

    pv = parameter_values(cell)
    pv.update(overrides)
    update_derived(pv, options=get_cell(cell).CELL.model_options)
    return pv


def stock_model(cell=CELL):
    """Stock PyBaMM DFN with the same electrode configuration as ``cell``."""
    import pybamm
    from ssb_models.models.solid_state_dfn import split_options
    from ssb_models.parameters import get_cell

    return pybamm.lithium_ion.DFN(split_options(get_cell(cell).CELL.model_options)[1])


def stock_equivalent(pv):
    """The same cell for stock PyBaMM's half-cell DFN: its liquid-electrolyte
    parameters set so that it must reduce to the single-ion model when
    t+ = 1 (conductivity = the SE's sigma(T); the diffusivity and
    thermodynamic factor do not matter because with t+ = 1 the salt
    concentration stays uniform)."""
    stock = pv.copy()
    sigma = pv["Solid electrolyte conductivity [S.m-1]"]
    stock.update(
        {
            "Electrolyte conductivity [S.m-1]": lambda c_e, T: sigma(T),
            "Electrolyte diffusivity [m2.s-1]": 1e-12,
            "Thermodynamic factor": 1.0,
            "Cation transference number": 1.0,
        },
        check_already_exists=False,
    )
    return stock


def same_mesh(model):
    """The mesh of ``model`` (points and submeshes) as Simulation keywords, to solve a
    stock PyBaMM model on exactly the same mesh."""
    return {"var_pts": model.default_var_pts, "submesh_types": model.default_submesh_types}


def solve_discharge(model, pv, c_rate, var_pts=None, t_eval_points=None, inputs=None,
                    rtol=1e-6, atol=1e-6, submesh_types=None):
    pv = pv.copy()
    pv["Current function [A]"] = c_rate * pv["Nominal cell capacity [A.h]"]
    if var_pts is not None:
        var_pts = {**model.default_var_pts, **var_pts}
    sim = pybamm.Simulation(model, parameter_values=pv, var_pts=var_pts,
                            submesh_types=submesh_types,
                            solver=pybamm.IDAKLUSolver(rtol=rtol, atol=atol))
    t_end = 3600 / c_rate * 1.2
    t_eval = np.linspace(0, t_end, t_eval_points) if t_eval_points else [0, t_end]
    return sim.solve(t_eval, inputs=inputs)


def stored_points(out_dir):
    """Points committed so far in a sweep's store ``out_dir/sweep.sqlite`` (0 if it is
    not there yet or is locked): for watching a running sweep from outside."""
    import sqlite3
    from pathlib import Path

    db = Path(out_dir) / "sweep.sqlite"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=5)
        n = con.execute("SELECT COUNT(*) FROM points").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return 0


def ssb_cli(*args, cwd, timeout=600):
    """``ssb ARGS`` as a child process of this Python (telemetry off, no display)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-P", "-m", "ssb_models.cli", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)


def one_error(r, code=2):
    """The one ``ssb:`` line of a refused command (and no traceback); its exit code is
    ``code``."""
    lines = [line for line in r.stderr.splitlines() if line.startswith("ssb:")]
    assert r.returncode == code and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]
