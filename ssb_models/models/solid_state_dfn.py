"""Pseudo-2D (DFN-type) model of an all-solid-state lithium cell.

Equations, symbols, assumptions and references: ``docs/model.md``.
"""


import pybamm

from ..errors import did_you_mean
from ..mesh import PRESETS as MESH_PRESETS
from ..submodels.electrolyte import SingleIonConductivity, SingleIonParameters
from ..submodels.interface import (
    InterfaceDifferential,
    LithiumMetalInterface,
    ResistiveButlerVolmer,
)

#: Options this package adds to PyBaMM's :class:`pybamm.BatteryModelOptions`.
#: The first value of each is the default.
SSB_OPTIONS = {
    # ion-conducting phase: single-ion solid electrolyte (t+ = 1, ohmic, no
    # concentration state) or binary electrolyte (concentrated solution)
    "electrolyte": ("single-ion", "binary"),
    # area-specific resistance at every electrode|SE interface (per contacted
    # area; contact fractions: PyBaMM's "interface utilisation": "constant"):
    # in series with the kinetics ("ohmic"), or an interphase R || C in series
    # with the double layer and kinetics ("interphase", its own impedance arc)
    "interface resistance": ("none", "ohmic", "interphase"),
    # space-charge layer (with the cell's buffer coating) at the positive
    # electrode|SE interface: R_scl(U(c_surf), T) in series with the kinetics,
    # its capacitance in series with the double layer (docs/space_charge.md)
    "space charge": ("none", "lattice-gas"),
    # Li metal | SE contact fraction: fixed (PyBaMM's "interface utilisation"), or a
    # state that falls when stripping outruns the Li supply (voids) and recovers by
    # creep under stack pressure (docs/lithium_contact.md)
    "lithium contact": ("static", "voids"),
    # cathode|SE contact fraction and isolated active material driven by the particles'
    # volume change against the SE (docs/cathode_contact.md)
    "cathode contact": ("static", "volume-change"),
    # the cell's mesh preset (ssb_models/mesh.py, docs/performance.md): points per
    # domain and particle submesh chosen against a converged reference
    "mesh": MESH_PRESETS,
}

#: Model classes selectable by the pseudo-option "model" (``ssb run --model``).
MODELS = ("p2d", "reduced")

#: PyBaMM options whose default differs here.
DEFAULT_PYBAMM_OPTIONS = {"working electrode": "positive"}


def split_options(options):
    """Split a user options dict into (ssb options, PyBaMM options).

    Raises :class:`pybamm.OptionError` with the allowed values (and the
    closest name for a misspelt ssb option value).
    """
    options = dict(options or {})
    options.pop("model", None)  # selects the model class, not an option of it
    ssb = {}
    for key, allowed in SSB_OPTIONS.items():
        value = options.pop(key, allowed[0])
        if key == "interface resistance" and isinstance(value, str) and "," in value:
            value = tuple(v.strip() for v in value.split(","))
        if key == "interface resistance" and isinstance(value, (tuple, list)):
            # per electrode, as PyBaMM's 2-tuple options: (negative, positive)
            if len(value) != 2:
                raise pybamm.OptionError(
                    f"Option '{key}' as a tuple needs two values (negative, positive), "
                    f"got {tuple(value)}.")
            for v in value:
                _check_value(key, v, allowed)
            value = tuple(value)
        else:
            _check_value(key, value, allowed)
        ssb[key] = value
    pybamm_options = {**DEFAULT_PYBAMM_OPTIONS, **options}
    sei = pybamm_options.get("SEI", "none")
    if isinstance(sei, str) and "," in sei:  # command line: "SEI=<law>,none"
        sei = tuple(v.strip() for v in sei.split(","))
    if isinstance(sei, str) and sei != "none":
        # one value is the negative electrode's (interphase growth, docs/interphase.md),
        # as PyBaMM does for full cells; for a half cell PyBaMM would also grow it at
        # the cathode
        sei = (sei, "none")
    if sei != "none":
        pybamm_options["SEI"] = tuple(sei)
    _check_compatible(ssb, pybamm_options)
    return ssb, pybamm_options


def _check_value(key, value, allowed):
    if value not in allowed:
        raise pybamm.OptionError(
            f"Option '{key}' must be one of {list(allowed)}, got '{value}'."
            + did_you_mean(value, allowed))


def interface_resistance_mode(ssb_options, domain):
    """The "interface resistance" value ("none", "ohmic" or "interphase") at
    ``domain`` ("negative" or "positive")."""
    value = ssb_options["interface resistance"]
    if isinstance(value, tuple):
        return value[0 if domain == "negative" else 1]
    return value


def _check_compatible(ssb, pybamm_options):
    """Combinations of ssb and PyBaMM options that are not implemented."""
    resistive = (ssb["interface resistance"] not in ("none", ("none", "none"))
                 or ssb["space charge"] != "none")
    kinetics = pybamm_options.get("intercalation kinetics", "symmetric Butler-Volmer")
    if resistive and kinetics != "symmetric Butler-Volmer":
        raise pybamm.OptionError(
            "'interface resistance' and 'space charge' need 'intercalation kinetics': "
            f"'symmetric Butler-Volmer', got '{kinetics}'.")
    if ssb["space charge"] != "none" and ssb["electrolyte"] != "single-ion":
        raise pybamm.OptionError(
            "'space charge': 'lattice-gas' applies to a single-ion solid electrolyte "
            "('electrolyte': 'single-ion'), not to a binary (polymer) one.")
    if ssb["lithium contact"] != "static" and pybamm_options.get(
            "working electrode", "positive") != "positive":
        raise pybamm.OptionError(
            "'lithium contact': 'voids' needs a Li-metal negative electrode "
            "('working electrode': 'positive').")
    if resistive and pybamm_options.get("particle size", "single") != "single":
        raise pybamm.OptionError(
            "'interface resistance' and 'space charge' work with 'particle size': "
            "'single' only.")
    sei = pybamm_options.get("SEI", "none")
    if isinstance(sei, tuple) and len(sei) == 2 and sei[1] != "none":
        raise pybamm.OptionError(
            f"'SEI': {sei} grows an interphase at the positive electrode, which is not "
            "supported: PyBaMM's SEI laws are reductive and read one set of SEI "
            "parameters for both electrodes, and the cells' set is the negative "
            "electrode|SE interphase (docs/interphase.md). Use 'SEI': "
            f"('{sei[0]}', 'none'); a cathode|SE interphase is 'interface resistance' "
            "(docs/interfaces.md).")


def default_cell(ssb_options, pybamm_options):
    """The shipped cell (its module) built as the options say: the one whose
    ``"electrolyte"`` and ``"working electrode"`` are the options' (single-ion with
    Li metal: li-llzo-lco; single-ion full cell: lto-lgps-lco; binary: li-peo-lfp).
    Raises :class:`pybamm.OptionError` if no shipped cell has that design."""
    from ..parameters.registry import cells

    design = {"electrolyte": ssb_options["electrolyte"],
              "working electrode": pybamm_options["working electrode"]}
    found = [m for _, m in sorted(cells().items())
             if all(str(m.CELL.model_options.get(k)) == str(v) for k, v in design.items())]
    if not found:
        raise pybamm.OptionError(
            f"No shipped cell is built as {design}, so the model has no default parameter "
            "values: give them (pybamm.Simulation(model, parameter_values=...)). Shipped "
            "designs: " + "; ".join(f"{m.CELL.parameter_set}: {m.CELL.model_options}"
                                   for m in cells().values()) + ".")
    return found[0]


class SolidStateBase:
    """What the solid-state models share (mixed in before a PyBaMM model class):
    the ssb options, the series-resistance interfaces and the Li-metal electrode."""

    @property
    def default_parameter_values(self):
        """The shipped solid-state cell of the model's design (:func:`default_cell`),
        not PyBaMM's liquid-electrolyte defaults: ``pybamm.Simulation(model)`` without
        parameter values runs li-llzo-lco (single-ion, Li metal), lto-lgps-lco
        (single-ion, ``"working electrode": "both"``) or li-peo-lfp (binary)."""
        cell = default_cell(self.ssb_options, self.options)
        return pybamm.ParameterValues(cell.CELL.parameter_set)

    #: the :class:`~ssb_models.mesh.Mesh` presets of the cell the model is built
    #: for (set by :func:`ssb_models.models.options.build_model`); None: those of the
    #: shipped cell of the model's design
    cell_meshes = None

    @property
    def mesh(self):
        """The mesh preset in use (option ``"mesh"``) of the model's cell, or of the
        shipped cell of its design (:func:`default_cell`); PyBaMM's x points with 30
        particle points for a design no shipped cell has (``mesh.FALLBACK``)."""
        from ..mesh import FALLBACK

        meshes = self.cell_meshes
        if meshes is None:
            try:
                meshes = default_cell(self.ssb_options, self.options).CELL.meshes
            except pybamm.OptionError:
                meshes = {}
        return meshes.get(self.ssb_options["mesh"], FALLBACK)

    @property
    def default_var_pts(self):
        """The points of the cell's mesh preset (:attr:`mesh`; docs/performance.md
        shows how each was chosen and its measured deviation)."""
        return self.mesh.var_pts(super().default_var_pts)

    @property
    def default_submesh_types(self):
        """PyBaMM's submeshes with the preset's particle submesh (uniform, or
        concentrated at the surface)."""
        return self.mesh.submesh_types(super().default_submesh_types)

    @property
    def all_options(self):
        """PyBaMM options and ssb options in one dict."""
        return {**dict(self.options), **self.ssb_options}

    def set_interface_utilisation_submodel(self):
        super().set_interface_utilisation_submodel()
        if self.ssb_options["lithium contact"] == "voids":
            from ..submodels.interface.lithium_contact import LithiumContactVoids

            self.submodels["Negative interface utilisation"] = LithiumContactVoids(
                self.param, "negative", self.options)
        if self.ssb_options["cathode contact"] == "volume-change":
            from ..submodels.interface.cathode_contact import CathodeContactVolumeChange

            self.submodels["Positive interface utilisation"] = CathodeContactVolumeChange(
                self.param, self.options)

    def set_active_material_submodel(self):
        super().set_active_material_submodel()
        if self.ssb_options["cathode contact"] == "volume-change":
            from ..submodels.interface.cathode_contact import (
                IsolationLossActiveMaterial,
            )

            self.submodels["positive primary active material"] = IsolationLossActiveMaterial(
                self.param, "positive", self.options, getattr(self, "x_average", False),
                "primary")

    def _resistive(self, domain):
        """Keyword arguments of the domain's resistive interface, or None."""
        asr = interface_resistance_mode(self.ssb_options, domain)
        space_charge = (self.ssb_options["space charge"] != "none" and domain == "positive"
                        and self.options.electrode_types[domain] == "porous")
        if asr == "none" and not space_charge:
            return None
        return {"asr": asr, "space_charge": space_charge}

    def _resistive_porous(self):
        """(domain, kwargs) of every composite electrode with a resistive interface."""
        return [(d, self._resistive(d)) for d in ("negative", "positive")
                if self.options.electrode_types[d] == "porous"
                and self._resistive(d) is not None]

    def set_li_metal_counter_electrode_submodels(self):
        super().set_li_metal_counter_electrode_submodels()
        for domain in ["negative", "positive"]:
            kwargs = self._resistive(domain)
            if self.options.electrode_types[domain] != "planar" or kwargs is None:
                continue
            # forward kinetics with the resistance in series; the current balance
            # of the Li|SE interface is PyBaMM's Li-metal surface form (algebraic
            # without a double layer)
            kinetics = ResistiveButlerVolmer(
                self.param, domain, "lithium metal plating", self.options, "primary",
                **kwargs)
            self.submodels[f"{domain} electrode potential"] = LithiumMetalInterface(
                self.param, domain, self.options, interface=kinetics)
            self.submodels[f"{domain} electrode interface"] = kinetics
            self.submodels.pop(f"{domain} electrode interface current", None)


class SolidStateDFN(SolidStateBase, pybamm.lithium_ion.DFN):
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
      ``electrolyte_conductivity.Full``), e.g. a polymer electrolyte; with a
      Li-metal negative electrode the salt balance's boundary condition there is
      :class:`ssb_models.submodels.electrolyte.binary.SaltConservingFull` (PyBaMM's
      leaks salt with concentration-dependent transport).

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

    def set_intercalation_kinetics_submodel(self):
        super().set_intercalation_kinetics_submodel()
        for domain, kwargs in self._resistive_porous():
            for phase in self.options.phases[domain]:
                self.submodels[f"{domain} {phase} interface"] = ResistiveButlerVolmer(
                    self.param, domain, "lithium-ion main", self.options, phase, **kwargs
                )

    def set_thermal_submodel(self):
        super().set_thermal_submodel()
        if (self.ssb_options["electrolyte"] == "single-ion"
                and type(self.submodels["thermal"]) is pybamm.thermal.Lumped):
            from ..submodels.thermal import SolidStateLumped

            self.submodels["thermal"] = SolidStateLumped(
                self.param, self.options, getattr(self, "x_average", False))

    def set_electrolyte_concentration_submodel(self):
        if self.ssb_options["electrolyte"] == "single-ion":
            self.submodels["electrolyte diffusion"] = (
                pybamm.electrolyte_diffusion.ConstantConcentration(
                    self.param, self.options
                )
            )
        elif self.options.whole_cell_domains[0] == "separator":  # Li-metal cell
            from ..submodels.electrolyte.binary import SaltConservingFull

            self.submodels["electrolyte diffusion"] = SaltConservingFull(
                self.param, self.options)
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
                surf_model = {"differential": InterfaceDifferential,
                              "algebraic": surf.FullAlgebraic}[self.options["surface form"]]
                param = SingleIonParameters(self.param)
        else:
            super().set_electrolyte_potential_submodel()
            if self.options["surface form"] != "differential":
                return
            surf_model, param = InterfaceDifferential, self.param
        for domain in ["negative", "separator", "positive"]:
            if self.options.electrode_types.get(domain) == "planar":
                continue
            kwargs = {}
            if surf_model is InterfaceDifferential and domain != "separator":
                kwargs["interface"] = self.submodels.get(f"{domain} primary interface")
            self.submodels[f"{domain} surface potential difference"] = surf_model(
                param, domain, self.options, **kwargs
            )
