"""Checks on user input (pre-solve), all run before any model is built or solved.

(Not to be confused with data validation, :mod:`ssb_models.data.validate`.)

Each failure raises one :class:`~ssb_models.errors.InputError` that says what
was wrong and what is allowed (and the nearest valid name for a typo).
"""

import math
import numbers

from .errors import InputError, closest_names
from .physics.constants import CELSIUS_OFFSET

ABSOLUTE_ZERO_C = -CELSIUS_OFFSET


def parse_set(text):
    """Parse ``"Name [unit]=value"`` into ``(name, float)``."""
    if "=" not in text:
        raise InputError(
            f"--set '{text}' is malformed: expected \"Name [unit]=value\", e.g. "
            "\"Separator thickness [m]=5e-5\"."
        )
    name, _, raw = text.rpartition("=")
    name, raw = name.strip(), raw.strip()
    try:
        value = float(raw)
    except ValueError:
        raise InputError(
            f"--set '{text}': '{raw}' is not a number (use e.g. 1e-4 or 0.35)."
        ) from None
    if not math.isfinite(value):
        raise InputError(f"--set '{text}': value must be finite, got {raw}.")
    return name, value


def check_names(overrides, parameter_values):
    """Every override must name an existing parameter (suggest the closest), and a
    number may not replace a function of the cell (say which numbers it reads)."""
    known = [k for k in parameter_values.keys() if k not in ("chemistry", "citations")]
    for name in overrides:
        if name not in known:
            close = closest_names(name, known)
            hint = (" Closest names: " + "; ".join(f"'{c}'" for c in close) + ".") if close \
                else " Run 'ssb cells --parameters ID' to list them."
            raise InputError(f"Unknown parameter '{name}'.{hint}")
        value = overrides[name] if isinstance(overrides, dict) else None
        if isinstance(value, numbers.Number) and callable(parameter_values[name]):
            reads = _parameters_read(parameter_values[name])
            what = (" Set the numbers it reads instead: " + "; ".join(f"'{r}'" for r in reads)
                    + ".") if reads else (" It has no number to set: change the function in "
                                          "a parameter file (docs/cells/).")
            raise InputError(f"'{name}' is a function in this cell (of its arguments, e.g. "
                             f"stoichiometry, concentration or temperature); a number "
                             f"cannot replace it.{what}")


def _parameters_read(function):
    """The named parameters a parameter function reads (its expression tree)."""
    import inspect

    import pybamm

    try:
        n = len(inspect.signature(function).parameters)
        expr = function(*[pybamm.Scalar(0.5)] * n)
    except Exception:  # a function we cannot probe: no list, the message still stands
        return []
    if not isinstance(expr, pybamm.Symbol):
        return []
    return sorted({s.name for s in expr.pre_order() if isinstance(s, pybamm.Parameter)})


def _num(pv, name):
    value = pv[name] if name in pv.keys() else None
    return value if isinstance(value, numbers.Number) else None


def check_physical(parameter_values, names=None):
    """Range checks on the numbers of a parameter set (after overrides); with
    ``names``, the single-value checks only for those (the values that changed from a
    set already checked), the checks between values always."""
    pv = parameter_values
    for name in (pv.keys() if names is None else names):
        value = _num(pv, name)
        if value is None:
            continue
        low = name.lower()
        if not math.isfinite(value):
            raise InputError(f"'{name}' must be finite, got {value}.")
        if name == "SEI lithium interstitial diffusivity [m2.s-1]":
            # 0 = a stable interface (no interphase growth, docs/interphase.md)
            if value < 0:
                raise InputError(f"'{name}' must be >= 0 (0 = no growth), got {value:g}.")
            continue
        if name == "Buffer layer thickness [m]":
            if value < 0:
                raise InputError(f"'{name}' must be >= 0 (0 = no buffer), got {value:g}.")
            continue
        if any(w in low for w in ("thickness [m]", "radius [m]", "height [m]", "width [m]",
                                  "conductivity", "diffusivity", "maximum concentration",
                                  "density [kg")) and value <= 0:
            raise InputError(f"'{name}' must be > 0, got {value:g}.")
        if "temperature [k]" in low and value <= 0:
            raise InputError(f"'{name}' must be > 0 K, got {value:g} K.")
        if "bruggeman coefficient" in low and value < 1:
            raise InputError(
                f"'{name}' = {value:g} is below 1: the effective transport B = eps^b would "
                "then exceed eps, i.e. a tortuosity eps^(1-b) below 1 (better than straight "
                "channels), which the Wiener bound forbids. Allowed: b >= 1 (1.5 for "
                "spheres; b = 1 + alpha when a paper writes tau = eps^-alpha).")
        if "tortuosity factor" in low and value < 1:
            raise InputError(f"'{name}' = {value:g} is below 1; a tortuosity factor is >= 1 "
                             "(1 = straight channels).")
        if "interface utilisation" in low and not 0 < value <= 1:
            raise InputError(f"'{name}' is a contact fraction and must be in (0, 1] "
                             f"(1 = full contact), got {value:g}.")
        if ("porosity" in low or "volume fraction" in low) and not 0 < value <= 1:
            raise InputError(f"'{name}' is a volume fraction and must be in (0, 1], "
                             f"got {value:g}.")
    for dom in ("Negative", "Positive"):
        eps = _num(pv, f"{dom} electrode porosity")
        am = _num(pv, f"{dom} electrode active material volume fraction")
        if eps is not None and am is not None and eps + am > 1 + 1e-12:
            raise InputError(
                f"{dom} electrode volume fractions sum above 1: SE ('{dom} electrode "
                f"porosity') {eps:g} + active material {am:g} = {eps + am:g}; "
                "their sum must be <= 1 (the rest is voids, binder or carbon)."
            )
    v_lo, v_hi = _num(pv, "Lower voltage cut-off [V]"), _num(pv, "Upper voltage cut-off [V]")
    if v_lo is not None and v_hi is not None and not v_lo < v_hi:
        raise InputError(f"Lower voltage cut-off ({v_lo:g} V) must be below the upper "
                         f"cut-off ({v_hi:g} V).")


def check_out_dir(path):
    """An output folder that is not a file and can be created (before any solve)."""
    from pathlib import Path

    if path is None:
        return
    import os

    p = Path(path).absolute()
    if p.exists() and not p.is_dir():
        raise InputError(f"--out '{path}' is an existing file; give a folder (it is created "
                         "if missing).")
    parent = p
    while not parent.exists():  # nothing is created here: only checked
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"--out '{path}' cannot be created: '{parent}' is a file.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"--out '{path}' cannot be created: no write permission in "
                         f"'{parent}'.")


def check_c_rate(c_rate):
    if c_rate is None:
        return
    if isinstance(c_rate, bool) or not isinstance(c_rate, numbers.Number) \
            or not math.isfinite(c_rate) or c_rate <= 0:
        raise InputError(f"C-rate must be a number > 0, got {c_rate!r}.")


def check_temperature_C(temperature_C, cell=None):
    """A temperature [C] above absolute zero and, for a ``cell`` (its module), inside the
    range where that cell's property laws hold (``CELL.temperature_range_C``)."""
    if temperature_C is None:
        return
    if isinstance(temperature_C, bool) or not isinstance(temperature_C, numbers.Number) \
            or not math.isfinite(temperature_C) or temperature_C <= ABSOLUTE_ZERO_C:
        raise InputError(
            f"Temperature must be above absolute zero (> {ABSOLUTE_ZERO_C} C), got "
            f"{temperature_C!r} C."
        )
    if cell is None:
        return
    lo, hi = cell.CELL.temperature_range_C
    if not lo <= temperature_C <= hi:
        hint = ""
        if lo <= temperature_C + ABSOLUTE_ZERO_C <= hi:
            hint = (f" Temperatures are in Celsius: did you mean {temperature_C:g} K = "
                    f"{temperature_C + ABSOLUTE_ZERO_C:.2f} C?")
        raise InputError(
            f"Temperature {temperature_C:g} C is outside {lo:g} to {hi:g} C, the range in "
            f"which the property laws of cell '{cell.CELL.id}' are valid "
            f"({cell.CELL.temperature_basis}).{hint}")


def check_interfaces(parameter_values, options, cell_id):
    """Interface options against the values they need (after overrides)."""
    from .models.solid_state_dfn import interface_resistance_mode, split_options

    ssb, pybamm_options = split_options(options)
    pv = parameter_values
    planar_negative = pybamm_options.get("working electrode") == "positive"
    for domain in ("negative", "positive"):
        if interface_resistance_mode(ssb, domain) != "interphase":
            continue
        if domain == "negative" and planar_negative:
            name = "Lithium metal interface ASR at reference pressure [Ohm.m2]"
        else:
            name = f"{domain.capitalize()} electrode interface ASR [Ohm.m2]"
        value = _num(pv, name)
        pair = "none,interphase" if domain == "negative" else "interphase,none"
        if value is not None and value <= 0:
            raise InputError(
                f"'interface resistance': 'interphase' at the {domain} electrode needs "
                f"'{name}' > 0 (an interphase is R || C), got {value:g}. Set it with "
                "--set, or choose the interphase for one electrode only: "
                f"'interface resistance={pair}' (negative, positive).")
    if ssb["space charge"] != "none" and "Space-charge partition factor" not in pv.keys():
        raise InputError(
            f"'space charge': '{ssb['space charge']}' needs the cell's space-charge and "
            f"buffer-layer parameters, which '{cell_id}' does not have. Cells with them: "
            + ", ".join(_cells_with("Space-charge partition factor")) + ".")


def _cells_with(name):
    from .parameters.registry import cells, parameter_values

    return [c for c in cells() if name in parameter_values(c).keys()]
