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


def check_value(name, value, cell=None):
    """One number against its physical range
    (:data:`ssb_models.parameters.ranges.RANGES`): finite, inside the range of its
    row, and a temperature [K] of the cell ("Ambient temperature [K]", "Initial
    temperature [K]") inside ``cell``'s ``temperature_range_C`` (``cell``: the cell
    module). Raises the one :class:`InputError` saying what is allowed and why; a
    name without a row is only checked to be finite."""
    from .parameters.ranges import cell_temperature_message, range_for

    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return
    if not math.isfinite(value):
        raise InputError(f"'{name}' must be finite, got {value}.")
    row = range_for(name)
    if row is None:
        return
    if row.cell_temperature and cell is not None:
        message = cell_temperature_message(name, float(value), cell)
        if message:
            raise InputError(message)
        return
    if not row.contains(value):
        raise InputError(row.message(name, value))


def check_physical(parameter_values, names=None, cell=None):
    """Range checks on the numbers of a parameter set (after overrides): each number
    against its physical range (:func:`check_value`; the cell's temperatures against
    ``cell``'s range when the cell module is given), then the checks between values.
    With ``names``, the single-value checks only for those (the values that changed
    from a set already checked), the checks between values always."""
    pv = parameter_values
    for name in (pv.keys() if names is None else names):
        if name in ("chemistry", "citations"):
            continue
        value = _num(pv, name)
        if value is not None:
            check_value(name, value, cell)
    for dom in ("Negative", "Positive"):
        eps = _num(pv, f"{dom} electrode porosity")
        am = _num(pv, f"{dom} electrode active material volume fraction")
        add = _num(pv, f"{dom} electrode additive volume fraction") or 0.0
        if eps is not None and am is not None and eps + am + add > 1 + 1e-12:
            extra = (f" + additive ('{dom} electrode additive volume fraction') {add:g}"
                     if add else "")
            raise InputError(
                f"{dom} electrode volume fractions sum above 1: SE ('{dom} electrode "
                f"porosity') {eps:g} + active material {am:g}{extra} = "
                f"{eps + am + add:g}; their sum must be <= 1 (the rest is voids, binder "
                "or carbon)."
            )
    v_lo, v_hi = _num(pv, "Lower voltage cut-off [V]"), _num(pv, "Upper voltage cut-off [V]")
    if v_lo is not None and v_hi is not None and not v_lo < v_hi:
        raise InputError(f"Lower voltage cut-off ({v_lo:g} V) must be below the upper "
                         f"cut-off ({v_hi:g} V).")
    t0 = _num(pv, "Polymer electrolyte VTF Vogel temperature [K]")
    if t0 is not None:
        for name in ("Ambient temperature [K]", "Initial temperature [K]",
                     "Polymer electrolyte VTF reference temperature [K]"):
            T = _num(pv, name)
            if T is not None and not T > t0:
                raise InputError(
                    f"'Polymer electrolyte VTF Vogel temperature [K]' ({t0:g} K) must be "
                    f"below '{name}' ({T:g} K): the VTF law exp(-B/(T - T0)) diverges at "
                    "T = T0 and has no meaning below it.")


#: C-rates a run may ask for. Assumed: 1000C is a 3.6 s discharge, beyond what a
#: C-rate means for any cell (the double layer and the contacts' resistance set the
#: current then, not the capacity); C/10000 is a 10,000 h (14-month) discharge, over
#: which self-discharge and interphase growth, not the rate, set the capacity. Both ends
#: are also where PyBaMM's step strings stop reading the number ("1e+06C").
C_RATE_RANGE = (1e-4, 1e3)


def _finite(x):
    """math.isfinite that is False (not an OverflowError) for an int beyond a float."""
    try:
        return math.isfinite(x)
    except OverflowError:
        return False


def check_c_rate(c_rate, what="C-rate"):
    """A C-rate in :data:`C_RATE_RANGE` (``what`` names it in the message)."""
    if c_rate is None:
        return
    lo, hi = C_RATE_RANGE
    if isinstance(c_rate, bool) or not isinstance(c_rate, numbers.Number) \
            or not _finite(c_rate):
        raise InputError(f"{what} must be a finite number > 0, got {str(c_rate)[:40]}.")
    if c_rate <= 0:
        raise InputError(f"{what} must be a number > 0, got {c_rate!r}.")
    if not lo <= c_rate <= hi:
        raise InputError(
            f"{what} {c_rate:g} is outside {lo:g} to {hi:g}: "
            + (f"{hi:g}C is a {3600 / hi:g} s discharge, beyond what a C-rate means for "
               "any cell" if c_rate > hi else
               f"C/{1 / lo:g} is a {1 / lo:g} h discharge, over which self-discharge and "
               "interphase growth, not the rate, set the capacity")
            + " (assumed bounds).")


_STEP_QUANTITY = {"CRate": ("C-rate", "C"), "Current": ("current", "A"),
                  "Power": ("power", "W"), "Resistance": ("resistance", "Ohm"),
                  "Voltage": ("voltage", "V")}


def check_step(text):
    """One PyBaMM step string (placeholders filled) read by PyBaMM's own parser
    (:func:`pybamm.step.string`): its C-rate, current, power, resistance or voltage, its
    duration and its current, C-rate or voltage terminations must be > 0 (the direction
    is the step's word, "Discharge" or "Charge", not a sign). Raise one
    :class:`InputError` naming the step. A string PyBaMM cannot read is left to the
    experiment's build (which names the step); a zero C-rate ("0C", "C/0") is refused
    here (PyBaMM divides by it)."""
    import pybamm

    try:
        step = pybamm.step.string(text)
    except ZeroDivisionError:
        raise InputError(f"step '{text}': the C-rate must be > 0, got 0 (a rest is "
                         "'Rest for 10 minutes').") from None
    except Exception:  # not a step string: reported when the experiment is built
        return
    kind = type(step).__name__
    word = text.split()[0] if text.split() else ""
    if kind in _STEP_QUANTITY and isinstance(step.value, numbers.Number):
        quantity, unit = _STEP_QUANTITY[kind]
        written = -step.value if word == "Charge" else step.value
        if not written > 0:
            how = (" (the direction is the word: 'Discharge at 1C' or 'Charge at 1C')"
                   if kind != "Voltage" else " (every cell's voltage is positive)")
            raise InputError(f"step '{text}': the {quantity} must be > 0{how}, got "
                             f"{written:g} {unit}.")
    duration = step.duration
    if isinstance(duration, numbers.Number) and not duration > 0:
        raise InputError(f"step '{text}': the duration must be > 0, got {duration:g} s.")
    for term in step.termination:
        value = getattr(term, "value", None)
        name = type(term).__name__
        if not isinstance(value, numbers.Number):
            continue
        if name == "VoltageTermination" and not value > 0:
            raise InputError(f"step '{text}': the voltage cut-off must be > 0 V (every "
                             f"cell's voltage is positive), got {value:g} V.")
        if (name in ("CurrentTermination", "CRateTermination", "CrateTermination")
                and getattr(term, "operator", None) is None and not value > 0):
            unit = "A" if name == "CurrentTermination" else "C"
            raise InputError(f"step '{text}': the step ends when |current| falls below "
                             f"its limit, which must be > 0, got {value:g} {unit} (it would "
                             "never end).")


def check_temperature_C(temperature_C, cell=None):
    """A temperature [C] above absolute zero and, for a ``cell`` (its module), inside the
    range where that cell's property laws hold (``CELL.temperature_range_C``)."""
    if temperature_C is None:
        return
    if isinstance(temperature_C, bool) or not isinstance(temperature_C, numbers.Number) \
            or not _finite(temperature_C):
        raise InputError(f"Temperature must be a finite number [C], got "
                         f"{str(temperature_C)[:40]}.")
    if temperature_C <= ABSOLUTE_ZERO_C:
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
    from .submodels.interface.resistive import interphase_asr_error

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
        if value is not None and value <= 0:
            raise interphase_asr_error(domain, name, value)
    if ssb["space charge"] != "none" and "Space-charge partition factor" not in pv.keys():
        raise InputError(
            f"'space charge': '{ssb['space charge']}' needs the cell's space-charge and "
            f"buffer-layer parameters, which '{cell_id}' does not have. Cells with them: "
            + ", ".join(_cells_with("Space-charge partition factor")) + ".")


def _cells_with(name):
    from .parameters.registry import cells, parameter_values

    return [c for c in cells() if name in parameter_values(c).keys()]
