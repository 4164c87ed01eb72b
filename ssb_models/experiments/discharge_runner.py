"""Constant-current discharges of one cell with the model built once.

The rate, the temperature and any swept scalar parameter are PyBaMM
``InputParameter`` s of one processed, discretised model, so a rate
capability, a temperature ladder or a sweep solves the same compiled model
again and again (``docs/sweeps.md``). Only what shapes the mesh (thicknesses,
particle radii) or feeds a table computed outside the model (the space-charge
inputs) forces a rebuild; those points get a runner of their own.

Every discharge starts from the full-charge state of the cell's window and
stops at the lower cut-off voltage (PyBaMM's voltage event).
"""

import math
import time

import numpy as np

from .. import checks, validity
from ..errors import InputError
from ..physics.constants import CELSIUS_OFFSET, FARADAY
from ..results import areal, first_instant_timeseries, summarize, timeseries
from .prepare import TEMPERATURES, checked_values, derive

CURRENT = "Current function [A]"
OUTPUT_POINTS = 1001  # output samples of a discharge without a given period
INITIAL = "Initial concentration in {} electrode [mol.m-3]"

#: Parameters that cannot be inputs: the mesh is built from them, or the
#: space-charge tables are computed from them (docs/sweeps.md).
_STRUCTURAL_WORDS = ("thickness [m]", "particle radius [m]")


def is_structural(name):
    """True if changing ``name`` needs a rebuilt model (not an input)."""
    from ..parameters.derived import SPACE_CHARGE_INPUTS

    low = name.lower()
    return any(w in low for w in _STRUCTURAL_WORDS) or name in SPACE_CHARGE_INPUTS


def numeric_capacity(pv, window):
    """Positive-electrode window capacity [A.h] from numbers (no PyBaMM solve)."""
    area = pv["Electrode height [m]"] * pv["Electrode width [m]"]
    return (FARADAY * pv["Maximum concentration in positive electrode [mol.m-3]"]
            * pv["Positive electrode active material volume fraction"]
            * pv["Positive electrode thickness [m]"] * area
            * (window["x_0"] - window["x_100"]) / 3600.0)


#: names the stoichiometry windows depend on (half cell: OCP and cut-offs; a full
#: cell's also on the electrode loadings)
WINDOW_WORDS = ("cut-off", "maximum concentration", "initial concentration", "ocp")
FULL_CELL_WINDOW_WORDS = ("volume fraction", "porosity", "thickness")


def can_compile():
    """True if PyBaMM's ahead-of-time compilation can run here: its compiler (gcc) is
    on the PATH. PyBaMM falls back to its interpreted functions (with a logged
    warning) if a compile still fails, so this only avoids a pointless attempt."""
    import shutil

    return shutil.which("gcc") is not None


class DischargeRunner:
    """A cell's model built once for constant-current discharges.

    Parameters
    ----------
    cell : str
        Cell id.
    options : dict, optional
        Model options on top of the cell's.
    overrides : dict, optional
        Fixed parameter overrides (numbers), applied before the build.
    input_names : iterable of str, optional
        Parameters that vary between calls (as PyBaMM inputs). Structural ones
        (see :func:`is_structural`) are refused: give them as ``overrides``.
    """

    def __init__(self, cell, options=None, overrides=None, input_names=(), prepared=None):
        import pybamm

        from ..models.options import model_options

        self.options = dict(options or {})
        self.input_names = tuple(input_names)
        if prepared is not None:  # inputs checked once, by the experiment's prepare
            self.module, self.options = prepared.cell, dict(prepared.run_options)
            merged = prepared.merged_options()
            pv = prepared.base.copy()
        else:
            merged = model_options(_cell(cell), self.options)
            self.module, pv = checked_values(cell, overrides, None, merged)
        # an input replaces a number: a name that is a function of the cell (of
        # stoichiometry, concentration or temperature) is refused, naming its numbers
        checks.check_names(dict.fromkeys(self.input_names, 0.0), pv)
        bad = [n for n in self.input_names if is_structural(n)]
        if bad:
            raise InputError(f"{bad[0]!r} shapes the mesh or a precomputed table, so it "
                             "cannot vary in a built model; pass it as a fixed override.")
        self._window = derive(pv, self.module, initial_soc=1.0)
        self.base = pv
        self.full_cell = "n_0" in self._window
        varying = set(self.input_names) | {CURRENT, *TEMPERATURES}
        varying |= {INITIAL.format("positive")}
        if self.full_cell:
            varying |= {INITIAL.format("negative")}
        self.varying = varying
        pv_in = pv.copy()
        pv_in.update({n: pybamm.InputParameter(n) for n in sorted(self.varying)})
        self._pv_in = pv_in
        self._sim = None
        self.model_options = {k: str(v) for k, v in merged.items()}

    @classmethod
    def from_prepared(cls, prepared, input_names=()):
        """The runner of a prepared experiment (its values are not checked again)."""
        return cls(prepared.cell, input_names=input_names, prepared=prepared)

    @property
    def sim(self):
        """The simulation for dense single discharges, built on first use (a batched
        sweep never needs it, so its workers do not pay for it)."""
        if self._sim is None:
            import pybamm

            from ..models.options import build_model

            self.model = build_model(self.module, self.options)
            self._sim = pybamm.Simulation(self.model, parameter_values=self._pv_in,
                                          solver=pybamm.IDAKLUSolver())
            self._sim.build()
        return self._sim

    # ------------------------------------------------------------------ inputs
    def point_values(self, c_rate, temperature_C=None, inputs=None):
        """The numeric parameter values of one discharge (a copy of the base)."""
        inputs = dict(inputs or {})
        unknown = set(inputs) - set(self.input_names)
        if unknown:
            raise InputError(f"{sorted(unknown)[0]!r} is not an input of this runner "
                             f"(inputs: {list(self.input_names) or 'none'}).")
        checks.check_c_rate(c_rate)
        checks.check_temperature_C(temperature_C, self.module)
        pv = self.base.copy()
        pv.update(inputs)
        if temperature_C is not None:
            T = float(temperature_C) + CELSIUS_OFFSET
            pv.update(dict.fromkeys(TEMPERATURES, T))
        if inputs:  # the base was checked when the runner was built
            checks.check_physical(pv, names=inputs, cell=self.module)
        low = [n.lower() for n in inputs]
        words = WINDOW_WORDS + (FULL_CELL_WINDOW_WORDS if self.full_cell else ())
        if any(w in n for n in low for w in words):
            derive(pv, self.module, initial_soc=1.0)
        else:
            Q = numeric_capacity(pv, self._window)
            pv.update({"Nominal cell capacity [A.h]": Q, CURRENT: Q})
        pv.update({CURRENT: float(c_rate) * pv["Nominal cell capacity [A.h]"]})
        return pv

    def discharge(self, c_rate, temperature_C=None, inputs=None, period_s=None):
        """Discharge at ``c_rate`` to the lower cut-off from full charge.

        Returns ``(summary, timeseries, solution)``: the summary has
        capacity_mAh_g, capacity_mAh_cm2, mean_voltage_V, energy_mWh_cm2,
        power_mW_cm2, power_W_kg, energy_Wh_kg, ... (see :func:`summarize`).
        """
        pv = self.point_values(c_rate, temperature_C, inputs)
        values = {n: float(pv[n]) for n in self.varying}
        t_end = 1.25 * 3600.0 / float(c_rate) + 60.0
        t_eval = [0.0, t_end]
        # dense output (the solver's own interpolant) so that energy and mean voltage
        # are integrated accurately however large the solver's steps
        t_interp = (np.arange(0.0, t_end, float(period_s)) if period_s
                    else np.linspace(0.0, t_end, OUTPUT_POINTS))
        import pybamm

        t0 = time.perf_counter()
        try:
            sol = self.sim.solve(t_eval, inputs=values, t_interp=t_interp)
        except pybamm.SolverError as exc:
            if "non-positive at initial conditions" not in str(exc):
                raise
            # the voltage is below the cut-off as soon as the current flows: the
            # cell delivers nothing at this rate (a result, not a failure)
            return self._empty(pv, c_rate, time.perf_counter() - t0)
        solve_time = time.perf_counter() - t0
        ts = timeseries(sol)
        summary = summarize(pv, ts)
        summary.update({"c_rate": float(c_rate), "solve_time_s": solve_time,
                        "termination": str(sol.termination),
                        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6)})
        reached = ts["voltage_V"][-1] <= pv["Lower voltage cut-off [V]"] + 1e-3
        summary["reached_cutoff"] = bool(reached)
        summary[validity.RATIO_METRIC] = self.contact_ratio(pv)
        return summary, ts, sol

    def contact_ratio(self, pv):
        """The constant-current discharge's Li stripping current / void onset (> 1:
        outside the static Li contact's validity, ``ssb_models/validity.py``), or None
        where the check does not apply."""
        if not validity.applies(self.module, self.model_options):
            return None
        area_m2 = pv["Electrode height [m]"] * pv["Electrode width [m]"]
        return validity.static_contact(pv, [float(pv[CURRENT]) / area_m2])["ratio"]


    # ------------------------------------------------------------- batches
    #: what a batched discharge keeps of each solution (PyBaMM output_variables)
    BATCH_OUTPUTS = ("Time [s]", "Voltage [V]", "Discharge capacity [A.h]",
                     "Discharge energy [W.h]")

    def _batch_sim(self, threads, compile=False):
        """A second simulation of the same cell for batched discharges: the discharge
        energy as a model state ("calculate discharge energy") and only the variables
        the metrics need, so one IDAKLU call solves many input sets. With ``compile``,
        PyBaMM's ahead-of-time compilation of the solver's functions (IDAKLU option
        ``"compile"``: C code through gcc, cached on disk; see :func:`can_compile`)."""
        import pybamm

        from ..models.options import build_model

        key = (int(threads), bool(compile))
        if getattr(self, "_batch", None) is None or self._batch[0] != key:
            model = build_model(self.module, {**self.options,
                                              "calculate discharge energy": "true"})
            solver = pybamm.IDAKLUSolver(output_variables=list(self.BATCH_OUTPUTS),
                                         options={"num_threads": key[0],
                                                  "compile": key[1]})
            sim = pybamm.Simulation(model, parameter_values=self._pv_in, solver=solver)
            sim.build()
            self._batch = (key, sim)
        return self._batch[1]

    def discharge_many(self, points, threads=1, compile=False):
        """Discharges of several points in one IDAKLU call (``docs/sweeps.md``,
        "Batched solving"). ``points`` = [(c_rate, temperature_C, inputs), ...];
        ``compile`` = solve with compiled model functions (:func:`can_compile`).

        Returns one summary per point with the sweep metrics (capacity, energy from
        the energy state, mean voltage = energy / capacity, power = energy /
        duration, reached_cutoff, solve_time_s = the batch's time per point). A batch
        whose solve fails is solved point by point, so one bad point fails alone."""
        import pybamm

        pvs = [self.point_values(c, T, inp) for c, T, inp in points]
        values = [{n: float(pv[n]) for n in self.varying} for pv in pvs]
        t_end = max(1.25 * 3600.0 / float(c) + 60.0 for c, _, _ in points)
        sim = self._batch_sim(threads, compile and can_compile())
        t0 = time.perf_counter()
        try:
            sols = sim.solve([0.0, t_end], inputs=values)
        except pybamm.SolverError:
            if len(points) == 1:
                raise
            return [self.discharge_many([p], threads, compile)[0] for p in points]
        if not isinstance(sols, list):
            sols = [sols]
        per_point = (time.perf_counter() - t0) / len(points)
        return [self._batch_summary(pv, c, sol, per_point)
                for pv, (c, _, _), sol in zip(pvs, points, sols)]

    def _batch_summary(self, pv, c_rate, sol, solve_time):
        area_cm2, mass_g = areal(pv)
        t = sol["Time [s]"].entries
        V = sol["Voltage [V]"].entries
        cap_mAh = float(sol["Discharge capacity [A.h]"].entries[-1]) * 1e3
        energy_mWh = float(sol["Discharge energy [W.h]"].entries[-1]) * 1e3
        duration_h = float(t[-1] - t[0]) / 3600.0
        power_mW = energy_mWh / duration_h if duration_h > 0 else math.nan
        return {
            "capacity_mAh_g": cap_mAh / mass_g, "capacity_mAh_cm2": cap_mAh / area_cm2,
            "mean_voltage_V": energy_mWh / cap_mAh if cap_mAh > 0 else None,
            "energy_mWh_cm2": energy_mWh / area_cm2, "power_mW_cm2": power_mW / area_cm2,
            "energy_Wh_kg": energy_mWh / mass_g, "power_W_kg": power_mW / mass_g,
            "nominal_capacity_mAh_cm2": pv["Nominal cell capacity [A.h]"] * 1e3 / area_cm2,
            "reached_cutoff": bool(V[-1] <= pv["Lower voltage cut-off [V]"] + 1e-3),
            "c_rate": float(c_rate), "solve_time_s": solve_time,
            "termination": str(sol.termination),
            validity.RATIO_METRIC: self.contact_ratio(pv),
        }

    def _empty(self, pv, c_rate, solve_time):
        ts = first_instant_timeseries(pv, pv[CURRENT])
        summary = summarize(pv, ts)
        summary.update({"c_rate": float(c_rate), "solve_time_s": solve_time,
                        "termination": "voltage below the cut-off at the first instant",
                        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 6),
                        "reached_cutoff": True, "power_mW_cm2": 0.0, "power_W_kg": 0.0})
        return summary, ts, None


def _cell(cell):
    from ..parameters.registry import get_cell

    return get_cell(cell) if isinstance(cell, str) else cell
