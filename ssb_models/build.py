"""Inputs to a run, checked and assembled: model options, the model, the
parameter values of a prepared experiment and the run's signature.

Import direction (no cycles): ``experiments`` (spec) -> ``build`` -> ``runner`` /
``procedures`` -> ``results`` -> ``outputs``; ``simulation`` is the public API on top.
"""

import json

from . import validation
from .errors import InputError
from .experiments import ExperimentSpec, load_experiment
from .parameters.registry import get_cell
from .parameters.registry import parameter_values as cell_parameter_values

CELSIUS = 273.15


def model_options(cell_module, options=None):
    """The cell's model options updated with the user's, validated (PyBaMM's
    and ssb's keys); raises :class:`InputError` naming the bad key or value."""
    import difflib

    import pybamm

    from .models.solid_state_dfn import SSB_OPTIONS, split_options

    merged = {**cell_module.CELL.model_options, **dict(options or {})}
    known = ["model"] + list(SSB_OPTIONS) + list(pybamm.BatteryModelOptions({}).possible_options)
    for key in options or {}:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
            hint = (" Closest: " + "; ".join(f"'{c}'" for c in close) + ".") if close else ""
            raise InputError(f"Unknown model option '{key}'.{hint} ssb options: "
                             f"{', '.join(SSB_OPTIONS)}; the rest are PyBaMM's "
                             "(pybamm.BatteryModelOptions).")
    try:
        ssb, pybamm_options = split_options(merged)
        pybamm.BatteryModelOptions(pybamm_options)
    except pybamm.OptionError as exc:
        raise InputError(f"Invalid model option: {str(exc).strip()}") from None
    _check_model_choice(cell_module, merged, ssb, pybamm_options)
    _check_cell_design(cell_module, options or {}, pybamm_options, ssb)
    _check_interphase(cell_module, pybamm_options)
    return merged


def _check_interphase(cell_module, pybamm_options):
    """PyBaMM's option "SEI" (interphase growth, docs/interphase.md) needs the law's
    parameters in the cell."""
    from .parameters.interphase import SEI_LAW_PARAMETERS

    sei = pybamm_options.get("SEI", "none")
    law = sei[0] if isinstance(sei, tuple) else sei
    if law == "none":
        return
    names = {e.name for e in cell_module.ENTRIES}
    needed = SEI_LAW_PARAMETERS.get(law)
    missing = [n for n in needed if n not in names] if needed else None
    if needed is None or missing:
        have = [k for k, v in SEI_LAW_PARAMETERS.items() if all(n in names for n in v)]
        what = ("parameters this package does not carry for any cell" if needed is None
                else "; ".join(missing))
        raise InputError(
            f"Option 'SEI': '{law}' needs {what}, which cell '{cell_module.CELL.id}' "
            f"does not have. Laws with the cell's parameters: "
            f"{', '.join(repr(h) for h in have) or 'none'} (docs/interphase.md).")


#: thermal options the shipped cells have parameters for (docs/thermal.md)
THERMAL_OPTIONS = ("isothermal", "lumped", "x-lumped")

#: options that are the cell's design, not a modelling choice: a cell has the
#: parameters for its own value only
_DESIGN_OPTIONS = ("electrolyte", "working electrode")


#: a parameter only cells with the Li-contact submodel's parameters have
CONTACT_PARAMETER = "Lithium void depth [m]"


def _missing_parameters(cell_module, name):
    return name not in {e.name for e in getattr(cell_module, "ENTRIES", [])}


def _check_cell_design(cell_module, options, pybamm_options, ssb=None):
    from .parameters.registry import cells

    ssb = ssb or {}

    for key in _DESIGN_OPTIONS:
        if key not in options:
            continue
        value, own = str(options[key]), str(cell_module.CELL.model_options.get(key))
        if value != own:
            others = sorted(cid for cid, m in cells().items()
                      if str(m.CELL.model_options.get(key)) == value)
            raise InputError(
                f"Option '{key}': '{value}' does not fit cell '{cell_module.CELL.id}', which "
                f"is built as '{key}': '{own}' and has only the parameters for that. "
                + (f"Cells with '{value}': {', '.join(others)}." if others else
                   f"No shipped cell has '{value}'."))
    thermal = pybamm_options.get("thermal", "isothermal")
    if thermal not in THERMAL_OPTIONS:
        raise InputError(
            f"Option 'thermal': '{thermal}' resolves temperature across the cell and needs "
            "layer thermal conductivities, which the shipped cells do not have (a lab cell "
            "has a Biot number ~1e-3, so its temperature is uniform: docs/thermal.md). "
            f"Allowed: {', '.join(repr(t) for t in THERMAL_OPTIONS)}.")
    if ssb.get("lithium contact", "static") != "static":
        missing = _missing_parameters(cell_module, CONTACT_PARAMETER)
        if missing:
            have = sorted(cid for cid, m in cells().items()
                          if not _missing_parameters(m, CONTACT_PARAMETER))
            raise InputError(
                f"Option 'lithium contact': 'voids' needs the Li-contact parameters "
                f"(e.g. '{CONTACT_PARAMETER}', docs/lithium_contact.md), which cell "
                f"'{cell_module.CELL.id}' does not have. Cells with them: "
                f"{', '.join(have) or 'none'}.")
    utilisation = pybamm_options.get("interface utilisation", "full")
    values = utilisation if isinstance(utilisation, tuple) else (utilisation,)
    if "current-driven" in values:
        raise InputError(
            "Option 'interface utilisation': 'current-driven' needs the current-driven "
            "utilisation coefficients ('Negative/Positive electrode current-driven interface "
            "utilisation coefficient [m3.mol-1]'), which no shipped cell has. Allowed: "
            "'full' or 'constant' (a fixed contact fraction, docs/interfaces.md).")


def _check_model_choice(cell_module, merged, ssb, pybamm_options):
    from .models.solid_state_dfn import MODELS

    model = merged.get("model", "p2d")
    if model not in MODELS:
        raise InputError(f"Unknown model '{model}'; allowed: {', '.join(MODELS)}.")
    if model != "reduced":
        return
    from .models.solid_state_spme import unsupported

    why = unsupported(ssb, pybamm_options)
    if why:
        raise InputError(f"The reduced model cannot run cell '{cell_module.CELL.id}' with "
                         f"these options: {why}. Use --model p2d.")


def run_options(spec, options=None):
    """The user's model options plus what the experiment needs: an impedance run (and
    cycle life, which takes spectra) uses the surface form (double layers); the
    critical current needs the Li contact as a state. Checked before any solve."""
    options = dict(options or {})
    if spec.type in ("eis", "cycle-life"):
        options["surface form"] = "differential"
    if spec.type == "critical-current":
        options["lithium contact"] = "voids"
    return options


def prepare(cell, experiment="discharge", c_rate=None, temperature_C=None,
            overrides=None, options=None):
    """Validate every input and return ``(cell_module, spec, parameter_values,
    c_rate)`` ready to solve. Raises :class:`InputError` before any solve."""
    module = get_cell(cell)
    spec = experiment if isinstance(experiment, ExperimentSpec) else load_experiment(experiment)
    model_options(module, run_options(spec, options))
    validation.check_c_rate(c_rate)
    validation.check_temperature_C(temperature_C, module)
    c_rate = spec.c_rate if c_rate is None else float(c_rate)
    pv = cell_parameter_values(module.CELL.id)
    overrides = dict(overrides or {})
    validation.check_names(overrides, pv)
    pv.update(overrides)
    if temperature_C is not None:
        T = float(temperature_C) + CELSIUS
        pv.update({"Ambient temperature [K]": T, "Initial temperature [K]": T})
    validation.check_physical(pv)
    validation.check_interfaces(pv, model_options(module, run_options(spec, options)),
                                module.CELL.id)
    from .parameters.derived import update_derived

    update_derived(pv, initial_soc=spec.initial_soc, options=module.CELL.model_options)
    return module, spec, pv, c_rate


def model_for(cell, options=None):
    """The model a cell needs, for plain PyBaMM use: ``model_for("LTO_LGPS_LCO")`` is
    ``SolidStateDFN({"electrolyte": "single-ion", "working electrode": "both"})``.
    ``cell`` is a cell id or PyBaMM parameter-set name; ``options`` are added (and
    checked: a wrong combination is an :class:`InputError` naming the option)."""
    return build_model(get_cell(cell), options)


#: what sets the rate or the temperature of experiment types that do not take --c-rate /
#: --temperature (their own TOML keys)
_OWN_RATES = {"rate-capability": "its 'c_rates' list", "temperature-ladder":
              "its 'c_rates' list", "gitt": "its 'c_rate' (the pulse current)",
              "pulse": "its 'pulse_c_rate' and 'c_rate'", "eis": "no current (impedance "
              "at rest)", "critical-current": "its current staircase ('start_mA_cm2', "
              "'step_mA_cm2', 'max_mA_cm2')", "cycle-life": "its 'c_rate' and "
              "'charge_c_rate'"}


def run_signature(spec, module, c_rate=None, temperature_C=None, overrides=None,
                  options=None):
    """What identifies a run: experiment, cell, model, rate, temperature, options and
    overrides, and a short hash of them (output folder names, summary.json "run")."""
    import hashlib

    opts = {k: str(v) for k, v in dict(options or {}).items()}
    model = opts.pop("model", "p2d")
    body = {"experiment": spec.name, "steps": getattr(spec, "data", {}).get("steps"),
            "cell": module.CELL.id, "model": model, "c_rate": c_rate,
            "temperature_C": temperature_C, "options": dict(sorted(opts.items())),
            "overrides": dict(sorted(dict(overrides or {}).items()))}
    digest = hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return {**body, "hash": digest[:8]}


def _check_flags_apply(spec, c_rate, temperature_C):
    """Refuse a --c-rate or --temperature that an experiment type would ignore."""
    if c_rate is not None and spec.type in _OWN_RATES:
        raise InputError(
            f"--c-rate does not apply to the '{spec.name}' experiment (type '{spec.type}'): "
            f"its rates come from {_OWN_RATES[spec.type]}. Copy its TOML (ssb experiments; "
            "docs/experiments.md), set them there and run the file.")
    if temperature_C is not None and spec.type == "critical-current" and \
            spec["temperatures_C"]:
        raise InputError(
            f"--temperature does not apply to the '{spec.name}' experiment: it runs at each "
            "of its 'temperatures_C'. Copy its TOML and set them there (or remove them to "
            "use --temperature).")
    if temperature_C is not None and spec.type == "temperature-ladder":
        raise InputError(
            f"--temperature does not apply to the '{spec.name}' experiment: it runs at each "
            "of its 'temperatures_C'. Copy its TOML and set them there.")


def build_model(cell_module, options=None):
    """The cell's model: :class:`SolidStateDFN` (P2D), or :class:`SolidStateSPMe` when
    the options hold ``"model": "reduced"``."""
    from .models import SolidStateDFN, SolidStateSPMe

    opts = model_options(cell_module, options)
    cls = SolidStateSPMe if opts.pop("model", "p2d") == "reduced" else SolidStateDFN
    return cls(opts)
