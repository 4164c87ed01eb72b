"""Closed-form physics: small pure functions grouped by process.

Every function works on floats, numpy arrays and (where noted) PyBaMM symbols,
so one formula serves the parameter sets, the tests and the docs.
"""

from .transport import arrhenius, GAS_CONSTANT, FARADAY

__all__ = ["arrhenius", "GAS_CONSTANT", "FARADAY"]
