"""Interface submodels: series resistances at electrode|SE interfaces (ASR,
interphase, buffer and space-charge layer) with the double layer they sit
beside, combined with PyBaMM's interface-utilisation (contact-fraction)
submodels. Equations: ``docs/interfaces.md`` and ``docs/space_charge.md``."""

from .resistive import InterfaceDifferential, LithiumMetalInterface, ResistiveButlerVolmer

__all__ = ["InterfaceDifferential", "LithiumMetalInterface", "ResistiveButlerVolmer"]
