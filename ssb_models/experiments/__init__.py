"""Experiments: the spec and its TOML schema (:mod:`.spec`), the prepared inputs of a
run (:mod:`.prepare`), the registry of types (:mod:`.registry`) and one module per
experiment type, each a subclass of :class:`.base.Experiment`:

========================  =====================================================
``cycling``               step strings: discharge, charge, cycling (:mod:`.cycling`)
``eis``                   impedance spectrum at rest (:mod:`.eis`)
``rate-capability``       capacity vs C-rate (:mod:`.rate_capability`)
``temperature-ladder``    rate capability at each temperature (:mod:`.temperature_ladder`)
``gitt``                  GITT with Weppner-Huggins D (:mod:`.gitt`)
``pulse``                 HPPC-like pulse resistance vs SOC (:mod:`.pulse`)
``critical-current``      Li|SE critical stripping current (:mod:`.critical_current`)
``contact-impedance``     Li|SE contact impedance before/after stripping (:mod:`.contact_impedance`)
``cycle-life``            N cycles with spectra (:mod:`.cycle_life`)
========================  =====================================================

:class:`.discharge_runner.DischargeRunner` solves constant-current discharges on one
built model (rate capability, temperature ladder, sweeps, compare, fit).
"""

# the type modules register themselves, in the order users see the types
from . import (  # noqa: F401, I001  (registration order, not alphabetical)
    cycling,
    eis,
    rate_capability,
    temperature_ladder,
    gitt,
    pulse,
    critical_current,
    contact_impedance,
    cycle_life,
)
from .prepare import Prepared, prepare, run_signature
from .spec import (
    ExperimentSpec,
    default_period_s,
    load_experiment,
    parse_experiment,
    predefined,
    predefined_sweeps,
)

__all__ = ["ExperimentSpec", "Prepared", "default_period_s", "load_experiment",
           "parse_experiment", "predefined", "predefined_sweeps", "prepare",
           "run_signature"]
