"""The experiment spec and its TOML schema: predefined experiments and users' files,
validated on load (``docs/experiments.md``).

Common keys: ``name`` and ``description`` (strings, required) and ``type`` (default
"cycling"). The other keys belong to the type: each experiment type's module declares
them (``KEYS``) and checks them (``parse``); :func:`parse_experiment` asks the registry
(:mod:`ssb_models.experiments.registry`) for the type, so this module holds no
per-type rule.
"""

import importlib.resources
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, did_you_mean

PLACEHOLDERS = ("c_rate", "charge_c_rate", "v_min", "v_max")
#: at most this many cycles in one run (a bound; long runs belong to sweeps)
MAX_CYCLES = 2000
COMMON_KEYS = {"name": (str, True), "description": (str, True), "type": (str, False)}
#: the longest step or duration key an experiment may give [s] (116 days: longer than
#: any lab protocol's step; bounds the arrays a solve holds). Assumed, not measured.
MAX_DURATION_S = 1e7
#: the shortest output period [s] (1 ms: far below any solid-state cell's fastest time
#: constant but the double layer's, which EIS resolves in the frequency domain)
MIN_PERIOD_S = 1e-3
#: frequency range an impedance may span [Hz] (1 uHz: a period of 11.6 days; 1 GHz:
#: beyond it the model's lumped double layers and no inductance mean nothing)
FREQUENCY_RANGE_HZ = (1e-6, 1e9)
NUMBER, LIST = (int, float), list


@dataclass(frozen=True)
class ExperimentSpec:
    name: str
    description: str
    steps: tuple
    c_rate: float = 1.0
    initial_soc: float = 1.0
    cycles: int = 1
    charge_c_rate: float | None = None
    period_s: float | None = None
    source: str = ""
    type: str = "cycling"
    frequencies_Hz: tuple = (1e-2, 1e6)
    points_per_decade: int = 10
    settings: dict = field(default_factory=dict)

    def __getitem__(self, key):
        """A type-specific setting (``spec["c_rates"]``) after validation and defaults."""
        return self.settings[key]

    def frequencies(self):
        """Log-spaced frequencies [Hz], high to low."""
        return log_frequencies(self.frequencies_Hz, self.points_per_decade)

    def step_strings(self, c_rate, v_min, v_max):
        """The PyBaMM step strings of one cycle with placeholders filled."""
        charge = self.charge_c_rate if self.charge_c_rate else c_rate
        values = {"c_rate": f"{c_rate:g}", "charge_c_rate": f"{charge:g}",
                  "v_min": f"{v_min:g}", "v_max": f"{v_max:g}"}
        return [s.format(**values) for s in self.steps]

    def to_pybamm(self, c_rate, v_min, v_max):
        """A :class:`pybamm.Experiment`: the steps as one cycle, ``cycles`` times."""
        import pybamm

        period = f"{self.period_s or default_period_s(c_rate):g} seconds"
        cycle = tuple(self.step_strings(c_rate, v_min, v_max))
        try:
            return pybamm.Experiment([cycle] * self.cycles, period=period)
        except Exception as exc:  # PyBaMM's parser raises ValueError/TypeError
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{self.source}: invalid step in 'steps': {first} (the step "
                             "forms: pybamm.Experiment's documentation, docs/experiments.md)"
                             ) from None


def log_frequencies(frequencies_Hz, points_per_decade):
    """Log-spaced frequencies [Hz] over ``[f_min, f_max]``, high to low."""
    import numpy as np

    lo, hi = frequencies_Hz
    n = max(int(round(np.log10(hi / lo) * points_per_decade)) + 1, 2)
    return np.logspace(np.log10(hi), np.log10(lo), n)


def default_period_s(c_rate):
    """Output period [s] when none is given: about 400 samples over a full discharge at
    ``c_rate`` (energy and mean voltage are integrated over them), at least 0.1 s."""
    return max(round(3600.0 / (float(c_rate) * 400), 3), 0.1)


def data_dir():
    """The folder of the shipped experiment and sweep TOML files."""
    return importlib.resources.files("ssb_models.experiments_data")


def predefined():
    """Names of the predefined experiments."""
    return sorted(p.name[:-5] for p in data_dir().iterdir()
                  if p.name.endswith(".toml") and not p.name.endswith("_sweep.toml"))


def predefined_sweeps():
    """Names of the shipped sweep files (``experiments/*_sweep.toml``)."""
    return sorted(p.name[:-5] for p in data_dir().iterdir() if p.name.endswith("_sweep.toml"))


def fail(source, msg):
    """Raise the one :class:`InputError` of a bad experiment file."""
    raise InputError(f"{source}: {msg}")


def _kind(typ):
    if typ is LIST:
        return "a list"
    return "a string" if typ is str else ("an integer" if typ is int else "a number")


def number_list(source, key, value):
    """A non-empty list of finite numbers as floats (or the one error)."""
    if not value or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                            and math.isfinite(v) for v in value):
        fail(source, f"key '{key}' must be a non-empty list of numbers, got {value!r}.")
    return [float(v) for v in value]


def check_frequencies(source, freqs):
    """``frequencies_Hz`` = [f_min, f_max] with 0 < f_min < f_max, both finite and in
    :data:`FREQUENCY_RANGE_HZ` (or the one error)."""
    if (len(freqs) != 2 or not all(isinstance(f, (int, float)) and not isinstance(f, bool)
                                   for f in freqs) or not 0 < freqs[0] < freqs[1]):
        fail(source, f"key 'frequencies_Hz' must be [f_min, f_max] with 0 < f_min < f_max, "
             f"got {freqs!r}.")
    lo, hi = FREQUENCY_RANGE_HZ
    if not (math.isfinite(freqs[1]) and lo <= freqs[0] and freqs[1] <= hi):
        fail(source, f"key 'frequencies_Hz' = {freqs!r} leaves {lo:g} to {hi:g} Hz, the "
             "range an impedance of this model can mean.")


def refuse_ignored(source, data, keys, why, instead):
    """Refuse keys the file gives that its other settings make ignored: ``why`` says
    what makes them so, ``instead`` the setting under which they count."""
    ignored = [k for k in keys if k in data]
    if ignored:
        fail(source, f"{why}, so {', '.join(repr(k) for k in ignored)} would be ignored: "
             f"remove them, or use {instead}.")


def check_cycles(source, cycles):
    if not 1 <= cycles <= MAX_CYCLES:
        fail(source, f"key 'cycles' must be an integer in [1, {MAX_CYCLES}], got {cycles!r}.")


def check_soc(source, soc, low_open=False):
    ok = 0 < soc < 1 if low_open else 0 <= soc <= 1
    if not ok:
        fail(source, f"key 'initial_soc' must be in {'(0, 1)' if low_open else '[0, 1]'}, "
             f"got {soc!r}.")


def parse_experiment(data, source):
    """Validate a TOML mapping against the schema of its type; return an
    :class:`ExperimentSpec`. Every error names ``source``, the key and what is allowed."""
    from . import registry

    kind = data.get("type", "cycling")
    types = registry.types()
    if kind not in types:
        fail(source, f"key 'type' must be one of {', '.join(types)}, got {kind!r}."
             + did_you_mean(str(kind), types, cutoff=0.6))
    experiment = registry.get(kind)
    keys = experiment.KEYS
    allowed = {**COMMON_KEYS, **{k: (t, d is None) for k, (t, d) in keys.items()}}
    for key in data:
        if key not in allowed:
            other = [t for t in types if key in registry.get(t).KEYS]
            fail(source, f"unknown key '{key}' for a '{kind}' experiment."
                 + did_you_mean(key, list(allowed), cutoff=0.6)
                 + (f" ('{key}' belongs to: {', '.join(other)})" if other else "")
                 + f" Allowed keys: {', '.join(allowed)}.")
    for key, (typ, required) in allowed.items():
        if key not in data:
            if required:
                fail(source, f"missing required key '{key}' (a '{kind}' experiment needs it).")
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, typ):
            fail(source, f"key '{key}' must be {_kind(typ)}, got {str(value)[:80]!r}.")
        if isinstance(value, int) and abs(value) > 1e300:
            fail(source, f"key '{key}' is an integer too large to be a setting.")
    for key in ("name", "description"):
        text = data[key]
        if any(not (c.isprintable() or (key == "description" and c in "\n\t"))
               for c in text):
            fail(source, f"key '{key}' holds a control character (e.g. NUL); use plain "
                 "printable text.")
    settings = {k: data.get(k, d) for k, (t, d) in keys.items()}
    for key, value in settings.items():
        if key in experiment.NOT_POSITIVE or (key in experiment.DEFAULT_ZERO
                                             and key not in data):
            continue
        if isinstance(value, (int, float)) and not (math.isfinite(value) and value > 0):
            fail(source, f"key '{key}' must be > 0, got {value!r}.")
    if "period_s" in settings and not (math.isfinite(settings["period_s"])
                                       and settings["period_s"] >= 0):
        fail(source, f"key 'period_s' must be > 0, got {settings['period_s']!r}.")
    if settings.get("period_s") and settings["period_s"] < MIN_PERIOD_S:
        fail(source, f"key 'period_s' = {settings['period_s']!r} s is below {MIN_PERIOD_S:g} "
             "s, finer than anything the cell model resolves (and a huge output).")
    for key, value in settings.items():
        scale = 60.0 if key.endswith("_min") else 1.0 if key.endswith("_s") else None
        if scale and isinstance(value, (int, float)) and value * scale > MAX_DURATION_S:
            fail(source, f"key '{key}' = {value!r} is longer than {MAX_DURATION_S:g} s "
                 "(116 days), the longest step ssb runs.")
    for key in experiment.NUMBER_LISTS:
        if not (key in experiment.MAY_BE_EMPTY and settings[key] == []):
            settings[key] = number_list(source, key, settings[key])
    from ..checks import check_c_rate

    for key, value in settings.items():  # every rate key within the C-rate bounds
        if "c_rate" in key and not (key in experiment.DEFAULT_ZERO and key not in data):
            try:
                for v in value if isinstance(value, list) else [value]:
                    check_c_rate(v, f"key '{key}'")
            except InputError as exc:
                fail(source, str(exc))
    return experiment.parse(settings, data, source)


def load_experiment(name_or_path):
    """Load a predefined experiment by name, or a user's TOML file by path."""
    name_or_path = str(name_or_path)
    path = Path(name_or_path)
    # a predefined name wins over a same-named file or folder in the working directory
    if name_or_path.endswith(".toml") or (path.is_file() and name_or_path not in predefined()):
        if not path.is_file():
            raise InputError(f"Experiment file '{name_or_path}' does not exist.")
        from ..files import read_text

        text, source = read_text(path, "Experiment file"), str(path)
    else:
        names = predefined()
        if name_or_path not in names:
            raise InputError(
                f"Unknown experiment '{name_or_path}'."
                + did_you_mean(name_or_path, names, cutoff=0.4)
                + f" Predefined experiments: {', '.join(names)} (or give a path to a "
                ".toml file).")
        text = (data_dir() / f"{name_or_path}.toml").read_text()
        source = f"experiments/{name_or_path}.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: not valid TOML: {exc}") from None
    except ValueError:  # an integer of more than 4300 digits
        raise InputError(f"{source}: holds an integer of more than 4300 digits, which no "
                         "setting can be.") from None
    return parse_experiment(data, source)
