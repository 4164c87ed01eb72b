"""Space-charge layer of a cell's solid electrolyte: the Python API behind
``ssb scl``. Physics: :mod:`ssb_models.physics.space_charge`;
equations: ``docs/space_charge.md``.

Results thinner than one lattice spacing are flagged (``sub_lattice``) and warned
about with :class:`SubLatticeLayerWarning` (``docs/space_charge.md``, "Validity")."""

import warnings

import numpy as np

from .errors import InputError
from .parameters.registry import get_cell, parameter_values
from .physics import space_charge as sc
from .physics.constants import CELSIUS_OFFSET
from .physics.space_charge import SubLatticeLayerWarning

__all__ = ["SubLatticeLayerWarning", "inputs_for", "table", "cathode_potential_table",
           "plot_cathode_potential"]

#: the highest cathode potential vs Li that `ssb scl` accepts [V]
CATHODE_POTENTIAL_MAX_V = 6.0
DEFAULT_DELTA_PHI = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
SITE = "Solid electrolyte Li site density [mol.m-3]"
PERMITTIVITY = "Solid electrolyte relative permittivity"
BULK = "Initial concentration in electrolyte [mol.m-3]"


def inputs_for(cell, temperature_C=None, overrides=None):
    """The space-charge inputs of ``cell`` after overrides, as ``ssb scl`` echoes them."""
    module = get_cell(cell)
    if module.CELL.model_options.get("electrolyte") != "single-ion":
        raise InputError(
            f"Cell '{module.CELL.id}' has a binary (polymer) electrolyte; the lattice-gas "
            "space-charge model applies to single-ion solid electrolytes. Cells with one: "
            + ", ".join(c for c, m in _cells().items()
                        if m.CELL.model_options.get("electrolyte") == "single-ion") + ".")
    from .experiments.prepare import checked_values

    _, pv = checked_values(module, overrides, temperature_C)
    T = pv["Ambient temperature [K]"]
    c_max, c0 = pv[SITE], pv[BULK]
    if not 0 < c0 < c_max:
        raise InputError(f"'{BULK}' ({c0:g}) must be between 0 and '{SITE}' ({c_max:g}): "
                         "the bulk occupancy c0/c_max must lie in (0, 1).")
    if pv[PERMITTIVITY] <= 0:
        raise InputError(f"'{PERMITTIVITY}' must be > 0, got {pv[PERMITTIVITY]:g}.")
    import pybamm

    sigma = float(pv.evaluate(pv["Solid electrolyte conductivity [S.m-1]"](pybamm.Scalar(T))))
    return {
        "cell": module.CELL.id,
        "site_density_mol_m3": c_max,
        "bulk_concentration_mol_m3": c0,
        "bulk_occupancy": c0 / c_max,
        "relative_permittivity": pv[PERMITTIVITY],
        "temperature_K": T,
        "bulk_conductivity_S_m": sigma,
        "mobility_model": "constant",
        "lattice_spacing_m": float(sc.lattice_spacing(c_max)),
    }


BUFFER = ("Buffer layer thickness [m]", "Buffer layer relative permittivity",
          "Buffer layer Li site density [mol.m-3]", "Buffer layer Li concentration [mol.m-3]",
          "Buffer layer mobile Li fraction [-]",
          "Buffer layer ionic conductivity at reference temperature [S.m-1]",
          "Buffer layer activation energy [J.mol-1]")
STEP = ("Space-charge partition factor", "Space-charge potential of zero charge [V]")


def _warn(message):
    """Issue the sub-lattice warning of the API (the CLI prints it as one line)."""
    warnings.warn(message, SubLatticeLayerWarning, stacklevel=3)


def _validity_message(what, flagged_steps, widths, spacing):
    """One line: which layer is thinner than one lattice spacing, for which steps."""
    return (f"{what} thinner than one lattice spacing (a = {spacing * 1e9:.2g} nm): width "
            f"{min(widths) * 1e9:.2g}-{max(widths) * 1e9:.2g} nm for steps "
            f"{min(flagged_steps):g}-{max(flagged_steps):g} V")


VALIDITY_NOTE = ("beyond a continuum model: charge and capacitance are order-of-magnitude "
                 "values, the constant-mobility resistance of a depleted film is an "
                 "indicator (upper bound), not a prediction; what holds is whether a "
                 "depleted layer forms (docs/space_charge.md, 'Validity')")


def cathode_potential_table(cell, cathode_potentials, temperature_C=None, overrides=None):
    """The interface against the cathode potential U vs Li [V], delta_phi = chi (U - U_pzc):
    the SE's layer without a buffer, with the cell's Li-conducting buffer (the model the
    cell uses: ``physics.space_charge.buffer_layer_step``) and, for comparison only, with
    the buffer as a charge-free dielectric (``partition_step``).

    Every row carries the widths of the layers against the lattice spacing and the flag
    ``sub_lattice`` (any of its layers thinner than one lattice spacing); a
    :class:`SubLatticeLayerWarning` is issued if a row is flagged (its one-line text is
    also in ``out["warnings"]``)."""
    U = [float(u) for u in cathode_potentials]
    bad = [u for u in U if not (np.isfinite(u) and 0.0 < u <= CATHODE_POTENTIAL_MAX_V)]
    if not U or bad:
        raise InputError(f"--cathode-potential values must be finite and in (0, "
                         f"{CATHODE_POTENTIAL_MAX_V:g}] V vs Li/Li+ (a cathode potential), "
                         f"got {bad or U}.")
    inp = inputs_for(cell, temperature_C, overrides)
    pv = parameter_values(inp["cell"])
    pv.update(dict(overrides or {}))
    missing = [n for n in STEP + BUFFER if n not in pv.keys()]
    if missing:
        raise InputError(f"Cell '{inp['cell']}' has no buffer/space-charge coupling "
                         f"parameters ({', '.join(missing)}).")
    chi, U_pzc = (pv[n] for n in STEP)
    d, eps_b, cmax_b, cli_b, f, sig_b0, Ea_b = (pv[n] for n in BUFFER)
    from .parameters.derived import SPACE_CHARGE_INPUTS, check_space_charge_inputs
    from .physics.transport import arrhenius

    check_space_charge_inputs([float(pv[n]) for n in SPACE_CHARGE_INPUTS])
    T = inp["temperature_K"]
    sig_se = inp["bulk_conductivity_S_m"]
    sig_b = float(arrhenius(sig_b0, Ea_b, T, float(pv["Reference temperature [K]"])))
    U = np.asarray(cathode_potentials, dtype=float)
    dphi = np.maximum(chi * (U - U_pzc), 0.0)
    args = dict(relative_permittivity=inp["relative_permittivity"],
                site_density=inp["site_density_mol_m3"], theta0=inp["bulk_occupancy"],
                temperature=T)
    se = {"relative_permittivity": inp["relative_permittivity"],
          "site_density": inp["site_density_mol_m3"],
          "bulk_concentration": inp["bulk_concentration_mol_m3"]}
    buffer = sc.buffer_phase(d, eps_b, cmax_b, cli_b, f)
    a_se = inp["lattice_spacing_m"]
    # no buffer: the SE's single layer over the whole step
    R_bare = sc.layer_resistance(dphi, bulk_conductivity=sig_se, **args)
    Q_bare = sc.layer_charge(dphi, **args)
    w_bare = sc.layer_width(dphi, **args)
    # the cell's model: Li-conducting buffer
    two = sc.buffer_layer_step(dphi, T, se, buffer, sig_se, sig_b)
    widths = sc.buffer_layer_widths(dphi, two, T, se, buffer,
                                    buffer_lattice_site_density=cmax_b)
    # comparison only: the buffer as a charge-free dielectric
    d_scl = sc.partition_step(dphi, buffer_thickness=d, buffer_relative_permittivity=eps_b,
                              **args)
    R_scl_diel = sc.layer_resistance(d_scl, bulk_conductivity=sig_se, **args)
    w_diel = sc.layer_width(d_scl, **args)
    rows = []
    for i in range(U.size):
        bare_flag = bool(dphi[i] >= sc.LAYER_DROP and w_bare[i] < a_se)
        diel_flag = bool(d_scl[i] >= sc.LAYER_DROP and w_diel[i] < a_se)
        phases = {p: {"drop_V": float(widths[f"{p}_drop_V"][i]),
                      "width_m": float(widths[f"{p}_width_m"][i]),
                      "lattice_spacing_m": float(widths[f"{p}_lattice_spacing_m"][i]),
                      "sub_lattice": bool(widths[f"{p}_sub_lattice"][i])}
                  for p in ("se", "buffer")}
        buf_flag = phases["se"]["sub_lattice"] or phases["buffer"]["sub_lattice"]
        rows.append({
            "cathode_potential_V": float(U[i]), "delta_phi_V": float(dphi[i]),
            "sub_lattice": bare_flag or buf_flag,
            "no_buffer": {"resistance_Ohm_m2": float(R_bare[i]),
                          "charge_C_m2": float(Q_bare[i]), "width_m": float(w_bare[i]),
                          "lattice_spacing_m": a_se, "sub_lattice": bare_flag},
            "li_conducting_buffer": {
                "junction_potential_V": float(two["junction_potential_V"][i]),
                "se_resistance_Ohm_m2": float(two["se_resistance_Ohm_m2"][i]),
                "buffer_resistance_Ohm_m2": float(two["buffer_resistance_Ohm_m2"][i]),
                "resistance_Ohm_m2": float(two["resistance_Ohm_m2"][i]),
                "charge_C_m2": float(two["charge_C_m2"][i]),
                "capacitance_F_m2": float(two["capacitance_F_m2"][i]),
                "se": phases["se"], "buffer": phases["buffer"], "sub_lattice": buf_flag},
            "dielectric_buffer": {
                "delta_phi_scl_V": float(d_scl[i]),
                "scl_resistance_Ohm_m2": float(R_scl_diel[i]),
                "buffer_resistance_Ohm_m2": d / sig_b,
                "resistance_Ohm_m2": float(R_scl_diel[i]) + d / sig_b,
                "width_m": float(w_diel[i]), "sub_lattice": diel_flag},
        })
    inp.update({"partition_factor": chi, "potential_of_zero_charge_V": U_pzc,
                "buffer_thickness_m": d, "buffer_relative_permittivity": eps_b,
                "buffer_site_density_mol_m3": cmax_b,
                "buffer_li_concentration_mol_m3": cli_b, "buffer_mobile_fraction": f,
                "buffer_mobile_concentration_mol_m3": buffer["bulk_concentration"],
                "buffer_lattice_spacing_m": float(sc.lattice_spacing(cmax_b)),
                "buffer_conductivity_S_m": sig_b})
    parts = []
    for label, key, spacing, get in (
            ("the SE layer without a buffer", "no_buffer", a_se, lambda r: r["no_buffer"]),
            ("the SE layer behind the Li-conducting buffer", "se", a_se,
             lambda r: r["li_conducting_buffer"]["se"]),
            ("the Li-conducting buffer's layer", "buffer", inp["buffer_lattice_spacing_m"],
             lambda r: r["li_conducting_buffer"]["buffer"])):
        flagged = [r for r in rows if get(r)["sub_lattice"]]
        if flagged:
            parts.append(_validity_message(label, [r["delta_phi_V"] for r in flagged],
                                           [get(r)["width_m"] for r in flagged], spacing))
    out = {"inputs": inp, "results": rows, "warnings": []}
    if parts:
        out["warnings"].append("; ".join(parts) + ": " + VALIDITY_NOTE + ".")
        _warn(out["warnings"][0])
    return out


def plot_cathode_potential(table_out, path):
    """R against cathode potential: no buffer, the Li-conducting buffer (total and its
    SE part) and, for comparison, the dielectric buffer (log scale)."""
    from .plotting import pyplot

    plt = pyplot()
    rows = table_out["results"]
    inp = table_out["inputs"]
    U = [r["cathode_potential_V"] for r in rows]

    def cm2(values):
        return [max(v, 1e-16) * 1e4 for v in values]

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.semilogy(U, cm2(r["no_buffer"]["resistance_Ohm_m2"] for r in rows), "k-",
                label="no buffer: SE layer")
    ax.semilogy(U, cm2(r["li_conducting_buffer"]["resistance_Ohm_m2"] for r in rows), "C0-",
                lw=2, label="Li-conducting buffer: total (cell model)")
    floor = 1e-8  # Ohm cm2: the axis' lower end (the SE behind a buffer is far below)
    se_part = cm2(r["li_conducting_buffer"]["se_resistance_Ohm_m2"] for r in rows)
    ax.semilogy(U, se_part, "C0:", label="Li-conducting buffer: its SE layer"
                + (" (< 1e-8, off scale)" if max(se_part) < floor else ""))
    ax.semilogy(U, cm2(r["dielectric_buffer"]["resistance_Ohm_m2"] for r in rows), "C1--",
                label="dielectric buffer (comparison): total")
    ax.axhline(inp["buffer_thickness_m"] / inp["buffer_conductivity_S_m"] * 1e4, color="0.5",
               lw=0.8, ls="-.", label="buffer bulk d/sigma_b")
    sub = [r["cathode_potential_V"] for r in rows if r["li_conducting_buffer"]["sub_lattice"]]
    if sub:
        ax.axvspan(min(sub), max(sub), color="0.9", zorder=0,
                   label="buffer layer thinner than a lattice spacing")
    ax.set_ylim(bottom=floor)
    ax.set_xlabel("Cathode potential [V vs Li/Li+]")
    ax.set_ylabel("Interface resistance [Ohm cm2]")
    ax.set_title(f"{inp['cell']}: space-charge resistance, "
                 f"{inp['buffer_thickness_m'] * 1e9:g} nm buffer, chi = "
                 f"{inp['partition_factor']:g}, U_pzc = {inp['potential_of_zero_charge_V']:g} V, "
                 f"{inp['temperature_K'] - CELSIUS_OFFSET:g} C", fontsize=9)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return str(path)


def _cells():
    from .parameters import cells

    return cells()


def table(cell, delta_phis=DEFAULT_DELTA_PHI, temperature_C=None, overrides=None,
          check=False):
    """Space-charge properties per potential step:
    ``{"inputs": ..., "results": [...], "warnings": [...]}``.

    Each row carries the layer width max(lambda, w), the lattice spacing
    a = (c_max N_A)^(-1/3) and ``sub_lattice`` (width < a); a
    :class:`SubLatticeLayerWarning` is issued if a row is flagged (its one-line text
    is also in ``out["warnings"]``). With ``check=True`` each row also carries the grid
    reference (solve_bvp) and the relative deviations of charge, capacitance and
    resistance.
    """
    inp = inputs_for(cell, temperature_C, overrides)
    d = np.asarray(delta_phis, dtype=float)
    if d.size == 0 or np.any(~np.isfinite(d)) or np.any(d <= 0) or np.any(d > 2.0):
        raise InputError(f"--delta-phi values must be in (0, 2] V, got {list(delta_phis)}.")
    args = dict(relative_permittivity=inp["relative_permittivity"],
                site_density=inp["site_density_mol_m3"], theta0=inp["bulk_occupancy"],
                temperature=inp["temperature_K"])
    lam = float(sc.screening_length(**args))
    Q = sc.layer_charge(d, **args)
    C = sc.layer_capacitance(d, **args)
    w = sc.depletion_width(d, **args)
    R = sc.layer_resistance(d, bulk_conductivity=inp["bulk_conductivity_S_m"], **args)
    a = inp["lattice_spacing_m"]
    width = np.maximum(lam, w)
    rows = [{"delta_phi_V": float(d[i]), "screening_length_m": lam,
             "depletion_width_m": float(w[i]), "charge_C_m2": float(Q[i]),
             "capacitance_F_m2": float(C[i]), "resistance_Ohm_m2": float(R[i]),
             "layer_width_m": float(width[i]), "lattice_spacing_m": a,
             "sub_lattice": bool(d[i] >= sc.LAYER_DROP and width[i] < a)}
            for i in range(d.size)]
    if check:
        ref = sc.grid_reference(d, bulk_conductivity=inp["bulk_conductivity_S_m"], **args)
        for i, row in enumerate(rows):
            row["grid_reference"] = {k: float(v[i]) for k, v in ref.items()}
            row["relative_deviation"] = {
                k: float(abs(row[k] / ref[k][i] - 1)) for k in ref}
    out = {"inputs": inp, "results": rows, "warnings": []}
    flagged = [r for r in rows if r["sub_lattice"]]
    if flagged:
        out["warnings"].append(_validity_message(
            "space-charge layer", [r["delta_phi_V"] for r in flagged],
            [r["layer_width_m"] for r in flagged], a) + ": " + VALIDITY_NOTE + ".")
        _warn(out["warnings"][0])
    return out
