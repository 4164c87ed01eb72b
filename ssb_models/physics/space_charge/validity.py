r"""Validity of the continuum space-charge layers: each layer's width against the
lattice spacing :math:`a = (c_\max N_A)^{-1/3}` of its phase
(``docs/space_charge.md``, "Validity: the lattice spacing").

:func:`layer_width` is the width of the single layer of :mod:`.single_layer`,
:func:`buffer_layer_widths` the per-phase widths of a :mod:`.buffer_stack` result;
layers thinner than one lattice spacing are flagged, and the API and the cell model
warn about them with :class:`SubLatticeLayerWarning`.
"""

import numpy as np

from ..constants import AVOGADRO, FARADAY
from .buffer_stack import phase_parameters
from .single_layer import depletion_width, screening_length

#: A phase holds a layer if it takes at least this potential drop [V] (1 mV ~ RT/25F);
#: below it its charge and excess resistance are negligible (linear response) and it is
#: not flagged (e.g. the SE behind a Li-rich buffer, which takes ~1e-46 V)
LAYER_DROP = 1e-3


class SubLatticeLayerWarning(UserWarning):
    """A continuum space-charge layer thinner than one lattice spacing
    (``docs/space_charge.md``, "Validity"): its continuum charge and capacitance are
    then order-of-magnitude values, and the constant-mobility resistance of a fully
    depleted sub-lattice film is an indicator (an upper bound), not a prediction."""


def lattice_spacing(site_density):
    r"""Mean Li-site spacing :math:`a = (c_\max N_A)^{-1/3}` [m] of a phase with Li site
    density ``site_density`` [mol.m-3] (one site per cube of edge a; e.g. LGPS,
    69,800 mol/m3: 0.288 nm)."""
    return (np.asarray(site_density, dtype=float) * AVOGADRO) ** (-1.0 / 3.0)


def layer_width(delta_phi, relative_permittivity, site_density, theta0, temperature):
    r"""Width of a single layer [m]: :math:`\max(\lambda, w)`, the linear screening
    length or, once the layer empties, the equivalent depletion width
    :math:`w = Q/(Fc_0)`, whichever is larger."""
    lam = screening_length(relative_permittivity, site_density, theta0, temperature)
    w = depletion_width(delta_phi, relative_permittivity, site_density, theta0, temperature)
    return np.maximum(lam, w)


def buffer_layer_widths(delta_phi_total, result, temperature, se, buffer,
                        buffer_lattice_site_density=None):
    r"""Per-phase widths of a :func:`buffer_layer_step` result against each phase's
    lattice spacing :math:`a = (c_\max N_A)^{-1/3}`.

    SE: :math:`\max(\lambda_s, Q_s/(Fc_{0,s}))`; buffer:
    :math:`\min(\max(\lambda_b, Q_b/(Fc_{0,b})), d)`, with :math:`Q_s, Q_b` the
    ``se_charge_C_m2`` and ``buffer_charge_C_m2`` of ``result`` (the result of
    ``buffer_layer_step(delta_phi_total, temperature, se, buffer, ...)``). A phase is
    flagged ``sub_lattice`` when it holds a layer (takes at least :data:`LAYER_DROP`,
    1 mV, of the step) and its width is below its lattice spacing.
    ``buffer_lattice_site_density`` [mol.m-3] sets the buffer's spacing when its
    ``site_density`` counts only the sites open to mobile Li (default: ``site_density``).

    Returns a dict of arrays (shape of ``delta_phi_total``): ``se_drop_V`` and
    ``buffer_drop_V`` (the potential each phase takes), ``se_width_m``,
    ``buffer_width_m`` (0 without a buffer), ``se_lattice_spacing_m``,
    ``buffer_lattice_spacing_m``, ``se_sub_lattice``, ``buffer_sub_lattice``.
    """
    eps_s, cmax_s, th_s = phase_parameters(se, "se")
    eps_b, cmax_b, th_b, d = phase_parameters(buffer, "buffer", need_thickness=True)
    step = np.asarray(delta_phi_total, dtype=float)
    phi_j = np.asarray(result["junction_potential_V"], dtype=float)
    lam_s = float(screening_length(eps_s, cmax_s, th_s, temperature))
    w_s = np.asarray(result["se_charge_C_m2"], dtype=float) / (FARADAY * cmax_s * th_s)
    se_width = np.maximum(lam_s, w_s)
    a_s = float(lattice_spacing(cmax_s))
    drop_b = step - phi_j
    if d > 0:
        lam_b = float(screening_length(eps_b, cmax_b, th_b, temperature))
        w_b = np.asarray(result["buffer_charge_C_m2"], dtype=float) / (FARADAY * cmax_b * th_b)
        b_width = np.minimum(np.maximum(lam_b, w_b), d)
        a_b = float(lattice_spacing(buffer_lattice_site_density or cmax_b))
    else:
        b_width, a_b = np.zeros(step.shape), float("nan")
    return {"se_drop_V": phi_j, "buffer_drop_V": drop_b,
            "se_width_m": se_width, "buffer_width_m": b_width,
            "se_lattice_spacing_m": np.full(step.shape, a_s),
            "buffer_lattice_spacing_m": np.full(step.shape, a_b),
            "se_sub_lattice": (np.abs(phi_j) >= LAYER_DROP) & (se_width < a_s),
            "buffer_sub_lattice": (d > 0) & (np.abs(drop_b) >= LAYER_DROP) & (b_width < a_b)}
