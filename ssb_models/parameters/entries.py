"""Rows of a parameter set: name, value, source."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One parameter: PyBaMM-style name with unit in brackets, value, source.

    ``source`` is a citation with DOI, a quote from a review, a derivation
    from other entries ("derived: ..."), or "assumed: <reason>".
    """

    name: str
    value: Any
    source: str


@dataclass(frozen=True)
class Cell:
    """What a user picks: a cell id and how it is built."""

    id: str  # CLI id, e.g. "li-llzo-lco"
    parameter_set: str  # PyBaMM parameter-set name, e.g. "Li_LLZO_LCO"
    anode: str
    electrolyte: str
    cathode: str
    description: str
    model_options: dict = field(default_factory=dict)
    #: operating temperatures [C] where the cell's laws are valid (input checks)
    temperature_range_C: tuple = (-50.0, 130.0)
    temperature_basis: str = ("Arrhenius laws fitted near room temperature; the "
                              "space-charge tables span -50 to 130 C")
    #: mesh presets {"default", "fine", "fast": ssb_models.mesh.Mesh}, chosen
    #: by benchmarks/mesh_search.py (docs/performance.md)
    meshes: dict = field(default_factory=dict)


def values_from_entries(entries, citations=()):
    """PyBaMM parameter dict from a list of :class:`Entry` (names unique)."""
    values = {"chemistry": "lithium_ion"}
    seen = set()
    for e in entries:
        if e.name in seen:
            raise ValueError(f"Parameter '{e.name}' is listed twice")
        seen.add(e.name)
        values[e.name] = e.value
    values["citations"] = list(citations)
    return values
