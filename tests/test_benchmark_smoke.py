"""The benchmark cannot break unnoticed: ``python benchmarks/run.py --quick`` runs every
code path of the full benchmark on one cell with coarse meshes and checks that each
figure is a finite number (it asserts nothing about speed)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_quick_mode_runs_every_path(tmp_path):
    env = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    assert "p2d_vs_stock" in r.stdout and "reduced" in r.stdout
