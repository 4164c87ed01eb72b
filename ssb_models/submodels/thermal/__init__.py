"""Thermal submodels: PyBaMM's lumped energy balance with the solid
electrolyte's own Joule heat (``docs/thermal.md``)."""

from .lumped import SolidStateLumped

__all__ = ["SolidStateLumped"]
