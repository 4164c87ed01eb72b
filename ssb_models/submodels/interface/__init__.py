"""Interface submodels: area-specific resistance at electrode|SE interfaces,
combined with PyBaMM's interface-utilisation (contact-fraction) submodels.
Equations: ``docs/interfaces.md``."""

from .resistive import ResistiveButlerVolmer, ResistiveInverseButlerVolmer

__all__ = ["ResistiveButlerVolmer", "ResistiveInverseButlerVolmer"]
