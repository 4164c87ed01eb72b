"""Lumped thermal model (docs/thermal.md): energy balance against the cell's own
electrochemistry, heat storage against an independently computed heat capacity,
the isothermal limit, and the CLI outputs."""

import json
import subprocess
import sys

import numpy as np
import pytest

import ssb_models

CASES = [("li-llzo-lco", 2.0), ("lto-lgps-lco", 1.0), ("li-peo-lfp", 0.5)]
LUMPED = {"thermal": "lumped"}


def _fv_integral(solution, name, L):
    """x-integral of a finite-volume field (uniform sub-mesh: cell width L / N)."""
    e = solution[name].entries
    return e.sum(axis=0) * L / e.shape[0]


def _run(cell, c_rate, overrides=None, options=LUMPED):
    return ssb_models.run_experiment("discharge", cell=cell, c_rate=c_rate,
                                     overrides=overrides, options=options)


def _tight_solve(cell, c_rate, overrides):
    """A lumped-thermal discharge solved at rtol 1e-9: the irreversible heat is ~1e-2
    of the energy, so a 1 % balance needs the energy to ~1e-4."""
    import pybamm

    from ssb_models.experiments import prepare
    from ssb_models.models.options import build_model

    p = prepare(cell, "discharge", c_rate, None, overrides, LUMPED)
    module, pv, c_rate = p.cell, p.parameter_values, p.c_rate
    pv["Current function [A]"] = pv["Current function [A]"] * c_rate
    sim = pybamm.Simulation(build_model(module, LUMPED), parameter_values=pv,
                            solver=pybamm.IDAKLUSolver(rtol=1e-9, atol=1e-11))
    t_end = 0.9 * 3600 / c_rate
    return sim.solve([0, t_end], t_interp=np.linspace(0, t_end, 2000))


@pytest.mark.parametrize("cell,c_rate", CASES)
def test_heat_equals_ocv_power_minus_electrical_power_plus_reversible(cell, c_rate):
    """Total heat = int [sum_k int a j U_k(c_surf) dx - I V] dt + reversible heat
    int a j T dU/dT, within 1 %. The first term is the power the reactions release at
    their open-circuit potentials (the OCV at the particle surfaces, weighted by the
    local reaction current); whatever the cell does not deliver as I V is heat. A
    constant entropic coefficient (-0.2 mV/K, a test value) makes the reversible term
    non-zero."""
    dUdT = -2e-4
    full = cell == "lto-lgps-lco"
    over = {"Positive electrode OCP entropic change [V.K-1]": dUdT}
    if full:
        over["Negative electrode OCP entropic change [V.K-1]"] = 1e-4
    sol = _tight_solve(cell, c_rate, over)
    params = ssb_models.parameter_values(cell)
    A = params["Electrode height [m]"] * params["Electrode width [m]"]
    t = sol["Time [s]"].entries
    I, V = sol["Current [A]"].entries, sol["Voltage [V]"].entries
    domains = [("Positive", params["Positive electrode thickness [m]"], dUdT)]
    if full:
        domains.append(("Negative", params["Negative electrode thickness [m]"], 1e-4))
    ocv_power = np.zeros_like(t)  # W
    reversible = np.zeros_like(t)
    for D, L, dudt in domains:
        aj = f"{D} electrode volumetric interfacial current density [A.m-3]"
        ajU = sol[aj].entries * sol[f"{D} electrode open-circuit potential [V]"].entries
        ajT = sol[aj].entries * sol[f"{D} electrode temperature [K]"].entries
        ocv_power -= ajU.sum(axis=0) * L / ajU.shape[0] * A
        reversible += ajT.sum(axis=0) * L / ajT.shape[0] * A * dudt
    # (a Li-metal electrode is at 0 V vs Li: its reaction releases no OCV power)
    expected = np.trapezoid(ocv_power - I * V + reversible, t)
    heat = np.trapezoid(sol["Total heating [W]"].entries, t)
    rev = np.trapezoid(sol["Reversible heating [W]"].entries, t)
    assert heat > 0
    assert abs(np.trapezoid(reversible, t)) > 0.01 * heat  # the reversible term matters
    assert rev == pytest.approx(np.trapezoid(reversible, t), rel=1e-2)
    assert heat == pytest.approx(expected, rel=1e-2)


def _heat_capacity(cell):
    """Sum over layers of rho c_p L times the area [J/K], from the cell's entries by
    hand: composites as volume-weighted rho and mass-weighted c_p of their phases."""
    p = ssb_models.parameter_values(cell)
    g = lambda k, d=0.0: p[k] if k in p.keys() else d  # noqa: E731
    rho_se, cp_se = (p["Solid electrolyte density [kg.m-3]"],
                     p["Solid electrolyte specific heat capacity [J.kg-1.K-1]"])

    def composite(D):
        phases = [(p[f"{D} electrode active material volume fraction"],
                   p[f"{D} electrode active material density [kg.m-3]"],
                   p[f"{D} electrode active material specific heat capacity [J.kg-1.K-1]"]),
                  (p[f"{D} electrode porosity"], rho_se, cp_se),
                  (g(f"{D} electrode additive volume fraction"),
                   g(f"{D} electrode additive density [kg.m-3]"),
                   g(f"{D} electrode additive specific heat capacity [J.kg-1.K-1]"))]
        return sum(e * r * c for e, r, c in phases)  # J/m3/K

    per_area = (p["Positive electrode thickness [m]"] * composite("Positive")
                + p["Separator thickness [m]"] * rho_se * cp_se)
    if cell == "lto-lgps-lco":
        per_area += p["Negative electrode thickness [m]"] * composite("Negative")
    else:  # Li foil
        per_area += (p["Negative electrode thickness [m]"] * p["Negative electrode density "
                     "[kg.m-3]"] * p["Negative electrode specific heat capacity [J.kg-1.K-1]"])
    for s in ("Negative", "Positive"):
        per_area += (p[f"{s} current collector thickness [m]"]
                     * p[f"{s} current collector density [kg.m-3]"]
                     * p[f"{s} current collector specific heat capacity [J.kg-1.K-1]"])
    return per_area * p["Electrode height [m]"] * p["Electrode width [m]"]


@pytest.mark.parametrize("cell,c_rate", CASES)
def test_heat_generated_is_stored_or_removed(cell, c_rate):
    """int Q dt = C (T_end - T_0) + int h A_cool (T - T_amb) dt within 1 %, with the
    heat capacity C summed by hand over the layers (two faces cool). Solved at rtol
    1e-9 (:func:`_tight_solve`): a lab cell warms by ~0.01 K at 1C, and PyBaMM's
    default tolerance leaves ~3e-4 K on T (rtol 1e-6 of 298 K), a few % of the rise."""
    sol = _tight_solve(cell, c_rate, {})
    p = ssb_models.parameter_values(cell)
    t = sol["Time [s]"].entries
    T = sol["Volume-averaged cell temperature [K]"].entries
    T_amb = p["Ambient temperature [K]"]
    h = p["Total heat transfer coefficient [W.m-2.K-1]"]
    A_cool = 2 * p["Electrode height [m]"] * p["Electrode width [m]"]
    heat = np.trapezoid(sol["Total heating [W]"].entries, t)
    stored = _heat_capacity(cell) * (T[-1] - T[0])
    removed = np.trapezoid(h * A_cool * (T - T_amb), t)
    assert T.max() > T_amb  # the cell warms
    assert heat == pytest.approx(stored + removed, rel=1e-2)
    # a run's outputs carry the trace
    r = _run(cell, c_rate)
    T = r.solution["Volume-averaged cell temperature [K]"].entries
    assert T.max() > T_amb
    assert r.timeseries["temperature_C"] == pytest.approx(T - 273.15)
    assert r.summary["temperature_rise_K"] == pytest.approx(T.max() - T[0])


def test_strong_cooling_reproduces_the_isothermal_model():
    """h -> large keeps T at ambient: the lumped model gives the isothermal voltage
    (within 1e-4 V) and capacity (1e-4 relative). h = 1e5 W/m2/K is the top of its
    physical range (boiling; parameters/ranges.py)."""
    iso = _run("li-llzo-lco", 5.0, options={})
    hot = _run("li-llzo-lco", 5.0, {"Total heat transfer coefficient [W.m-2.K-1]": 1e5})
    v_iso = np.interp(hot.timeseries["time_s"], iso.timeseries["time_s"],
                      iso.timeseries["voltage_V"])
    m = hot.timeseries["time_s"] < iso.timeseries["time_s"][-1] * 0.95
    assert np.max(np.abs(hot.timeseries["voltage_V"][m] - v_iso[m])) < 1e-4
    assert hot.summary["capacity_mAh_g"] == pytest.approx(iso.summary["capacity_mAh_g"],
                                                          rel=1e-4)
    assert hot.summary["temperature_rise_K"] < 1e-3


def test_weak_cooling_warms_the_cell_and_raises_capacity():
    """Self-heating speeds transport: with h small the 5C capacity rises above the
    isothermal one (Arrhenius laws), and the temperature rise grows."""
    iso = _run("li-llzo-lco", 5.0, options={})
    warm = _run("li-llzo-lco", 5.0, {"Total heat transfer coefficient [W.m-2.K-1]": 0.1})
    assert warm.summary["temperature_rise_K"] > 1.0
    assert warm.summary["capacity_mAh_g"] > iso.summary["capacity_mAh_g"]


def test_composite_formulas():
    from ssb_models.physics.thermal import composite_density, composite_specific_heat

    assert composite_density([0.5, 0.3], [5000, 2000]) == pytest.approx(3100)
    # equal masses: the mean heat capacity
    assert composite_specific_heat([0.2, 0.5], [5000, 2000], [700, 900]) == pytest.approx(800)
    with pytest.raises(ValueError):
        composite_density([0.7, 0.5], [1, 1])


def _ssb(*args):
    return subprocess.run([sys.executable, "-P", "-m", "ssb_models.cli", *args],
                          capture_output=True, text=True, timeout=600)


def test_cli_thermal_run_writes_temperature(tmp_path):
    out = tmp_path / "run"
    p = _ssb("run", "discharge", "--cell", "lto-lgps-lco", "--c-rate", "2",
             "--option", "thermal=lumped", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "lumped thermal: max" in p.stdout
    header = (out / "timeseries.csv").read_text().splitlines()[0].split(",")
    assert "temperature_C" in header and "heat_mW" in header
    assert (out / "temperature.png").stat().st_size > 0
    s = json.loads((out / "summary.json").read_text())
    assert s["temperature_rise_K"] > 0 and s["heat_generated_J_cm2"] > 0


def test_cli_refuses_resolved_thermal():
    p = _ssb("run", "discharge", "--cell", "lto-lgps-lco", "--option", "thermal=x-full")
    assert p.returncode == 2
    assert "Allowed: 'isothermal', 'lumped', 'x-lumped'" in p.stderr + p.stdout
    assert "Traceback" not in p.stderr
