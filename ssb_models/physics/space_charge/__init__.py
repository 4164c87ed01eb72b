r"""Equilibrium space-charge (Li-depletion) layers at the cathode | solid-electrolyte
interface, lattice-gas Poisson-Boltzmann model (equations, derivation and validity:
``docs/space_charge.md``).

One module per model, re-exported here (``from ssb_models.physics import
space_charge as sc``, then ``sc.layer_charge`` etc.):

* :mod:`.single_layer`: the SE's single layer, from quadratures over the potential
  (charge, capacitance, widths, excess resistance) and its grid reference
  (``solve_bvp``): ``docs/space_charge.md``, "Model: one layer".
* :mod:`.buffer_stack`: a Li-conducting buffer coating (its own lattice gas) on the
  SE, the two-layer stack buffer | SE, by quadrature and its grid reference; the model
  the cell uses ("Model: Li-conducting buffer on the SE (two layers)").
* :mod:`.dielectric_buffer`: the buffer as a charge-free dielectric in series with
  the single layer, a comparison only ("Dielectric buffer (comparison only)").
* :mod:`.validity`: the layers' widths against the lattice spacing of each phase,
  :class:`SubLatticeLayerWarning` ("Validity: the lattice spacing").
* :mod:`.tables`: the tables the cell model interpolates ("In the cell model").

Valid for :math:`\Delta\phi > 0` (Li+ depleted on the SE side, as next to a charged
oxide cathode); a negative step is handled by symmetry of the formulae where noted.
"""

from ..constants import AVOGADRO, EPSILON_0
from .buffer_stack import (
    BUFFER_OUTPUTS,
    buffer_layer_grid_reference,
    buffer_layer_step,
    buffer_phase,
    phase_parameters,
)
from .dielectric_buffer import interface_resistance_vs_step, partition_step
from .single_layer import (
    MOBILITY_MODELS,
    depletion_width,
    first_integral,
    grid_reference,
    inverse_thermal_voltage,
    layer_capacitance,
    layer_charge,
    layer_resistance,
    occupancy,
    screening_length,
)
from .tables import TABLE_STEP_NODES, buffer_cell_model_tables, cell_model_tables
from .validity import (
    LAYER_DROP,
    SubLatticeLayerWarning,
    buffer_layer_widths,
    lattice_spacing,
    layer_width,
)

__all__ = [
    # constants (from ssb_models.physics.constants)
    "AVOGADRO", "EPSILON_0",
    # single layer
    "MOBILITY_MODELS", "inverse_thermal_voltage", "occupancy", "first_integral",
    "screening_length", "layer_charge", "layer_capacitance", "depletion_width",
    "layer_resistance", "grid_reference",
    # dielectric buffer (comparison only)
    "partition_step", "interface_resistance_vs_step",
    # Li-conducting buffer | SE stack
    "BUFFER_OUTPUTS", "phase_parameters", "buffer_layer_step",
    "buffer_layer_grid_reference", "buffer_phase",
    # validity
    "LAYER_DROP", "SubLatticeLayerWarning", "lattice_spacing", "layer_width",
    "buffer_layer_widths",
    # cell-model tables
    "cell_model_tables", "TABLE_STEP_NODES", "buffer_cell_model_tables",
]
