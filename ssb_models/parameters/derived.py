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
    # the SOC ends are the cut-offs (one home: a --set cut-off moves them too)
    pv.update({"Open-circuit voltage at 0% SOC [V]": pv["Lower voltage cut-off [V]"],
               "Open-circuit voltage at 100% SOC [V]": pv["Upper voltage cut-off [V]"]},
              check_already_exists=False)
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
    if "Solid electrolyte density [kg.m-3]" in pv.keys():
        pv.update(thermal_properties(pv, options), check_already_exists=False)
    if "Space-charge partition factor" in pv.keys():
        pv.update(space_charge_functions(pv), check_already_exists=False)
    return w


def _get(pv, name, default=0.0):
    return pv[name] if name in pv.keys() else default


def thermal_properties(parameter_values, options=None):
    """Density and specific heat capacity of each composite layer, the cell volume
    and cooling area (docs/thermal.md): the composites' phases are the active
    material, the solid electrolyte ("porosity") and an optional additive; the rest
    is voids. Recomputed after overrides, so a changed volume fraction or thickness
    changes the thermal mass."""
    from ..physics.thermal import composite_density, composite_specific_heat

    pv = parameter_values
    rho_se = pv["Solid electrolyte density [kg.m-3]"]
    cp_se = pv["Solid electrolyte specific heat capacity [J.kg-1.K-1]"]
    out = {"Separator density [kg.m-3]": rho_se,
           "Separator specific heat capacity [J.kg-1.K-1]": cp_se}
    domains = ["Positive"] + (["Negative"] if is_full_cell(options) else [])
    for D in domains:
        eps = [pv[f"{D} electrode active material volume fraction"],
               pv[f"{D} electrode porosity"],
               _get(pv, f"{D} electrode additive volume fraction")]
        rho = [pv[f"{D} electrode active material density [kg.m-3]"], rho_se,
               _get(pv, f"{D} electrode additive density [kg.m-3]")]
        cp = [pv[f"{D} electrode active material specific heat capacity [J.kg-1.K-1]"],
              cp_se, _get(pv, f"{D} electrode additive specific heat capacity "
                              "[J.kg-1.K-1]")]
        out[f"{D} electrode density [kg.m-3]"] = composite_density(eps, rho)
        out[f"{D} electrode specific heat capacity [J.kg-1.K-1]"] = (
            composite_specific_heat(eps, rho, cp))
    area = pv["Electrode height [m]"] * pv["Electrode width [m]"]
    stack = sum(pv[f"{n} thickness [m]"] for n in (
        "Negative current collector", "Negative electrode", "Separator",
        "Positive electrode", "Positive current collector"))
    out["Cell volume [m3]"] = area * stack
    out["Cell cooling surface area [m2]"] = 2 * area
    return out


#: Parameters the space-charge tables are computed from (docs/space_charge.md).
SPACE_CHARGE_INPUTS = (
    "Solid electrolyte relative permittivity",
    "Solid electrolyte Li site density [mol.m-3]",
    "Initial concentration in electrolyte [mol.m-3]",
    "Buffer layer thickness [m]",
    "Buffer layer relative permittivity",
    "Buffer layer Li site density [mol.m-3]",
    "Buffer layer Li concentration [mol.m-3]",
    "Buffer layer mobile Li fraction [-]",
)
#: Grid of the interpolants: total step 0-1.5 V by 10 mV (splined from the two-layer
#: solutions at physics.space_charge.TABLE_STEP_NODES), and the temperatures at which
#: the two-layer problem is solved: -50 to 130 C, at most 30 K apart, with 0, 25, 50
#: and 100 C on the grid.
SCL_DELTA_PHI = np.linspace(0.0, 1.5, 151)
SCL_TEMPERATURE = np.array([223.15, 253.15, 273.15, 298.15, 323.15, 353.15, 373.15, 403.15])
_LENGTH_FLOOR = 1e-300  # m; keeps log(length) finite where a phase holds no layer


@functools.lru_cache(maxsize=32)
def _space_charge_tables(eps_r, c_max, c0, d, eps_b, c_max_b, c_li_b, mobile_fraction):
    """The tables of physics.space_charge.buffer_cell_model_tables (cached: the
    two-layer quadrature takes ~1.5 s per parameter set)."""
    from ..physics import space_charge as sc

    se = {"relative_permittivity": eps_r, "site_density": c_max, "bulk_concentration": c0}
    buffer = sc.buffer_phase(d, eps_b, c_max_b, c_li_b, mobile_fraction)
    return sc.buffer_cell_model_tables(SCL_DELTA_PHI, SCL_TEMPERATURE, se, buffer,
                                       buffer_lattice_site_density=c_max_b)


def check_space_charge_inputs(values):
    """Range checks before any quadrature (InputError, reported by the CLI)."""
    from ..errors import InputError

    eps_r, c_max, c0, d, eps_b, c_max_b, c_li_b, f = values
    names = dict(zip(("eps_r", "c_max", "c0", "d", "eps_b", "c_max_b", "c_li_b", "f"),
                     SPACE_CHARGE_INPUTS))
    if not 0 < c0 < c_max:
        raise InputError(f"'{names['c0']}' ({c0:g}) must lie between 0 and "
                         f"'{names['c_max']}' ({c_max:g}): the SE's bulk occupancy must lie "
                         "in (0, 1).")
    for key, v in (("eps_r", eps_r), ("eps_b", eps_b)):
        if v <= 0:
            raise InputError(f"'{names[key]}' must be > 0, got {v:g}.")
    if d < 0:
        raise InputError(f"'{names['d']}' must be >= 0 (0 = no buffer), got {d:g}.")
    if not 0 < c_li_b < c_max_b:
        raise InputError(f"'{names['c_li_b']}' ({c_li_b:g}) must lie between 0 and "
                         f"'{names['c_max_b']}' ({c_max_b:g}).")
    if not 0 < f <= 1:
        raise InputError(f"'{names['f']}' must lie in (0, 1], got {f:g}.")


def sub_lattice_message(tables, temperature):
    """One-line description of the phases whose layer is thinner than one lattice
    spacing at ``temperature`` [K] somewhere in the tables' step range, or None.

    The node widths are interpolated linearly in 1/T between the table temperatures
    (clamped to the table's range)."""
    from ..physics.space_charge import LAYER_DROP

    temps = SCL_TEMPERATURE
    x = np.clip(1.0 / float(temperature), 1.0 / temps[-1], 1.0 / temps[0])
    inv = 1.0 / temps[::-1]
    nodes = tables["step_nodes"]
    parts = []
    for phase, label in (("se", "SE"), ("buffer", "buffer")):
        a = tables[f"{phase}_lattice_spacing_m"]
        if not np.isfinite(a):
            continue
        width = np.array([np.interp(x, inv, row[::-1]) for row in tables[f"{phase}_width_m"]])
        drop = np.array([np.interp(x, inv, row[::-1]) for row in tables[f"{phase}_drop_V"]])
        flagged = (width < a) & (np.abs(drop) >= LAYER_DROP)
        if not flagged.any():
            continue
        up_to = nodes[flagged].max()
        parts.append(f"{label} layer {width[flagged].min() * 1e9:.2g}-"
                     f"{width[flagged].max() * 1e9:.2g} nm < lattice spacing "
                     f"{a * 1e9:.2g} nm for total steps up to {up_to:g} V "
                     f"(of which it takes up to {drop[flagged].max():.2g} V)")
    if not parts:
        return None
    return (f"space charge at {float(temperature):g} K: " + "; ".join(parts)
            + ". Beyond a continuum model: its charge and capacitance are order-of-magnitude "
            "values and the constant-mobility resistance of a depleted film is an "
            "indicator (upper bound), not a prediction (docs/space_charge.md, 'Validity').")


def space_charge_functions(parameter_values):
    """The derived space-charge entries, functions of (total step [V], T [K]) that
    interpolate tables computed from the cell's current values (the logs of C and of
    length/step, linearly in the step and in 1/T): "Space-charge excess length [m]"
    (the SE's layer) and "Buffer layer excess length [m]" (the buffer's), both without
    the conductivity, and "Space-charge capacitance [F.m-2]" (both layers in series).

    The tables are computed when the model is first processed with these functions
    (``"space charge": "lattice-gas"``), not here; processing a model also warns once
    (:class:`~ssb_models.physics.space_charge.SubLatticeLayerWarning`) if at the cell's
    ambient temperature (298.15 K if that is not a number) a layer is thinner than one
    lattice spacing somewhere in the tables' step range. Raise
    :class:`ValueError` if an input is not a number (an InputParameter cannot feed a
    quadrature) and :class:`~ssb_models.errors.InputError` if one is out of range."""
    values = []
    for name in SPACE_CHARGE_INPUTS:
        v = parameter_values[name]
        if not isinstance(v, (int, float)):
            raise ValueError(f"'{name}' must be a number to tabulate the space-charge "
                             f"layer, got {v!r} (it cannot be an input parameter).")
        values.append(float(v))
    check_space_charge_inputs(values)
    values = tuple(values)
    T_cell = parameter_values["Ambient temperature [K]"] \
        if "Ambient temperature [K]" in parameter_values.keys() else None
    if not isinstance(T_cell, (int, float)):
        T_cell = 298.15
    return {"Space-charge excess length [m]":
            SpaceChargeFunction("se_length", values, float(T_cell)),
            "Buffer layer excess length [m]":
            SpaceChargeFunction("buffer_length", values, float(T_cell)),
            "Space-charge capacitance [F.m-2]":
            SpaceChargeFunction("capacitance", values, float(T_cell))}


def _log_table(values, key):
    """The interpolated table of ``key``, against (step, 1/T ascending): log C, or
    log(length / step) (finite at zero step: linear response)."""
    vals = _space_charge_tables(*values)[key]
    if key == "capacitance":
        return np.log(vals)[:, ::-1]
    out = np.empty_like(vals)
    out[1:] = np.log(np.maximum(vals[1:], _LENGTH_FLOOR) / SCL_DELTA_PHI[1:, None])
    out[0] = out[1]
    return out[:, ::-1]


class SpaceChargeFunction:
    """One derived space-charge entry, a function of (total step [V], T [K]) for
    PyBaMM (see :func:`space_charge_functions`).

    A module-level class, not a closure, so that parameter values holding it pickle
    (``Simulation.save``, spawned worker processes): it keeps only the inputs of the
    tables (``values``, the :data:`SPACE_CHARGE_INPUTS` as numbers) and recomputes
    the tables (cached) on first use after unpickling.

    ``kind`` is "se_length" (the SE's excess length, which also warns once per call
    when a layer is thinner than one lattice spacing at ``T_cell``),
    "buffer_length" or "capacitance".
    """

    NAMES = {"se_length": "space_charge_excess_length",
             "buffer_length": "buffer_layer_excess_length",
             "capacitance": "space_charge_capacitance"}
    _INTERPOLANTS = {"se_length": "space_charge_log_length_per_step",
                     "buffer_length": "buffer_layer_log_length_per_step",
                     "capacitance": "space_charge_log_capacitance"}

    def __init__(self, kind, values, T_cell=298.15):
        if kind not in self.NAMES:
            raise ValueError(f"kind must be one of {list(self.NAMES)}, got {kind!r}")
        self.kind = kind
        self.values = tuple(float(v) for v in values)
        self.T_cell = float(T_cell)
        self.__name__ = self.NAMES[kind]

    def __repr__(self):
        return f"SpaceChargeFunction({self.kind!r}, {self.values!r}, {self.T_cell!r})"

    def __eq__(self, other):
        return (isinstance(other, SpaceChargeFunction) and other.kind == self.kind
                and other.values == self.values and other.T_cell == self.T_cell)

    def __hash__(self):
        return hash((self.kind, self.values, self.T_cell))

    def _interpolant(self, delta_phi, T):
        axes = (SCL_DELTA_PHI, 1.0 / SCL_TEMPERATURE[::-1])
        table = _log_table(self.values, self.kind)
        return pybamm.Interpolant(axes, table, [delta_phi, 1 / T],
                                  name=self._INTERPOLANTS[self.kind])

    def __call__(self, delta_phi, T):
        if self.kind == "capacitance":
            return pybamm.exp(self._interpolant(delta_phi, T))
        if self.kind == "se_length":
            message = sub_lattice_message(_space_charge_tables(*self.values), self.T_cell)
            if message:
                import warnings

                from ..physics.space_charge import SubLatticeLayerWarning

                warnings.warn(message, SubLatticeLayerWarning, stacklevel=2)
        if not np.any(_space_charge_tables(*self.values)[self.kind]):
            return pybamm.Scalar(0)  # no buffer: no buffer layer
        return delta_phi * pybamm.exp(self._interpolant(delta_phi, T))


DERIVED_KEYS = (
    "Open-circuit voltage at 0% SOC [V]",
    "Open-circuit voltage at 100% SOC [V]",
    "Nominal cell capacity [A.h]",
    "Current function [A]",
    INITIAL.format("negative"),
    INITIAL.format("positive"),
    "Separator density [kg.m-3]",
    "Separator specific heat capacity [J.kg-1.K-1]",
    "Positive electrode density [kg.m-3]",
    "Positive electrode specific heat capacity [J.kg-1.K-1]",
    "Negative electrode density [kg.m-3]",
    "Negative electrode specific heat capacity [J.kg-1.K-1]",
    "Cell volume [m3]",
    "Cell cooling surface area [m2]",
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


__all__ = ["windows", "electrode_capacity_Ah", "update_derived", "complete",
           "SpaceChargeFunction"]
