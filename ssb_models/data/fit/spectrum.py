"""Impedance spectra to fit (dataset kind "eis"): the columns ``ssb run eis`` writes
(``impedance.csv``) under a TOML header or a sidecar (``docs/compare.md``). Fitted
by the PyBOP backend (:mod:`ssb_models.data.fit.pybop`); the least-squares backend
refuses them.
"""

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...errors import InputError

#: the columns of an impedance spectrum: those ``ssb run eis`` writes (impedance.csv)
SPECTRUM_COLUMNS = ("frequency_Hz", "Z_real_Ohm_cm2", "Z_imag_Ohm_cm2")
_SPECTRUM_META = {"id": str, "kind": str, "citation": str, "family": str,
                  "temperature_C": (int, float), "initial_soc": (int, float), "notes": str,
                  "set": dict}


@dataclass
class Spectrum:
    """An impedance spectrum to fit: Z [Ohm cm2] at frequencies [Hz]."""
    id: str
    citation: str
    columns: dict
    initial_soc: float = 0.5
    temperature_C: float | None = None
    family: str | None = None
    source: str = ""
    overrides: dict = field(default_factory=dict)
    assumptions: list = field(default_factory=list)
    kind: str = "eis"


def _metadata(path):
    """(metadata dict, number of header lines, metadata source) of a CSV with a
    ``#`` TOML header or a sidecar ``name.toml``."""
    lines = path.read_text().splitlines()
    head = []
    while len(head) < len(lines) and lines[len(head)].lstrip().startswith("#"):
        head.append(lines[len(head)].lstrip()[1:])
    sidecar = path.with_suffix(".toml")
    if sidecar.is_file():
        return tomllib.loads(sidecar.read_text()), len(head), str(sidecar)
    return tomllib.loads("\n".join(head)), len(head), str(path)


def is_spectrum(dataset):
    """Whether ``dataset`` (a path, id or object) is an impedance spectrum (kind "eis")."""
    if isinstance(dataset, Spectrum):
        return True
    if not isinstance(dataset, (str, Path)) or not Path(dataset).is_file():
        return False
    try:
        meta, _, _ = _metadata(Path(dataset))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return False
    return meta.get("kind") == "eis"


def load_spectrum(path):
    """Load an impedance spectrum: the columns ``frequency_Hz, Z_real_Ohm_cm2,
    Z_imag_Ohm_cm2`` (as ``ssb run eis`` writes them) under a TOML header (or a sidecar)
    with ``id``, ``kind = "eis"``, ``citation`` and optionally ``initial_soc`` (default
    0.5), ``temperature_C`` (default the cell's), ``family``, ``set``, ``notes``."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError(f"Dataset file '{path}' does not exist.")
    try:
        meta, n_head, msource = _metadata(path)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: metadata is not valid TOML: {exc}") from None
    for key, value in meta.items():
        if key not in _SPECTRUM_META:
            raise InputError(f"{msource}: unknown metadata key '{key}' for an impedance "
                             f"spectrum; allowed: {', '.join(_SPECTRUM_META)}.")
        if isinstance(value, bool) or not isinstance(value, _SPECTRUM_META[key]):
            raise InputError(f"{msource}: metadata '{key}' has the wrong type: {value!r}.")
    for key in ("id", "kind", "citation"):
        if key not in meta:
            raise InputError(f"{msource}: missing metadata '{key}' (a spectrum needs id, "
                             "kind = \"eis\", citation).")
    soc = float(meta.get("initial_soc", 0.5))
    if not 0 <= soc <= 1:
        raise InputError(f"{msource}: 'initial_soc' must be in [0, 1], got {soc:g}.")
    for key, value in meta.get("set", {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"{msource}: set '{key}' must be a number, got {value!r}.")
    rows = [r.split(",") for r in path.read_text().splitlines()[n_head:] if r.strip()]
    if not rows:
        raise InputError(f"{source}: no header row and no data.")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in SPECTRUM_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{source}: missing column(s) {', '.join(missing)}; a spectrum needs "
                         f"{', '.join(SPECTRUM_COLUMNS)} (the columns of 'ssb run eis').")
    cols = {c: [] for c in SPECTRUM_COLUMNS}
    for k, r in enumerate(rows[1:], start=n_head + 2):
        for c in SPECTRUM_COLUMNS:
            j = header.index(c)
            try:
                v = float(r[j])
            except (ValueError, IndexError):
                raise InputError(f"{source}: row {k}: column '{c}' is not a number.") from None
            if not math.isfinite(v):
                raise InputError(f"{source}: row {k}: column '{c}' is NaN or infinite.")
            cols[c].append(v)
    f = np.asarray(cols["frequency_Hz"])
    if len(f) < 3 or np.any(f <= 0) or len(np.unique(f)) != len(f):
        raise InputError(f"{source}: a spectrum needs at least 3 distinct frequencies > 0.")
    notes = [{"item": "initial_soc", "value": soc,
              "from": "dataset" if "initial_soc" in meta else "assumed (the dataset gives "
              "none; 0.5 as in the 'eis' experiment)"}]
    return Spectrum(id=meta["id"], citation=meta["citation"], columns=cols, initial_soc=soc,
                    temperature_C=(float(meta["temperature_C"]) if "temperature_C" in meta
                                   else None),
                    family=meta.get("family"), source=source,
                    overrides=dict(meta.get("set", {})), assumptions=notes)
