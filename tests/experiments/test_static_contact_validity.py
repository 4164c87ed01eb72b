"""No silent static contact (issue 23, item 5): a run of a Li-metal cell whose Li
stripping exceeds the void onset of docs/lithium_contact.md says so, in one line and
in the summary; the onset is recomputed here from the cell's parameters by the
closed form i* = i_v(T) + i_cr(T) (p / p_ref)^m, not through the package."""

import csv
import math

import pytest
from ssb_helpers import cell_parameters, ssb_cli

import ssb_models

R = 8.314462618


def onset_A_m2(pv, T=None):
    T = pv["Ambient temperature [K]"] if T is None else T
    T_ref = pv["Lithium contact reference temperature [K]"]

    def arr(x, E):
        return x * math.exp(-E / R * (1 / T - 1 / T_ref))

    i_v = arr(pv["Lithium vacancy-diffusion supply current density [A.m-2]"],
              pv["Lithium self-diffusion activation energy [J.mol-1]"])
    i_cr = arr(pv["Lithium creep supply current density [A.m-2]"],
               pv["Lithium creep activation energy [J.mol-1]"])
    p = pv["Stack pressure [Pa]"] / pv["Lithium creep reference stack pressure [Pa]"]
    return i_v + i_cr * p ** pv["Lithium creep supply pressure exponent"]


def stripping_A_m2(pv, c_rate):
    return c_rate * pv["Nominal cell capacity [A.h]"] / (
        pv["Electrode height [m]"] * pv["Electrode width [m]"])


def rate_sweep(tmp_path, cell, metric, rates):
    """``ssb sweep`` of the discharge over C-rate; (the process, results.csv rows)."""
    out = tmp_path / f"sweep_{cell}_{len(rates)}"
    toml = tmp_path / f"{out.name}.toml"
    toml.write_text(f'name = "s"\ndescription = "x"\ncell = "{cell}"\n'
                    f'experiment = "discharge"\nmetrics = ["{metric}"]\n'
                    f'[[parameters]]\nname = "C-rate"\nvalues = {list(rates)}\n')
    r = ssb_cli("sweep", toml, "--out", out, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with open(out / "results.csv", newline="") as fh:
        return r, list(csv.DictReader(fh))


def test_5C_discharge_of_the_garnet_cell_is_flagged():
    pv = ssb_models.parameter_values("li-llzo-lco")
    r = ssb_models.run_experiment("discharge", cell="li-llzo-lco", c_rate=5)
    check = r.summary["static_contact"]
    expected = stripping_A_m2(pv, 5) / onset_A_m2(pv)
    assert expected > 10  # the case the review found: 30x its own onset, silently
    assert check["exceeded"] and check["ratio"] == pytest.approx(expected, rel=1e-3)
    assert check["void_onset_mA_cm2"] == pytest.approx(onset_A_m2(pv) / 10, rel=1e-9)
    [message] = r.summary["warnings"]
    assert "lithium contact=voids" in message and "void onset" in message


def test_slow_discharge_and_other_models_are_not_flagged():
    pv = ssb_models.parameter_values("li-llzo-lco")
    assert stripping_A_m2(pv, 0.1) < onset_A_m2(pv)
    slow = ssb_models.run_experiment("discharge", cell="li-llzo-lco", c_rate=0.1)
    assert slow.summary["static_contact"]["exceeded"] is False
    assert "warnings" not in slow.summary
    # the contact modelled: nothing to warn about
    voids = ssb_models.run_experiment("discharge", cell="li-llzo-lco", c_rate=0.1,
                                      options={"lithium contact": "voids"})
    assert "static_contact" not in voids.summary
    # a cell without the contact parameters (soft Li|PEO; the LTO full cell has no Li)
    for cell in ("li-peo-lfp", "lto-lgps-lco"):
        r = ssb_models.run_experiment("discharge", cell=cell, c_rate=0.1)
        assert "static_contact" not in r.summary


def test_rate_capability_is_checked_at_its_highest_rate():
    pv = ssb_models.parameter_values("li-llzo-lco")
    r = ssb_models.run_experiment("rate-capability", cell="li-llzo-lco")
    top = max(r.tables["rate_capability"]["c_rate"])
    assert r.summary["static_contact"]["ratio"] == pytest.approx(
        stripping_A_m2(pv, top) / onset_A_m2(pv), rel=1e-3)


def test_cli_prints_the_warning_line_and_the_sweep_metric_agrees(tmp_path):
    r = ssb_cli("run", "discharge", "--cell", "li-llzo-lco", "--c-rate", "5", "--out",
                tmp_path / "o", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stdout.splitlines() if ln.strip().startswith("warning:")]
    assert len(lines) == 1 and "static Li|SE contact" in lines[0]
    _, table = rate_sweep(tmp_path, "li-llzo-lco", "stripping_over_void_onset", [0.1, 5])
    ratios = [float(row["stripping_over_void_onset"]) for row in table]
    pv = cell_parameters("li-llzo-lco")
    assert ratios == pytest.approx([stripping_A_m2(pv, c) / onset_A_m2(pv)
                                    for c in (0.1, 5)], rel=1e-3)


def test_a_sweep_always_reports_the_ratio_and_warns_once(tmp_path):
    """The metric is added to a sweep of a cell it applies to even when not asked for,
    and `ssb sweep` prints one line for the points above the onset."""
    r, table = rate_sweep(tmp_path, "li-llzo-lco", "capacity_mAh_g", [0.1, 1, 5])
    lines = [ln for ln in r.stdout.splitlines() if ln.strip().startswith("warning:")]
    assert len(lines) == 1 and "2 of 3 points" in lines[0]
    assert all("stripping_over_void_onset" in row for row in table)
    # a cell it does not apply to: no column, no line
    r, table = rate_sweep(tmp_path, "li-peo-lfp", "capacity_mAh_g", [0.1])
    assert "warning:" not in r.stdout
    assert "stripping_over_void_onset" not in table[0]
