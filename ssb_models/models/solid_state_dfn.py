"""Pseudo-2D (DFN-type) model of an all-solid-state lithium cell.

Equations, symbols, assumptions and references: ``docs/model.md``.
"""

import difflib

import pybamm

from ..submodels.electrolyte import SingleIonConductivity, SingleIonParameters
from ..submodels.interface import ResistiveButlerVolmer, ResistiveInverseButlerVolmer

#: Options this package adds to PyBaMM's :class:`pybamm.BatteryModelOptions`.
#: The first value of each is the default.
SSB_OPTIONS = {
    # ion-conducting phase: single-ion solid electrolyte (t+ = 1, ohmic, no
    # concentration state) or binary electrolyte (concentrated solution)
    "electrolyte": ("single-ion", "binary"),
    # area-specific resistance in series with the kinetics at every electrode|SE
    # interface (per contacted area; contact fractions: PyBaMM's
    # "interface utilisation": "constant")
    "interface resistance": ("none", "ohmic"),
}

#: PyBaMM options whose default differs here.
DEFAULT_PYBAMM_OPTIONS = {"working electrode": "positive"}


def split_options(options):
    """Split a user options dict into (ssb options, PyBaMM options).

    Raises :class:`pybamm.OptionError` with the allowed values (and the
    closest name for a misspelt ssb option value).
    """
    options = dict(options or {})
    ssb = {}
    for key, allowed in SSB_OPTIONS.items():
        value = options.pop(key, allowed[0])
        if value not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise pybamm.OptionError(
                f"Option '{key}' must be one of {list(allowed)}, got '{value}'.{hint}"
            )
        ssb[key] = value
    pybamm_options = {**DEFAULT_PYBAMM_OPTIONS, **options}
    _check_compatible(ssb, pybamm_options)
    return ssb, pybamm_options


def _check_compatible(ssb, pybamm_options):
    """Combinations of ssb and PyBaMM options that are not implemented."""
    if ssb["interface resistance"] != "ohmic":
        return
    kinetics = pybamm_options.get("intercalation kinetics", "symmetric Butler-Volmer")
    if kinetics != "symmetric Butler-Volmer":
        raise pybamm.OptionError(
            "'interface resistance': 'ohmic' needs 'intercalation kinetics': "
            f"'symmetric Butler-Volmer', got '{kinetics}'."
        )
    if (pybamm_options.get("working electrode") == "positive"
            and pybamm_options.get("surface form", "false") != "false"):
        raise pybamm.OptionError(
            "'interface resistance': 'ohmic' at a lithium-metal electrode works with "
            "'surface form': 'false' only (the surface-form Li-metal ASR is not "
            "implemented yet), so not with impedance (EIS) runs."
        )


class SolidStateDFN(pybamm.lithium_ion.DFN):
    """Doyle-Fuller-Newman-type model of an all-solid-state lithium cell.

    A :class:`pybamm.lithium_ion.DFN` whose electrolyte submodels are chosen by
    the extra option ``"electrolyte"``:

    * ``"single-ion"`` (default): a single-ion solid electrolyte, t+ = 1. There is
      no electrolyte-concentration state (PyBaMM's ``ConstantConcentration``)
      and the ionic current is ohmic,
      ``i_e = -B * sigma_SE(T) * grad(phi_e)``
      (:class:`ssb_models.submodels.electrolyte.SingleIonConductivity`).
    * ``"binary"``: a binary electrolyte with concentrated-solution transport
      (PyBaMM's ``electrolyte_diffusion.Full`` and
      ``electrolyte_conductivity.Full``), e.g. a polymer electrolyte.

    The negative electrode defaults to planar lithium metal
    (``"working electrode": "positive"``) with Butler-Volmer kinetics; the
    Li|SE interface is the ``"negative electrode interface"`` submodel slot, the
    cathode|SE interface the ``"positive primary interface"`` slot. The dense
    separator is the solid electrolyte (``"Separator porosity"`` = SE volume
    fraction = 1). In the composite cathode ``"Positive electrode porosity"`` is
    the SE volume fraction.

    All other keys are PyBaMM's :class:`pybamm.BatteryModelOptions`.
    Equations and references: ``docs/model.md``.

    Parameters
    ----------
    options : dict, optional
        Model options (PyBaMM's plus :data:`SSB_OPTIONS`).
    name : str, optional
        Model name.
    build : bool, optional
        Whether to build the model on instantiation (default True).

    Examples
    --------
    >>> import pybamm, ssb_models
    >>> model = ssb_models.SolidStateDFN()
    >>> model.ssb_options["electrolyte"]
    'single-ion'
    """

    def __init__(self, options=None, name="Solid-state DFN", build=True):
        self.ssb_options, pybamm_options = split_options(options)
        super().__init__(pybamm_options, name=name, build=build)

    @property
    def all_options(self):
        """PyBaMM options and ssb options in one dict."""
        return {**dict(self.options), **self.ssb_options}

    def set_intercalation_kinetics_submodel(self):
        super().set_intercalation_kinetics_submodel()
        if self.ssb_options["interface resistance"] == "none":
            return
        for domain in ["negative", "positive"]:
            if self.options.electrode_types[domain] != "porous":
                continue
            for phase in self.options.phases[domain]:
                self.submodels[f"{domain} {phase} interface"] = ResistiveButlerVolmer(
                    self.param, domain, "lithium-ion main", self.options, phase
                )

    def set_li_metal_counter_electrode_submodels(self):
        super().set_li_metal_counter_electrode_submodels()
        if self.ssb_options["interface resistance"] == "none":
            return
        for domain in ["negative", "positive"]:
            if self.options.electrode_types[domain] != "planar":
                continue
            current = self.submodels[f"{domain} electrode interface"]
            if not isinstance(current, pybamm.kinetics.InverseButlerVolmer):
                raise pybamm.OptionError(
                    "'interface resistance': 'ohmic' at a lithium-metal electrode needs "
                    "'surface form': 'false' and symmetric Butler-Volmer kinetics."
                )
            self.submodels[f"{domain} electrode interface"] = ResistiveInverseButlerVolmer(
                self.param, domain, "lithium metal plating", self.options
            )

    def set_electrolyte_concentration_submodel(self):
        if self.ssb_options["electrolyte"] == "single-ion":
            self.submodels["electrolyte diffusion"] = (
                pybamm.electrolyte_diffusion.ConstantConcentration(
                    self.param, self.options
                )
            )
        else:
            super().set_electrolyte_concentration_submodel()

    def set_electrolyte_potential_submodel(self):
        if self.ssb_options["electrolyte"] == "single-ion":
            surf = pybamm.electrolyte_conductivity.surface_potential_form
            if self.options["surface form"] == "false":
                self.submodels["electrolyte conductivity"] = SingleIonConductivity(
                    self.param, self.options
                )
                surf_model, param = surf.Explicit, self.param
            else:
                # double layer at each electrode|SE interface: PyBaMM's surface-form
                # submodels, reading the SE's sigma(T) and no diffusion potential
                surf_model = {"differential": surf.FullDifferential,
                              "algebraic": surf.FullAlgebraic}[self.options["surface form"]]
                param = SingleIonParameters(self.param)
            for domain in ["negative", "separator", "positive"]:
                if self.options.electrode_types.get(domain) == "planar":
                    continue
                self.submodels[f"{domain} surface potential difference"] = surf_model(
                    param, domain, self.options
                )
        else:
            super().set_electrolyte_potential_submodel()
