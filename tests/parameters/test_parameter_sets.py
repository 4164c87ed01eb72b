"""Every shipped value has a source, and the cell is a PyBaMM parameter set."""

import pybamm
import pytest

from ssb_models.parameters import cells

CELLS = cells()


@pytest.mark.parametrize("cell_id", sorted(CELLS))
def test_every_entry_has_a_source(cell_id):
    module = CELLS[cell_id]
    names = [e.name for e in module.ENTRIES]
    assert len(names) == len(set(names))
    for e in module.ENTRIES:
        assert isinstance(e.source, str) and len(e.source) > 10, e.name
        dimensionless = ("porosity", "volume fraction", "transference number", "factor",
                         "coefficient", "Number of", "exponent", "utilisation",
                         "permittivity", "Ratio of", "fraction")
        assert "[" in e.name or any(w in e.name for w in dimensionless), \
            f"no unit in '{e.name}'"


@pytest.mark.parametrize("cell_id", sorted(CELLS))
def test_registered_with_pybamm_entry_point(cell_id):
    name = CELLS[cell_id].CELL.parameter_set
    assert name in pybamm.parameter_sets
    pv = pybamm.ParameterValues(name)
    assert pv["Separator porosity"] == 1.0  # dense separator
    if CELLS[cell_id].CELL.model_options["electrolyte"] == "single-ion":
        assert pv["Cation transference number"] == 1.0
    # ready to solve as shipped: the derived values are filled
    assert pv["Nominal cell capacity [A.h]"] > 0


def test_cell_docs_match_parameter_files():
    """docs/cells/*.md are generated from the parameter files; a stale page fails."""
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "docs" / "generate.py"
    if not script.exists():
        pytest.skip("docs/ not present (installed package only)")
    generate = runpy.run_path(str(script))
    assert generate["main"](check=True) == 0


@pytest.mark.parametrize("name", ["Li_LLZO_LCO", "LTO_LGPS_LCO", "Li_PEO_LFP"])
def test_plain_pybamm_with_model_for(name):
    """The README's plain-PyBaMM route works for every registered set, and the wrong
    model for a set fails with a message naming the option."""
    import pybamm

    import ssb_models

    sim = pybamm.Simulation(ssb_models.model_for(name), parameter_values=pybamm.ParameterValues(name),
                            solver=pybamm.IDAKLUSolver())
    sol = sim.solve([0, 600])
    assert sol["Discharge capacity [A.h]"].entries[-1] > 0
    other = "binary" if name != "Li_PEO_LFP" else "single-ion"
    with pytest.raises(ssb_models.InputError, match="Option 'electrolyte'"):
        ssb_models.model_for(name, {"electrolyte": other})
