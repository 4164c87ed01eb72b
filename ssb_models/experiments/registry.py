"""The one registry of experiment types: every part that depends on the type (schema,
prepare, run, metrics, files, the CLI's report, sweeps) asks :func:`get`.

A type registers itself with the :func:`register` class decorator in its own module;
``ssb_models/experiments/__init__.py`` imports the modules (in the order the types are
listed to users), and Python runs it before this module, so the registry is full
whenever it is used. ``docs/architecture.md`` shows how to add one.
"""

from ..errors import InputError, did_you_mean

_TYPES = {}


def register(cls):
    """Class decorator: make ``cls`` (a subclass of
    :class:`~ssb_models.experiments.base.Experiment`) the handler of ``cls.type``."""
    if cls.type in _TYPES:
        raise RuntimeError(f"experiment type {cls.type!r} registered twice")
    _TYPES[cls.type] = cls()
    return cls


def types():
    """The experiment type names, in registration order."""
    return tuple(_TYPES)


def get(type_name):
    """The handler (an :class:`~ssb_models.experiments.base.Experiment`) of a type."""
    try:
        return _TYPES[type_name]
    except KeyError:
        raise InputError(f"Unknown experiment type {type_name!r}."
                         + did_you_mean(type_name, _TYPES)
                         + f" Types: {', '.join(_TYPES)}.") from None

