"""Multi-discharge experiments: rate capability, temperature ladder, GITT and
HPPC-like pulses (``docs/experiments.md``). Each returns a
:class:`ssb_models.results.Result` whose ``summary`` is what
``ssb run ... --json`` prints and whose ``tables`` are the CSV tables."""

import math

import numpy as np

from .results import Result, _version
from .runner import CELSIUS, DischargeRunner, areal, summarize, timeseries

RATE_KEYS = ("c_rate", "capacity_mAh_g", "capacity_mAh_cm2", "mean_voltage_V",
             "energy_mWh_cm2", "power_mW_cm2", "energy_Wh_kg", "power_W_kg", "retention",
             "reached_cutoff")


def _rate_rows(summaries):
    ref = max(summaries, key=lambda s: -s["c_rate"])["capacity_mAh_g"]
    rows = []
    for s in sorted(summaries, key=lambda s: s["c_rate"]):
        s = dict(s)
        s["retention"] = s["capacity_mAh_g"] / ref if ref else math.nan
        rows.append({k: s.get(k) for k in RATE_KEYS} | (
            {"temperature_C": s["temperature_C"]} if "temperature_C" in s else {}))
    return rows


def rate_capability(cell, spec, options=None, overrides=None, temperature_C=None):
    """Discharge capacity at each of ``spec["c_rates"]``.

    ``start = "reset"``: every discharge starts from the same full-charge state;
    one model, the rate an input. ``start = "cccv"``: a PyBaMM Experiment with a
    CC-CV charge (``charge_c_rate`` to the upper cut-off, hold until
    ``cv_cutoff_c_rate``, rest ``rest_min``) before each discharge, from 0 % SOC.
    """
    if spec["start"] == "cccv":
        return _rate_capability_cccv(cell, spec, options, overrides, temperature_C)
    runner = DischargeRunner(cell, options, overrides)
    curves, summaries = {}, []
    for c in spec["c_rates"]:
        s, ts, _ = runner.discharge(c, temperature_C, period_s=spec.period_s)
        summaries.append(s)
        curves[c] = ts
    return _rate_result(runner.module, spec, summaries, curves, runner.model_options,
                        overrides, runner.base)


def _rate_result(module, spec, summaries, curves, model_options, overrides, pv):
    rows = _rate_rows(summaries)
    summary = {
        "cell": module.CELL.id, "experiment": spec.name, "type": spec.type,
        "start": spec.settings.get("start", "reset"),
        "temperature_C": summaries[0]["temperature_C"],
        "rates": rows,
        "active_material_mass_mg": summaries[0]["active_material_mass_mg"],
        "area_cm2": summaries[0]["area_cm2"],
        "nominal_capacity_mAh_cm2": summaries[0]["nominal_capacity_mAh_cm2"],
        "lower_cutoff_V": pv["Lower voltage cut-off [V]"],
        "upper_cutoff_V": pv["Upper voltage cut-off [V]"],
        "solve_time_s": sum(s["solve_time_s"] for s in summaries),
        "overrides": dict(overrides or {}), "model_options": model_options,
        "versions": {"ssb_models": _version()},
    }
    long = _long_curves(curves, summaries[0]["active_material_mass_mg"] / 1e3)
    return Result(summary=summary, timeseries=long,
                  tables={"rate_capability": _columns(rows), "curves": long})


def _long_curves(curves, mass_g, key="c_rate"):
    cols = {key: [], "time_s": [], "voltage_V": [], "capacity_mAh_g": []}
    for k, ts in curves.items():
        n = len(ts["time_s"])
        cols[key].append(np.full(n, k, dtype=float))
        cols["time_s"].append(ts["time_s"] - ts["time_s"][0])
        cols["voltage_V"].append(ts["voltage_V"])
        cols["capacity_mAh_g"].append((ts["capacity_mAh"] - ts["capacity_mAh"][0]) / mass_g)
    return {k: np.concatenate(v) for k, v in cols.items()}


def _columns(rows):
    return {k: np.array([r[k] for r in rows], dtype=float) for k in rows[0]}


def _experiment_setup(cell, options, overrides, temperature_C, initial_soc):
    from .build import build_model, model_options, prepare
    from .experiments import ExperimentSpec

    spec0 = ExperimentSpec(name="setup", description="", steps=("Rest for 1 second",),
                           initial_soc=initial_soc)
    module, _, pv, _ = prepare(cell, spec0, None, temperature_C, overrides, options)
    model = build_model(module, options)
    opts = {k: str(v) for k, v in model_options(module, options).items()}
    return module, pv, model, opts


def _solve_experiment(model, pv, steps, period_s=None, termination=None):
    import time

    import pybamm

    experiment = pybamm.Experiment(steps, period=f"{period_s:g} seconds" if period_s else None,
                                   termination=termination)
    sim = pybamm.Simulation(model, experiment=experiment, parameter_values=pv,
                            solver=pybamm.IDAKLUSolver())
    t0 = time.perf_counter()
    sol = sim.solve()
    return sol, time.perf_counter() - t0


def _rate_capability_cccv(cell, spec, options, overrides, temperature_C):
    module, pv, model, opts = _experiment_setup(cell, options, overrides, temperature_C, 0.0)
    v_min, v_max = pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
    cycles = [(f"Charge at {spec['charge_c_rate']:g}C until {v_max:g} V",
               f"Hold at {v_max:g} V until {spec['cv_cutoff_c_rate']:g}C",
               f"Rest for {spec['rest_min']:g} minutes",
               f"Discharge at {c:g}C until {v_min:g} V") for c in spec["c_rates"]]
    from .experiments import default_period_s

    sol, solve_time = _solve_experiment(model, pv, cycles,
                                        spec.period_s or default_period_s(max(spec["c_rates"])))
    summaries, curves = [], {}
    for c, cyc in zip(spec["c_rates"], sol.cycles):
        ts = timeseries(cyc.steps[-1])
        s = summarize(pv, ts)
        s.update({"c_rate": c, "solve_time_s": solve_time / len(cycles),
                  "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6),
                  "reached_cutoff": bool(ts["voltage_V"][-1] <= v_min + 1e-3)})
        summaries.append(s)
        curves[c] = ts
    return _rate_result(module, spec, summaries, curves, opts, overrides, pv)


def temperature_ladder(cell, spec, options=None, overrides=None, temperature_C=None):
    """A rate capability ("reset") at each of ``spec["temperatures_C"]``; one model,
    rate and temperature inputs."""
    runner = DischargeRunner(cell, options, overrides)
    summaries, curves = [], {}
    for T in spec["temperatures_C"]:
        for c in spec["c_rates"]:
            s, ts, _ = runner.discharge(c, T, period_s=spec.period_s)
            summaries.append(s)
            curves[(T, c)] = ts
    rows = []
    for T in spec["temperatures_C"]:
        rows += _rate_rows([s for s in summaries if s["temperature_C"] == round(T, 6)])
    mass_g = summaries[0]["active_material_mass_mg"] / 1e3
    long = {"temperature_C": [], "c_rate": [], "time_s": [], "voltage_V": [],
            "capacity_mAh_g": []}
    for (T, c), ts in curves.items():
        part = _long_curves({c: ts}, mass_g)
        long["temperature_C"].append(np.full(len(part["c_rate"]), T))
        for k, v in part.items():
            long[k].append(v)
    long = {k: np.concatenate(v) for k, v in long.items()}
    summary = {"cell": runner.module.CELL.id, "experiment": spec.name, "type": spec.type,
               "rates": rows, "temperatures_C": spec["temperatures_C"],
               "active_material_mass_mg": summaries[0]["active_material_mass_mg"],
               "area_cm2": summaries[0]["area_cm2"],
               "solve_time_s": sum(s["solve_time_s"] for s in summaries),
               "overrides": dict(overrides or {}), "model_options": runner.model_options,
               "versions": {"ssb_models": _version()}}
    return Result(summary=summary, timeseries=long,
                  tables={"temperature_ladder": _columns(rows), "curves": long})


def gitt_time_constant(pv):
    """Diffusion time r^2/D [s] of the cathode particles at the run's temperature
    (D at x = 0.5)."""
    import pybamm

    T = pv["Ambient temperature [K]"]
    D = pv["Positive particle diffusivity [m2.s-1]"]
    D = float(pv.evaluate(D(pybamm.Scalar(0.5), pybamm.Scalar(T)))) if callable(D) else float(D)
    return pv["Positive particle radius [m]"] ** 2 / D


def gitt_design(tau_D):
    """(C-rate, pulse [s], rest [s]) for which the Weppner-Huggins analysis holds:
    pulse 0.002 r^2/D (semi-infinite diffusion: the diffusion length sqrt(D t) stays
    below 0.045 r, so the sphere's curvature term, sqrt(pi t D)/(2 r) of the surface
    change, is 4 %), rest r^2/D (relaxed to a fraction of a mV), and 0.5 % of the
    capacity per pulse (C-rate 18 s / pulse, at most 5C)."""
    # at most 5C: with very fast particles (LFP nanoparticles) the pulse lengthens so
    # that a pulse still passes 0.5 % (200 pulses over the window), tau <= 0.05 r^2/D
    tau = max(0.002 * tau_D, 0.005 * 3600.0 / 5.0)
    c = max(0.005 * 3600.0 / tau, 0.01)
    return c, tau, tau_D


def gitt(cell, spec, options=None, overrides=None, temperature_C=None):
    """Galvanostatic intermittent titration from full charge to the lower cut-off.

    Per pulse: the relaxed voltage before it (an OCV point), the instantaneous
    drop, dE_t (voltage change during the pulse, without the instantaneous drop),
    dE_s (change of the relaxed voltage) and the Weppner-Huggins estimate
    D = 4/(pi tau) (r/3)^2 (dE_s/dE_t)^2 for spherical particles of radius r.
    """
    module, pv, model, opts = _experiment_setup(cell, options, overrides, temperature_C, 1.0)
    v_min = pv["Lower voltage cut-off [V]"]
    c, tau, rest = spec["c_rate"], spec["pulse_s"], spec["rest_s"]
    tau_D = gitt_time_constant(pv)
    if spec["design"] == "auto":
        c, tau, rest = gitt_design(tau_D)
    n = int(math.ceil(3600.0 / (c * tau))) + 2
    step = (f"Discharge at {c:g}C for {tau:g} seconds or until {v_min:g} V",
            f"Rest for {rest:g} seconds")
    sol, solve_time = _solve_experiment(model, pv, [step] * n, termination=f"{v_min:g}V")
    area_cm2, mass_g = areal(pv)
    r = pv["Positive particle radius [m]"]
    # the cell starts relaxed: its first OCV point is the open-circuit voltage at t = 0
    rows, prev_ocv = [], float(sol.cycles[0].steps[0]["Battery open-circuit voltage [V]"]
                               .entries[0])
    for i, cyc in enumerate(sol.cycles):
        if len(cyc.steps) < 2:
            break
        pulse, relax = cyc.steps
        Vp = pulse["Voltage [V]"].entries
        Q = pulse["Discharge capacity [A.h]"].entries[-1] * 1e3
        ocv = float(relax["Voltage [V]"].entries[-1])
        full = pulse["Time [s]"].entries[-1] - pulse["Time [s]"].entries[0] >= tau * 0.999
        dEs, dEt = prev_ocv - ocv, float(Vp[1] - Vp[-1]) if len(Vp) > 1 else math.nan
        D = (4 / (math.pi * tau) * (r / 3) ** 2 * (dEs / dEt) ** 2
             if full and dEt > 0 and dEs > 0 else math.nan)
        rows.append({"pulse": i + 1, "capacity_mAh_g": Q / mass_g,
                     "ocv_before_V": prev_ocv, "ocv_after_V": ocv,
                     "instant_drop_V": prev_ocv - float(Vp[0]) if len(Vp) else math.nan,
                     "delta_Es_V": dEs, "delta_Et_V": dEt, "D_gitt_m2_s": D,
                     # Weppner-Huggins needs tau << r^2/D and a resolvable OCV step:
                     # flag estimates that fail either (a flat two-phase OCP gives none)
                     "D_gitt_valid": bool(D == D and tau * D / r**2 < 0.1 and dEs > 1e-4),
                     "full_pulse": bool(full)})
        prev_ocv = ocv
        if not full:
            break
    ts = timeseries(sol)
    summary = {"cell": module.CELL.id, "experiment": spec.name, "type": "gitt",
               "c_rate": c, "pulse_s": tau, "rest_s": rest, "pulses": len(rows),
               "design": spec["design"], "diffusion_time_s": tau_D,
               "valid_estimates": sum(r["D_gitt_valid"] for r in rows),
               "model_D_m2_s": pv["Positive particle radius [m]"] ** 2 / tau_D,
               "capacity_mAh_g": rows[-1]["capacity_mAh_g"] if rows else 0.0,
               "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6),
               "active_material_mass_mg": mass_g * 1e3, "area_cm2": area_cm2,
               "solve_time_s": solve_time, "overrides": dict(overrides or {}),
               "model_options": opts, "versions": {"ssb_models": _version()}}
    return Result(summary=summary, timeseries=ts, solution=sol,
                  tables={"gitt": _columns(rows) if rows else {}, "timeseries": ts})


def pulse(cell, spec, options=None, overrides=None, temperature_C=None):
    """HPPC-like resistance pulses at each state of charge in ``spec["socs"]``.

    From full charge, move to each SOC at ``c_rate``, rest ``relax_s``, then a
    discharge pulse and a charge pulse at ``pulse_c_rate`` for ``pulse_s``, each
    followed by ``rest_s``. Resistances per cell area [Ohm cm2]: instantaneous
    (first sample of the pulse) and at the end of the pulse, R = |dV| / |I|.
    """
    module, pv, model, opts = _experiment_setup(cell, options, overrides, temperature_C, 1.0)
    v_min, v_max = pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
    c, cp, tp = spec["c_rate"], spec["pulse_c_rate"], spec["pulse_s"]
    cycles, soc = [], 1.0
    for target in spec["socs"]:
        hours = (soc - target) / c
        cycles.append((f"Discharge at {c:g}C for {hours * 3600:g} seconds or until {v_min:g} V",
                       f"Rest for {spec['relax_s']:g} seconds",
                       f"Discharge at {cp:g}C for {tp:g} seconds or until {v_min:g} V",
                       f"Rest for {spec['rest_s']:g} seconds",
                       f"Charge at {cp:g}C for {tp:g} seconds or until {v_max:g} V",
                       f"Rest for {spec['rest_s']:g} seconds"))
        soc = target
    sol, solve_time = _solve_experiment(model, pv, cycles)
    area_cm2, mass_g = areal(pv)
    rows = []
    for target, cyc in zip(spec["socs"], sol.cycles):
        if len(cyc.steps) < 6:
            break
        row = {"soc": target}
        for name, idx, before in (("discharge", 2, 1), ("charge", 4, 3)):
            V0 = float(cyc.steps[before]["Voltage [V]"].entries[-1])
            V = cyc.steps[idx]["Voltage [V]"].entries
            I = abs(float(cyc.steps[idx]["Current [A]"].entries[-1]))
            row[f"{name}_R0_Ohm_cm2"] = abs(V0 - float(V[0])) / I * area_cm2
            row[f"{name}_R_end_Ohm_cm2"] = abs(V0 - float(V[-1])) / I * area_cm2
        row["ocv_V"] = float(cyc.steps[1]["Voltage [V]"].entries[-1])
        rows.append(row)
    ts = timeseries(sol)
    summary = {"cell": module.CELL.id, "experiment": spec.name, "type": "pulse",
               "pulse_c_rate": cp, "pulse_s": tp, "pulses": rows,
               "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6),
               "area_cm2": area_cm2, "solve_time_s": solve_time,
               "overrides": dict(overrides or {}), "model_options": opts,
               "versions": {"ssb_models": _version()}}
    return Result(summary=summary, timeseries=ts, solution=sol,
                  tables={"pulse_resistance": _columns(rows) if rows else {},
                          "timeseries": ts})


PROCEDURES = {"rate-capability": rate_capability, "temperature-ladder": temperature_ladder,
              "gitt": gitt, "pulse": pulse}


# ------------------------------------------------------------ critical current
CONTACT_LOST = "Li|SE contact lost"


def critical_current_levels(spec):
    """Stripping current densities [mA/cm2] of the staircase."""
    n = int(math.floor((spec["max_mA_cm2"] - spec["start_mA_cm2"]) / spec["step_mA_cm2"]
                       + 1e-9)) + 1
    return [round(spec["start_mA_cm2"] + k * spec["step_mA_cm2"], 10) for k in range(n)]


def critical_current(cell, spec, options=None, overrides=None, temperature_C=None):
    """Critical stripping current of the Li|SE contact (docs/lithium_contact.md).

    At each stack pressure (and temperature) a staircase of current densities
    i_k = start + k step: strip ``areal_capacity_mAh_cm2`` at i_k (discharge),
    rest, plate it back (charge) at i_k, rest; from ``initial_soc``. The model has
    the Li contact as a state ("lithium contact": "voids"); the run stops when the
    contact fraction falls below its minimum (event). The critical current is the
    i_k of the stripping step in which contact was lost; the analytic onset
    i* = i_sup(f = 1, p, T) is where voids start to grow.
    """
    import pybamm

    from .physics.contact import onset_current

    options = {**dict(options or {}), "lithium contact": "voids"}
    temperatures = spec["temperatures_C"] or [temperature_C]
    levels = critical_current_levels(spec)
    rows, curves = [], {k: [] for k in ("stack_pressure_MPa", "temperature_C", "time_s",
                                        "current_mA_cm2", "voltage_V", "contact_fraction")}
    module = opts = None
    total_time = 0.0
    level = pybamm.logger.level
    pybamm.set_logging_level("ERROR")  # PyBaMM warns "experiment infeasible" at the event
    try:
        for T in temperatures:
            for p_MPa in spec["stack_pressures_MPa"]:
                over = {**dict(overrides or {}), "Stack pressure [Pa]": p_MPa * 1e6}
                module, pv, model, opts = _experiment_setup(cell, options, over, T,
                                                            spec["initial_soc"])
                area_cm2, _ = areal(pv)
                steps = []
                for i in levels:
                    t_s = spec["areal_capacity_mAh_cm2"] / i * 3600.0
                    I_A = i * area_cm2 * 1e-3
                    steps.append((f"Discharge at {I_A:.6g} A for {t_s:.6g} seconds",
                                  f"Rest for {spec['rest_min']:g} minutes",
                                  f"Charge at {I_A:.6g} A for {t_s:.6g} seconds",
                                  f"Rest for {spec['rest_min']:g} minutes"))
                try:
                    sol, solve_time = _solve_experiment(model, pv, steps,
                                                        period_s=min(10.0, t_s / 20))
                except pybamm.SolverError as exc:
                    from .errors import SolveError

                    raise SolveError(f"critical-current solve failed at {p_MPa:g} MPa: "
                                     f"{str(exc).strip()}") from None
                total_time += solve_time
                T_K = pv["Ambient temperature [K]"]
                onset = float(onset_current(
                    p_MPa * 1e6, T_K, *[pv[n] for n in (
                        "Lithium vacancy-diffusion supply current density [A.m-2]",
                        "Lithium self-diffusion activation energy [J.mol-1]",
                        "Lithium creep supply current density [A.m-2]",
                        "Lithium creep reference stack pressure [Pa]",
                        "Lithium creep supply pressure exponent",
                        "Lithium creep activation energy [J.mol-1]",
                        "Lithium contact reference temperature [K]")]))
                n_done = len(sol.cycles)
                last = sol.cycles[-1].steps[-1]
                lost = CONTACT_LOST in str(getattr(last, "termination", "")) or \
                    CONTACT_LOST in str(sol.termination)
                used_up = "Li metal used up" in str(sol.termination)
                f_all = sol["Lithium metal interface utilisation"].entries
                rows.append({
                    "stack_pressure_MPa": p_MPa,
                    "temperature_C": round(T_K - CELSIUS, 6),
                    "onset_mA_cm2": onset / 10.0,  # A/m2 -> mA/cm2
                    "critical_current_mA_cm2": levels[n_done - 1] if lost else None,
                    "last_passed_mA_cm2": (levels[n_done - 2] if n_done > 1 else None)
                    if lost else levels[n_done - 1],
                    "contact_lost": bool(lost),
                    "lithium_used_up": bool(used_up),
                    "min_contact_fraction": float(np.min(f_all)),
                    "levels_run": n_done,
                    "termination": str(sol.termination),
                })
                t = sol["Time [s]"].entries
                n = len(t)
                curves["stack_pressure_MPa"].append(np.full(n, p_MPa))
                curves["temperature_C"].append(np.full(n, round(T_K - CELSIUS, 6)))
                curves["time_s"].append(t)
                curves["current_mA_cm2"].append(sol["Current [A]"].entries * 1e3 / area_cm2)
                curves["voltage_V"].append(sol["Voltage [V]"].entries)
                curves["contact_fraction"].append(f_all)
    finally:
        pybamm.logger.setLevel(level)
    curves = {k: np.concatenate(v) for k, v in curves.items()}
    summary = {"cell": module.CELL.id, "experiment": spec.name, "type": spec.type,
               "levels_mA_cm2": levels,
               "areal_capacity_mAh_cm2": spec["areal_capacity_mAh_cm2"],
               "initial_soc": spec["initial_soc"], "critical_current": rows,
               "solve_time_s": total_time, "overrides": dict(overrides or {}),
               "model_options": opts, "versions": {"ssb_models": _version()}}
    return Result(summary=summary, timeseries=curves,
                  tables={"critical_current": _columns(
                      [{k: (v if v is not None else math.nan) for k, v in r.items()
                        if k != "termination"} for r in rows]), "curves": curves})


PROCEDURES["critical-current"] = critical_current


# --------------------------------------------------------------------- cycle life
#: cycles per solve in a cycle-life run (bounds the memory; files are written after each)
SOLVE_BLOCK = 10

def _arc_resistance(f, z):
    """High-frequency resistance and the width of the impedance arcs [Ohm cm2]: Re Z at
    the first local minimum of -Im Z below the arcs (scanning from high to low
    frequency) minus Re Z at the highest frequency (Re Z at the lowest frequency if -Im Z
    has no minimum)."""
    order = np.argsort(f)[::-1]
    zr, zi = z.real[order], -z.imag[order]
    hfr = float(zr[0])
    idx = len(zr) - 1
    for k in range(1, len(zi) - 1):
        if zi[k] < zi[k - 1] and zi[k] <= zi[k + 1] and zr[k] > hfr:
            idx = k
            break
    return hfr, float(zr[idx] - hfr)


def cycle_life(cell, spec, options=None, overrides=None, temperature_C=None, out_dir=None):
    """``cycles`` cycles (CC discharge at ``c_rate``, rest, CC-CV charge at
    ``charge_c_rate`` to the upper cut-off until ``cv_cutoff_c_rate``, rest) with an
    impedance spectrum (PyBaMM EISSimulation linearised at the end-of-charge state)
    before the first cycle and every ``eis_every`` cycles. The model carries the
    double layers ("surface form": "differential") so the spectra and the cycling use
    one model; a binary-electrolyte cell cycles without double layers and each
    spectrum starts the double-layer model from the cycled state (see the comment
    below). With ``out_dir`` the per-cycle table, spectra and resistances are
    written after every block of cycles (a stopped run keeps what it computed)."""
    import time

    import pybamm
    from tqdm import tqdm

    from .build import build_model
    from .experiments import default_period_s
    from .runner import cycle_table, experiment_timeseries

    opts = {**dict(options or {}), "surface form": "differential"}
    module, pv, model, mopts = _experiment_setup(cell, opts, overrides, temperature_C, 1.0)
    if str(module.CELL.model_options.get("electrolyte")) == "binary":
        # With a binary electrolyte the double-layer model cannot cycle through salt
        # depletion: PyBaMM's salt balance charges the double layer with t+ i_dl/F even
        # where c_e = 0, so c_e turns negative and the voltage runs away (a C/2
        # discharge of li-peo-lfp ended on the 4.8 V event). Such a cell cycles on the
        # model without double layers (PyBaMM's faradaic-only current balance, as in
        # 'ssb run cycling'); each spectrum is linearised on the double-layer model
        # started from the cycled state (docs/experiments.md, cycle life).
        model = build_model(module, dict(options or {}))
    area_cm2, _ = areal(pv)
    v_min, v_max = pv["Lower voltage cut-off [V]"], pv["Upper voltage cut-off [V]"]
    cycle = (f"Discharge at {spec['c_rate']:g}C until {v_min:g} V",
             f"Rest for {spec['rest_min']:g} minutes",
             f"Charge at {spec['charge_c_rate']:g}C until {v_max:g} V",
             f"Hold at {v_max:g} V until {spec['cv_cutoff_c_rate']:g}C",
             f"Rest for {spec['rest_min']:g} minutes")
    lo, hi = spec["frequencies_Hz"]
    n_f = max(int(round(np.log10(hi / lo) * spec["points_per_decade"])) + 1, 2)
    freqs = np.logspace(np.log10(hi), np.log10(lo), n_f)
    period = spec["period_s"] or default_period_s(max(spec["c_rate"], spec["charge_c_rate"]))

    unavailable = {}

    def spectrum(solution, cycle=0):
        """The spectrum at the solution's last state; None (with the reason kept) where
        PyBaMM cannot linearise there (the binary-electrolyte cell after cycling: its
        'Porosity times concentration' state fails PyBaMM's bounds check)."""
        m = build_model(module, opts)
        try:
            if solution is not None:
                m.set_initial_conditions_from(solution)
            return np.asarray(pybamm.EISSimulation(m, parameter_values=pv).solve(
                freqs).impedance) * area_cm2
        except (pybamm.ModelError, pybamm.SolverError) as exc:
            unavailable[cycle] = f"{type(exc).__name__}: {str(exc).strip()[:200]}"
            return None

    spectra, last, sims, reason, parts = {0: spectrum(None)}, None, {}, None, []
    t0 = time.perf_counter()
    done = 0
    bar = tqdm(total=spec["cycles"], desc=f"{module.CELL.id} cycle life", unit="cycle",
               disable=None)
    result = None
    level = pybamm.logger.level
    pybamm.set_logging_level("CRITICAL")  # events and failures are reported by ssb
    try:
        while done < spec["cycles"]:
            # at most SOLVE_BLOCK cycles per solve (a PyBaMM solution holds every state
            # of its cycles: ~60-80 MB per cycle here), ending at the next spectrum
            next_eis = (done // spec["eis_every"] + 1) * spec["eis_every"]
            n = min(SOLVE_BLOCK, next_eis - done, spec["cycles"] - done)
            if n not in sims:
                sims[n] = pybamm.Simulation(
                    model, experiment=pybamm.Experiment([cycle] * n, period=f"{period:g} seconds"),
                    parameter_values=pv, solver=pybamm.IDAKLUSolver())
            try:
                # from the previous block's last state only: the memory holds one block
                sol = sims[n].solve(starting_solution=last)
            except pybamm.SolverError as exc:
                reason = f"solver failed after cycle {done}: {str(exc).strip()}"
                break
            block = experiment_timeseries(sol)
            if last is not None:  # cycle 1 of a continued solution is the start state
                block = {k: v[block["cycle"] > 1] for k, v in block.items()}
            block["cycle"] = block["cycle"] - block["cycle"].min() + 1 + done
            if parts:  # capacity and time continue from the previous block
                block["time_s"] = block["time_s"] - block["time_s"][0] + parts[-1]["time_s"][-1]
            parts.append(block)
            ran = int(np.unique(block["cycle"]).size)
            done += ran
            bar.update(ran)
            if ran < n and "event" in str(sol.termination):
                reason = f"stopped after cycle {done}: {sol.termination}"
            elif ran < n:  # PyBaMM returns the steps before a failed one, without raising
                reason = (f"the solver failed in cycle {done + 1} (PyBaMM returned the "
                          f"cycles before it); try other tolerances or rates")
            if done % spec["eis_every"] == 0 or done >= spec["cycles"] or reason:
                z = spectrum(sol, done)
                if z is not None:
                    spectra[done] = z
            last = sol.last_state
            termination = str(sol.termination)
            del sol
            ts = {k: np.concatenate([b[k] for b in parts]) for k in parts[0]}
            result = _cycle_life_result(module, spec, pv, ts, spectra, freqs, mopts,
                                        overrides, time.perf_counter() - t0, reason,
                                        termination, cycle_table)
            result.summary["spectra_unavailable"] = dict(unavailable)
            if out_dir is not None:
                from .outputs import write_procedure

                result.files = write_procedure(result, out_dir)
            if reason:
                break
    finally:
        bar.close()
        pybamm.logger.setLevel(level)
    if result is None:  # not one block completed
        from .errors import SolveError

        raise SolveError(f"cycle-life: no cycle completed ({reason or 'no solution'}). "
                         "Lower 'c_rate' / 'charge_c_rate' in the TOML (a copy of "
                         "experiments/cycle-life.toml) or check the options.")
    return result


def _cycle_life_result(module, spec, pv, ts, spectra, freqs, mopts, overrides,
                       solve_time, reason, termination, cycle_table):
    rows = cycle_table(ts, pv)
    res = {"cycle": [], "high_frequency_resistance_Ohm_cm2": [], "arc_resistance_Ohm_cm2": []}
    imp = {"cycle": [], "frequency_Hz": [], "Z_real_Ohm_cm2": [], "Z_imag_Ohm_cm2": []}
    for c, z in spectra.items():
        hfr, arc = _arc_resistance(freqs, z)
        res["cycle"].append(c)
        res["high_frequency_resistance_Ohm_cm2"].append(hfr)
        res["arc_resistance_Ohm_cm2"].append(arc)
        imp["cycle"].append(np.full(len(freqs), c))
        imp["frequency_Hz"].append(freqs)
        imp["Z_real_Ohm_cm2"].append(z.real)
        imp["Z_imag_Ohm_cm2"].append(z.imag)
    imp = {k: np.concatenate(v) for k, v in imp.items()}
    res = {k: np.asarray(v, dtype=float) for k, v in res.items()}
    summary = {
        "cell": module.CELL.id, "experiment": spec.name, "type": spec.type,
        "cycles_requested": spec["cycles"], "n_cycles": len(rows),
        "c_rate": spec["c_rate"], "charge_c_rate": spec["charge_c_rate"],
        "temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS, 6),
        "first_discharge_capacity_mAh_g": rows[0]["discharge_capacity_mAh_g"],
        "last_discharge_capacity_mAh_g": rows[-1]["discharge_capacity_mAh_g"],
        "final_capacity_retention": rows[-1]["capacity_retention"],
        "eis_cycles": list(spectra),
        "resistance": [{k: float(v[i]) for k, v in res.items()} for i in range(len(res["cycle"]))],
        "cycles": rows, "termination": reason or termination,
        "solve_time_s": solve_time, "overrides": dict(overrides or {}),
        "model_options": mopts, "versions": {"ssb_models": _version()},
    }
    table = {k: [r[k] if r[k] is not None else math.nan for r in rows] for k in rows[0]}
    return Result(summary=summary, timeseries=ts, solution=None,
                  tables={"cycles": table, "impedance": imp, "resistance": res,
                          "timeseries": ts})


PROCEDURES["cycle-life"] = cycle_life
