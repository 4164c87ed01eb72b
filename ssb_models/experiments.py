"""Predefined experiments: TOML files validated on load.

Common keys: ``name`` and ``description`` (strings, required) and ``type``
(default "cycling"). The other keys depend on the type (``docs/experiments.md``):

* ``cycling``: ``steps`` (PyBaMM :class:`pybamm.Experiment` step strings with the
  placeholders ``{c_rate}``, ``{charge_c_rate}``, ``{v_min}``, ``{v_max}``): one cycle,
  repeated ``cycles`` times; ``c_rate``, ``charge_c_rate`` (default: ``c_rate``),
  ``initial_soc``, ``period_s``.
* ``eis``: ``initial_soc``, ``frequencies_Hz`` = [f_min, f_max], ``points_per_decade``.
* ``rate-capability``: ``c_rates`` (list), ``start`` = "reset" (every discharge
  from the same full-charge state, the model built once and the rate an input)
  or "cccv" (a CC-CV charge before each discharge: ``charge_c_rate``,
  ``cv_cutoff_c_rate``, ``rest_min``), ``period_s``.
* ``temperature-ladder``: ``c_rates`` and ``temperatures_C`` (lists): a
  rate capability ("reset") at each temperature.
* ``gitt``: ``c_rate``, ``pulse_s``, ``rest_s``: pulses and rests from full charge
  to the lower cut-off; ``design`` = "fixed" (these values) or "auto" (pulse 0.02 r^2/D,
  rest r^2/D, 1 % of the capacity per pulse, from the cell's cathode at the run's T).
* ``pulse``: ``socs`` (descending list), ``pulse_c_rate``, ``pulse_s``,
  ``rest_s``, ``relax_s``, ``c_rate`` (to move between SOCs): HPPC-like
  discharge/charge pulses at each state of charge.
"""

import difflib
import importlib.resources
import math
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

PLACEHOLDERS = ("c_rate", "charge_c_rate", "v_min", "v_max")
#: at most this many cycles in one run (a bound; long runs belong to sweeps)
MAX_CYCLES = 2000
TYPES = ("cycling", "eis", "rate-capability", "temperature-ladder", "gitt", "pulse",
         "critical-current", "cycle-life")
_COMMON = {"name": (str, True), "description": (str, True), "type": (str, False)}
_NUM, _LIST = (int, float), list
#: per type: key -> (python type, default); default None = required
_TYPE_KEYS = {
    "cycling": {"steps": (_LIST, None), "c_rate": (_NUM, 1.0), "initial_soc": (_NUM, 1.0),
                "period_s": (_NUM, 0), "cycles": (int, 1), "charge_c_rate": (_NUM, 0)},
    "eis": {"initial_soc": (_NUM, 0.5), "frequencies_Hz": (_LIST, [1e-2, 1e6]),
            "points_per_decade": (int, 10)},
    "rate-capability": {"c_rates": (_LIST, None), "start": (str, "reset"),
                        "charge_c_rate": (_NUM, 0.2), "cv_cutoff_c_rate": (_NUM, 0.02),
                        "rest_min": (_NUM, 10.0), "period_s": (_NUM, 0)},
    "temperature-ladder": {"c_rates": (_LIST, None), "temperatures_C": (_LIST, None),
                           "period_s": (_NUM, 0)},
    "gitt": {"c_rate": (_NUM, 0.1), "pulse_s": (_NUM, 600.0), "rest_s": (_NUM, 3600.0),
             "design": (str, "fixed")},
    "pulse": {"socs": (_LIST, [0.9, 0.7, 0.5, 0.3, 0.1]), "pulse_c_rate": (_NUM, 2.0),
              "pulse_s": (_NUM, 10.0), "rest_s": (_NUM, 40.0), "relax_s": (_NUM, 1800.0),
              "c_rate": (_NUM, 0.5)},
    # stripping/plating staircase at each stack pressure (and temperature) with the
    # Li contact as a state (docs/lithium_contact.md)
    "critical-current": {"start_mA_cm2": (_NUM, 0.05), "step_mA_cm2": (_NUM, 0.05),
                         "max_mA_cm2": (_NUM, 2.0), "areal_capacity_mAh_cm2": (_NUM, 0.02),
                         "rest_min": (_NUM, 1.0), "initial_soc": (_NUM, 0.5),
                         "stack_pressures_MPa": (_LIST, [1.0]),
                         "temperatures_C": (_LIST, [])},
    # N cycles (CC discharge, rest, CC-CV charge, rest) with an impedance spectrum every
    # eis_every cycles at the end of charge (docs/experiments.md, "cycle-life")
    "cycle-life": {"cycles": (int, 100), "eis_every": (int, 25), "c_rate": (_NUM, 1.0),
                   "charge_c_rate": (_NUM, 0.5), "cv_cutoff_c_rate": (_NUM, 0.05),
                   "rest_min": (_NUM, 10.0), "frequencies_Hz": (_LIST, [1e-2, 1e5]),
                   "points_per_decade": (int, 8), "period_s": (_NUM, 0)},
}
STARTS = ("reset", "cccv")
#: GITT pulse design: "auto" sizes pulse, rest and current from the cell's r^2/D
GITT_DESIGNS = ("auto", "fixed")


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
        import numpy as np

        lo, hi = self.frequencies_Hz
        n = max(int(round(np.log10(hi / lo) * self.points_per_decade)) + 1, 2)
        return np.logspace(np.log10(hi), np.log10(lo), n)

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
            raise InputError(f"{self.source}: invalid step in 'steps': {exc}") from None


def default_period_s(c_rate):
    """Output period [s] when none is given: about 400 samples over a full discharge at
    ``c_rate`` (energy and mean voltage are integrated over them), at least 0.1 s."""
    return max(round(3600.0 / (float(c_rate) * 400), 3), 0.1)


def _data_dir():
    return importlib.resources.files("ssb_models.experiments_data")


def predefined():
    """Names of the predefined experiments."""
    return sorted(p.name[:-5] for p in _data_dir().iterdir()
                  if p.name.endswith(".toml") and not p.name.endswith("_sweep.toml"))


def predefined_sweeps():
    """Names of the shipped sweep files (``experiments/*_sweep.toml``)."""
    return sorted(p.name[:-5] for p in _data_dir().iterdir() if p.name.endswith("_sweep.toml"))


def _fail(source, msg):
    raise InputError(f"{source}: {msg}")


def _kind(typ):
    if typ is _LIST:
        return "a list"
    return "a string" if typ is str else ("an integer" if typ is int else "a number")


def parse_experiment(data, source):
    """Validate a TOML mapping against the schema of its type; return an
    :class:`ExperimentSpec`. Every error names ``source``, the key and what is allowed."""
    kind = data.get("type", "cycling")
    if kind not in TYPES:
        close = difflib.get_close_matches(str(kind), TYPES, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        _fail(source, f"key 'type' must be one of {', '.join(TYPES)}, got {kind!r}.{hint}")
    allowed = {**_COMMON, **{k: (t, d is None) for k, (t, d) in _TYPE_KEYS[kind].items()}}
    for key in data:
        if key not in allowed:
            other = [t for t in TYPES if key in _TYPE_KEYS[t]]
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = (f" Did you mean '{close[0]}'?" if close else "") + (
                f" ('{key}' belongs to: {', '.join(other)})" if other else "")
            _fail(source, f"unknown key '{key}' for a '{kind}' experiment.{hint} Allowed "
                  f"keys: {', '.join(allowed)}.")
    for key, (typ, required) in allowed.items():
        if key not in data:
            if required:
                _fail(source, f"missing required key '{key}' (a '{kind}' experiment needs it).")
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, typ):
            _fail(source, f"key '{key}' must be {_kind(typ)}, got {value!r}.")
    settings = {k: data.get(k, d) for k, (t, d) in _TYPE_KEYS[kind].items()}
    for key, value in settings.items():
        if key == "charge_c_rate" and kind == "cycling" and key not in data:
            continue  # default: the discharge rate
        if isinstance(value, (int, float)) and key != "initial_soc" and key != "period_s":
            if not (math.isfinite(value) and value > 0):
                _fail(source, f"key '{key}' must be > 0, got {value!r}.")
    if kind == "eis":
        return _parse_eis(settings, data, source)
    if "period_s" in settings and not (math.isfinite(settings["period_s"])
                                       and settings["period_s"] >= 0):
        _fail(source, f"key 'period_s' must be > 0, got {settings['period_s']!r}.")
    if kind == "cycling":
        return _parse_cycling(settings, data, source)
    for key in ("c_rates", "temperatures_C", "socs", "stack_pressures_MPa"):
        if key in settings and not (key == "temperatures_C" and settings[key] == []
                                    and kind == "critical-current"):
            settings[key] = _number_list(source, key, settings[key])
    if kind == "cycle-life":
        if not 1 <= settings["cycles"] <= MAX_CYCLES:
            _fail(source, f"key 'cycles' must be an integer in [1, {MAX_CYCLES}], got "
                  f"{settings['cycles']!r}.")
        if not 1 <= settings["eis_every"]:
            _fail(source, f"key 'eis_every' must be >= 1, got {settings['eis_every']!r}.")
        freqs = settings["frequencies_Hz"]
        if (len(freqs) != 2 or not all(isinstance(f, (int, float)) and not isinstance(f, bool)
                                       for f in freqs) or not 0 < freqs[0] < freqs[1]):
            _fail(source, "key 'frequencies_Hz' must be [f_min, f_max] with 0 < f_min < "
                  f"f_max, got {freqs!r}.")
    if kind == "critical-current":
        if min(settings["stack_pressures_MPa"]) <= 0:
            _fail(source, "key 'stack_pressures_MPa' must hold pressures > 0, got "
                  f"{settings['stack_pressures_MPa']!r}.")
        if settings["max_mA_cm2"] < settings["start_mA_cm2"]:
            _fail(source, "key 'max_mA_cm2' must be >= 'start_mA_cm2'.")
        if not 0 < settings["initial_soc"] < 1:
            _fail(source, f"key 'initial_soc' must be in (0, 1), got "
                  f"{settings['initial_soc']!r}.")
        if (settings["max_mA_cm2"] - settings["start_mA_cm2"]) / settings["step_mA_cm2"] > 200:
            _fail(source, "at most 200 current levels ('start_mA_cm2' to 'max_mA_cm2' by "
                  "'step_mA_cm2').")
    if "c_rates" in settings and min(settings["c_rates"]) <= 0:
        _fail(source, f"key 'c_rates' must hold numbers > 0, got {settings['c_rates']!r}.")
    if "socs" in settings:
        socs = settings["socs"]
        if not all(0 < x < 1 for x in socs) or any(a <= b for a, b in zip(socs, socs[1:])):
            _fail(source, f"key 'socs' must be descending values in (0, 1), got {socs!r}.")
    if settings.get("temperatures_C") and min(settings["temperatures_C"]) <= -273.15:
        _fail(source, "key 'temperatures_C' must be above absolute zero, got "
              f"{settings['temperatures_C']!r}.")
    if settings.get("design", "fixed") not in GITT_DESIGNS:
        _fail(source, f"key 'design' must be one of {', '.join(GITT_DESIGNS)}, got "
              f"{settings['design']!r}.")
    if settings.get("start", "reset") not in STARTS:
        _fail(source, f"key 'start' must be one of {', '.join(STARTS)}, got "
              f"{settings['start']!r}.")
    return ExperimentSpec(name=data["name"], description=data["description"], steps=(),
                          c_rate=float(settings.get("c_rate", 1.0)), source=source,
                          type=kind, period_s=float(settings.get("period_s") or 0) or None,
                          settings=settings)


def _number_list(source, key, value):
    if not value or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                            and math.isfinite(v) for v in value):
        _fail(source, f"key '{key}' must be a non-empty list of numbers, got {value!r}.")
    return [float(v) for v in value]


def _parse_cycling(settings, data, source):
    steps = settings["steps"]
    if not steps or not all(isinstance(s, str) and s.strip() for s in steps):
        _fail(source, "key 'steps' must be a non-empty list of non-empty strings.")
    for s in steps:
        for _, fld, _, _ in string.Formatter().parse(s):
            if fld is not None and fld not in PLACEHOLDERS:
                _fail(source, f"step '{s}' uses unknown placeholder '{{{fld}}}'; "
                      f"allowed: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.")
    soc = float(settings["initial_soc"])
    if not 0 <= soc <= 1:
        _fail(source, f"key 'initial_soc' must be in [0, 1], got {soc!r}.")
    period = settings["period_s"]
    if not 1 <= settings["cycles"] <= MAX_CYCLES:
        _fail(source, f"key 'cycles' must be an integer in [1, {MAX_CYCLES}], got "
              f"{settings['cycles']!r}.")
    return ExperimentSpec(
        name=data["name"], description=data["description"], steps=tuple(steps),
        c_rate=float(settings["c_rate"]), initial_soc=soc,
        period_s=float(period) if period else None, source=source,
        cycles=int(settings["cycles"]),
        charge_c_rate=float(settings["charge_c_rate"]) or None,
    )


def _parse_eis(settings, data, source):
    freqs = settings["frequencies_Hz"]
    if (len(freqs) != 2 or not all(isinstance(f, (int, float)) and not isinstance(f, bool)
                                   for f in freqs) or not 0 < freqs[0] < freqs[1]):
        _fail(source, f"key 'frequencies_Hz' must be [f_min, f_max] with 0 < f_min < f_max, "
              f"got {freqs!r}.")
    ppd = settings["points_per_decade"]
    if not 1 <= ppd <= 100:
        _fail(source, f"key 'points_per_decade' must be in [1, 100], got {ppd!r}.")
    soc = float(settings["initial_soc"])
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
    # a predefined name wins over a same-named file or folder in the working directory
    if name_or_path.endswith(".toml") or (path.is_file() and name_or_path not in predefined()):
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
