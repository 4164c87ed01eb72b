"""Closed-form physics: small pure functions grouped by process.

Every function works on floats, numpy arrays and (where noted) PyBaMM symbols,
so one formula serves the parameter sets, the tests and the docs.
"""

from .constants import FARADAY, GAS_CONSTANT
from .transport import arrhenius, vtf, vtf_ratio

__all__ = ["arrhenius", "vtf", "vtf_ratio", "GAS_CONSTANT", "FARADAY"]
