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


#: seconds a child is given to stop cleanly after SIGINT/SIGTERM before SIGKILL
GRACE_S = 10.0


def supervise(argv, limit, command):
    """Run this command in a child process and stop it after ``limit`` seconds: a
    solver that crawls (e.g. at a kink of an input function) ends with one message
    instead of a hang. SIGINT/SIGTERM are passed on (sweeps save their points; the child
    prints what was saved), and the child is killed if it has not stopped
    :data:`GRACE_S` later. The child dies with this process however it ends
    (:func:`ssb_models.cli.signals.attach_to_parent`)."""
    import signal
    import subprocess
    import time

    from .signals import PARENT_PID

    env = {**os.environ, SUPERVISED: "1", PARENT_PID: str(os.getpid())}
    # -P (Python >= 3.11): do not put the working directory on sys.path, so a source
    # checkout in it (not an installable layout) cannot shadow the installed package
    child = subprocess.Popen([sys.executable, "-P", "-m", "ssb_models.cli", *argv], env=env,
                             start_new_session=True)
    stopping = []

    def forward(signum, frame):
        try:
            os.killpg(child.pid, signum)
        except ProcessLookupError:
            pass
        if frame is not None and not stopping:
            stopping.append(time.monotonic())

    def kill():
        forward(signal.SIGKILL, None)
        child.wait()

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    deadline = None if limit is None else time.monotonic() + limit
    try:
        while True:
            try:
                return child.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if stopping and now - stopping[0] > GRACE_S:
                kill()
                print(f"ssb: error: '{command}' did not stop within {GRACE_S:g} s of the "
                      "signal and was killed; files written before it are kept.",
                      file=sys.stderr)
                return 128 + signal.SIGKILL
            if deadline is not None and now > deadline and not stopping:
                forward(signal.SIGTERM, None)  # sweeps export what they have on SIGTERM
                try:
                    child.wait(timeout=GRACE_S)
                except subprocess.TimeoutExpired:
                    kill()
                print(f"ssb: error: '{command}' did not finish within its time limit of "
                      f"{limit:g} s and was stopped (every solve is bounded; raise the "
                      "limit with --max-time SECONDS or SSB_MAX_TIME, 0 = no limit). Files "
                      "written before the limit are kept.", file=sys.stderr)
                return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:  # an exception here: never leave the child behind
            kill()
