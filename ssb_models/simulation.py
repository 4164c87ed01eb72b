"""Run a predefined or user experiment on a shipped cell: the Python API behind
``ssb run``. The pipeline: :func:`~ssb_models.experiments.prepare` (inputs checked
once) -> the type's ``run`` (solve) -> :class:`~ssb_models.results.Result` -> the
type's ``write`` (files). Nothing in the package below this module imports it.
"""

from .experiments import prepare
from .experiments.prepare import Prepared
from . import validity
from .models.options import model_for  # noqa: F401  (public name re-exported)


def run_experiment(experiment="discharge", cell="li-llzo-lco", c_rate=None,
                   temperature_C=None, overrides=None, out_dir=None, options=None):
    """Run ``experiment`` on ``cell`` and return a :class:`~ssb_models.results.Result`.

    Parameters
    ----------
    experiment : str or ExperimentSpec
        Predefined name (``ssb_models.experiments.predefined()``) or TOML path.
    cell : str
        Cell id (``ssb cells``) or PyBaMM parameter-set name.
    c_rate : float, optional
        C-rate relative to the cell's stoichiometric-window capacity
        (default: the experiment's).
    temperature_C : float, optional
        Operating temperature [C] (default: the cell's).
    overrides : dict, optional
        ``{"Name [unit]": value}`` parameter overrides.
    out_dir : str or Path, optional
        If given, write the experiment's files there (``timeseries.csv``,
        ``voltage.png``, ``summary.json``, ...).
    options : dict, optional
        Model options on top of the cell's, e.g. ``{"interface resistance": "ohmic",
        "interface utilisation": "constant"}`` (see ``docs/model.md``).
    """
    prepared = prepare(cell, experiment, c_rate, temperature_C, overrides, options)
    return run_prepared(prepared, out_dir)


def run_prepared(prepared: Prepared, out_dir=None):
    """Solve prepared inputs and write the files (``out_dir``); the Result."""
    handler = prepared.experiment
    result = handler.run(prepared, out_dir=out_dir)
    # the mesh is reported, not part of the signature: the option "mesh" (if given) is
    result.summary["run"] = {**prepared.signature, "mesh": prepared.mesh.describe()}
    validity.check_run(prepared, result)
    if out_dir is not None and not handler.WRITES_AS_IT_GOES:
        result.files = handler.write(result, out_dir)
    return result
