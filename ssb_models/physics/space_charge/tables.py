r"""Tables of the space-charge layers for the cell model
(``docs/space_charge.md``, "In the cell model"): excess lengths and capacitance over
(total potential step, temperature), which the parameter functions of
:mod:`ssb_models.parameters.derived` interpolate.

:func:`cell_model_tables` tabulates the single layer of :mod:`.single_layer` (exact
temperature scaling; optionally behind the dielectric buffer of
:mod:`.dielectric_buffer`, comparison only); :func:`buffer_cell_model_tables` the
Li-conducting buffer on the SE of :mod:`.buffer_stack`, with the per-phase widths
and sub-lattice flags of :mod:`.validity` at the step nodes.
"""

import numpy as np

from ..constants import EPSILON_0
from .buffer_stack import buffer_layer_step, phase_parameters
from .dielectric_buffer import partition_step
from .single_layer import (
    inverse_thermal_voltage,
    layer_capacitance,
    layer_charge,
    layer_resistance,
    screening_length,
)
from .validity import buffer_layer_widths, lattice_spacing


def cell_model_tables(delta_phi_grid, temperature_grid, relative_permittivity, site_density,
                      theta0, buffer_thickness=0.0, buffer_relative_permittivity=1.0,
                      reference_temperature=298.15):
    r"""Tables of the SE layer's excess length and capacitance over (total step, T): the
    cell model's tables without a buffer (:func:`buffer_cell_model_tables` calls it
    with ``buffer_thickness=0``); with a buffer here a dielectric one (comparison only).

    The excess length is :math:`\ell = \sigma_b R_\mathrm{scl}` [m] (the resistance
    without the bulk conductivity, so the cell model divides by its own
    :math:`\sigma_\mathrm{SE}(T)`); the capacitance [F.m-2] is that of the buffer
    (:math:`\varepsilon_0\varepsilon_b/d`) and the layer in series. The total step
    is partitioned as in :func:`partition_step`.

    The quadrature is done once, at ``reference_temperature``, and carried to other
    temperatures by the exact scaling of the lattice-gas problem: with
    :math:`\psi = F\phi/RT` and :math:`x/\lambda` it has no other parameter than
    :math:`\theta_0`, so :math:`\ell(\Delta\phi, T) = \lambda(T)\,g(F\Delta\phi/RT)`.

    Returns
    -------
    (length, capacitance) : arrays of shape (len(delta_phi_grid), len(temperature_grid))
    """
    dphi = np.asarray(delta_phi_grid, dtype=float)
    temps = np.asarray(temperature_grid, dtype=float)
    lam_ref = screening_length(relative_permittivity, site_density, theta0,
                               reference_temperature)
    k_ref = inverse_thermal_voltage(reference_temperature)
    psi_max = float(dphi.max()) * inverse_thermal_voltage(temps.min()) + 1.0
    psi = np.linspace(0.0, psi_max, int(np.ceil(psi_max / 0.5)) + 1)
    psi[0] = 1e-6  # g/psi is smooth, tends to (1 - theta0) as psi -> 0
    g = layer_resistance(psi / k_ref, relative_permittivity, site_density, theta0,
                         reference_temperature, bulk_conductivity=1.0) / lam_ref
    from scipy.interpolate import CubicSpline

    log_g_over_psi = CubicSpline(psi, np.log(g / psi))
    length = np.empty((dphi.size, temps.size))
    cap = np.empty_like(length)
    for j, T in enumerate(temps):
        d_scl = partition_step(dphi, relative_permittivity, site_density, theta0, T,
                               buffer_thickness, buffer_relative_permittivity)
        lam = screening_length(relative_permittivity, site_density, theta0, T)
        psi_T = d_scl * inverse_thermal_voltage(T)
        g_T = psi_T * np.exp(log_g_over_psi(np.clip(psi_T, psi[0], psi[-1])))
        length[:, j] = lam * g_T
        C = layer_capacitance(d_scl, relative_permittivity, site_density, theta0, T)
        if buffer_thickness > 0:
            C = 1.0 / (1.0 / C + buffer_thickness / (EPSILON_0 * buffer_relative_permittivity))
        cap[:, j] = C
    return length, cap


#: Total steps [V] at which the cell-model tables solve the two-layer problem (denser
#: where the layer starts to empty); the tables are splined from them (docs/space_charge.md)
TABLE_STEP_NODES = (0.002, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0, 1.25, 1.5)


def buffer_cell_model_tables(delta_phi_grid, temperature_grid, se, buffer,
                             step_nodes=TABLE_STEP_NODES, buffer_lattice_site_density=None):
    r"""Tables for the cell model of a Li-conducting buffer on the SE
    (``docs/space_charge.md``, "In the cell model"), over (total step, T).

    Two mobility-free excess lengths [m], so that the cell model's resistance is

    .. math::
        R(\Delta\phi, T) = \frac{\ell_\mathrm{SE}}{\sigma_\mathrm{SE}(T)}
        + \frac{d + \ell_b}{\sigma_b(T)},\qquad
        \ell_\mathrm{SE} = \int_d^\infty\Big(\frac{c_0}{c} - 1\Big)dx,\quad
        \ell_b = \int_0^d\Big(\frac{c_{0,b}}{c_b} - 1\Big)dx

    (constant mobility), and the differential capacitance [F.m-2] of both layers in
    series, :math:`dQ/d\Delta\phi` of :func:`buffer_layer_step`.

    The two-layer problem has no exact temperature scaling, so it is solved by
    :func:`buffer_layer_step` at every temperature of ``temperature_grid`` and at the
    total steps ``step_nodes`` (10-25 ms each), and carried to ``delta_phi_grid`` by
    cubic splines of :math:`\ln(\ell/\Delta\phi)` and :math:`\ln C` (smooth, with a
    finite limit at zero step). Without a buffer (``thickness`` 0) the single layer of
    :func:`cell_model_tables` (exact scaling) is used and :math:`\ell_b = 0`.

    Returns a dict: ``se_length``, ``buffer_length``, ``capacitance`` of shape
    (len(delta_phi_grid), len(temperature_grid)), and at the nodes (shape
    (len(step_nodes), len(temperature_grid))) the per-phase widths and flags of
    :func:`buffer_layer_widths` (``se_width_m``, ``buffer_width_m``, ``se_drop_V``,
    ``buffer_drop_V``, ``se_sub_lattice``, ``buffer_sub_lattice``), plus
    ``step_nodes`` and the lattice spacings ``se_lattice_spacing_m``,
    ``buffer_lattice_spacing_m``.
    """
    from scipy.interpolate import CubicSpline

    dphi = np.asarray(delta_phi_grid, dtype=float)
    temps = np.asarray(temperature_grid, dtype=float)
    nodes = np.asarray(step_nodes, dtype=float)
    eps_s, cmax_s, th_s = phase_parameters(se, "se")
    d = phase_parameters(buffer, "buffer", need_thickness=True)[3]
    shape, node_shape = (dphi.size, temps.size), (nodes.size, temps.size)
    out = {key: np.empty(shape) for key in ("se_length", "buffer_length", "capacitance")}
    width_keys = ("se_width_m", "buffer_width_m", "se_drop_V", "buffer_drop_V",
                  "se_sub_lattice", "buffer_sub_lattice")
    out.update({key: np.empty(node_shape, dtype=bool if key.endswith("lattice") else float)
                for key in width_keys})
    positive = dphi > 0
    if d == 0:
        length, cap = cell_model_tables(dphi, temps, eps_s, cmax_s, th_s)
        out.update(se_length=length, buffer_length=np.zeros(shape), capacitance=cap)
    for j, T in enumerate(temps):
        if d == 0:
            Q = layer_charge(nodes, eps_s, cmax_s, th_s, T)
            res = {"junction_potential_V": nodes, "se_charge_C_m2": Q,
                   "buffer_charge_C_m2": np.zeros_like(nodes)}
        else:
            res = buffer_layer_step(nodes, T, se, buffer, 1.0, 1.0)
            for key, vals in (("se_length", res["se_resistance_Ohm_m2"]),
                              ("buffer_length", res["buffer_resistance_Ohm_m2"] - d)):
                vals = np.maximum(vals, 1e-300)
                spline = CubicSpline(nodes, np.log(vals / nodes))
                out[key][:, j] = np.where(positive, np.exp(spline(dphi)) * dphi, 0.0)
            out["capacitance"][:, j] = np.exp(CubicSpline(nodes, np.log(
                res["capacitance_F_m2"]))(dphi))
        widths = buffer_layer_widths(nodes, res, T, se, buffer, buffer_lattice_site_density)
        for key in width_keys:
            out[key][:, j] = widths[key]
    out["step_nodes"] = nodes
    out["se_lattice_spacing_m"] = float(lattice_spacing(cmax_s))
    out["buffer_lattice_spacing_m"] = (
        float(lattice_spacing(buffer_lattice_site_density or buffer["site_density"]))
        if d > 0 else float("nan"))
    return out
