"""PyBOP as an optional backend of ``ssb fit`` (``--backend pybop``;
``pip install 'ssb-models[fit]'``; ``docs/compare.md``).

PyBOP's own classes wrap the model ssb builds for the cell (``models.options.build_model``)
and the numeric parameter values ssb prepares (``DischargeRunner.point_values`` for
a discharge, ``experiments.prepare`` for an impedance spectrum), with each fitted parameter
a ``pybop.Parameter`` (bounds, ``LogTransformation``: the search is in ln p):

* a discharge curve (dataset kind "curve"): ``pybop.pybamm.Simulator`` (the model
  discretised once, the fitted parameters as inputs), ``pybop.SumSquaredError`` on
  the voltage at the dataset's capacities (converted to times at the constant
  current), ``pybop.SciPyMinimize`` L-BFGS-B with the gradient from PyBaMM's forward
  sensitivities;
* an impedance spectrum (kind "eis", a CSV with the columns ``ssb run eis`` writes,
  :mod:`ssb_models.data.fit.spectrum`):
  ``pybop.pybamm.EISSimulator`` (the surface-form model linearised at the spectrum's
  state of charge, as ``ssb run eis`` does with PyBaMM's EISSimulation),
  ``pybop.SumSquaredError`` on the complex impedance, ``SciPyMinimize`` Nelder-Mead
  (no sensitivities for impedance);
* posterior sampling (``samples`` > 0): ``pybop.LogPosterior`` of a
  ``GaussianLogLikelihoodKnownSigma`` (sigma = s = sqrt(SSR/(m - n)) at the optimum) with
  the parameters' uniform priors on the bounds (uniform in ln p, the sampler's space),
  two ``pybop.HaarioBardenetACMC`` chains started at the optimum, the first proposal
  from the Laplace approximation (variances s^2/diag(J^T J) in ln p); a quarter as many
  iterations again are run first as warm-up (the adaptation's initial phase) and
  dropped; R-hat by PINTS.

Capacity points, resistances, properties, tortuosities and calibration sets stay
with the own least-squares fitter (:mod:`ssb_models.data.fit.least_squares`), whose
confidence intervals this backend does not replace. This module imports without
pybop; pybop is imported when a fit runs.
"""

import math
from pathlib import Path

import numpy as np

from ...errors import InputError
from ...physics.constants import CELSIUS_OFFSET
from ..compare import dataset_c_rate
from .problem import (
    at_bound,
    build_problem,
    check_params,
    save_fit,
    start_and_bounds,
    write_fit,
)
from .spectrum import Spectrum, is_spectrum, load_spectrum

INSTALL = "install with pip install 'ssb-models[fit]'"
CURRENT = "Current function [A]"
CHAINS = 2


def _pybop():
    try:
        import pybop
    except ImportError:
        raise InputError(f"the PyBOP backend needs pybop, which is not installed: "
                         f"{INSTALL}.") from None
    return pybop


# ------------------------------------------------------------------ checks
def _refuse_held(params, full_cell):
    """Parameters PyBOP's simulators cannot take as inputs here: they set the cell's
    stoichiometry window or capacity, from which ssb derives the initial state and the
    current of a C-rate before the model is built."""
    from ...experiments.discharge_runner import FULL_CELL_WINDOW_WORDS, WINDOW_WORDS

    words = WINDOW_WORDS + ("active material volume fraction",)
    words += FULL_CELL_WINDOW_WORDS if full_cell else ()
    for n in params:
        if any(w in n.lower() for w in words):
            raise InputError(
                f"'{n}' sets the cell's capacity or stoichiometry window (the current of a "
                "C-rate, the initial state), which the PyBOP backend holds at the start "
                "values; fit it with --backend scipy.")


def _check_request(sets, params):
    if len(sets) != 1:
        raise InputError("the PyBOP backend fits one dataset at a time; calibration sets "
                         "(several datasets) use --backend scipy.")
    ds = sets[0]
    if ds.kind not in ("curve", "eis"):
        what = {"points": "capacity points"}.get(ds.kind, f"a '{ds.kind}' dataset")
        raise InputError(
            f"the PyBOP backend fits discharge curves and impedance spectra; {what} "
            f"({ds.id}) stay with the own least-squares fitter and its confidence "
            "intervals: use --backend scipy.")
    check_params(params)


def _load(dataset):
    from ..datasets import Dataset, load_dataset

    items = dataset if isinstance(dataset, (list, tuple)) else [dataset]
    if not items:
        raise InputError("give at least one dataset to fit.")
    return [d if isinstance(d, (Dataset, Spectrum)) else
            load_spectrum(d) if is_spectrum(d) else load_dataset(d) for d in items]


#: a curve point this close to the lower cut-off voltage [V] is left out of a PyBOP fit
CUTOFF_MARGIN_V = 5e-3


# ------------------------------------------------------------------ the curve simulator
def _curve_simulator_class(pybop):
    class CurveSimulator(pybop.pybamm.Simulator):
        """PyBOP's simulator for a discharge from full charge seen at the dataset's
        times: the solve starts at t = 0 (the full-charge state) whatever the first data
        time, and the output is taken at the data times. A solve that stops before the
        last data time (another event) holds the lower cut-off voltage from there, as
        ssb's own fitter does, with zero sensitivity."""

        def _set_protocol(self, protocol):
            super()._set_protocol(protocol)
            self._t_data = np.asarray(self._t_interp, float)
            self._t_eval = [0.0, float(self._t_data[-1])]

        def batch_solve(self, inputs, calculate_sensitivities=False):
            out = []
            v_cut = float(self.parameter_values["Lower voltage cut-off [V]"])
            for sol in super().batch_solve(inputs, calculate_sensitivities):
                if isinstance(sol, pybop.FailedSolution):
                    out.append(sol)
                    continue
                t, td = sol.t, self._t_data
                beyond = td > t[-1] * (1 + 1e-12)
                res = pybop.Solution(inputs=sol.all_inputs[0])
                for var in self.output_variables or ["Voltage [V]"]:
                    y = sol[var]
                    data = np.interp(td, t, np.ravel(y.entries))
                    if var == "Voltage [V]":
                        data[beyond] = v_cut
                    sens = None
                    if calculate_sensitivities:
                        sens = {}
                        for k in sol.all_inputs[0]:
                            s = np.interp(td, t, np.ravel(y.sensitivities[k]))
                            s[beyond] = 0.0
                            sens[k] = s
                    res.set_solution_variable(var, data=data, sensitivities=sens)
                out.append(res)
            return out

    return CurveSimulator


def _eis_simulator_class(pybop):
    import casadi
    from scipy.sparse import csc_matrix

    class EISSimulator(pybop.pybamm.EISSimulator):
        """PyBOP's EISSimulator with the solver set up once per built model: pybop
        25.11 sets it up (the model's CasADi conversion) at every evaluation, about
        85 % of an evaluation's time for ssb's cells, although the set-up takes the
        fitted parameters as symbolic inputs. The matrices are evaluated exactly as
        PyBOP does, at the new inputs."""

        def _initialise_eis_matrices(self, inputs):
            built = self._simulation.built_model
            if getattr(self, "_set_up_model", None) is not built:
                super()._initialise_eis_matrices(inputs)
                self._set_up_model = built
                return
            casadi_inputs = (casadi.vertcat(*inputs.values())
                             if inputs is not None and built.convert_to_format == "casadi"
                             else inputs or [])
            y0 = built.concatenated_initial_conditions.evaluate(0, inputs=inputs)
            self._jac = csc_matrix(built.jac_rhs_algebraic_eval(0, y0, casadi_inputs).sparse())

    return EISSimulator


# ------------------------------------------------------------------ fits
def _parameter(pybop, value, bounds):
    return pybop.Parameter(initial_value=value, bounds=list(bounds),
                           transformation=pybop.LogTransformation())


class _CurveFit:
    """A discharge curve: ssb's runner gives the numeric parameter values, the current
    and the capacity-to-time scale; PyBOP solves."""

    residual_unit = "V"

    def __init__(self, pybop, ds, cell, params, overrides, options):
        self.prob, self.over, self.notes = build_problem(ds, cell, params, overrides, options)
        self.runner, self.ds, self.params, self.pybop = self.prob.runner, ds, params, pybop
        self.T = self.prob.T
        self.c = dataset_c_rate(self.runner, ds, ds.rate, self.T)

    def base(self):
        return self.runner.base

    def problem(self, start, bnds, cost="sse", sigma=None):
        import pybamm

        from ...models.options import build_model

        pybop, params = self.pybop, self.params
        pv = self.runner.point_values(self.c, self.T, dict(zip(params, start)))
        I = float(pv[CURRENT])
        q = np.asarray(self.ds.columns["capacity"], float)
        t = q / (self.prob.scale(pv) * I)
        v = np.asarray(self.ds.columns["voltage_V"], float)
        # points at the lower cut-off (within CUTOFF_MARGIN_V): the simulated voltage is
        # held there past the event, so its forward sensitivity is not the cost's
        # gradient and L-BFGS-B stops at once ("ABNORMAL"); PyBOP fits without them
        keep = v > float(pv["Lower voltage cut-off [V]"]) + CUTOFF_MARGIN_V
        if not keep.all() and keep.sum() >= 2:
            self.notes = [n for n in self.notes if n.get("item") != "points at the cut-off"]
            self.notes = self.notes + [{
                "item": "points at the cut-off", "value": int((~keep).sum()),
                "from": f"left out of the PyBOP fit (within {CUTOFF_MARGIN_V * 1e3:g} mV "
                        "of the lower cut-off: no gradient there)"}]
            t, v = t[keep], v[keep]
        self.data = pybop.Dataset({"Time [s]": t, "Voltage [V]": v})
        pv = pv.copy()
        for n, x, b in zip(params, start, bnds):
            pv[n] = _parameter(pybop, x, b)
        sim = _curve_simulator_class(pybop)(build_model(self.runner.module, self.runner.options),
                                            pv, protocol=self.data,
                                            solver=pybamm.IDAKLUSolver())
        return pybop.Problem(sim, self._cost(cost, sigma))

    def _cost(self, cost, sigma):
        pybop = self.pybop
        if cost == "sse":
            return pybop.SumSquaredError(self.data)
        return pybop.LogPosterior(pybop.GaussianLogLikelihoodKnownSigma(self.data, sigma0=sigma))

    def optimiser(self, problem, maxiter):
        pybop = self.pybop
        opts = pybop.SciPyMinimizeOptions(method="L-BFGS-B", jac=True, maxiter=maxiter,
                                          solver_options={"ftol": 1e-10, "gtol": 1e-6})
        return pybop.SciPyMinimize(problem, options=opts), \
            "pybop.SciPyMinimize L-BFGS-B, gradient from PyBaMM forward sensitivities"

    def residuals(self, p):
        """(residuals [V], d r / d ln p) by ssb's own fitter's definitions (the
        discharge with its cut-off event), so both backends report alike."""
        r, J = self.prob.residuals(np.asarray(p, float))
        return r, J * np.asarray(p, float)

    def write(self, out, start, p, out_dir):
        return write_fit(out, [self.ds], [self.prob], start, p, out_dir)


class _SpectrumFit:
    """An impedance spectrum: ssb prepares the cell at the spectrum's state of charge
    (``experiments.prepare``) and builds the surface-form model; PyBOP's EISSimulator
    linearises it (as ``ssb run eis`` does with PyBaMM's EISSimulation)."""

    residual_unit = "Ohm cm2"

    def __init__(self, pybop, sp, cell, params, overrides, options):
        import dataclasses

        from ...experiments import load_experiment, prepare
        from ...parameters.registry import get_cell
        from ...results import areal

        self.pybop, self.ds, self.params = pybop, sp, params
        module = get_cell(cell)
        self.over = {**sp.overrides, **dict(overrides or {})}
        spec = dataclasses.replace(load_experiment("eis"), initial_soc=sp.initial_soc)
        prepared = prepare(cell, spec, None, sp.temperature_C, self.over, options)
        self.module, self.spec, self.pv = prepared.cell, spec, prepared.parameter_values
        self.options = prepared.run_options
        self.area_cm2, _ = areal(self.pv)
        T = self.pv["Ambient temperature [K]"] - CELSIUS_OFFSET
        self.notes = list(sp.assumptions) + [
            {"item": "temperature_C", "value": round(T, 6),
             "from": "dataset" if sp.temperature_C is not None else "cell default"}]
        if sp.family and sp.family != module.CELL.id:
            self.notes.append({"item": "cell family", "value": f"dataset family "
                               f"'{sp.family}' differs from cell '{module.CELL.id}'",
                               "from": "assumed"})
        c = sp.columns
        self.f = np.asarray(c["frequency_Hz"], float)
        self.z = np.asarray(c["Z_real_Ohm_cm2"], float) + 1j * np.asarray(c["Z_imag_Ohm_cm2"])
        self._pybop_problem = None

    def base(self):
        return self.pv

    def problem(self, start, bnds, cost="sse", sigma=None):
        from ...models.options import build_model

        pybop = self.pybop
        pv = self.pv.copy()
        for n, x, b in zip(self.params, start, bnds):
            pv[n] = _parameter(pybop, x, b)
        self.data = pybop.Dataset({"Frequency [Hz]": self.f, CURRENT: np.zeros_like(self.f),
                                   "Impedance": self.z / self.area_cm2},
                                  domain="Frequency [Hz]")
        sim = _eis_simulator_class(pybop)(build_model(self.module, self.options),
                                          f_eval=self.f, parameter_values=pv)
        if cost == "sse":
            cost = pybop.SumSquaredError(self.data, target="Impedance")
        else:
            # the likelihood in Ohm (PyBOP's impedance), sigma given in Ohm cm2
            cost = pybop.LogPosterior(pybop.GaussianLogLikelihoodKnownSigma(
                self.data, sigma0=sigma / self.area_cm2, target="Impedance"))
        problem = pybop.Problem(sim, cost)
        if self._pybop_problem is None:
            self._pybop_problem = problem
        return problem

    def optimiser(self, problem, maxiter):
        pybop = self.pybop
        opts = pybop.SciPyMinimizeOptions(method="Nelder-Mead", maxiter=maxiter,
                                          solver_options={"xatol": 1e-7, "fatol": 1e-14})
        return pybop.SciPyMinimize(problem, options=opts), \
            "pybop.SciPyMinimize Nelder-Mead (no sensitivities for impedance)"

    def impedance(self, p):
        """Simulated Z [Ohm cm2] at the dataset's frequencies."""
        sol = self._pybop_problem.simulate(dict(zip(self.params, map(float, p))))
        z = np.asarray(sol["Impedance"].data) * self.area_cm2
        if z.shape != self.z.shape or not np.all(np.isfinite(z)):
            import pybamm

            raise pybamm.SolverError("the impedance could not be computed at "
                                     f"{dict(zip(self.params, p))}")
        return z

    def residuals(self, p):
        """(residuals [Ohm cm2], real parts then imaginary parts; d r / d ln p by
        central differences, step 1e-4)."""
        p = np.asarray(p, float)

        def r(x):
            d = self.impedance(x) - self.z
            return np.concatenate([d.real, d.imag])

        r0, h, J = r(p), 1e-4, []
        for j in range(len(p)):
            up, down = p.copy(), p.copy()
            up[j] *= math.exp(h)
            down[j] *= math.exp(-h)
            J.append((r(up) - r(down)) / (2 * h))
        return r0, np.column_stack(J)

    def write(self, out, start, p, out_dir):
        from ...plotting import pyplot

        plt = pyplot()
        d = Path(out_dir)
        d.mkdir(parents=True, exist_ok=True)
        fig, ax = plt.subplots(figsize=(6, 4.5))
        for vals, style, label in ((start, "--", "before fit"), (p, "-", "after fit")):
            z = self.impedance(vals)
            ax.plot(z.real, -z.imag, style, label=label)
        ax.plot(self.z.real, -self.z.imag, "o", ms=3, label=self.ds.id)
        ax.set_xlabel("Re Z [Ohm cm2]")
        ax.set_ylabel("-Im Z [Ohm cm2]")
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_title(f"{self.ds.id}: PyBOP fit", fontsize=9)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        return save_fit(fig, out, d)


def _sample(fitter, params, p, bnds, r, J, samples, seed):
    """Posterior by MCMC from the optimum: mean, std, 95 % interval, R-hat."""
    pybop = fitter.pybop
    n = len(params)
    s = math.sqrt(float(r @ r) / max(len(r) - n, 1))
    sigma = max(s, 1e-12)
    problem = fitter.problem(list(p), bnds, cost="posterior", sigma=sigma)
    names = problem.parameters.names
    order = [names.index(x) for x in params]  # problem order -> params order
    problem.parameters.update(initial_values=dict(zip(params, map(float, p))))
    # the first proposal: the conditional variances of the Laplace approximation,
    # 1/diag(J^T J / s^2) in ln p, scaled by 2.38^2/n (PyBOP takes variances only,
    # a positive vector; the adaptive sampler learns the correlations after warm-up)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = s**2 / np.diag(J.T @ J)
    if not np.all(np.isfinite(var)) or np.any(var <= 0):
        var = np.full(n, 1e-4)
    cov0 = np.array([var[params.index(x)] for x in names]) * 2.38**2 / n
    warm = max(samples // 4, 1)
    opts = pybop.PintsSamplerOptions(n_chains=CHAINS, max_iterations=samples + warm,
                                     warm_up_iterations=warm, initial_phase_iterations=warm,
                                     cov=cov0, log_to_screen=False)
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        res = pybop.HaarioBardenetACMC(problem, options=opts).run()
    finally:
        np.random.set_state(state)
    chains = np.asarray(res.chains)[:, :, order]  # (chains, iterations, params) in p
    flat = chains.reshape(-1, n)
    # R-hat by PINTS (pybop.PosteriorSummary would do the same but needs plotly, and asks
    # on stdin to install it when it is missing)
    import pints

    rhat = [float(x) for x in np.atleast_1d(pints.rhat(chains))]
    per = []
    for i in range(n):
        x = flat[:, i]
        per.append({"mean": float(np.mean(x)), "std": float(np.std(x, ddof=1)),
                    "ci95": [float(np.percentile(x, 2.5)), float(np.percentile(x, 97.5))],
                    "rhat": rhat[i]})
    info = {"sampler": "pybop.HaarioBardenetACMC", "chains": CHAINS,
            "iterations_per_chain": samples, "warm_up_dropped": warm,
            "likelihood": f"pybop.GaussianLogLikelihoodKnownSigma, sigma = {sigma:.4g} "
                          f"{fitter.residual_unit} (s = sqrt(SSR/(m - n)) at the optimum)",
            "prior": "uniform in ln p between the bounds",
            "first_proposal": "conditional Laplace variances s^2/diag(J^T J) in ln p "
                              "x 2.38^2/n",
            "time_s": float(res.time) if res.time is not None else None}
    return per, info


def fit(dataset, cell, params, bounds=None, overrides=None, options=None, out_dir=None,
        x0=None, progress=False, samples=0, seed=0, maxiter=200):
    """Fit ``params`` of ``cell`` to one discharge curve or impedance spectrum with
    PyBOP (see the module docstring); ``samples`` > 0 adds a posterior from two MCMC
    chains of that many iterations each. Returns the dict of
    :func:`ssb_models.data.fit.fit` (the same keys) with ``backend = "pybop"``, and per
    parameter ``posterior`` (mean, std, ci95, rhat) when sampled; ``ci95`` and
    ``std_error`` are then the posterior's, else None and NaN. ``progress`` is
    accepted for the same signature; PyBOP's runs show no progress bar."""
    from ...parameters.registry import get_cell

    pybop = _pybop()
    samples = int(samples or 0)
    if samples < 0:
        raise InputError(f"samples must be >= 0, got {samples}.")
    if 0 < samples < 20:
        raise InputError(f"samples = {samples} is too short a chain; give at least 20.")
    params = list(params)
    sets = _load(dataset)
    _check_request(sets, params)
    ds = sets[0]
    module = get_cell(cell)
    _refuse_held(params, module.CELL.model_options.get("working electrode") == "both")
    if ds.kind == "curve":
        fitter = _CurveFit(pybop, ds, module.CELL.id, params, overrides, options)
    else:
        fitter = _SpectrumFit(pybop, ds, module.CELL.id, params, overrides, options)
    start, bnds = start_and_bounds(params, fitter.base(), x0, bounds)

    import pybamm

    problem = fitter.problem(start, bnds)
    r0, _ = fitter.residuals(start)
    optim, how = fitter.optimiser(problem, maxiter)
    result = optim.run()
    names = problem.parameters.names
    x = np.asarray(result.x, float)
    p = np.array([x[names.index(n)] for n in params])
    try:
        r, J = fitter.residuals(p)
    except pybamm.SolverError as exc:
        raise InputError(f"the PyBOP optimum {dict(zip(params, p))} does not solve: {exc}") \
            from None
    m, n = len(r), len(p)
    post = None
    if samples:
        post, post_info = _sample(fitter, params, p, bnds, r, J, samples, seed)
    results = []
    for i, name in enumerate(params):
        item = {"name": name, "initial": start[i], "fitted": float(p[i]),
                "bounds": list(bnds[i]), "std_error": math.nan, "std_error_ln": math.nan,
                "ci95": None, "sensitivity": float(np.linalg.norm(J[:, i])),
                "at_bound": at_bound(p[i], bnds[i])}
        if post is not None:
            item.update({"posterior": post[i], "std_error": post[i]["std"],
                         "ci95": post[i]["ci95"]})
        results.append(item)
    scipy_res = result.scipy_result
    success = bool(getattr(scipy_res, "success", True))
    message = str(result.message)
    out = {"backend": "pybop", "pybop_version": pybop.__version__, "dataset": ds.id,
           "datasets": [ds.id], "cell": module.CELL.id, "kind": ds.kind,
           "parameters": results, "residual_unit": fitter.residual_unit, "n_data": m,
           "rms_before": float(np.sqrt(np.mean(r0**2))),
           "rms_after": float(np.sqrt(np.mean(r**2))),
           "success": success, "message": message,
           "evaluations": int(result.n_evaluations), "identifiable": m > n,
           "optimiser": how,
           "cost": "pybop.SumSquaredError" + (" on the complex impedance [Ohm]"
                                              if ds.kind == "eis" else " on the voltage [V]"),
           "jacobian": ("PyBaMM forward sensitivities (IDAKLU)" if ds.kind == "curve"
                        else "central differences in ln p (sensitivities only)"),
           "assumptions": fitter.notes, "overrides": fitter.over}
    if post is not None:
        out["posterior"] = post_info
        slow = [x["name"] for x in results if not x["posterior"]["rhat"] < 1.1]
        if slow:
            out["note"] = (f"R-hat > 1.1 for {', '.join(slow)}: the chains have not "
                           "converged; sample longer (more --samples).")
    else:
        out["note"] = ("no interval: the PyBOP backend gives one from posterior sampling "
                       "(--samples N; samples= in Python).")
    if not success:
        out["note"] = (out.get("note", "") + f" Optimiser: {message}.").strip()
    if out_dir is not None:
        out["files"] = fitter.write(out, start, p, out_dir)
    return out
