"""Published data to compare with: shipped points and users' own digitised files
(``docs/compare.md``).

A dataset is a CSV plus metadata, either in a TOML sidecar (``name.toml`` next to
``name.csv``) or in ``#`` comment lines at the top of the CSV holding TOML::

    # id = "wang2018-01C"
    # kind = "curve"                 # "curve" (voltage vs capacity) or "points"
    # citation = "C. Wang et al., Nano Energy 49 (2018) 58"
    # family = "li-llzo-lco"         # optional: the shipped cell it resembles
    # temperature_C = 25
    # capacity_unit = "mAh/g"        # "mAh/g" (per g cathode active material) or "mAh/cm2"
    # rate = 0.1                     # curves: the rate of the curve
    # rate_unit = "C-rate"           # "C-rate" or "mA/cm2"
    # [design]                       # optional, what the paper gives
    # cathode_loading_mg_cm2 = 15.9  # whole composite cathode, unless active_mass_fraction = 1
    # cathode_thickness_um = 139
    # active_mass_fraction = 0.5
    capacity,voltage_V
    0,4.1
    ...

Curves have the columns ``capacity`` and ``voltage_V`` (capacity strictly
increasing); points have ``rate`` and ``capacity``. The shipped datasets P01 ...
are the rows of ``datasets/reported_points.csv`` (capacity-vs-rate points quoted
in review articles, with their provenance columns).
"""

import csv
import importlib.resources
import io
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, did_you_mean
from ..files import read_text
from ..physics.constants import CELSIUS_OFFSET

KINDS = ("curve", "points", "resistance", "property", "tortuosity")
CAPACITY_UNITS = ("mAh/g", "mAh/cm2")
RATE_UNITS = ("C-rate", "mA/cm2")
COLUMNS = {"curve": ("capacity", "voltage_V"), "points": ("rate", "capacity"),
           "resistance": ("temperature_C", "asr_ohm_cm2"),
           "property": ("concentration_mol_m3", "value"),
           "tortuosity": ("se_volume_fraction", "tortuosity")}
#: columns a table may add (points: one temperature per row)
OPTIONAL_COLUMNS = {"points": ("temperature_C",)}
#: what a "resistance" or "property" dataset measures (docs/compare.md)
QUANTITIES = {
    "resistance": ("li_interface", "cathode_interface_per_cell_area",
                   "cathode_interface_per_interface_area"),
    "property": ("transference_number", "salt_diffusivity_m2_s", "conductivity_S_m"),
    "tortuosity": ("positive", "negative"),
}
#: how a dataset is used by validation: fitted, predicted, or shown for context only
ROLES = ("calibration", "holdout", "context")
_META = {"id": str, "kind": str, "citation": str, "family": str, "temperature_C": (int, float),
         "capacity_unit": str, "rate": (int, float), "rate_unit": str, "design": dict,
         "notes": str, "role": str, "cell": str, "quantity": str, "doi": str, "location": str,
         "quote": str, "set": dict, "assumptions": list}
_DESIGN = {"cathode_loading_mg_cm2": (int, float), "cathode_thickness_um": (int, float),
           "active_mass_fraction": (int, float), "composition": str,
           "lower_cutoff_V": (int, float), "upper_cutoff_V": (int, float),
           "separator_thickness_um": (int, float)}
SHIPPED = "reported_points.csv"


@dataclass
class Dataset:
    id: str
    kind: str
    citation: str
    columns: dict  # name -> list of floats
    capacity_unit: str = "mAh/g"
    rate_unit: str = "C-rate"
    rate: float | None = None
    temperature_C: float | None = None
    family: str | None = None
    design: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    source: str = ""
    role: str = "context"
    cell: str | None = None  # the shipped cell it is compared with (validation)
    quantity: str | None = None  # resistance / property datasets
    overrides: dict = field(default_factory=dict)  # stated conditions, exact names
    assumptions: list = field(default_factory=list)  # what had to be assumed

    @property
    def n(self):
        return len(next(iter(self.columns.values())))

    def temperatures(self):
        """Temperature [C] of each row (None where neither row nor dataset gives one)."""
        if "temperature_C" in self.columns:
            return list(self.columns["temperature_C"])
        return [self.temperature_C] * self.n


def _fail(source, msg):
    raise InputError(f"{source}: {msg}")


def _choice(source, key, value, allowed):
    if value not in allowed:
        hint = did_you_mean(value, allowed, cutoff=0.3)
        _fail(source, f"unknown {key} {value!r}; allowed: {', '.join(allowed)}.{hint}")


def parse_metadata(meta, source):
    """Validate the metadata mapping of a user's dataset."""
    for key in meta:
        if key not in _META:
            hint = did_you_mean(key, _META)
            _fail(source, f"unknown metadata key '{key}'.{hint} Allowed: {', '.join(_META)}.")
    for key, typ in _META.items():
        if key in meta and (isinstance(meta[key], bool) or not isinstance(meta[key], typ)):
            _fail(source, f"metadata '{key}' has the wrong type: {meta[key]!r}.")
    for key in ("id", "kind", "citation"):
        if key not in meta:
            _fail(source, f"missing metadata '{key}' (every dataset needs id, kind, citation).")
    _choice(source, "kind", meta["kind"], KINDS)
    _choice(source, "capacity_unit", meta.get("capacity_unit", "mAh/g"), CAPACITY_UNITS)
    _choice(source, "rate_unit", meta.get("rate_unit", "C-rate"), RATE_UNITS)
    if meta["kind"] == "curve" and "rate" not in meta:
        _fail(source, "a curve needs metadata 'rate' (the rate it was measured at).")
    _choice(source, "role", meta.get("role", "context"), ROLES)
    if meta["kind"] in QUANTITIES:
        if "quantity" not in meta:
            _fail(source, f"a '{meta['kind']}' dataset needs metadata 'quantity', one of "
                  f"{', '.join(QUANTITIES[meta['kind']])}.")
        _choice(source, "quantity", meta["quantity"], QUANTITIES[meta["kind"]])
    if meta["kind"] == "property" and "temperature_C" not in meta:
        _fail(source, "a 'property' dataset needs metadata 'temperature_C'.")
    for key, value in meta.get("set", {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            _fail(source, f"set '{key}' must be a number, got {value!r}.")
    if not all(isinstance(a, str) for a in meta.get("assumptions", [])):
        _fail(source, "'assumptions' must be a list of strings.")
    design = dict(meta.get("design", {}))
    for key, value in design.items():
        if key not in _DESIGN:
            hint = did_you_mean(key, _DESIGN)
            _fail(source, f"unknown design key '{key}'.{hint} Allowed: {', '.join(_DESIGN)}.")
        if isinstance(value, bool) or not isinstance(value, _DESIGN[key]):
            _fail(source, f"design '{key}' has the wrong type: {value!r}.")
    frac = design.get("active_mass_fraction")
    if frac is not None and not 0 < frac <= 1:
        _fail(source, f"design 'active_mass_fraction' must be in (0, 1], got {frac}.")
    return design


def parse_table(text, source, kind, first_line=1):
    """Parse the CSV body of a dataset; every error names the file and the row."""
    rows = [r for r in csv.reader(io.StringIO(text))]
    rows = [(i + first_line, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not rows:
        _fail(source, "no header row and no data.")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    need = COLUMNS[kind]
    missing = [c for c in need if c not in header]
    if missing:
        _fail(source, f"missing column(s) {', '.join(repr(c) for c in missing)} in the header "
              f"(line {header_line}); a '{kind}' needs {', '.join(need)}, found "
              f"{', '.join(header)}.")
    need = need + tuple(c for c in OPTIONAL_COLUMNS.get(kind, ()) if c in header)
    cols = {c: [] for c in need}
    for line, r in rows[1:]:
        for c in need:
            j = header.index(c)
            cell = r[j].strip() if j < len(r) else ""
            try:
                v = float(cell)
            except ValueError:
                _fail(source, f"row {line}: column '{c}' is not a number: {cell!r}.")
            if not math.isfinite(v):
                _fail(source, f"row {line}: column '{c}' is {cell!r} (NaN or infinite).")
            cols[c].append(v)
    n = len(cols[need[0]])
    minimum = 3 if kind == "curve" else 1
    if n < minimum:
        _fail(source, f"a {kind} needs at least {minimum} data rows, found {n}.")
    lines = [line for line, _ in rows[1:]]
    if kind == "curve":
        q = cols["capacity"]
        for k in range(1, n):
            if not q[k] > q[k - 1]:
                _fail(source, f"row {lines[k]}: capacity {q[k]:g} does not increase (previous "
                      f"{q[k - 1]:g}); a curve's capacity must be strictly increasing.")
        if q[0] < 0:
            _fail(source, f"row {lines[0]}: negative capacity {q[0]:g}.")
    elif kind == "points":
        for k in range(n):
            if cols["rate"][k] <= 0:
                _fail(source, f"row {lines[k]}: rate must be > 0, got {cols['rate'][k]:g}.")
            if cols["capacity"][k] < 0:
                _fail(source, f"row {lines[k]}: negative capacity {cols['capacity'][k]:g}.")
    elif kind == "resistance":
        for k in range(n):
            if cols["asr_ohm_cm2"][k] <= 0:
                _fail(source, f"row {lines[k]}: asr_ohm_cm2 must be > 0, got "
                      f"{cols['asr_ohm_cm2'][k]:g}.")
    elif kind == "tortuosity":
        for k in range(n):
            if not 0 < cols["se_volume_fraction"][k] <= 1 or cols["tortuosity"][k] < 1:
                _fail(source, f"row {lines[k]}: need 0 < se_volume_fraction <= 1 and "
                      "tortuosity >= 1.")
    else:
        for k in range(n):
            if cols["concentration_mol_m3"][k] < 0:
                _fail(source, f"row {lines[k]}: concentration_mol_m3 must be >= 0, got "
                      f"{cols['concentration_mol_m3'][k]:g}.")
    for k, T in enumerate(cols.get("temperature_C", [])):
        if T <= -CELSIUS_OFFSET:
            _fail(source, f"row {lines[k]}: temperature_C {T:g} is at or below absolute zero.")
    return cols


def load_file(path):
    """Load a user's dataset (CSV with a TOML sidecar or a commented TOML header)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Dataset file '{path}' does not exist.")
    source = str(path)
    text = read_text(path, "Dataset file")
    lines = text.splitlines()
    head = []
    while len(head) < len(lines) and lines[len(head)].lstrip().startswith("#"):
        head.append(lines[len(head)].lstrip()[1:])
    sidecar = path.with_suffix(".toml")
    try:
        if sidecar.is_file():
            meta = tomllib.loads(read_text(sidecar, "Dataset sidecar"))
            msource = str(sidecar)
        else:
            meta = tomllib.loads("\n".join(head))
            msource = source
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{sidecar if sidecar.is_file() else source}: metadata is not valid "
                         f"TOML: {exc}") from None
    if not meta:
        _fail(source, f"no metadata: add '# key = value' lines at the top or a sidecar "
              f"'{sidecar.name}' (docs/compare.md).")
    design = parse_metadata(meta, msource)
    body = "\n".join(lines[len(head):])
    cols = parse_table(body, source, meta["kind"], first_line=len(head) + 1)
    provenance = {k: meta[k] for k in ("doi", "location", "quote", "notes") if k in meta}
    return Dataset(id=meta["id"], kind=meta["kind"], citation=meta["citation"], columns=cols,
                   capacity_unit=meta.get("capacity_unit", "mAh/g"),
                   rate_unit=meta.get("rate_unit", "C-rate"),
                   rate=float(meta["rate"]) if "rate" in meta else None,
                   temperature_C=(float(meta["temperature_C"]) if "temperature_C" in meta
                                  else None),
                   family=meta.get("family"), design=design, source=source,
                   provenance=provenance, role=meta.get("role", "context"),
                   cell=meta.get("cell"), quantity=meta.get("quantity"),
                   overrides=dict(meta.get("set", {})),
                   assumptions=list(meta.get("assumptions", [])))


# ------------------------------------------------------------------ shipped
def _shipped_rows():
    text = (importlib.resources.files("ssb_models.datasets_data") / SHIPPED).read_text()
    return list(csv.DictReader(io.StringIO(text)))


def _range(value):
    """'4-5' -> (4.5, True); '139' -> (139.0, False); '' -> (None, False)."""
    value = (value or "").strip()
    if not value:
        return None, False
    m = re.fullmatch(r"([0-9.]+)\s*-\s*([0-9.]+)", value)
    if m:
        return (float(m.group(1)) + float(m.group(2))) / 2, True
    return float(value), False


def composition_fraction(text):
    """Mass fraction of the first-named component of 'A/B/C 50/40/10 ...' (normalised
    by the printed sum) and a note, or (None, None)."""
    first = (text or "").split(";")[0]
    m = re.search(r"([0-9.]+(?:/[0-9.]+)+)", first)
    if not m:
        return None, None
    parts = [float(x) for x in m.group(1).split("/")]
    total = sum(parts)
    note = None
    if abs(total - 100) > 1:
        note = f"composition fractions as printed sum to {total:g} %: normalised by that sum"
    return parts[0] / total, note


def shipped():
    """The shipped datasets, ``{id: Dataset}`` (one per reported point)."""
    out = {}
    for row in _shipped_rows():
        rate_unit = "C-rate" if row["rate_kind"] == "C-rate" else "mA/cm2"
        design, notes = {}, []
        loading, r1 = _range(row["cathode_loading_mg_cm2"])
        thickness, r2 = _range(row["cathode_thickness_um"])
        if loading is not None:
            design["cathode_loading_mg_cm2"] = loading
        if thickness is not None:
            design["cathode_thickness_um"] = thickness
        if r1 or r2:
            notes.append("a range in the review: its midpoint is used")
        if row["cathode_composition_wt"]:
            design["composition"] = row["cathode_composition_wt"]
            frac, note = composition_fraction(row["cathode_composition_wt"])
            if frac is not None:
                design["active_mass_fraction"] = frac
            if note:
                notes.append(note)
        out[row["id"]] = Dataset(
            id=row["id"], kind="points", citation=row["primary_reference"],
            columns={"rate": [float(row["rate_value"])],
                     "capacity": [float(row["capacity_mAh_g"])]},
            capacity_unit="mAh/g", rate_unit=rate_unit,
            temperature_C=float(row["temperature_C"]), family=row["family"], design=design,
            provenance={**{k: row[k] for k in ("cell_as_reported", "capacity_basis", "review",
                                               "review_location", "primary_reference")},
                        "notes": notes},
            source=f"datasets/{SHIPPED} row {row['id']}", role=row.get("role") or "context",
            cell=row.get("cell") or None)
    for path in _shipped_files():
        ds = load_file(path)
        ds.source = f"datasets/{Path(path).name}"
        if ds.id in out:
            raise ValueError(f"shipped dataset id {ds.id} is used twice ({ds.source})")
        out[ds.id] = ds
    return dict(sorted(out.items(), key=lambda kv: _id_key(kv[0])))


def _id_key(dataset_id):
    m = re.fullmatch(r"P(\d+)", dataset_id)
    return (0, int(m.group(1)), "") if m else (1, 0, dataset_id)


def _shipped_files():
    """The shipped dataset files (one CSV with a TOML header each, P14 onwards)."""
    root = importlib.resources.files("ssb_models.datasets_data")
    return sorted(str(p) for p in root.iterdir()
                  if p.name.endswith(".csv") and p.name != SHIPPED)


def load_dataset(name_or_path):
    """A shipped dataset by id (P01, ...) or a user's file by path."""
    name = str(name_or_path)
    data = shipped()
    m = re.fullmatch(r"[Pp]0*(\d+)", name)
    if m and f"P{int(m.group(1)):02d}" in data:  # p1, P001 -> P01
        name = f"P{int(m.group(1)):02d}"
    if name in data:
        return data[name]
    if Path(name).suffix or Path(name).exists():
        return load_file(name)
    guess = re.sub(r"[Oo]", "0", name) if re.fullmatch(r"[Pp][0-9Oo]+", name) else name
    m = re.fullmatch(r"[Pp]0*(\d+)", guess)
    if m and f"P{int(m.group(1)):02d}" in data:  # PO1 -> P01
        hint = f" Did you mean 'P{int(m.group(1)):02d}'?"
    else:
        hint = did_you_mean(name, data)
    raise InputError(f"Unknown dataset '{name}'.{hint} Shipped: {', '.join(data)}; or give "
                     "the path to a CSV (docs/compare.md).")
