"""Electrolyte submodels for solid electrolytes.

* ``single-ion``: :class:`SingleIonConductivity` (ohmic, t+ = 1) with PyBaMM's
  :class:`pybamm.electrolyte_diffusion.ConstantConcentration` (no concentration
  state). Equations: ``docs/model.md``.
* ``binary``: PyBaMM's concentrated-solution submodels
  (:class:`pybamm.electrolyte_diffusion.Full`,
  :class:`pybamm.electrolyte_conductivity.Full`), with
  :class:`~ssb_models.submodels.electrolyte.binary.SaltConservingFull` as the salt
  balance of a Li-metal cell.
"""

from .single_ion import (
    SingleIonConductivity,
    SingleIonParameters,
    solid_electrolyte_conductivity,
)

__all__ = ["SingleIonConductivity", "SingleIonParameters", "solid_electrolyte_conductivity"]
