"""Values derived from other parameters: the stoichiometry window, the
nominal capacity and the full-charge initial state.

Recomputed after every user override, so that a changed thickness or
volume fraction changes the capacity and hence what "1C" means.
"""

import pybamm
from pybamm.models.full_battery_models.lithium_ion.electrode_soh_half_cell import (
    get_min_max_stoichiometries,
)

from ..physics.transport import FARADAY

HALF_CELL = {"working electrode": "positive"}


def positive_window(parameter_values, inputs=None):
    """(x_0, x_100): positive-electrode stoichiometries where the OCP equals the
    OCV at 0% and 100% SOC, solved by PyBaMM's half-cell electrode-SOH model."""
    pv = parameter_values.copy()
    # the eSOH model evaluates the initial state; give it a valid one
    c_max = pv["Maximum concentration in positive electrode [mol.m-3]"]
    pv.update({"Initial concentration in positive electrode [mol.m-3]": 0.5 * c_max})
    x = get_min_max_stoichiometries(pv, options=HALF_CELL, inputs=inputs)
    return float(x["x_0"]), float(x["x_100"])


def window_capacity_Ah(parameter_values, x_0, x_100, inputs=None):
    """Capacity [A.h] of the positive electrode between x_100 and x_0:
    F c_max eps_AM L A (x_0 - x_100) / 3600."""
    param = pybamm.LithiumIonParameters(HALF_CELL)
    Q_w = parameter_values.evaluate(param.p.prim.Q_init, inputs=inputs or {})
    return float(Q_w) * (x_0 - x_100)


def update_derived(parameter_values, initial_soc=1.0):
    """Fill the derived entries of a half-cell parameter set in place.

    Sets "Nominal cell capacity [A.h]" (the stoichiometric-window capacity),
    "Current function [A]" (1C) and "Initial concentration in positive
    electrode [mol.m-3]" at ``initial_soc`` (1 = full charge; SOC is linear in
    stoichiometry between x_100 and x_0, as in PyBaMM). Returns ``(x_0, x_100)``.
    """
    x_0, x_100 = positive_window(parameter_values)
    Q = window_capacity_Ah(parameter_values, x_0, x_100)
    c_max = parameter_values["Maximum concentration in positive electrode [mol.m-3]"]
    parameter_values.update(
        {
            "Nominal cell capacity [A.h]": Q,
            "Current function [A]": Q,
            "Initial concentration in positive electrode [mol.m-3]": (
                x_100 + (1 - initial_soc) * (x_0 - x_100)
            )
            * c_max,
        }
    )
    return x_0, x_100


__all__ = ["positive_window", "window_capacity_Ah", "update_derived", "FARADAY"]


def complete(values, initial_soc=1.0):
    """Fill the derived (``None``) entries of a parameter dict and return it, so
    that ``pybamm.ParameterValues("<cell>")`` is ready to solve as shipped."""
    pv = pybamm.ParameterValues({k: v for k, v in values.items() if v is not None})
    pv.update({k: 0.0 for k, v in values.items() if v is None}, check_already_exists=False)
    update_derived(pv, initial_soc=initial_soc)
    for k, v in values.items():
        if v is None:
            values[k] = pv[k]
    return values
