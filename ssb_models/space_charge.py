"""Space-charge layer of a cell's solid electrolyte: the Python API behind
``ssb scl``. Physics: :mod:`ssb_models.physics.space_charge`;
equations: ``docs/space_charge.md``."""

import numpy as np

from . import validation
from .errors import InputError
from .parameters.registry import get_cell, parameter_values
from .physics import space_charge as sc

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
    validation.check_temperature_C(temperature_C)
    pv = parameter_values(module.CELL.id)
    overrides = dict(overrides or {})
    validation.check_names(overrides, pv)
    pv.update(overrides)
    if temperature_C is not None:
        T = float(temperature_C) + 273.15
        pv.update({"Ambient temperature [K]": T, "Initial temperature [K]": T})
    validation.check_physical(pv)
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
    }


def cathode_potential_table(cell, cathode_potentials, temperature_C=None, overrides=None):
    """R_scl and the buffer's share against the cathode potential U vs Li [V]:
    delta_phi = chi (U - U_pzc), with and without the cell's buffer layer."""

    inp = inputs_for(cell, temperature_C, overrides)
    pv = parameter_values(inp["cell"])
    pv.update(dict(overrides or {}))
    names = ("Space-charge partition factor", "Space-charge potential of zero charge [V]",
             "Buffer layer thickness [m]", "Buffer layer relative permittivity",
             "Buffer layer ionic conductivity at reference temperature [S.m-1]",
             "Buffer layer activation energy [J.mol-1]")
    missing = [n for n in names if n not in pv.keys()]
    if missing:
        raise InputError(f"Cell '{inp['cell']}' has no buffer/space-charge coupling "
                         f"parameters ({', '.join(missing)}).")
    chi, U_pzc, d, eps_b, sig_b0, Ea_b = (pv[n] for n in names)
    from .physics.transport import arrhenius

    T = inp["temperature_K"]
    sig_b = float(arrhenius(sig_b0, Ea_b, T, float(pv["Reference temperature [K]"])))
    U = np.asarray(cathode_potentials, dtype=float)
    dphi = np.maximum(chi * (U - U_pzc), 0.0)
    args = dict(relative_permittivity=inp["relative_permittivity"],
                site_density=inp["site_density_mol_m3"], theta0=inp["bulk_occupancy"],
                temperature=T)
    R_bare = sc.interface_resistance_vs_step(dphi, bulk_conductivity=inp["bulk_conductivity_S_m"],
                                             **args)
    d_scl = sc.partition_step(dphi, buffer_thickness=d, buffer_relative_permittivity=eps_b,
                              **args)
    R_scl_buf = sc.layer_resistance(d_scl, bulk_conductivity=inp["bulk_conductivity_S_m"],
                                    **args)
    rows = [{"cathode_potential_V": float(U[i]), "delta_phi_V": float(dphi[i]),
             "resistance_without_buffer_Ohm_m2": float(R_bare[i]),
             "delta_phi_scl_with_buffer_V": float(d_scl[i]),
             "scl_resistance_with_buffer_Ohm_m2": float(R_scl_buf[i]),
             "buffer_resistance_Ohm_m2": d / sig_b}
            for i in range(U.size)]
    inp.update({"partition_factor": chi, "potential_of_zero_charge_V": U_pzc,
                "buffer_thickness_m": d, "buffer_relative_permittivity": eps_b,
                "buffer_conductivity_S_m": sig_b})
    return {"inputs": inp, "results": rows}


def plot_cathode_potential(table_out, path):
    """R against cathode potential with and without the buffer layer (log scale)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = table_out["results"]
    U = [r["cathode_potential_V"] for r in rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.semilogy(U, [max(r["resistance_without_buffer_Ohm_m2"], 1e-16) * 1e4 for r in rows],
                label="space-charge layer, no buffer")
    ax.semilogy(U, [max(r["scl_resistance_with_buffer_Ohm_m2"], 1e-16) * 1e4 for r in rows],
                label="space-charge layer, with buffer")
    ax.semilogy(U, [(r["scl_resistance_with_buffer_Ohm_m2"] + r["buffer_resistance_Ohm_m2"])
                    * 1e4 for r in rows], "--", label="with buffer: layer + buffer d/sigma")
    ax.set_xlabel("Cathode potential [V vs Li/Li+]")
    ax.set_ylabel("Interface resistance [Ohm cm2]")
    ax.set_title(f"{table_out['inputs']['cell']}: space-charge resistance")
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return str(path)


def _cells():
    from .parameters import cells

    return cells()


def table(cell, delta_phis=DEFAULT_DELTA_PHI, temperature_C=None, overrides=None,
          check=False):
    """Space-charge properties per potential step: ``{"inputs": ..., "results": [...]}``.

    With ``check=True`` each row also carries the grid reference (solve_bvp) and
    the relative deviations of charge, capacitance and resistance.
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
    rows = [{"delta_phi_V": float(d[i]), "screening_length_m": lam,
             "depletion_width_m": float(w[i]), "charge_C_m2": float(Q[i]),
             "capacitance_F_m2": float(C[i]), "resistance_Ohm_m2": float(R[i])}
            for i in range(d.size)]
    if check:
        ref = sc.grid_reference(d, bulk_conductivity=inp["bulk_conductivity_S_m"], **args)
        for i, row in enumerate(rows):
            row["grid_reference"] = {k: float(v[i]) for k, v in ref.items()}
            row["relative_deviation"] = {
                k: float(abs(row[k] / ref[k][i] - 1)) for k in ref}
    return {"inputs": inp, "results": rows}
