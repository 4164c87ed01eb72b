"""Parameter-set infrastructure shared by all cells.

A cell file in ``parameter_sets/`` (installed as ``ssb_models.parameter_sets``)
lists :class:`Entry` rows, each value beside its source, and a :class:`Cell`
record. Cells differ by data only: the temperature-dependent functions they
use live in :mod:`ssb_models.parameters.functions`.
"""

from .entries import Cell, Entry, values_from_entries
from .registry import (
    cells,
    get_cell,
    parameter_values,
    resolve_cell_id,
)

__all__ = [
    "Entry",
    "Cell",
    "values_from_entries",
    "cells",
    "get_cell",
    "parameter_values",
    "resolve_cell_id",
]
