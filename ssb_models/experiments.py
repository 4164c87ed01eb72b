"""Predefined experiments: TOML files validated on load.

Schema (``docs/experiments.md``)::

    name = "discharge"            # str, required
    description = "..."           # str, required
    steps = ["Discharge at {c_rate}C until {v_min} V"]   # PyBaMM step strings
    c_rate = 1.0                  # float > 0, default C-rate ({c_rate})
    initial_soc = 1.0             # float in [0, 1]; 1 = full charge
    period_s = 10.0               # optional output period [s], > 0

Step strings are PyBaMM :class:`pybamm.Experiment` steps; the placeholders
``{c_rate}``, ``{v_min}``, ``{v_max}`` are filled from the run's C-rate and the
cell's cut-off voltages.
"""

import difflib
import importlib.resources
import math
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

PLACEHOLDERS = ("c_rate", "v_min", "v_max")
_SCHEMA = {
    "name": (str, True),
    "description": (str, True),
    "type": (str, False),
    "steps": (list, False),
    "frequencies_Hz": (list, False),
    "points_per_decade": (int, False),
    "c_rate": ((int, float), False),
    "initial_soc": ((int, float), False),
    "period_s": ((int, float), False),
}


@dataclass(frozen=True)
class ExperimentSpec:
    name: str
    description: str
    steps: tuple
    c_rate: float = 1.0
    initial_soc: float = 1.0
    period_s: float | None = None
    source: str = ""
    type: str = "cycling"
    frequencies_Hz: tuple = (1e-2, 1e6)
    points_per_decade: int = 10

    def frequencies(self):
        """Log-spaced frequencies [Hz], high to low."""
        import numpy as np

        lo, hi = self.frequencies_Hz
        n = max(int(round(np.log10(hi / lo) * self.points_per_decade)) + 1, 2)
        return np.logspace(np.log10(hi), np.log10(lo), n)

    def step_strings(self, c_rate, v_min, v_max):
        """The PyBaMM step strings with placeholders filled."""
        values = {"c_rate": f"{c_rate:g}", "v_min": f"{v_min:g}", "v_max": f"{v_max:g}"}
        return [s.format(**values) for s in self.steps]

    def to_pybamm(self, c_rate, v_min, v_max):
        """A :class:`pybamm.Experiment` for this spec."""
        import pybamm

        period = f"{self.period_s:g} seconds" if self.period_s else None
        try:
            return pybamm.Experiment(self.step_strings(c_rate, v_min, v_max), period=period)
        except Exception as exc:  # PyBaMM's parser raises ValueError/TypeError
            raise InputError(f"{self.source}: invalid step in 'steps': {exc}") from None


def _data_dir():
    return importlib.resources.files("ssb_models.experiments_data")


def predefined():
    """Names of the predefined experiments."""
    return sorted(p.name[:-5] for p in _data_dir().iterdir() if p.name.endswith(".toml"))


def _fail(source, msg):
    raise InputError(f"{source}: {msg}")


def parse_experiment(data, source):
    """Validate a TOML mapping against the schema; return an ExperimentSpec."""
    for key in data:
        if key not in _SCHEMA:
            close = difflib.get_close_matches(key, list(_SCHEMA), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            _fail(source, f"unknown key '{key}'.{hint} Allowed keys: {', '.join(_SCHEMA)}.")
    for key, (typ, required) in _SCHEMA.items():
        if key not in data:
            if required:
                _fail(source, f"missing required key '{key}'.")
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, typ):
            kind = "a list of strings" if typ is list else (
                "a string" if typ is str else "a number")
            _fail(source, f"key '{key}' must be {kind}, got {value!r}.")
    kind = data.get("type", "cycling")
    if kind not in ("cycling", "eis"):
        _fail(source, f"key 'type' must be 'cycling' or 'eis', got {kind!r}.")
    if kind == "eis":
        return _parse_eis(data, source)
    if "steps" not in data:
        _fail(source, "missing required key 'steps' (a cycling experiment needs steps).")
    steps = data["steps"]
    if not steps or not all(isinstance(s, str) and s.strip() for s in steps):
        _fail(source, "key 'steps' must be a non-empty list of non-empty strings.")
    for s in steps:
        for _, field, _, _ in string.Formatter().parse(s):
            if field is not None and field not in PLACEHOLDERS:
                _fail(source, f"step '{s}' uses unknown placeholder '{{{field}}}'; "
                      f"allowed: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.")
    c_rate = float(data.get("c_rate", 1.0))
    if not (c_rate > 0 and math.isfinite(c_rate)):
        _fail(source, f"key 'c_rate' must be > 0, got {c_rate!r}.")
    soc = float(data.get("initial_soc", 1.0))
    if not 0 <= soc <= 1:
        _fail(source, f"key 'initial_soc' must be in [0, 1], got {soc!r}.")
    period = data.get("period_s")
    if period is not None and not (period > 0 and math.isfinite(period)):
        _fail(source, f"key 'period_s' must be > 0, got {period!r}.")
    return ExperimentSpec(
        name=data["name"], description=data["description"], steps=tuple(steps),
        c_rate=c_rate, initial_soc=soc,
        period_s=float(period) if period is not None else None, source=source,
    )


def _parse_eis(data, source):
    for key in ("steps", "c_rate", "period_s"):
        if key in data:
            _fail(source, f"key '{key}' does not apply to an 'eis' experiment.")
    freqs = data.get("frequencies_Hz", [1e-2, 1e6])
    if (len(freqs) != 2 or not all(isinstance(f, (int, float)) and not isinstance(f, bool)
                                   for f in freqs) or not 0 < freqs[0] < freqs[1]):
        _fail(source, f"key 'frequencies_Hz' must be [f_min, f_max] with 0 < f_min < f_max, "
              f"got {freqs!r}.")
    ppd = data.get("points_per_decade", 10)
    if not 1 <= ppd <= 100:
        _fail(source, f"key 'points_per_decade' must be in [1, 100], got {ppd!r}.")
    soc = float(data.get("initial_soc", 0.5))
    if not 0 <= soc <= 1:
        _fail(source, f"key 'initial_soc' must be in [0, 1], got {soc!r}.")
    return ExperimentSpec(name=data["name"], description=data["description"], steps=(),
                          initial_soc=soc, source=source, type="eis",
                          frequencies_Hz=(float(freqs[0]), float(freqs[1])),
                          points_per_decade=int(ppd))


def load_experiment(name_or_path):
    """Load a predefined experiment by name, or a user's TOML file by path."""
    name_or_path = str(name_or_path)
    path = Path(name_or_path)
    if name_or_path.endswith(".toml") or path.exists():
        if not path.is_file():
            raise InputError(f"Experiment file '{name_or_path}' does not exist.")
        text, source = path.read_text(), str(path)
    else:
        names = predefined()
        if name_or_path not in names:
            close = difflib.get_close_matches(name_or_path, names, n=1, cutoff=0.4)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise InputError(
                f"Unknown experiment '{name_or_path}'.{hint} Predefined experiments: "
                f"{', '.join(names)} (or give a path to a .toml file)."
            )
        text = (_data_dir() / f"{name_or_path}.toml").read_text()
        source = f"experiments/{name_or_path}.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: not valid TOML: {exc}") from None
    return parse_experiment(data, source)
