"""Checks of a finished run against the validity of its modelling choices (the input
checks before a solve are ``checks.py``).

The static Li-metal contact (``"lithium contact": "static"``, the default) holds the
Li|SE contact fraction fixed. Voids grow once stripping outruns the Li supply to the
interface, at the void onset i* of docs/lithium_contact.md
(:func:`ssb_models.submodels.interface.lithium_contact.void_onset`); above it a
static-contact result is outside its validity. A run of a cell that has the contact
parameters says so: one line printed by ``ssb run`` and ``summary["warnings"]``,
``summary["static_contact"]`` with the figures, naming the option that models it.
"""

import numpy as np

from .physics.constants import CELSIUS_OFFSET

#: the option that models the contact (docs/lithium_contact.md)
CONTACT_OPTION = '--option "lithium contact=voids"'
#: the summary key and sweep metric: largest stripping current / void onset
RATIO_METRIC = "stripping_over_void_onset"


def applies(cell, options):
    """Whether a run of ``cell`` with merged ``options`` has a static Li-metal contact
    whose void onset the cell's parameters define."""
    from .models.options import CONTACT_PARAMETER, missing_parameters

    return (str(options.get("lithium contact", "static")) == "static"
            and str(options.get("working electrode", "positive")) == "positive"
            and not missing_parameters(cell, CONTACT_PARAMETER))


def static_contact(values, current_density_A_m2, temperature_K=None):
    """The static contact's validity over a run.

    Parameters
    ----------
    values : pybamm.ParameterValues or dict
        The run's parameter values (the contact parameters, stack pressure, ambient
        temperature).
    current_density_A_m2 : array
        Current density through the Li-metal interface per geometric area [A.m-2],
        > 0 stripping (a discharge of a Li-metal half cell).
    temperature_K : array or None
        The temperature at each sample [K] (default: the values' ambient).

    Returns
    -------
    dict
        ``max_stripping_mA_cm2``, ``void_onset_mA_cm2`` (at the sample of the largest
        ratio), ``ratio`` (largest stripping / onset), ``exceeded`` and, if exceeded,
        ``message``.
    """
    from .submodels.interface.lithium_contact import void_onset

    i = np.asarray(current_density_A_m2, float)
    T = (np.full_like(i, float(values["Ambient temperature [K]"])) if temperature_K is None
         else np.broadcast_to(np.asarray(temperature_K, float), i.shape))
    onset = np.asarray(void_onset(values, T), float)
    ratio = np.where(np.isfinite(i), np.maximum(i, 0.0) / onset, 0.0)
    k = int(np.argmax(ratio)) if ratio.size else 0
    out = {"max_stripping_mA_cm2": float(np.nanmax(np.maximum(i, 0.0))) / 10.0 if i.size else 0.0,
           "void_onset_mA_cm2": float(onset[k]) / 10.0 if onset.size else None,
           "ratio": float(ratio[k]) if ratio.size else 0.0}
    out["exceeded"] = out["ratio"] > 1.0
    if out["exceeded"]:
        p_MPa = float(values["Stack pressure [Pa]"]) / 1e6
        out["message"] = (
            f"Li stripping reached {i[k] / 10.0:.3g} mA/cm2, {out['ratio']:.3g}x the void "
            f"onset {out['void_onset_mA_cm2']:.3g} mA/cm2 at {p_MPa:g} MPa and "
            f"{T[k] - CELSIUS_OFFSET:g} C: the static Li|SE contact is outside its validity "
            f"here (voids would grow); {CONTACT_OPTION} models the contact loss "
            "(docs/lithium_contact.md).")
    return out


def sweep_warning(df):
    """One line for a sweep table whose points exceeded the static contact's void
    onset (column :data:`RATIO_METRIC`), or None."""
    if RATIO_METRIC not in df:
        return None
    ratio = df[RATIO_METRIC].astype(float)
    over = ratio > 1.0
    if not over.any():
        return None
    return (f"{int(over.sum())} of {len(df)} points stripped Li above the void onset (up to "
            f"{ratio.max():.3g}x, column '{RATIO_METRIC}'): the static Li|SE contact is "
            f"outside its validity there; {CONTACT_OPTION} models the contact loss "
            "(docs/lithium_contact.md).")


def check_run(prepared, result):
    """Add the static-contact check to ``result.summary`` (``static_contact``, and the
    message to ``warnings`` if exceeded) for a run it applies to, from the run's
    current trace (``current_A``, ``current_mA_cm2`` or the ``c_rate`` of constant-current
    curves, with ``temperature_C`` where the run has it)."""
    if not applies(prepared.cell, prepared.model_options):
        return
    ts = result.timeseries or {}
    pv = prepared.parameter_values
    area_m2 = pv["Electrode height [m]"] * pv["Electrode width [m]"]
    if "current_A" in ts:
        i = np.asarray(ts["current_A"], float) / area_m2
    elif "current_mA_cm2" in ts:
        i = np.asarray(ts["current_mA_cm2"], float) * 10.0
    elif "c_rate" in ts:  # rate capability, temperature ladder: constant-current curves
        i = np.asarray(ts["c_rate"], float) * pv["Nominal cell capacity [A.h]"] / area_m2
    else:
        return  # no DC current (impedance): nothing to check
    T = ts.get("temperature_C")
    T_K = None if T is None else np.asarray(T, float) + CELSIUS_OFFSET
    out = static_contact(pv, i, T_K)
    result.summary["static_contact"] = {k: v for k, v in out.items() if k != "message"}
    result.summary[RATIO_METRIC] = out["ratio"]  # the sweep metric
    if out["exceeded"]:
        result.summary.setdefault("warnings", []).append(out["message"])
