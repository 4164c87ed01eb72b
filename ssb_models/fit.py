"""Estimate parameters from a dataset: the Python API behind ``ssb fit``
(``docs/compare.md``).

Nonlinear least squares (``scipy.optimize.least_squares``, trust-region
reflective, bounds) on the logarithm of each parameter, with the model built once:

* curves: residuals V_sim(q_k) - V_k at the dataset's capacities, dV/dp from
  PyBaMM's forward sensitivities (IDAKLU ``calculate_sensitivities``);
* points: residuals Q_sim - Q_k of discharges that reached the cut-off, dQ/d ln p
  by central differences (forward sensitivities of some cells return NaN
  voltages; a solve that does not reach the cut-off or returns non-finite values
  is a solver failure, never data);
* resistances, properties, tortuosities: evaluated from parameter values, central
  differences.

Uncertainty: the covariance s^2 (J^T J)^-1 at the optimum, s^2 = SSR/(m - n),
gives a standard error and a 95 % interval per parameter (when m > n);
the sensitivity |dr/d ln p| is reported for every parameter.

PyBOP is an optional backend (``backend="pybop"``, ``ssb fit --backend pybop``,
:mod:`ssb_models.fit_pybop`): pybop 25.11 installs with the pinned stack (it declares
no numpy bound; pybop 26.3 requires numpy < 2.4 and is not used), through the extra
``pip install 'ssb-models[fit]'``. It fits discharge curves and impedance spectra and
samples posteriors; capacity points and the rest stay here, with their intervals.
"""

import math

import numpy as np

from .errors import InputError


def check_params(params):
    """The fitted parameter names as a list: at least one, none twice, none that
    shapes the mesh (both backends build the model once)."""
    from .experiments.discharge_runner import is_structural

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


def _parse_bounds(params, bounds, x0):
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
        out.append((float(lo), float(hi)))
    return out


class _Problem:
    def __init__(self, runner, dataset, params, temperature_C):
        from .compare import _c_rate

        self.runner, self.ds, self.params, self.T = runner, dataset, params, temperature_C
        self.temps = [temperature_C if t is None else t for t in dataset.temperatures()]
        self.bounds = None  # set by fit(): finite differences stay inside them
        self._c_rate = _c_rate
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
        values = {n: float(pv[n]) for n in r._varying}
        t_end = 1.25 * 3600.0 / c_rate + 60.0
        t_interp = t_eval_points if t_eval_points is not None else np.linspace(0, t_end, 400)
        sol = r.sim.solve([0.0, t_end], inputs=values, t_interp=t_interp,
                          calculate_sensitivities=list(self.params))
        return pv, sol

    def _scale(self, pv):
        """Capacity per A.s in the dataset's unit."""
        from .results import areal

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
            c = self._c_rate(self.runner, ds, ds.rate, self.T)
            pv0 = self.runner.point_values(c, self.T, dict(zip(self.params, p)))
            I = float(pv0["Current function [A]"])
            q = np.asarray(ds.columns["capacity"], float)
            t_k = q / (self._scale(pv0) * I)
            pv, sol = self._solve(p, c, np.unique(np.concatenate([[0.0], t_k])))
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
            c = self._c_rate(self.runner, ds, rate, T)
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


class _AnalyticProblem:
    """A resistance, property or tortuosity dataset: the model quantity is evaluated
    from parameter values (no solve); Jacobian by central differences in ln p."""

    def __init__(self, cell, dataset, params, overrides, temperature_C):
        from .compare import COLUMNS_OF, _cell_values

        self.ds, self.params, self.T = dataset, params, temperature_C
        self.module, self.base = _cell_values(cell, overrides)
        self.x_col, self.y_col = COLUMNS_OF[dataset.kind]
        self.last = None
        self.runner = None
        self.bounds = None

    def reported(self):
        return np.asarray(self.ds.columns[self.y_col], float)

    def _values(self, p):
        from .compare import (interface_resistance_ohm_cm2, tortuosity_factor,
                              transport_property)

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


def _problem(dataset, cell, params, overrides, options):
    from .compare import conditions
    from .experiments.discharge_runner import DischargeRunner

    over, T, notes = conditions(dataset, cell, overrides)
    if dataset.kind in ("resistance", "property", "tortuosity"):
        return _AnalyticProblem(cell, dataset, params, over, T), over, notes
    runner = DischargeRunner(cell, options, over, input_names=params)
    return _Problem(runner, dataset, params, T), over, notes


BACKENDS = ("scipy", "pybop")


def fit(dataset, cell, params, bounds=None, overrides=None, options=None, out_dir=None,
        x0=None, progress=False, backend="scipy", samples=0):
    """Fit ``params`` (parameter names) of ``cell`` to ``dataset``: an id, a path, a
    :class:`~ssb_models.datasets.Dataset`, or a list of them (a calibration set).

    ``backend="pybop"`` fits one discharge curve or impedance spectrum with PyBOP
    (:mod:`ssb_models.fit_pybop`, the optional extra ``ssb-models[fit]``), with a
    posterior from ``samples`` MCMC iterations per chain if ``samples`` > 0; the
    default ``"scipy"`` is the least-squares fitter below.

    One dataset: residuals in its own unit (V for curves, capacity for points, Ohm cm2
    for resistances). Several: relative residuals (simulated/reported - 1), so that
    capacities, resistances and properties weigh alike. The fit works on ln p; the
    covariance s^2 (J^T J)^-1 is computed in ln p and its 95 % interval is reported in p
    as exp(ln p +- t se), so it stays positive. Returns a dict with the fitted values,
    standard errors, intervals, sensitivities, residual RMS before and after, and files.
    """
    from .fit_pybop import is_spectrum

    if backend not in BACKENDS:
        raise InputError(f"unknown fit backend {backend!r}; allowed: {', '.join(BACKENDS)}.")
    if backend == "pybop":
        from .fit_pybop import fit as fit_pybop

        return fit_pybop(dataset, cell, params, bounds, overrides, options, out_dir, x0,
                         progress, samples=samples)
    if samples:
        raise InputError("posterior sampling (samples) needs backend 'pybop'; the "
                         "least-squares fitter gives confidence intervals.")
    if any(is_spectrum(d) for d in (dataset if isinstance(dataset, (list, tuple))
                                    else [dataset])):
        raise InputError("impedance spectra (kind \"eis\") are fitted with backend "
                         "'pybop' (--backend pybop; install with pip install "
                         "'ssb-models[fit]').")
    from scipy.optimize import least_squares

    from .datasets import Dataset, load_dataset
    from .parameters.registry import get_cell

    items = dataset if isinstance(dataset, (list, tuple)) else [dataset]
    if not items:
        raise InputError("give at least one dataset to fit.")
    sets = [d if isinstance(d, Dataset) else load_dataset(d) for d in items]
    ids = [d.id for d in sets]
    if len(set(ids)) != len(ids):
        raise InputError(f"a dataset is named twice: {', '.join(ids)}.")
    params = check_params(params)
    module = get_cell(cell)
    problems, notes, overs = [], {}, {}
    for d in sets:
        prob, over, note = _problem(d, module.CELL.id, params, overrides, options)
        problems.append(prob)
        notes[d.id], overs[d.id] = note, over
    base = problems[0].runner.base if problems[0].runner is not None else problems[0].base
    start = [float(base[n]) if x0 is None else float(x0[i]) for i, n in enumerate(params)]
    bnds = _parse_bounds(params, bounds, start)
    # a start outside the bounds (e.g. an ASR that is 0 by default) moves to the nearer
    # bound: the least perturbed cell the bounds allow
    start = [min(max(s, lo), hi) for s, (lo, hi) in zip(start, bnds)]
    for pr in problems:
        pr.bounds = bnds
    relative = len(sets) > 1
    scales = [np.abs(pr.reported()) if relative else np.ones(len(pr.reported()))
              for pr in problems]
    cache = {}

    bar = None
    if progress:  # tqdm on stderr: one tick per model evaluation (all datasets)
        from tqdm import tqdm

        bar = tqdm(desc=f"fit {', '.join(ids)}", unit="eval", dynamic_ncols=True)

    def evaluate(z):
        key = tuple(np.round(z, 14))
        if key not in cache:
            p = np.exp(z)
            if bar is not None:
                bar.update(1)
                bar.set_postfix_str(", ".join(f"{v:.3g}" for v in p))
            rs, Js = [], []
            for pr, sc in zip(problems, scales):
                r, J = pr.residuals(p)
                rs.append(r / sc)
                Js.append(J * p / sc[:, None])  # d r / d ln p
            cache.clear()
            cache[key] = (np.concatenate(rs), np.vstack(Js))
        return cache[key]

    z0 = np.log(start)
    r0, _ = evaluate(z0)
    sol = least_squares(lambda z: evaluate(z)[0], z0, jac=lambda z: evaluate(z)[1],
                        bounds=(np.log([b[0] for b in bnds]), np.log([b[1] for b in bnds])),
                        method="trf", x_scale="jac", xtol=1e-10, ftol=1e-12, gtol=1e-12,
                        max_nfev=200)
    p = np.exp(sol.x)
    r, Jz = evaluate(sol.x)
    if bar is not None:
        bar.close()
    m, n = len(r), len(p)
    results = []
    ssr = float(r @ r)
    cov = None
    if m > n:
        s2 = ssr / (m - n)
        try:
            cov = s2 * np.linalg.inv(Jz.T @ Jz)  # in ln p
        except np.linalg.LinAlgError:
            cov = None
    from scipy.stats import t as student_t

    tq = student_t.ppf(0.975, m - n) if m > n else math.nan
    for i, name in enumerate(params):
        se_z = (float(math.sqrt(cov[i, i])) if cov is not None and cov[i, i] >= 0
                else math.nan)
        results.append({"name": name, "initial": start[i], "fitted": float(p[i]),
                        "bounds": list(bnds[i]), "std_error": float(p[i] * se_z),
                        "std_error_ln": se_z,
                        "ci95": [float(p[i] * math.exp(-tq * se_z)),
                                 float(p[i] * math.exp(tq * se_z))]
                        if se_z == se_z else None,
                        "sensitivity": float(np.linalg.norm(Jz[:, i])),
                        "at_bound": bool(np.isclose(p[i], bnds[i][0], rtol=1e-6, atol=0)
                                         or np.isclose(p[i], bnds[i][1], rtol=1e-6, atol=0))})
    ds = sets[0]
    unit = ("relative" if relative else
            {"curve": "V", "resistance": "Ohm cm2", "tortuosity": "-",
             "property": ds.quantity}.get(ds.kind, ds.capacity_unit))
    failures = sum(getattr(pr, "failures", 0) for pr in problems)
    out = {"dataset": ", ".join(ids), "datasets": ids, "cell": module.CELL.id,
           "kind": ds.kind if len(sets) == 1 else "several",
           "parameters": results, "residual_unit": unit, "n_data": m,
           "rms_before": float(np.sqrt(np.mean(r0**2))), "rms_after": float(np.sqrt(ssr / m)),
           "success": bool(sol.success), "message": sol.message, "evaluations": int(sol.nfev),
           "identifiable": m > n,
           "jacobian": ("PyBaMM forward sensitivities (IDAKLU)"
                        if any(d.kind == "curve" for d in sets)
                        else "central differences in ln p"),
           "solver_failures": failures,
           "assumptions": notes[ids[0]] if len(sets) == 1 else notes,
           "overrides": overs[ids[0]] if len(sets) == 1 else overs}
    if m < n:
        out["note"] = (f"{m} data value(s) for {n} parameter(s): the fit is not determined by "
                       "the data alone; no uncertainty is given, only sensitivities.")
    elif m == n:
        out["note"] = (f"{m} data value(s) for {n} parameter(s): at best an exact match, with "
                       "no residual to estimate an uncertainty from; sensitivities only.")
    if not sol.success or failures:
        out.setdefault("note", "")
        out["note"] += (f" Optimiser: {sol.message}; {failures} evaluation(s) "
                        "failed in the solver (counted as a cell that delivers nothing).")
    if out_dir is not None:
        out["files"] = _write(out, sets, problems, start, p, out_dir)
    return out


def _write(out, sets, problems, start, p, out_dir):
    """fit.png (one panel per dataset: data, before and after the fit) and fit.json."""
    import json
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

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
    fig.tight_layout()
    fig.savefig(d / "fit.png", dpi=120)
    plt.close(fig)
    (d / "fit.json").write_text(json.dumps(out, indent=2, default=float) + "\n")
    return {"plot": str(d / "fit.png"), "json": str(d / "fit.json")}
