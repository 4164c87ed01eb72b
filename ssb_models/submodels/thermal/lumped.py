"""Lumped (0-D) energy balance of a solid-state cell.

Equations, symbols and assumptions: ``docs/thermal.md``. PyBaMM's
:class:`pybamm.thermal.Lumped` (Timms et al. 2021) with one change: in a Li-metal
half cell PyBaMM rebuilds the electrolyte current from the liquid law
kappa_e(c_e, T) (grad ln c_e term included) to split the Joule heat by domain;
a single-ion solid electrolyte carries i_e = -B sigma(T) grad(phi_e), so its
Joule heat i_e . grad(phi_e) is rebuilt from that law instead.
"""

import pybamm

from ..electrolyte.single_ion import solid_electrolyte_conductivity


class SolidStateLumped(pybamm.thermal.Lumped):
    """PyBaMM's lumped thermal submodel for cells with a single-ion solid
    electrolyte (``docs/thermal.md``)."""

    def _get_i_e_for_half_cell_thermal(self, variables):
        parts = []
        for name, dom in (("separator", "Separator"), ("positive electrode", "Positive")):
            T = variables[f"{name.capitalize()} temperature [K]"]
            tor = variables[f"{dom} electrolyte transport efficiency"]
            grad_phi = variables[f"Gradient of {dom.lower()} electrolyte potential [V.m-1]"]
            parts.append(-solid_electrolyte_conductivity(T) * tor * grad_phi)
        return pybamm.concatenation(*parts)
