"""Model options of a cell, checked: the cell's own merged with the user's, PyBaMM's
and ssb's keys validated (one place), and the model they select
(:class:`~ssb_models.models.SolidStateDFN` or, with ``"model": "reduced"``,
:class:`~ssb_models.models.SolidStateSPMe`). ``docs/model.md`` lists the options.
"""

from ..errors import InputError, closest_names


def model_options(cell_module, options=None):
    """The cell's model options updated with the user's, validated (PyBaMM's
    and ssb's keys); raises :class:`InputError` naming the bad key or value."""
    import pybamm

    from .solid_state_dfn import SSB_OPTIONS, split_options

    merged = {**cell_module.CELL.model_options, **dict(options or {})}
    known = ["model"] + list(SSB_OPTIONS) + list(pybamm.BatteryModelOptions({}).possible_options)
    for key in options or {}:
        if key not in known:
            close = closest_names(key, known)
            hint = (" Closest: " + "; ".join(f"'{c}'" for c in close) + ".") if close else ""
            raise InputError(f"Unknown model option '{key}'.{hint} ssb options: "
                             f"{', '.join(SSB_OPTIONS)}; the rest are PyBaMM's "
                             "(pybamm.BatteryModelOptions).")
    try:
        ssb, pybamm_options = split_options(merged)
        pybamm.BatteryModelOptions(pybamm_options)
    except pybamm.OptionError as exc:
        raise InputError(f"Invalid model option: {str(exc).strip()}") from None
    check_model_choice(cell_module, merged, ssb, pybamm_options)
    check_cell_design(cell_module, options or {}, pybamm_options, ssb)
    check_interphase(cell_module, pybamm_options)
    return merged


def check_interphase(cell_module, pybamm_options):
    """PyBaMM's option "SEI" (interphase growth, docs/interphase.md) needs the law's
    parameters in the cell."""
    from ..parameters.interphase import SEI_LAW_PARAMETERS

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
DESIGN_OPTIONS = ("electrolyte", "working electrode")


#: a parameter only cells with the Li-contact submodel's parameters have
CONTACT_PARAMETER = "Lithium void depth [m]"


def missing_parameters(cell_module, name):
    return name not in {e.name for e in getattr(cell_module, "ENTRIES", [])}


def check_cell_design(cell_module, options, pybamm_options, ssb=None):
    from ..parameters.registry import cells

    ssb = ssb or {}

    for key in DESIGN_OPTIONS:
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
        missing = missing_parameters(cell_module, CONTACT_PARAMETER)
        if missing:
            have = sorted(cid for cid, m in cells().items()
                          if not missing_parameters(m, CONTACT_PARAMETER))
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


def check_model_choice(cell_module, merged, ssb, pybamm_options):
    from .solid_state_dfn import MODELS

    model = merged.get("model", "p2d")
    if model not in MODELS:
        raise InputError(f"Unknown model '{model}'; allowed: {', '.join(MODELS)}.")
    if model != "reduced":
        return
    from .solid_state_spme import unsupported

    why = unsupported(ssb, pybamm_options)
    if why:
        raise InputError(f"The reduced model cannot run cell '{cell_module.CELL.id}' with "
                         f"these options: {why}. Use --model p2d.")


def build_model(cell_module, options=None):
    """The cell's model: :class:`SolidStateDFN` (P2D), or :class:`SolidStateSPMe` when
    the options hold ``"model": "reduced"``."""
    from . import SolidStateDFN, SolidStateSPMe

    opts = model_options(cell_module, options)
    cls = SolidStateSPMe if opts.pop("model", "p2d") == "reduced" else SolidStateDFN
    model = cls(opts)
    meshes = getattr(cell_module.CELL, "meshes", None)
    if meshes:
        model.cell_meshes = meshes
    return model


def model_for(cell, options=None):
    """The model a cell needs, for plain PyBaMM use: ``model_for("LTO_LGPS_LCO")`` is
    ``SolidStateDFN({"electrolyte": "single-ion", "working electrode": "both"})``.
    ``cell`` is a cell id or PyBaMM parameter-set name; ``options`` are added (and
    checked: a wrong combination is an :class:`InputError` naming the option)."""
    from ..parameters.registry import get_cell

    return build_model(get_cell(cell), options)
