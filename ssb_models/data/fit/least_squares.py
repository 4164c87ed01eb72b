"""The least-squares backend of ``ssb fit`` (``backend="scipy"``, the default;
``docs/compare.md``).

Nonlinear least squares (``scipy.optimize.least_squares``, trust-region
reflective, bounds) on the logarithm of each parameter, with the model built once
(the residual problems of :mod:`ssb_models.data.fit.problem`):

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
"""

import math

import numpy as np

from ...errors import InputError
from .problem import at_bound, build_problem, check_params, start_and_bounds, write_fit
from .spectrum import is_spectrum


def fit(dataset, cell, params, bounds=None, overrides=None, options=None, out_dir=None,
        x0=None, progress=False):
    """Fit ``params`` of ``cell`` to ``dataset`` (one or a list) by least squares: see
    :func:`ssb_models.data.fit.fit` (``backend="scipy"``)."""
    if any(is_spectrum(d) for d in (dataset if isinstance(dataset, (list, tuple))
                                    else [dataset])):
        raise InputError("impedance spectra (kind \"eis\") are fitted with backend "
                         "'pybop' (--backend pybop; install with pip install "
                         "'ssb-models[fit]').")
    from scipy.optimize import least_squares

    from ...parameters.registry import get_cell
    from ..datasets import Dataset, load_dataset

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
        prob, over, note = build_problem(d, module.CELL.id, params, overrides, options)
        problems.append(prob)
        notes[d.id], overs[d.id] = note, over
    base = problems[0].runner.base if problems[0].runner is not None else problems[0].base
    start, bnds = start_and_bounds(params, base, x0, bounds)
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
                        if not math.isnan(se_z) else None,
                        "sensitivity": float(np.linalg.norm(Jz[:, i])),
                        "at_bound": at_bound(p[i], bnds[i])})
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
        out["files"] = write_fit(out, sets, problems, start, p, out_dir)
    return out

