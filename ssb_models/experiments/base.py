"""The base class of an experiment type: the hooks every type gives, with defaults.

A type is one module of this package with one subclass of :class:`Experiment`,
registered with :func:`~ssb_models.experiments.registry.register`, and one predefined
TOML in ``experiments/`` (``docs/architecture.md``, "Adding an experiment").
"""

import math
import time

from ..errors import InputError


class Experiment:
    """One experiment type. Subclasses set the class attributes and override the hooks
    that differ; the registry holds one instance per type.

    Attributes
    ----------
    type : str
        The name of the type (the TOML's ``type``).
    KEYS : dict
        Type-specific TOML keys: ``{key: (python type, default)}``, default None =
        required.
    NOT_POSITIVE : tuple
        Numeric keys exempt from the "> 0" check (checked by :meth:`parse`).
    DEFAULT_ZERO : tuple
        Numeric keys whose default 0 means "not given" (exempt unless given).
    NUMBER_LISTS, MAY_BE_EMPTY : tuple
        List keys read as lists of finite numbers; those that may be empty.
    OWN_RATE : str or None
        What sets this type's current, if not ``--c-rate`` (then ``--c-rate`` is
        refused, naming it).
    NEEDS_OPTIONS : dict
        Model options the type adds to the user's (checked with them).
    """

    type = ""
    KEYS = {}
    NOT_POSITIVE = ("initial_soc", "period_s")
    DEFAULT_ZERO = ()
    NUMBER_LISTS = ()
    MAY_BE_EMPTY = ()
    OWN_RATE = None
    NEEDS_OPTIONS = {}
    #: scalar metrics: {name: unit}; per condition for types with :meth:`conditions`
    METRICS = {}
    #: summary key of the per-condition rows (types with :meth:`conditions`)
    ROWS = None
    #: True for a type whose ``run`` writes its files as it goes (``out_dir``)
    WRITES_AS_IT_GOES = False

    # ------------------------------------------------------------ schema, checks
    def parse(self, settings, data, source):
        """The :class:`~ssb_models.experiments.spec.ExperimentSpec` of a validated
        TOML mapping (``settings``: the type's keys with defaults)."""
        from .spec import ExperimentSpec

        return ExperimentSpec(name=data["name"], description=data["description"], steps=(),
                              c_rate=float(settings.get("c_rate", 1.0)), source=source,
                              type=self.type,
                              period_s=float(settings.get("period_s") or 0) or None,
                              settings=settings)

    def owns_temperature(self, spec):
        """True if the spec sets its own temperatures (``--temperature`` refused)."""
        return False

    def owned_parameters(self, spec):
        """``{parameter name: what sets it}`` for parameters the experiment sets itself
        (an override of one would be silently replaced, so it is refused)."""
        return {}

    def check_overrides(self, spec, overrides):
        """Refuse an override of a parameter the experiment sets itself."""
        owned = self.owned_parameters(spec)
        for name in overrides or {}:
            if name in owned:
                raise InputError(
                    f"'{name}' is set by the '{spec.name}' experiment itself (from "
                    f"{owned[name]}), so an override would be ignored. Copy its TOML (ssb "
                    "experiments; docs/experiments.md), set it there and run the file.")

    def check_flags(self, spec, c_rate, temperature_C):
        """Refuse a ``--c-rate`` or ``--temperature`` that this type would ignore."""
        if c_rate is not None and self.OWN_RATE:
            raise InputError(
                f"--c-rate does not apply to the '{spec.name}' experiment (type "
                f"'{spec.type}'): its rates come from {self.OWN_RATE}. Copy its TOML (ssb "
                "experiments; docs/experiments.md), set them there and run the file.")
        if temperature_C is not None and self.owns_temperature(spec):
            raise InputError(
                f"--temperature does not apply to the '{spec.name}' experiment: it runs "
                "at each of its 'temperatures_C'. Copy its TOML and set them there"
                + (" (or remove them to use --temperature)." if self.type ==
                   "critical-current" else "."))

    def run_options(self, options):
        """The user's model options plus what the experiment needs."""
        return {**dict(options or {}), **self.NEEDS_OPTIONS}

    def initial_soc(self, spec):
        """The state of charge the run starts from (the prepared values' SOC)."""
        return spec.initial_soc

    def check(self, prepared):
        """Checks that need the prepared values (the end of
        :func:`~ssb_models.experiments.prepare`, before any solve); raise
        :class:`~ssb_models.errors.InputError`."""

    # ------------------------------------------------------------ solve, files
    def run(self, prepared, out_dir=None):
        """Solve the prepared run; a :class:`~ssb_models.results.Result` (files are
        written by :meth:`write`; a type that writes as it goes uses ``out_dir``)."""
        raise NotImplementedError

    def write(self, result, out_dir):
        """Write the result's files; return ``{kind: path}``."""
        from ..files import write_tables

        return write_tables(result, out_dir, self.figures)

    def figures(self, out, result, title):
        """The type's figures (``{kind: path}``) for :meth:`write`."""
        return {}

    def report(self, result):
        """Lines that ``ssb run`` prints for the result (not with --json)."""
        s = result.summary
        return [f"{s['cell']} {s['experiment']}"]

    # ------------------------------------------------------------ metrics
    def conditions(self, spec):
        """``[(suffix, row selector)]``: the conditions a run has one metric row for
        (``[("", None)]`` for a type with one set of metrics)."""
        return [("", None)]

    def metrics(self, spec):
        """``{metric name: unit}`` of a spec, before any solve (sweeps check them)."""
        return {f"{m}{suffix}": unit for suffix, _ in self.conditions(spec)
                for m, unit in self.METRICS.items()}

    def values(self, spec, result):
        """``{metric: value}`` of a one-condition type (override); a per-condition type
        reads its rows (:attr:`ROWS`)."""
        rows = result.summary.get(self.ROWS) or []
        out = {}
        for suffix, sel in self.conditions(spec):
            row = next((r for r in rows if _match(r, sel)), None)
            for m in self.METRICS:
                out[f"{m}{suffix}"] = number(row.get(m)) if row is not None else None
        return out

    def extract(self, spec, result, names=None):
        """``{name: float or None}`` for ``names`` (default: all of :meth:`metrics`); a
        value the run did not produce is None (NaN in a sweep's files), never made up."""
        names = list(self.metrics(spec) if names is None else names)
        out = self.values(spec, result)
        return {n: out.get(n) for n in names}


def number(v):
    """A finite float, or None (missing, a string, NaN or inf)."""
    if v is None or isinstance(v, str):
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _match(row, sel):
    return all(abs(float(row.get(k, math.nan)) - v) <= 1e-9 * max(1.0, abs(v))
               for k, v in sel.items())


def fmt(x):
    """A condition's number as written in metric names (``2`` -> "2", 0.5 -> "0.5")."""
    return f"{float(x):g}"


def solve_steps(model, pv, steps, period_s=None, termination=None):
    """Solve PyBaMM step strings (``[cycle, ...]``, each a tuple of steps) with IDAKLU;
    ``(solution, solve time [s])``."""
    import pybamm

    experiment = pybamm.Experiment(steps, period=f"{period_s:g} seconds" if period_s else None,
                                   termination=termination)
    sim = pybamm.Simulation(model, experiment=experiment, parameter_values=pv,
                            solver=pybamm.IDAKLUSolver())
    t0 = time.perf_counter()
    sol = sim.solve()
    return sol, time.perf_counter() - t0


__all__ = ["Experiment", "fmt", "number", "solve_steps"]
