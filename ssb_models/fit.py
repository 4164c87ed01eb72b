"""Estimate parameters from a dataset: the Python API behind ``ssb fit``
(``docs/compare.md``).

Nonlinear least squares (``scipy.optimize.least_squares``, trust-region
reflective, bounds) on the logarithm of each parameter, with the Jacobian from
PyBaMM's forward sensitivities (IDAKLU ``calculate_sensitivities``) of the
once-built model:

* curves: residuals V_sim(q_k) - V_k at the dataset's capacities, dV/dp from the
  solver;
* points: residuals Q_sim - Q_k; the capacity is the current times the time t*
  at which V reaches the cut-off, so dQ/dp = I dt*/dp with
  dt*/dp = -(dV/dp)/(dV/dt) at t* (implicit differentiation of V(t*, p) = V_min).

Uncertainty: the covariance s^2 (J^T J)^-1 at the optimum, s^2 = SSR/(m - n),
gives a standard error and a 95 % interval per parameter (when m > n);
the sensitivity |dr/d ln p| is reported for every parameter.

PyBOP was tried first: pybop 26.3 requires numpy < 2.4, which conflicts with the
pinned stack, so it is not used.
"""

import math

import numpy as np

from .errors import InputError


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
        self._c_rate = _c_rate
        self.last = None

    def _solve(self, p, c_rate, t_eval_points=None):
        import pybamm  # noqa: F401

        inputs = dict(zip(self.params, p))
        r = self.runner
        pv = r.point_values(c_rate, self.T, inputs)
        values = {n: float(pv[n]) for n in r._varying}
        t_end = 1.25 * 3600.0 / c_rate + 60.0
        t_interp = t_eval_points if t_eval_points is not None else np.linspace(0, t_end, 400)
        sol = r.sim.solve([0.0, t_end], inputs=values, t_interp=t_interp,
                          calculate_sensitivities=list(self.params))
        return pv, sol

    def _scale(self, pv):
        """Capacity per A.s in the dataset's unit."""
        from .runner import areal

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
            v = np.interp(t_k, t, V.entries)
            J = np.column_stack([np.interp(t_k, t, np.ravel(V.sensitivities[n]))
                                 for n in self.params])
            J[t_k > t[-1]] = 0.0  # beyond the cut-off the voltage is held there
            r = v - np.asarray(ds.columns["voltage_V"], float)
            self.last = (q, v)
            return r, J
        rs, J = [], []
        for rate, cap in zip(ds.columns["rate"], ds.columns["capacity"]):
            c = self._c_rate(self.runner, ds, rate, self.T)
            pv, sol = self._solve(p, c)
            V = sol["Voltage [V]"]
            t, v = sol.t, V.entries
            I = float(pv["Current function [A]"])
            scale = self._scale(pv)
            rs.append(I * t[-1] * scale - cap)
            dVdt = (v[-1] - v[-2]) / (t[-1] - t[-2])
            row = []
            for n in self.params:
                dVdp = float(np.ravel(V.sensitivities[n])[-1])
                row.append(I * scale * (-dVdp / dVdt) if dVdt < 0 else 0.0)
            J.append(row)
        return np.asarray(rs), np.asarray(J)


def fit(dataset, cell, params, bounds=None, overrides=None, options=None, out_dir=None,
        x0=None):
    """Fit ``params`` (parameter names) of ``cell`` to ``dataset`` (id, path or
    Dataset). Returns a dict with the fitted values, standard errors, 95 %
    intervals, sensitivities, residual RMS before and after, and files."""
    from scipy.optimize import least_squares

    from .compare import conditions
    from .datasets import Dataset, load_dataset
    from .runner import DischargeRunner, is_structural

    ds = dataset if isinstance(dataset, Dataset) else load_dataset(dataset)
    params = list(params)
    if not params:
        raise InputError("give at least one --param to fit.")
    if len(set(params)) != len(params):
        raise InputError("a parameter is named twice in --param.")
    for n in params:
        if is_structural(n):
            raise InputError(f"'{n}' shapes the mesh; it cannot be fitted with a built-once "
                             "model (fit a non-geometric parameter, or sweep this one).")
    over, T, notes = conditions(ds, cell, overrides)
    runner = DischargeRunner(cell, options, over, input_names=params)
    start = [float(runner.base[n]) if x0 is None else float(x0[i]) for i, n in enumerate(params)]
    bnds = _parse_bounds(params, bounds, start)
    # a start outside the bounds (e.g. an ASR that is 0 by default) moves to the nearer
    # bound: the least perturbed cell the bounds allow
    start = [min(max(s, lo), hi) for s, (lo, hi) in zip(start, bnds)]
    prob = _Problem(runner, ds, params, T)
    cache = {}

    def evaluate(z):
        key = tuple(np.round(z, 14))
        if key not in cache:
            p = np.exp(z)
            r, J = prob.residuals(p)
            cache.clear()
            cache[key] = (r, J * p)  # d r / d ln p
        return cache[key]

    z0 = np.log(start)
    r0, _ = evaluate(z0)
    sol = least_squares(lambda z: evaluate(z)[0], z0, jac=lambda z: evaluate(z)[1],
                        bounds=(np.log([b[0] for b in bnds]), np.log([b[1] for b in bnds])),
                        method="trf", x_scale="jac", xtol=1e-10, ftol=1e-12, gtol=1e-12,
                        max_nfev=200)
    p = np.exp(sol.x)
    r, Jz = evaluate(sol.x)
    m, n = len(r), len(p)
    J = Jz / p  # d r / d p
    results = []
    ssr = float(r @ r)
    cov = None
    if m > n:
        s2 = ssr / (m - n)
        try:
            cov = s2 * np.linalg.inv(J.T @ J)
        except np.linalg.LinAlgError:
            cov = None
    from scipy.stats import t as student_t

    tq = student_t.ppf(0.975, m - n) if m > n else math.nan
    for i, name in enumerate(params):
        se = float(math.sqrt(cov[i, i])) if cov is not None and cov[i, i] >= 0 else math.nan
        results.append({"name": name, "initial": start[i], "fitted": float(p[i]),
                        "bounds": list(bnds[i]), "std_error": se,
                        "ci95": [float(p[i] - tq * se), float(p[i] + tq * se)]
                        if se == se else None,
                        "sensitivity": float(np.linalg.norm(Jz[:, i])),
                        "at_bound": bool(np.isclose(p[i], bnds[i][0], rtol=1e-6, atol=0)
                                         or np.isclose(p[i], bnds[i][1], rtol=1e-6, atol=0))})
    unit = "V" if ds.kind == "curve" else ds.capacity_unit
    out = {"dataset": ds.id, "cell": runner.module.CELL.id, "kind": ds.kind,
           "parameters": results, "residual_unit": unit, "n_data": m,
           "rms_before": float(np.sqrt(np.mean(r0**2))), "rms_after": float(np.sqrt(ssr / m)),
           "success": bool(sol.success), "message": sol.message, "evaluations": int(sol.nfev),
           "identifiable": m > n, "jacobian": "PyBaMM forward sensitivities (IDAKLU)",
           "solver_failures": getattr(prob, "failures", 0),
           "assumptions": notes, "overrides": over}
    if m < n:
        out["note"] = (f"{m} data value(s) for {n} parameter(s): the fit is not determined by "
                       "the data alone; no uncertainty is given, only sensitivities.")
    elif m == n:
        out["note"] = (f"{m} data value(s) for {n} parameter(s): at best an exact match, with "
                       "no residual to estimate an uncertainty from; sensitivities only.")
    if not sol.success or out["solver_failures"]:
        out.setdefault("note", "")
        out["note"] += (f" Optimiser: {sol.message}; {out['solver_failures']} evaluation(s) "
                        "failed in the solver (counted as a cell that delivers nothing).")
    if out_dir is not None:
        out["files"] = _write(out, ds, prob, start, p, out_dir)
    return out


def _write(out, ds, prob, start, p, out_dir):
    import json
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4))
    if ds.kind == "curve":
        for vals, style, label in ((start, "--", "before fit"), (p, "-", "after fit")):
            prob.residuals(np.asarray(vals))
            q, v = prob.last
            ax.plot(q, v, style, label=label)
        ax.plot(ds.columns["capacity"], ds.columns["voltage_V"], "o", ms=3, label=ds.id)
        ax.set_xlabel(f"Capacity [{ds.capacity_unit}]")
        ax.set_ylabel("Voltage [V]")
    else:
        rates = ds.columns["rate"]
        for vals, style, label in ((start, "s--", "before fit"), (p, "^-", "after fit")):
            r, _ = prob.residuals(np.asarray(vals))
            ax.semilogx(rates, np.asarray(ds.columns["capacity"]) + r, style, label=label)
        ax.semilogx(rates, ds.columns["capacity"], "o", ms=7, label=ds.id)
        ax.set_xlabel(f"Rate [{ds.rate_unit}]")
        ax.set_ylabel(f"Capacity [{ds.capacity_unit}]")
    ax.set_title(f"fit of {', '.join(x['name'].split(' [')[0] for x in out['parameters'])}",
                 fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    fig.savefig(d / "fit.png", dpi=120)
    plt.close(fig)
    (d / "fit.json").write_text(json.dumps(out, indent=2, default=float) + "\n")
    return {"plot": str(d / "fit.png"), "json": str(d / "fit.json")}
