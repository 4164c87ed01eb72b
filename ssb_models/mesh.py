"""Mesh presets: a cell's points per domain and its particle submesh, chosen for accuracy.

A cell carries its presets as data (``Cell.meshes``: ``"default"``, ``"fine"``,
``"fast"``), each a :class:`Mesh` found by ``benchmarks/mesh_search.py`` against a
converged reference, with the measured deviations next to it in the cell file. The
model option ``"mesh"`` (``ssb run --mesh``) picks one; the model's
``default_var_pts`` and ``default_submesh_types`` are the preset's, so every
``pybamm.Simulation`` built on the model uses it. docs/performance.md shows the
search and the presets.

The particle submesh concentrates points at the particle surface, where the
concentration gradient sits after a current step: PyBaMM's
:class:`pybamm.Exponential1DSubMesh` with ``side="right"`` and stretch ``alpha``
(edges :math:`r_k = R - R (e^{\\alpha (N-k)/N} - 1)/(e^{\\alpha} - 1)`, the ratio of
the largest to the smallest cell tends to :math:`e^{\\alpha}`); ``stretch = 0`` is
PyBaMM's uniform submesh.
"""

from dataclasses import dataclass

#: the presets a cell may carry; the first is used when the option is not given
PRESETS = ("default", "fine", "fast")

#: particle domains (PyBaMM's names) and their point keys
PARTICLES = {"negative particle": "r_n", "positive particle": "r_p"}


@dataclass(frozen=True)
class Mesh:
    """Points per domain and the particle submesh of one preset.

    Attributes
    ----------
    x : int
        Finite-volume points in every through-cell domain (x_n, x_s, x_p).
    r_p : int
        Points in the positive particle.
    r_n : int or None
        Points in the negative particle (full cells); None keeps PyBaMM's count
        (unused with a Li-metal electrode).
    stretch : float
        Surface concentration of both particle submeshes (``Exponential1DSubMesh``,
        side "right"); 0 for uniform.
    measured : str
        What the search measured for this preset (deviations from the reference);
        shown by ``ssb cells ID`` and docs/performance.md.
    """

    x: int
    r_p: int
    r_n: int | None = None
    stretch: float = 0.0
    measured: str = ""

    def var_pts(self, base):
        """``base`` (PyBaMM's var_pts) with this preset's point counts."""
        pts = dict(base)
        pts.update({"x_n": self.x, "x_s": self.x, "x_p": self.x, "r_p": self.r_p})
        if self.r_n is not None:
            pts["r_n"] = self.r_n
        return pts

    def submesh_types(self, base):
        """``base`` (PyBaMM's submesh types) with the particle submeshes of this preset."""
        import pybamm

        types = dict(base)
        for domain in PARTICLES:
            if domain in types and self.stretch:
                types[domain] = pybamm.MeshGenerator(
                    pybamm.Exponential1DSubMesh,
                    submesh_params={"side": "right", "stretch": float(self.stretch)})
        return types

    def states(self, working_electrode="positive"):
        """Particle states of the preset (x points times r points, per particle domain);
        a quick cost measure."""
        n = self.x * self.r_p
        if working_electrode == "both":
            n += self.x * (self.r_n or 0)
        return n

    def describe(self):
        """One line: the points and the submesh."""
        r = f"r_p {self.r_p}" + (f", r_n {self.r_n}" if self.r_n else "")
        sub = (f"surface-concentrated particle submesh (stretch {self.stretch:g})"
               if self.stretch else "uniform particle submesh")
        return f"x {self.x} per domain, {r}, {sub}"


#: the mesh of a cell that carries no presets (PyBaMM's points, 30 in each particle)
FALLBACK = Mesh(x=20, r_p=30, r_n=30, measured="PyBaMM's x points, 30 particle points")
