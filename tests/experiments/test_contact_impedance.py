"""contact-impedance (docs/lithium_contact.md, "Impedance of the contact"): the
contact's own resistance is the Li|SE charge-transfer resistance on the lost area,
R_ct (1/f - 1) with R_ct = RT / (F i0), computed here by hand."""

import json

import pytest

import ssb_models
from ssb_helpers import one_error, ssb_cli
from ssb_models.experiments import load_experiment

F, R = 96485.33212, 8.314462618


def test_contact_resistance_is_the_charge_transfer_resistance_of_the_lost_area():
    r = ssb_models.run_experiment("contact-impedance", cell="li-llzo-lco")
    s = r.summary
    pv = ssb_models.parameter_values("li-llzo-lco")
    i0 = pv["Lithium metal reference exchange-current density [A.m-2]"]
    R_ct = R * pv["Ambient temperature [K]"] / (F * i0) * 1e4  # Ohm cm2
    f = s["contact_fraction_after"]
    assert 0.3 < f < 0.99  # the strip lost part of the contact, not all of it
    assert s["contact_resistance_Ohm_cm2"] == pytest.approx(R_ct * (1 / f - 1), rel=1e-2)
    # what a measurement sees grows, and more than the contact's part alone (the strip
    # also discharged the cathode)
    assert s["arcs_resistance_after_Ohm_cm2"] > s["arcs_resistance_before_Ohm_cm2"]


def test_more_stripping_loses_more_contact_and_raises_the_arc():
    spec = load_experiment("contact-impedance")
    spec.settings.update({"strip_mA_cm2": 1.0, "frequencies_Hz": [0.1, 1e5],
                          "points_per_decade": 4})
    light = ssb_models.run_experiment(spec, cell="li-llzo-lco").summary
    spec.settings["strip_mAh_cm2"] = 0.2
    heavy = ssb_models.run_experiment(spec, cell="li-llzo-lco").summary
    assert heavy["contact_fraction_after"] < light["contact_fraction_after"]
    assert heavy["contact_resistance_Ohm_cm2"] > light["contact_resistance_Ohm_cm2"]


def test_cli_writes_three_spectra_and_refuses_cells_without_the_contact(tmp_path):
    r = ssb_cli("run", "contact-impedance", "--cell", "li-llzo-lco", "--out", tmp_path / "o",
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    header = (tmp_path / "o" / "impedance.csv").read_text().splitlines()[0]
    for name in ("before", "after", "restored"):
        assert f"Z_real_{name}_Ohm_cm2" in header
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert summary["type"] == "contact-impedance"
    assert (tmp_path / "o" / "nyquist.png").stat().st_size > 5000
    line = one_error(ssb_cli("run", "contact-impedance", "--cell", "li-peo-lfp", cwd=tmp_path))
    assert "lithium contact" in line


def test_a_strip_that_loses_the_contact_is_one_clear_message(tmp_path):
    toml = tmp_path / "hard.toml"
    toml.write_text('name = "hard"\ndescription = "x"\ntype = "contact-impedance"\n'
                    "strip_mA_cm2 = 2.0\nstrip_mAh_cm2 = 1.0\n")
    r = ssb_cli("run", toml, "--cell", "li-llzo-lco", "--out", tmp_path / "o", cwd=tmp_path)
    line = one_error(r, code=1)
    assert "contact is lost" in line and "strip less" in line
