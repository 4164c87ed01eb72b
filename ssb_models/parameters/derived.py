"""Values derived from other parameters: the stoichiometry windows, the
nominal capacity and the initial state.

Recomputed after every user override, so that a changed thickness or
volume fraction changes the capacity and hence what "1C" means.

* Li-metal (half) cells: PyBaMM's half-cell electrode-SOH model finds the
  positive stoichiometries x_0, x_100 where the OCP equals the cut-offs.
* Full cells: PyBaMM's full-cell electrode-SOH solver finds
  (x_0, x_100, y_100, y_0) from the cyclable lithium of the as-assembled
  electrodes ("Initial concentration in ... electrode") and the cut-offs.
"""

import functools

import numpy as np
import pybamm
from pybamm.models.full_battery_models.lithium_ion.electrode_soh import (
    get_min_max_stoichiometries as _full_window,
)
from pybamm.models.full_battery_models.lithium_ion.electrode_soh_half_cell import (
    get_min_max_stoichiometries as _half_window,
)

HALF_CELL = {"working electrode": "positive"}
INITIAL = "Initial concentration in {} electrode [mol.m-3]"


def _pybamm_options(options):
    from ..models.solid_state_dfn import split_options

    return split_options(options or HALF_CELL)[1]


def is_full_cell(options):
    return _pybamm_options(options).get("working electrode") == "both"


def windows(parameter_values, options=None, inputs=None):
    """Stoichiometry windows: ``{"x_0", "x_100"}`` of the positive electrode for a
    Li-metal cell; plus ``{"n_0", "n_100"}`` of the negative electrode for a full
    cell. (x = positive, n = negative; 0 and 100 = % SOC.)"""
    opts = _pybamm_options(options)
    if opts.get("working electrode") == "both":
        n_0, n_100, x_100, x_0 = _full_window(
            parameter_values, options=pybamm.BatteryModelOptions(opts), inputs=inputs
        )
        return {"x_0": float(x_0), "x_100": float(x_100),
                "n_0": float(n_0), "n_100": float(n_100)}
    pv = parameter_values.copy()
    c_max = pv["Maximum concentration in positive electrode [mol.m-3]"]
    pv.update({INITIAL.format("positive"): 0.5 * c_max})  # the eSOH model evaluates it
    x = _half_window(pv, options=opts, inputs=inputs)
    return {"x_0": float(x["x_0"]), "x_100": float(x["x_100"])}


def electrode_capacity_Ah(parameter_values, domain, options=None, inputs=None):
    """Full lithiation capacity F c_max eps_AM L A / 3600 of an electrode [A.h]."""
    param = pybamm.LithiumIonParameters(_pybamm_options(options))
    dom = {"negative": param.n, "positive": param.p}[domain]
    return float(parameter_values.evaluate(dom.prim.Q_init, inputs=inputs or {}))


def update_derived(parameter_values, initial_soc=1.0, options=None):
    """Fill the derived entries in place; return the windows (see :func:`windows`).

    Sets "Nominal cell capacity [A.h]" (the positive electrode's window capacity
    between the cut-offs), "Current function [A]" (1C) and the initial
    concentrations at ``initial_soc`` (1 = full charge; SOC is linear in
    stoichiometry between the window ends, as in PyBaMM).
    """
    pv = parameter_values
    w = windows(pv, options)
    Q = electrode_capacity_Ah(pv, "positive", options) * (w["x_0"] - w["x_100"])
    update = {
        "Nominal cell capacity [A.h]": Q,
        "Current function [A]": Q,
        INITIAL.format("positive"): (w["x_100"] + (1 - initial_soc) * (w["x_0"] - w["x_100"]))
        * pv["Maximum concentration in positive electrode [mol.m-3]"],
    }
    if "n_0" in w:
        update[INITIAL.format("negative")] = (
            w["n_0"] + initial_soc * (w["n_100"] - w["n_0"])
        ) * pv["Maximum concentration in negative electrode [mol.m-3]"]
    pv.update(update)
    if "Space-charge partition factor" in pv.keys():
        pv.update(space_charge_functions(pv), check_already_exists=False)
    return w


#: Parameters the space-charge tables are computed from (docs/space_charge.md).
SPACE_CHARGE_INPUTS = (
    "Solid electrolyte relative permittivity",
    "Solid electrolyte Li site density [mol.m-3]",
    "Initial concentration in electrolyte [mol.m-3]",
    "Buffer layer thickness [m]",
    "Buffer layer relative permittivity",
)
#: Grid of the tables: total step 0-1.5 V by 25 mV, T from -50 to 130 C by 10 K.
SCL_DELTA_PHI = np.linspace(0.0, 1.5, 61)
SCL_TEMPERATURE = np.arange(223.15, 403.16, 10.0)
_LENGTH_FLOOR = 1e-15  # m; keeps log(length) finite at zero step


@functools.lru_cache(maxsize=32)
def _space_charge_tables(eps_r, c_max, c0, d, eps_b):
    from ..physics.space_charge import cell_model_tables

    return cell_model_tables(SCL_DELTA_PHI, SCL_TEMPERATURE, eps_r, c_max, c0 / c_max,
                             d, eps_b)


def space_charge_functions(parameter_values):
    """The derived space-charge entries "Space-charge excess length [m]" and
    "Space-charge capacitance [F.m-2]", functions of (step [V], T [K]) that
    interpolate tables computed from the cell's current values (log-linear in
    the step and in 1/T). Raise :class:`ValueError` if an input is not a number
    (an InputParameter cannot feed a quadrature)."""
    values = []
    for name in SPACE_CHARGE_INPUTS:
        v = parameter_values[name]
        if not isinstance(v, (int, float)):
            raise ValueError(f"'{name}' must be a number to tabulate the space-charge "
                             f"layer, got {v!r} (it cannot be an input parameter).")
        values.append(float(v))
    length, cap = _space_charge_tables(*values)
    # interpolate the logs against 1/T (ascending), in which log R is nearly linear
    axes = (SCL_DELTA_PHI, 1.0 / SCL_TEMPERATURE[::-1])
    log_length = np.log(length + _LENGTH_FLOOR)[:, ::-1]
    log_cap = np.log(cap)[:, ::-1]

    def excess_length(delta_phi, T):
        return pybamm.exp(pybamm.Interpolant(axes, log_length, [delta_phi, 1 / T],
                                             name="space_charge_log_length")) - _LENGTH_FLOOR

    def capacitance(delta_phi, T):
        return pybamm.exp(pybamm.Interpolant(axes, log_cap, [delta_phi, 1 / T],
                                             name="space_charge_log_capacitance"))

    return {"Space-charge excess length [m]": excess_length,
            "Space-charge capacitance [F.m-2]": capacitance}


DERIVED_KEYS = (
    "Nominal cell capacity [A.h]",
    "Current function [A]",
    INITIAL.format("negative"),
    INITIAL.format("positive"),
)


def complete(values, options=None, initial_soc=1.0):
    """Fill the derived entries of a parameter dict (``None`` values, and the
    initial concentrations, which a full cell's file gives as assembled) and
    return it, so that ``pybamm.ParameterValues("<cell>")`` is ready to solve
    from full charge as shipped. The cyclable lithium is unchanged."""
    pv = pybamm.ParameterValues({k: v for k, v in values.items() if v is not None})
    pv.update({k: 0.0 for k, v in values.items() if v is None}, check_already_exists=False)
    update_derived(pv, initial_soc=initial_soc, options=options)
    for k in DERIVED_KEYS:
        if k in values:
            values[k] = pv[k]
    if SPACE_CHARGE_INPUTS[0] in values and "Space-charge partition factor" in values:
        values.update(space_charge_functions(pv))
    return values


__all__ = ["windows", "electrode_capacity_Ah", "update_derived", "complete"]
