"""`ssb validate` and the generated docs/validation.md."""

import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def test_validation_page_is_current():
    """docs/validation.md shows every shipped dataset against its cell with the current
    code and parameters (regenerate with python docs/validation.py)."""
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import validation as page
    finally:
        sys.path.pop(0)
    from ssb_models.data.datasets import shipped
    from ssb_models.data.validate import validate

    result = validate(plots=False)
    text = (ROOT / "docs" / "validation.md").read_text()
    assert page.tables(result) in text, "run python docs/validation.py"
    shown = {r["dataset"] for r in result["rows"]}
    assert shown == set(shipped())  # every dataset is in the page
    for r in result["rows"]:  # error is what the row says it is
        assert r["error"] == pytest.approx(r["simulated"] - r["reported"])
        if math.isfinite(r["error_pct"]):
            assert r["error_pct"] == pytest.approx(100 * r["error"] / r["reported"])
    # calibrated values reproduce their calibration data (they were fitted to them)
    for r in result["rows"]:
        if r["role"] == "calibration":
            assert abs(r["error_pct"]) < 0.5, r


def test_validate_cli_one_cell(tmp_path):
    import os
    import shutil

    ssb = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}
    r = subprocess.run([ssb, "validate", "--cell", "li-peo-lfp", "--out", str(tmp_path)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "P33" in r.stdout and "P12" not in r.stdout.split("li-peo-lfp")[0]
    assert (tmp_path / "validation.csv").exists()
    assert (tmp_path / "parity_li-peo-lfp.png").exists()
    assert (tmp_path / "datasets" / "P34" / "overlay.png").exists()
    r = subprocess.run([ssb, "validate", "--cell", "li-llzo"], capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 2 and "Did you mean 'li-llzo-lco'" in r.stderr


def test_datasets_cli_lists_every_kind(tmp_path):
    import json
    import os
    import shutil

    from ssb_models.data.datasets import shipped

    ssb = shutil.which("ssb") or os.path.join(os.path.dirname(sys.executable), "ssb")
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true"}
    r = subprocess.run([ssb, "datasets", "--json"], capture_output=True, text=True, env=env,
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = {row["id"]: row for row in json.loads(r.stdout)}
    assert set(rows) == set(shipped())
    assert {row["kind"] for row in rows.values()} == {"points", "resistance", "property",
                                                      "tortuosity"}
    assert rows["P23"]["location"] and rows["P01"]["location"].startswith("Table 1")
