"""What both fitting backends share: the checks of the fitted parameters and their
bounds, a dataset turned into a residual problem, and the files of a fit (fit.json,
fit.png).

A residual problem has ``residuals(p) -> (r, d r / d p)`` at parameter values ``p``
(in the order of ``params``), ``reported()`` (the dataset's measured values) and
``last`` (the simulated curve or values of the latest call, for the figure):

* :class:`DischargeProblem`: a curve (V_sim(q_k) - V_k at the dataset's capacities,
  dV/dp from PyBaMM's forward sensitivities) or capacity points (Q_sim - Q_k of
  discharges that reached the cut-off, central differences in ln p), with the model
  built once;
* :class:`AnalyticProblem`: resistances, properties and tortuosities, evaluated from
  parameter values (no solve), central differences in ln p.
"""

import math
from pathlib import Path

import numpy as np

from ...errors import InputError
from ...files import to_json
from ..compare import dataset_c_rate

#: the dataset kinds whose model quantity needs no discharge
ANALYTIC_KINDS = ("resistance", "property", "tortuosity")


# ------------------------------------------------------------------ parameters
def check_params(params):
    """The fitted parameter names as a list: at least one, none twice, none that
    shapes the mesh (both backends build the model once)."""
    from ...experiments.discharge_runner import is_structural

    params = list(params)
    if not params:
        raise InputError("give at least one --param to fit.")
    if len(set(params)) != len(params):
        raise InputError("a parameter is named twice in --param.")
    for n in params:
        if is_structural(n):
            raise InputError(f"'{n}' shapes the mesh; it cannot be fitted with a built-once "
                             "model (fit a non-geometric parameter, or sweep this one).")
    return params


def parse_bounds(params, bounds, x0):
    """``[(lo, hi), ...]`` per parameter: the given bounds, else x0/100 to x0*100;
    each must satisfy 0 < lo < hi (the fit works on ln p)."""
    out = []
    for i, name in enumerate(params):
        if bounds and i < len(bounds) and bounds[i] is not None:
            lo, hi = bounds[i]
        else:
            if not x0[i] > 0:
                raise InputError(
                    f"'{name}' starts at {x0[i]:g}; give bounds lo:hi with 0 < lo < hi for it "
                    "(the fit works on ln p and then starts at the nearer bound).")
            lo, hi = x0[i] / 100, x0[i] * 100
        if not 0 < lo < hi:
            raise InputError(f"bounds of '{name}' must satisfy 0 < lo < hi, got {lo:g}:{hi:g}.")
        if bounds and i < len(bounds) and bounds[i] is not None:
            from ...checks import check_physical

            for end in (lo, hi):  # a fit searches only physical values
                try:
                    check_physical({name: end}, names=[name])
                except InputError as exc:
                    raise InputError(f"--bounds {lo:g}:{hi:g} of '{name}': {exc}") from None
        out.append((float(lo), float(hi)))
    return out


def start_and_bounds(params, base, x0, bounds):
    """``(start, bounds)``: the start values (``x0``, else the cell's values ``base``)
    and :func:`parse_bounds`; a start outside the bounds (e.g. an ASR that is 0 by
    default) moves to the nearer bound: the least perturbed cell the bounds allow."""
    start = [float(base[n]) if x0 is None else float(x0[i]) for i, n in enumerate(params)]
    bnds = parse_bounds(params, bounds, start)
    start = [min(max(s, lo), hi) for s, (lo, hi) in zip(start, bnds)]
    return start, bnds


def at_bound(value, bounds):
    """Whether a fitted value sits on one of its bounds (relative 1e-6)."""
    lo, hi = bounds
    return bool(np.isclose(value, lo, rtol=1e-6, atol=0)
                or np.isclose(value, hi, rtol=1e-6, atol=0))


# ------------------------------------------------------------------ problems
class DischargeProblem:
    """A curve or capacity points: discharges of the cell's runner (the model built
    once, the fitted parameters as inputs)."""

    def __init__(self, runner, dataset, params, temperature_C):
        self.runner, self.ds, self.params, self.T = runner, dataset, params, temperature_C
        self.temps = [temperature_C if t is None else t for t in dataset.temperatures()]
        self.bounds = None  # set by the fit: finite differences stay inside them
        self.last = None

    def reported(self):
        ds = self.ds
        return np.asarray(ds.columns["voltage_V" if ds.kind == "curve" else "capacity"], float)

    def _solve(self, p, c_rate, t_eval_points=None, T=None):
        import pybamm  # noqa: F401

        inputs = dict(zip(self.params, p))
        r = self.runner
        T = self.T if T is None else T
        pv = r.point_values(c_rate, T, inputs)
        values = {n: float(pv[n]) for n in r.varying}
        t_end = 1.25 * 3600.0 / c_rate + 60.0
        t_interp = t_eval_points if t_eval_points is not None else np.linspace(0, t_end, 400)
        sol = r.sim.solve([0.0, t_end], inputs=values, t_interp=t_interp,
                          calculate_sensitivities=list(self.params))
        return pv, sol

    def scale(self, pv):
        """Capacity per A.s in the dataset's unit."""
        from ...results import areal

        area_cm2, mass_g = areal(pv)
        per_mAh = 1 / mass_g if self.ds.capacity_unit == "mAh/g" else 1 / area_cm2
        return per_mAh / 3.6  # 1 A.s = 1/3.6 mAh

    def residuals(self, p):
        """(residual vector, Jacobian d r / d p); a solver failure counts as a cell
        that delivers nothing (capacity 0, voltage at the cut-off), with a zero
        Jacobian, so the optimiser backs off."""
        import pybamm

        try:
            return self._residuals(p)
        except pybamm.SolverError:
            self.failures = getattr(self, "failures", 0) + 1
            ds = self.ds
            if ds.kind == "curve":
                v = np.full(len(ds.columns["voltage_V"]),
                            float(self.runner.base["Lower voltage cut-off [V]"]))
                self.last = (np.asarray(ds.columns["capacity"], float), v)
                r = v - np.asarray(ds.columns["voltage_V"], float)
            else:
                r = -np.asarray(ds.columns["capacity"], float)
            return r, np.zeros((len(r), len(self.params)))

    def _residuals(self, p):
        ds = self.ds
        if ds.kind == "curve":
            c = dataset_c_rate(self.runner, ds, ds.rate, self.T)
            pv0 = self.runner.point_values(c, self.T, dict(zip(self.params, p)))
            I = float(pv0["Current function [A]"])
            q = np.asarray(ds.columns["capacity"], float)
            t_k = q / (self.scale(pv0) * I)
            _, sol = self._solve(p, c, np.unique(np.concatenate([[0.0], t_k])))
            t = sol.t
            V = sol["Voltage [V]"]
            if not np.all(np.isfinite(V.entries)):
                import pybamm

                raise pybamm.SolverError("the solve returned non-finite voltages")
            v = np.interp(t_k, t, V.entries)
            J = np.column_stack([np.interp(t_k, t, np.ravel(V.sensitivities[n]))
                                 for n in self.params])
            J[t_k > t[-1]] = 0.0  # beyond the cut-off the voltage is held there
            r = v - np.asarray(ds.columns["voltage_V"], float)
            self.last = (q, v)
            return r, J
        rs, J = [], []
        h = 1e-3  # relative step of the central difference in ln p
        for rate, cap, T in zip(ds.columns["rate"], ds.columns["capacity"], self.temps):
            c = dataset_c_rate(self.runner, ds, rate, T)
            q = self._capacity(p, c, T)
            rs.append(q - cap)
            row = []
            for j in range(len(p)):
                lo, hi = self.bounds[j] if self.bounds else (0.0, math.inf)
                up, down = np.array(p, float), np.array(p, float)
                up[j] = min(p[j] * math.exp(h), hi)
                down[j] = max(p[j] * math.exp(-h), lo)
                q_up = self._capacity(up, c, T) if up[j] != p[j] else q
                q_down = self._capacity(down, c, T) if down[j] != p[j] else q
                row.append((q_up - q_down) / (math.log(up[j] / down[j]) * p[j]))
            J.append(row)
        return np.asarray(rs), np.asarray(J)

    def _capacity(self, p, c_rate, T):
        """Discharge capacity in the dataset's unit from a solve that reached the
        cut-off; anything else is a solver failure, never data."""
        import pybamm

        s, _, _ = self.runner.discharge(c_rate, T, inputs=dict(zip(self.params, p)))
        q = s["capacity_mAh_g"] if self.ds.capacity_unit == "mAh/g" else s["capacity_mAh_cm2"]
        if not (s.get("reached_cutoff") and math.isfinite(q)):
            raise pybamm.SolverError(f"the discharge ended without reaching the cut-off "
                                     f"({s.get('termination')})")
        return q


class AnalyticProblem:
    """A resistance, property or tortuosity dataset: the model quantity is evaluated
    from parameter values (no solve); Jacobian by central differences in ln p."""

    def __init__(self, cell, dataset, params, overrides, temperature_C):
        from ..compare import COLUMNS_OF, cell_values

        self.ds, self.params, self.T = dataset, params, temperature_C
        self.module, self.base = cell_values(cell, overrides)
        self.x_col, self.y_col = COLUMNS_OF[dataset.kind]
        self.last = None
        self.runner = None
        self.bounds = None

    def reported(self):
        return np.asarray(self.ds.columns[self.y_col], float)

    def _values(self, p):
        from ..compare import (
            interface_resistance_ohm_cm2,
            tortuosity_factor,
            transport_property,
        )

        pv = self.base.copy()
        pv.update(dict(zip(self.params, p)))
        ds, out = self.ds, []
        for x in ds.columns[self.x_col]:
            if ds.kind == "resistance":
                out.append(interface_resistance_ohm_cm2(pv, ds.quantity, x))
            elif ds.kind == "property":
                out.append(transport_property(pv, ds.quantity, self.T, x))
            else:
                out.append(tortuosity_factor(pv, ds.quantity, x))
        return np.asarray(out)

    def residuals(self, p):
        p = np.asarray(p, float)
        v = self._values(p)
        J = np.empty((len(v), len(p)))
        h = 1e-6
        for j in range(len(p)):
            up, down = p.copy(), p.copy()
            up[j] *= np.exp(h)
            down[j] *= np.exp(-h)
            J[:, j] = (self._values(up) - self._values(down)) / (2 * h) / p[j]
        self.last = (np.asarray(self.ds.columns[self.x_col], float), v)
        return v - self.reported(), J


def build_problem(dataset, cell, params, overrides, options):
    """``(problem, overrides, assumptions)`` of fitting ``params`` of ``cell`` to one
    loaded ``dataset`` under the dataset's conditions
    (:func:`ssb_models.data.compare.conditions`)."""
    from ...experiments.discharge_runner import DischargeRunner
    from ..compare import conditions

    over, T, notes = conditions(dataset, cell, overrides)
    if dataset.kind in ANALYTIC_KINDS:
        return AnalyticProblem(cell, dataset, params, over, T), over, notes
    runner = DischargeRunner(cell, options, over, input_names=params)
    return DischargeProblem(runner, dataset, params, T), over, notes


# ------------------------------------------------------------------ files
def save_fit(fig, out, out_dir):
    """Write ``fig`` as fit.png (closed) and the fit's dict ``out`` as fit.json in
    ``out_dir`` (which exists); return their paths."""
    from ...plotting import save

    d = Path(out_dir)
    save(fig, d / "fit.png")
    (d / "fit.json").write_text(to_json(out) + "\n")
    return {"plot": str(d / "fit.png"), "json": str(d / "fit.json")}


def write_fit(out, sets, problems, start, p, out_dir):
    """fit.png (one panel per dataset: data, before and after the fit) and fit.json."""
    from ...plotting import pyplot

    plt = pyplot()
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    n = len(sets)
    fig, axes = plt.subplots(1, n, figsize=(5 * n, 4), squeeze=False)
    for ax, ds, prob in zip(axes[0], sets, problems):
        if ds.kind == "curve":
            for vals, style, label in ((start, "--", "before fit"), (p, "-", "after fit")):
                prob.residuals(np.asarray(vals))
                q, v = prob.last
                ax.plot(q, v, style, label=label)
            ax.plot(ds.columns["capacity"], ds.columns["voltage_V"], "o", ms=3, label=ds.id)
            ax.set_xlabel(f"Capacity [{ds.capacity_unit}]")
            ax.set_ylabel("Voltage [V]")
        else:
            x = np.asarray(ds.columns[prob.x_col if hasattr(prob, "x_col") else "rate"], float)
            y = prob.reported()
            order = np.argsort(x)
            for vals, style, label in ((start, "s--", "before fit"), (p, "^-", "after fit")):
                r, _ = prob.residuals(np.asarray(vals))
                ax.plot(x[order], (y + r)[order], style, label=label)
            ax.plot(x, y, "o", ms=7, label=ds.id)
            if ds.kind == "points":
                ax.set_xscale("log")
                ax.set_xlabel(f"Rate [{ds.rate_unit}]")
                ax.set_ylabel(f"Capacity [{ds.capacity_unit}]")
            else:
                ax.set_xlabel(prob.x_col)
                ax.set_ylabel(prob.y_col)
        ax.set_title(ds.id, fontsize=9)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3, which="both")
    fig.suptitle(f"fit of {', '.join(x['name'].split(' [')[0] for x in out['parameters'])}",
                 fontsize=9)
    return save_fit(fig, out, d)
