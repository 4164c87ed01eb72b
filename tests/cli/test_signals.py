"""Signals end a command with one line saying what was saved (exit 128 + N), and the
supervised child process dies with the ``ssb`` process that started it (README,
"Guarantees")."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

if not sys.platform.startswith("linux"):
    pytest.skip("process checks read /proc", allow_module_level=True)

ENV = {**os.environ, "PYBAMM_DISABLE_TELEMETRY": "true", "MPLBACKEND": "Agg"}
SSB = [sys.executable, "-P", "-m", "ssb_models.cli"]


def children_of(pid):
    """Pids of the processes whose environment names ``pid`` as their ssb parent."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            env = (d / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"SSB_PARENT_PID={pid}".encode() in env:
            out.append(int(d.name))
    return out


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_run(tmp_path):
    """A long supervised run (cycle-life), returned once it is solving (its output
    folder is claimed)."""
    out = tmp_path / "o"
    proc = subprocess.Popen(SSB + ["run", "cycle-life", "--cell", "li-llzo-lco", "--out",
                                   str(out)], env=ENV, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    while not (out / ".ssb.lock").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() - t0 < 120
        time.sleep(0.2)
    time.sleep(1.0)
    return proc, out


@pytest.mark.slow
def test_sigkill_of_ssb_takes_its_supervised_child_with_it(tmp_path):
    proc, _ = start_run(tmp_path)
    kids = children_of(proc.pid)
    assert kids and all(alive(k) for k in kids)
    proc.kill()
    proc.wait()
    t0 = time.monotonic()
    while any(alive(k) for k in kids) and time.monotonic() - t0 < 10:
        time.sleep(0.1)
    assert not any(alive(k) for k in kids), "the child outlived its killed parent"


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_sigint_and_sigterm_end_in_one_line_saying_what_was_saved(tmp_path, sig):
    proc, out = start_run(tmp_path)
    kids = children_of(proc.pid)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig
    lines = [line for line in err.splitlines() if line.startswith("ssb:")]
    assert len(lines) == 1 and f"interrupted by {sig.name}" in lines[0]
    assert str(out) in lines[0] and "Traceback" not in err
    assert not any(alive(k) for k in kids)


def test_solver_chatter_on_descriptor_2_goes_to_the_log_not_the_terminal(tmp_path):
    """SUNDIALS writes '[ERROR][rank 0]...' to descriptor 2 directly; inside a command
    those lines go to a log and Python's own messages still reach stderr."""
    code = ("import os, sys\n"
            "from ssb_models.cli.solver_log import solver_output_to_log\n"
            "log = solver_output_to_log()\n"
            "with log:\n"
            "    os.write(2, b'[ERROR][rank 0][idas_ic.c] IDAICFailFlag\\n')\n"
            "    print('ssb: a line for the user', file=sys.stderr)\n"
            "print(log.lines, log.path)\n"
            "os.write(2, b'after\\n')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=ENV, timeout=60)
    lines, path = r.stdout.split()
    assert "IDAICFailFlag" not in r.stderr and "ssb: a line for the user" in r.stderr
    assert "after" in r.stderr  # descriptor 2 restored
    assert lines == "1" and "IDAICFailFlag" in Path(path).read_text()
    Path(path).unlink()
