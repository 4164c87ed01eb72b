"""ssb: all-solid-state lithium battery cell models on PyBaMM.

Quick start::

    import ssb_models
    result = ssb_models.run_experiment("discharge", cell="li-llzo-lco", c_rate=1)
    print(result.summary)
    rc = ssb_models.run_experiment("rate-capability", cell="li-llzo-lco")
    rc.to_dataframe("rate_capability")
    df = ssb_models.run_sweep("se_conductivity_sweep", "out_dir")   # pandas DataFrame

Model: :class:`SolidStateDFN` (``docs/model.md``). Cells:
:func:`ssb_models.parameters.cells`.
"""

__version__ = "0.1.0"

import os as _os

_os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

_LAZY = {
    "SolidStateDFN": ("ssb_models.models", "SolidStateDFN"),
    "SolidStateSPMe": ("ssb_models.models", "SolidStateSPMe"),
    "run_experiment": ("ssb_models.simulation", "run_experiment"),
    "DischargeRunner": ("ssb_models.experiments.discharge_runner", "DischargeRunner"),
    "run_sweep": ("ssb_models.sweeps", "run_sweep"),
    "load_sweep": ("ssb_models.sweeps", "load_sweep"),
    "load_sweep_results": ("ssb_models.sweeps", "load_results"),
    "load_experiment": ("ssb_models.experiments", "load_experiment"),
    "cells": ("ssb_models.parameters", "cells"),
    "parameter_values": ("ssb_models.parameters", "parameter_values"),
    "InputError": ("ssb_models.errors", "InputError"),
    "model_for": ("ssb_models.models.options", "model_for"),
    "prepare": ("ssb_models.experiments", "prepare"),
    "validate": ("ssb_models.data.validate", "validate"),
}


def __getattr__(name):
    # lazy: `import pybamm` takes seconds; `ssb --help` should not pay for it
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'ssb_models' has no attribute '{name}'")


__all__ = list(_LAZY) + ["__version__"]
