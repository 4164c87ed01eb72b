"""Prepared inputs: a cell and an experiment spec checked, overridden and derived once,
into one :class:`Prepared` object that the experiment's ``run`` receives.

The pipeline (``docs/architecture.md``): cell + experiment spec -> :func:`prepare` ->
:class:`Prepared` -> the type's ``run`` (solve) -> :class:`~ssb_models.results.Result`
-> the type's ``write`` (files). Every check here runs before any model is built or
solved; each failure is one :class:`~ssb_models.errors.InputError`.

:func:`checked_values` is the one home of the check -> override -> temperature sequence
(the discharge runner, compare and the space-charge tables use it too).
"""

import hashlib
import json
from dataclasses import dataclass, field

from .. import checks
from ..errors import InputError
from ..physics.constants import CELSIUS_OFFSET
from ..parameters.registry import get_cell
from ..parameters.registry import parameter_values as cell_parameter_values
from . import registry
from .spec import ExperimentSpec, load_experiment

TEMPERATURES = ("Ambient temperature [K]", "Initial temperature [K]")


def checked_values(cell, overrides=None, temperature_C=None, options=None):
    """``(cell module, parameter values)``: the cell's values with ``overrides`` (names
    checked: unknown names get the closest ones) and the temperature [C] applied, range
    checked (:func:`ssb_models.checks.check_physical`) and, with the merged model
    ``options``, checked against the interface options. Derived values are not filled:
    see :func:`derive`."""
    module = get_cell(cell) if isinstance(cell, str) else cell
    checks.check_temperature_C(temperature_C, module)
    pv = cell_parameter_values(module.CELL.id)
    overrides = dict(overrides or {})
    checks.check_names(overrides, pv)
    check_override_types(overrides)
    check_not_derived(module, overrides)
    pv.update(overrides)
    if temperature_C is not None:
        pv.update(dict.fromkeys(TEMPERATURES, float(temperature_C) + CELSIUS_OFFSET))
    checks.check_physical(pv, cell=module)
    if options is not None:
        checks.check_interfaces(pv, options, module.CELL.id)
    return module, pv


def check_override_types(overrides):
    """Refuse an override that cannot be one parameter value: a list, tuple, set or
    dict (PyBaMM would keep the cell's value, silently), a bool, or an integer beyond
    a float (an OverflowError later)."""
    for name, value in overrides.items():
        if isinstance(value, (bool, list, tuple, set, frozenset, dict)):
            raise InputError(f"'{name}' must be one number, got {str(value)[:80]!r}.")
        if isinstance(value, int):
            try:
                float(value)
            except OverflowError:
                digits = int(value.bit_length() * 0.30103) + 1  # str() stops at 4300
                raise InputError(f"'{name}' must be a finite number, got an integer of "
                                 f"about {digits} digits.") from None


def check_not_derived(module, overrides):
    """Refuse an override of a derived value (it would be recomputed, silently)."""
    derived = {e.name for e in getattr(module, "ENTRIES", ()) if e.value is None}
    for name in overrides:
        if name in derived:
            raise InputError(
                f"'{name}' is derived from the cell's other values (the capacity from the "
                "cathode's loading and stoichiometry window, the 1C current from the "
                "capacity, the initial concentrations from the state of charge, densities "
                "and heat capacities from the layers; ssb cells --parameters "
                f"{module.CELL.id} marks them), so an override would be replaced. Set the "
                "values it is derived from, or --c-rate.")


def derive(pv, module, initial_soc=1.0):
    """Fill the derived values of ``pv`` in place (capacity, 1C current, initial
    concentrations at ``initial_soc``); return the stoichiometry windows."""
    from ..parameters.derived import update_derived

    return update_derived(pv, initial_soc=initial_soc, options=module.CELL.model_options)


def run_signature(spec, module, c_rate=None, temperature_C=None, overrides=None,
                  options=None):
    """What identifies a run: experiment, cell, model, rate, temperature, options and
    overrides, and a short hash of them (output folder names, summary.json "run")."""
    opts = {k: str(v) for k, v in dict(options or {}).items()}
    model = opts.pop("model", "p2d")
    body = {"experiment": spec.name, "steps": getattr(spec, "data", {}).get("steps"),
            "cell": module.CELL.id, "model": model, "c_rate": c_rate,
            "temperature_C": temperature_C, "options": dict(sorted(opts.items())),
            "overrides": dict(sorted(dict(overrides or {}).items()))}
    digest = hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return {**body, "hash": digest[:8]}


@dataclass(frozen=True)
class Prepared:
    """A run's inputs, checked once (see :func:`prepare`).

    Attributes
    ----------
    cell : module
        The cell (``CELL``, ``ENTRIES``; :func:`ssb_models.parameters.cells`).
    spec : ExperimentSpec
    c_rate : float or None
        The run's C-rate (the user's, else the spec's).
    temperature_C : float or None
        The user's temperature [C] (None: the cell's).
    overrides, options : dict
        The user's parameter overrides and model options.
    run_options : dict
        ``options`` plus what the experiment needs (double layers for impedance, the
        Li contact state for the critical current).
    model_options : dict
        The cell's options merged with ``run_options``, as strings (summaries).
    base : pybamm.ParameterValues
        Checked values with the overrides, at the cell's temperature, not derived.
    parameter_values : pybamm.ParameterValues
        ``base`` at the run's temperature, derived at the experiment's initial SOC.
    signature : dict
        :func:`run_signature` of the run.
    """

    cell: object
    spec: ExperimentSpec
    c_rate: float | None
    temperature_C: float | None
    overrides: dict
    options: dict
    run_options: dict
    model_options: dict
    base: object = field(repr=False)
    parameter_values: object = field(repr=False)
    signature: dict = field(default_factory=dict)

    @property
    def experiment(self):
        """The handler of the spec's type (:mod:`ssb_models.experiments.registry`)."""
        return registry.get(self.spec.type)

    @property
    def cell_id(self):
        return self.cell.CELL.id

    def values(self, initial_soc=1.0, temperature_C=None, overrides=None):
        """A fresh derived copy of the values at ``initial_soc``: at ``temperature_C``
        (default: the run's), with extra ``overrides`` (checked) on top of the user's."""
        pv = self.base.copy()
        extra = dict(overrides or {})
        if extra:
            checks.check_names(extra, pv)
            pv.update(extra)
        T = self.temperature_C if temperature_C is None else temperature_C
        if T is not None:
            checks.check_temperature_C(T, self.cell)
            pv.update(dict.fromkeys(TEMPERATURES, float(T) + CELSIUS_OFFSET))
        if extra or T is not None:
            checks.check_physical(pv, names=list(extra) + list(TEMPERATURES),
                                  cell=self.cell)
            checks.check_interfaces(pv, self.merged_options(), self.cell_id)
        derive(pv, self.cell, initial_soc)
        return pv

    @property
    def mesh(self):
        """The :class:`~ssb_models.mesh.Mesh` the run's model uses (option "mesh")."""
        from ..mesh import FALLBACK, PRESETS

        preset = str(self.model_options.get("mesh", PRESETS[0]))
        return getattr(self.cell.CELL, "meshes", {}).get(preset, FALLBACK)

    def merged_options(self, options=None):
        """The validated merged options (the cell's + ``options``, default the run's)."""
        from ..models.options import model_options

        return model_options(self.cell, self.run_options if options is None else options)

    def build_model(self, options=None):
        """The model of the run (``options`` default: :attr:`run_options`)."""
        from ..models.options import build_model

        return build_model(self.cell, self.run_options if options is None else options)


def prepare(cell, experiment="discharge", c_rate=None, temperature_C=None,
            overrides=None, options=None):
    """Check every input of a run and return its :class:`Prepared` inputs. Raises
    :class:`~ssb_models.errors.InputError` before any solve.

    Parameters
    ----------
    cell : str
        Cell id (``ssb cells``) or PyBaMM parameter-set name.
    experiment : str or ExperimentSpec
        Predefined name, TOML path or a parsed spec.
    c_rate : float, optional
        C-rate (default: the experiment's); refused for types with their own rates.
    temperature_C : float, optional
        Temperature [C] (default: the cell's).
    overrides : dict, optional
        ``{"Name [unit]": value}``.
    options : dict, optional
        Model options on top of the cell's.
    """
    from ..models.options import model_options

    for what, value in (("overrides", overrides), ("options", options)):
        if value is not None and not isinstance(value, dict):
            raise InputError(f"{what} must be a dict ({{'Name [unit]': value}} / "
                             f"{{'option': 'value'}}), got {type(value).__name__} "
                             f"{str(value)[:60]!r}.")
    module = get_cell(cell)
    spec = experiment if isinstance(experiment, ExperimentSpec) else load_experiment(experiment)
    handler = registry.get(spec.type)
    handler.check_flags(spec, c_rate, temperature_C)
    handler.check_overrides(spec, overrides)
    options = dict(options or {})
    run_opts = handler.run_options(options)
    merged = model_options(module, run_opts)
    checks.check_c_rate(c_rate)
    checks.check_temperature_C(temperature_C, module)
    overrides = dict(overrides or {})
    _, base = checked_values(module, overrides, None, merged)
    pv = base.copy()
    if temperature_C is not None:
        pv.update(dict.fromkeys(TEMPERATURES, float(temperature_C) + CELSIUS_OFFSET))
        checks.check_physical(pv, names=TEMPERATURES, cell=module)
    derive(pv, module, handler.initial_soc(spec))
    prepared = Prepared(
        cell=module, spec=spec, c_rate=spec.c_rate if c_rate is None else float(c_rate),
        temperature_C=temperature_C, overrides=overrides, options=options,
        run_options=run_opts, model_options={k: str(v) for k, v in merged.items()},
        base=base, parameter_values=pv,
        signature=run_signature(spec, module, c_rate, temperature_C, overrides, options))
    handler.check(prepared)
    return prepared
