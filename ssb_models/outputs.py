"""Files of every experiment: CSV time series and tables, figures and the
summary JSON (``docs/experiments.md`` shows one of each)."""

import json
from pathlib import Path

import numpy as np


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def write_csv(path, columns):
    """Write ``{name: array}`` as a CSV with a header row."""
    np.savetxt(path, np.column_stack([np.asarray(v, dtype=float) for v in columns.values()]),
               delimiter=",", header=",".join(columns), comments="", fmt="%.10g")
    return str(path)


def run_note(summary):
    """One line for a figure: the model, its options and the overrides of the run."""
    run = summary.get("run", {})
    parts = [f"model {run.get('model', 'p2d')}"]
    if run.get("options"):
        parts.append("options: " + ", ".join(f"{k}={v}" for k, v in run["options"].items()))
    over = run.get("overrides") or summary.get("overrides") or {}
    parts.append("overrides: " + (", ".join(f"{k}={v:g}" for k, v in over.items())
                                  if over else "none"))
    return "; ".join(parts)


def _save(fig, path, note=None):
    fig.tight_layout()
    if note:
        fig.subplots_adjust(bottom=fig.subplotpars.bottom + 0.04)
        fig.text(0.01, 0.005, note, fontsize=6, color="0.35", va="bottom")
    fig.savefig(path, dpi=120)
    _plt().close(fig)
    return str(path)


def _rate_figures(out, s, curves, rows, title):
    plt = _plt()
    files = {}
    fig, ax = plt.subplots(figsize=(6, 4))
    cmap = plt.get_cmap("viridis")
    rates = sorted(set(curves["c_rate"]))
    for i, c in enumerate(rates):
        m = curves["c_rate"] == c
        ax.plot(curves["capacity_mAh_g"][m], curves["voltage_V"][m], lw=1.8,
                color=cmap(i / max(len(rates) - 1, 1)), label=f"{c:g}C")
    ax.set_xlabel("Capacity [mAh per g cathode active material]")
    ax.set_ylabel("Voltage [V]")
    ax.set_title(title)
    ax.legend(fontsize=8, ncol=2)
    ax.grid(alpha=0.3)
    files["voltage_curves"] = _save(fig, out / "voltage_curves.png", run_note(s))

    fig, ax = plt.subplots(figsize=(6, 4))
    groups = sorted({r.get("temperature_C") for r in rows}, key=lambda x: (x is None, x))
    for T in groups:
        sel = [r for r in rows if r.get("temperature_C") == T]
        label = f"{T:g} C" if T is not None else None
        ax.semilogx([r["c_rate"] for r in sel], [100 * r["retention"] for r in sel], "o-",
                    label=label)
    ax.set_xlabel("C-rate")
    ax.set_ylabel("Capacity retention [% of lowest rate]")
    ax.set_title(title)
    if len(groups) > 1:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    files["retention"] = _save(fig, out / "retention.png", run_note(s))

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for T in groups:
        sel = [r for r in rows if r.get("temperature_C") == T and r["power_mW_cm2"] > 0]
        label = f"{T:g} C" if T is not None else None
        axes[0].loglog([r["power_mW_cm2"] for r in sel], [r["energy_mWh_cm2"] for r in sel],
                       "o-", label=label)
        axes[1].loglog([r["power_W_kg"] for r in sel], [r["energy_Wh_kg"] for r in sel], "o-",
                       label=label)
    axes[0].set_xlabel("Power [mW/cm2]")
    axes[0].set_ylabel("Energy [mWh/cm2]")
    axes[1].set_xlabel("Power [W/kg cathode active material]")
    axes[1].set_ylabel("Energy [Wh/kg cathode active material]")
    for ax in axes:
        ax.grid(alpha=0.3, which="both")
        if len(groups) > 1:
            ax.legend(fontsize=8)
    fig.suptitle(f"Ragone: {title}")
    files["ragone"] = _save(fig, out / "ragone.png", run_note(s))
    return files


def write_procedure(result, out_dir):
    """Write every table of ``result`` as CSV, its figures as PNG and summary.json."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    s = result.summary
    files = {}
    for name, cols in result.tables.items():
        if cols:
            files[name] = write_csv(out / f"{name}.csv", cols)
    kind = s["type"]
    title = f"{s['cell']}: {s['experiment']}"
    if kind == "rate-capability":
        title += f", {s['temperature_C']:g} C"
    if kind in ("rate-capability", "temperature-ladder"):
        curves = result.tables["curves"]
        if kind == "temperature-ladder":
            # voltage curves at the first temperature; retention and Ragone for all
            T0 = s["temperatures_C"][0]
            curves = {k: v[curves["temperature_C"] == T0] for k, v in curves.items()}
        files.update(_rate_figures(out, s, curves, s["rates"], title))
    elif kind == "gitt":
        files.update(_gitt_figures(out, result, title))
    elif kind == "pulse":
        files.update(_pulse_figure(out, result, title))
    elif kind == "critical-current":
        files.update(_critical_current_figures(out, result, title))
    elif kind == "cycle-life":
        files.update(_cycle_life_figures(out, result, title))
    js = out / "summary.json"
    js.write_text(json.dumps(s, indent=2, default=float) + "\n")
    files["summary"] = str(js)
    return files


def _gitt_figures(out, result, title):
    plt = _plt()
    ts, g = result.tables["timeseries"], result.tables["gitt"]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    axes[0].plot(ts["time_s"] / 3600, ts["voltage_V"], lw=1)
    axes[0].set_xlabel("Time [h]")
    axes[0].set_ylabel("Voltage [V]")
    if g:
        axes[1].plot(g["capacity_mAh_g"], g["ocv_after_V"], "o-", ms=3, label="relaxed voltage")
        axes[1].set_xlabel("Capacity [mAh per g cathode active material]")
        axes[1].set_ylabel("Relaxed voltage (OCV) [V]")
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    return {"gitt_plot": _save(fig, out / "gitt.png", run_note(result.summary))}


def _pulse_figure(out, result, title):
    plt = _plt()
    p = result.tables["pulse_resistance"]
    fig, ax = plt.subplots(figsize=(6, 4))
    if p:
        for key, label in (("discharge_R_end_Ohm_cm2", "discharge, end of pulse"),
                           ("charge_R_end_Ohm_cm2", "charge, end of pulse"),
                           ("discharge_R0_Ohm_cm2", "discharge, instantaneous")):
            ax.plot(100 * p["soc"], p[key], "o-", label=label)
    ax.set_xlabel("State of charge [%]")
    ax.set_ylabel("Pulse resistance [Ohm cm2]")
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return {"pulse_plot": _save(fig, out / "pulse_resistance.png", run_note(result.summary))}


def write_eis(result, out_dir):
    ts, s = result.timeseries, result.summary

    def draw(ax):
        ax.plot(ts["Z_real_Ohm_cm2"], -ts["Z_imag_Ohm_cm2"], "o-", ms=3)
        ax.set_xlabel("Re Z [Ohm cm2]")
        ax.set_ylabel("-Im Z [Ohm cm2]")
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_title(f"{s['cell']}: EIS at SOC {s['initial_soc']:g}, {s['temperature_C']:g} C")

    return write_files(out_dir, s, "impedance", ts, "nyquist", draw, figsize=(6, 4.5))


def write_files(out_dir, summary, csv_name, columns, png_name, draw, figsize=(6, 4)):
    """Write ``<csv_name>.csv`` (the columns, in order), ``<png_name>.png`` (drawn by
    ``draw(ax)``) and ``summary.json`` into ``out_dir``; return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv = out / f"{csv_name}.csv"
    np.savetxt(csv, np.column_stack(list(columns.values())), delimiter=",",
               header=",".join(columns), comments="", fmt="%.10g")
    fig, ax = plt.subplots(figsize=figsize)
    draw(ax)
    ax.grid(alpha=0.3)
    png = out / f"{png_name}.png"
    _save(fig, png, run_note(summary))
    js = out / "summary.json"
    js.write_text(json.dumps(summary, indent=2) + "\n")
    return {csv_name: str(csv), "plot": str(png), "summary": str(js)}


def write_outputs(result, out_dir):
    """Write the CSV time series (with cycle and step columns), the per-cycle table
    (cycles.csv), the voltage plot (coloured by cycle, or by step for one cycle), a
    retention plot for several cycles, and the summary JSON."""
    ts, s = result.timeseries, result.summary
    several = "cycle" in ts and len(np.unique(ts["cycle"])) > 1

    def draw(ax):
        import matplotlib.pyplot as plt

        x, xlabel = ts["time_s"] / 3600.0, "Time [h]"
        if not several and not s.get("charge_capacity_mAh_g"):
            # a discharge (no charge): voltage against capacity, as a discharge curve
            x = (ts["capacity_mAh"] - ts["capacity_mAh"][0]) / (s["active_material_mass_mg"]
                                                              / 1e3)
            xlabel = "Capacity [mAh per g cathode active material]"
        t_h = x
        key = "cycle" if several else "step"
        if key not in ts:
            ax.plot(t_h, ts["voltage_V"], lw=2)
        else:
            groups = np.unique(ts[key])
            cmap = plt.get_cmap("viridis" if several else "tab10")
            for n, g in enumerate(groups):
                m = ts[key] == g
                label = None
                if not several:
                    label = f"step {int(g)}: {s['steps'][int(g) - 1]}" \
                        if int(g) - 1 < len(s.get("steps", [])) else f"step {int(g)}"
                elif n in (0, len(groups) - 1):
                    label = f"cycle {int(g)}"
                ax.plot(t_h[m], ts["voltage_V"][m], lw=1.5, label=label,
                        color=cmap(n / max(len(groups) - 1, 1)) if several else cmap(n % 10))
            ax.legend(fontsize=7)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Voltage [V]")
        ax.set_title(f"{s['cell']}: {s['experiment']}, {s['c_rate']:g}C, "
                     f"{s['temperature_C']:g} C")

    files = write_files(out_dir, s, "timeseries", ts, "voltage", draw)
    if "temperature_C" in ts:
        files["temperature"] = _temperature_figure(Path(out_dir), ts, s)
    if "cycles" in result.tables:
        out = Path(out_dir)
        files["cycles"] = write_csv(out / "cycles.csv", result.tables["cycles"])
        if several:
            c = result.tables["cycles"]
            files["retention"] = _per_cycle_figure(
                out / "retention.png", c["cycle"],
                [(c["discharge_capacity_mAh_g"], "o-", "discharge"),
                 (c["charge_capacity_mAh_g"], "s--", "charge")],
                "Capacity [mAh per g cathode active material]",
                f"{s['cell']}: capacity per cycle", run_note(s))
    return files


def _temperature_figure(out, ts, s):
    """Cell temperature and heat generation against time (lumped thermal model)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    t_h = ts["time_s"] / 3600.0
    ax.plot(t_h, ts["temperature_C"], color="C3", lw=1.5, label="cell temperature")
    ax.set_xlabel("Time [h]")
    ax.set_ylabel("Temperature [C]", color="C3")
    ax2 = ax.twinx()
    ax2.plot(t_h, ts["heat_mW"] / s["area_cm2"], color="C0", lw=1, ls="--",
             label="heat generation")
    ax2.set_ylabel("Heat generation [mW per cm2]", color="C0")
    ax.set_title(f"{s['cell']}: {s['experiment']}, lumped thermal, "
                 f"h = {s.get('heat_transfer_coefficient_W_m2K', float('nan')):g} W/m2/K")
    ax.grid(alpha=0.3)
    return _save(fig, out / "temperature.png", run_note(s))


def _critical_current_figures(out, result, title):
    """Current staircase, voltage and contact fraction of each run, and the critical
    and onset currents against stack pressure."""
    plt = _plt()
    s, c = result.summary, result.tables["curves"]
    runs = [(r["stack_pressure_MPa"], r["temperature_C"]) for r in s["critical_current"]]
    fig, axes = plt.subplots(3, 1, figsize=(7, 8), sharex=True)
    cmap = plt.get_cmap("viridis")
    for n, (p, T) in enumerate(runs):
        m = (c["stack_pressure_MPa"] == p) & (c["temperature_C"] == T)
        color = cmap(n / max(len(runs) - 1, 1))
        t_h = c["time_s"][m] / 3600
        label = f"{p:g} MPa, {T:g} C"
        axes[0].plot(t_h, c["current_mA_cm2"][m], color=color, lw=0.8, label=label)
        axes[1].plot(t_h, c["voltage_V"][m], color=color, lw=0.8)
        axes[2].plot(t_h, c["contact_fraction"][m], color=color, lw=1.2)
    axes[0].set_ylabel("Current [mA/cm2]\n(> 0 stripping)")
    axes[1].set_ylabel("Voltage [V]")
    axes[2].set_ylabel("Li|SE contact fraction")
    axes[2].set_xlabel("Time [h]")
    axes[0].legend(fontsize=7)
    axes[0].set_title(f"Critical current: {title}")
    for ax in axes:
        ax.grid(alpha=0.3)
    files = {"staircase": _save(fig, out / "staircase.png", run_note(s))}
    fig, ax = plt.subplots(figsize=(6, 4))
    temps = sorted({T for _, T in runs})
    for k, T in enumerate(temps):
        rows = [r for r in s["critical_current"] if r["temperature_C"] == T]
        p = [r["stack_pressure_MPa"] for r in rows]
        crit = [r["critical_current_mA_cm2"] if r["contact_lost"] else float("nan")
                for r in rows]
        ax.plot(p, crit, "o-", color=f"C{k}", label=f"critical (staircase), {T:g} C")
        ax.plot(p, [r["onset_mA_cm2"] for r in rows], "s--", color=f"C{k}", ms=4,
                label=f"void onset i_sup(f=1), {T:g} C")
        for r in rows:
            if not r["contact_lost"]:
                ax.annotate(f"> {r['last_passed_mA_cm2']:g}", (r["stack_pressure_MPa"],
                            r["last_passed_mA_cm2"]), fontsize=7)
    ax.set_xlabel("Stack pressure [MPa]")
    ax.set_ylabel("Current density [mA/cm2]")
    ax.set_title(title)
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    files["critical_current_plot"] = _save(fig, out / "critical_current.png", run_note(s))
    return files


def _cycle_life_figures(out, result, title):
    """Capacity retention, resistance growth and the Nyquist overlay of a cycle-life run."""
    plt = _plt()
    s, c, r, z = (result.summary, result.tables["cycles"], result.tables["resistance"],
                  result.tables["impedance"])
    files = {}
    files["retention_plot"] = _per_cycle_figure(
        out / "retention.png", c["cycle"],
        [(100 * np.asarray(c["capacity_retention"], float), "o-", "discharge")],
        "Discharge capacity retention [%]", f"{title}: retention", run_note(s))
    files["resistance_plot"] = _per_cycle_figure(
        out / "resistance.png", r["cycle"],
        [(r["high_frequency_resistance_Ohm_cm2"], "s-", "high-frequency"),
         (r["arc_resistance_Ohm_cm2"], "o-", "arcs (width)")],
        "Resistance [Ohm cm2]", f"{title}: resistance at end of charge", run_note(s))
    fig, ax = plt.subplots(figsize=(6, 4.5))
    cycles = list(dict.fromkeys(z["cycle"].tolist()))
    cmap = plt.get_cmap("viridis")
    for n, cyc in enumerate(cycles):
        m = z["cycle"] == cyc
        ax.plot(z["Z_real_Ohm_cm2"][m], -z["Z_imag_Ohm_cm2"][m], "o-", ms=2,
                color=cmap(n / max(len(cycles) - 1, 1)),
                label=f"after cycle {int(cyc)}" if cyc else "before cycling")
    ax.set_xlabel("Re Z [Ohm cm2]")
    ax.set_ylabel("-Im Z [Ohm cm2]")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize=7)
    ax.set_title(f"{title}: impedance at end of charge")
    ax.grid(alpha=0.3)
    files["nyquist"] = _save(fig, out / "nyquist.png", run_note(s))
    return files


def _per_cycle_figure(path, cycles, series, ylabel, title, note):
    """One figure of quantities against the cycle number: ``series`` = [(y, style,
    label), ...]."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 4))
    for y, style, label in series:
        ax.plot(cycles, y, style, ms=3, label=label)
    ax.set_xlabel("Cycle")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return _save(fig, path, note)
