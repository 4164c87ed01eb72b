"""Which cells exist, and how to get their PyBaMM parameter values."""

import importlib
import pkgutil

from ..errors import InputError, did_you_mean

_PACKAGE = "ssb_models.parameter_sets"


def _cell_modules():
    pkg = importlib.import_module(_PACKAGE)
    names = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__))
    return [importlib.import_module(f"{_PACKAGE}.{n}") for n in names if not n.startswith("_")]


def cells():
    """All shipped cells, as ``{cell_id: module}`` (module has ``CELL``,
    ``ENTRIES`` and ``get_parameter_values``)."""
    return {m.CELL.id: m for m in _cell_modules()}


def resolve_cell_id(cell_id):
    """Return the cell id, accepting the parameter-set name too; raise
    :class:`InputError` listing the cells (and the nearest one) otherwise."""
    known = cells()
    if cell_id in known:
        return cell_id
    for cid, module in known.items():
        if cell_id == module.CELL.parameter_set:
            return cid
    raise InputError(
        f"Unknown cell '{cell_id}'.{did_you_mean(cell_id, known, cutoff=0.4)} Available "
        f"cells: {', '.join(sorted(known))}."
    )


def get_cell(cell_id):
    """The cell module for ``cell_id`` (see :func:`cells`)."""
    return cells()[resolve_cell_id(cell_id)]


def parameter_values(cell_id):
    """A fresh :class:`pybamm.ParameterValues` for ``cell_id``."""
    import pybamm

    return pybamm.ParameterValues(get_cell(cell_id).get_parameter_values())
