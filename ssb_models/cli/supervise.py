"""The wall-clock bound of a command: ``ssb`` runs a solving command in a supervised
child process and stops it after ``--max-time`` (``SSB_MAX_TIME``) seconds."""

import os
import sys

#: Wall-clock bound [s] of one ssb command that solves models (``--max-time``,
#: ``SSB_MAX_TIME``); 0 means no bound. Sweeps are resumable and unbounded by default.
DEFAULT_MAX_TIME_S = 3600.0
#: commands that solve nothing (no bound)
NO_SOLVE = ("cells", "experiments", "datasets")
#: set in the supervised child's environment
SUPERVISED = "SSB_SUPERVISED"


def max_time(args):
    """The wall-clock bound of this command [s] (None = none), or raise InputError."""
    from ..errors import InputError

    raw = getattr(args, "max_time", None)
    origin = "--max-time"
    if raw is None and os.environ.get("SSB_MAX_TIME"):
        raw, origin = os.environ["SSB_MAX_TIME"], "SSB_MAX_TIME"
    if raw is None:
        return None if args.command in NO_SOLVE + ("sweep",) else DEFAULT_MAX_TIME_S
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{origin} must be a number of seconds (0 = no limit), "
                         f"got '{raw}'.") from None
    if not value >= 0 or value == float("inf"):
        raise InputError(f"{origin} must be a finite number of seconds >= 0 (0 = no limit), "
                         f"got '{raw}'.")
    return value or None


def supervise(argv, limit, command):
    """Run this command in a child process and stop it after ``limit`` seconds: a
    solver that crawls (e.g. at a kink of an input function) ends with one message
    instead of a hang. SIGINT/SIGTERM are passed on, so sweeps save their points."""
    import signal
    import subprocess

    env = {**os.environ, SUPERVISED: "1"}
    # -P (Python >= 3.11): do not put the working directory on sys.path, so a source
    # checkout in it (not an installable layout) cannot shadow the installed package
    child = subprocess.Popen([sys.executable, "-P", "-m", "ssb_models.cli", *argv], env=env,
                             start_new_session=True)

    def forward(signum, frame):
        try:
            os.killpg(child.pid, signum)
        except ProcessLookupError:
            pass

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return child.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        forward(signal.SIGTERM, None)  # sweeps export what they have on SIGTERM
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            forward(signal.SIGKILL, None)
            child.wait()
        print(f"ssb: error: '{command}' did not finish within its time limit of {limit:g} s "
              "and was stopped (every solve is bounded; raise the limit with --max-time "
              "SECONDS or SSB_MAX_TIME, 0 = no limit). Files written before the limit are "
              "kept.", file=sys.stderr)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
