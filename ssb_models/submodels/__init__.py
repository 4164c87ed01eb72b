"""PyBaMM submodels for solid-state cells, one folder per physical process.

Mirrors ``pybamm/models/submodels``: each submodel is a
:class:`pybamm.BaseSubModel` with the usual hooks
(``get_fundamental_variables``, ``get_coupled_variables``, ``set_rhs``,
``set_algebraic``, ``set_boundary_conditions``, ``set_initial_conditions``).
"""

from . import electrolyte

__all__ = ["electrolyte"]
