"""Signals: SIGINT (Ctrl-C) and SIGTERM stop a command with one line saying what was
saved (exit code 128 + the signal number: 130, 143), and a supervised child process
dies with the ``ssb`` process that started it, however that one ends (SIGKILL
included)."""

import os
import signal
import sys
import threading
import time

#: the supervised child's environment: the pid of the ``ssb`` process that waits for it
PARENT_PID = "SSB_PARENT_PID"


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: the command stops and says what it saved."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def signal_name(self):
        return signal.Signals(self.signum).name

    @property
    def exit_code(self):
        return 128 + self.signum


def exit_code(exc):
    """The exit code of an interrupted command (130 for a plain KeyboardInterrupt)."""
    return getattr(exc, "exit_code", 128 + signal.SIGINT)


def signal_name(exc):
    return getattr(exc, "signal_name", "SIGINT")


def install():
    """SIGINT and SIGTERM raise :class:`Interrupted` in the main thread (a sweep keeps
    its finished points, a run says what it wrote)."""
    def stop(signum, frame):
        raise Interrupted(signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)


def attach_to_parent():
    """In a supervised child: die when the parent ``ssb`` process dies. Linux's
    parent-death signal (prctl PR_SET_PDEATHSIG = SIGKILL: immediate, even inside a long
    solver call) where available, and a watchdog thread everywhere (the parent's pid is
    checked every 0.5 s; a parent that died before this call is caught at once). A
    sweep's stored points are committed chunk by chunk, so nothing finished is lost."""
    parent = int(os.environ.get(PARENT_PID, "0") or 0)
    if not parent:
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux: the watchdog alone
        pass

    def gone():
        return os.getppid() != parent

    if gone():  # the parent died before the death signal was armed
        os._exit(128 + signal.SIGKILL)

    def watch():
        while True:
            time.sleep(0.5)
            if gone():
                os._exit(128 + signal.SIGKILL)

    threading.Thread(target=watch, daemon=True, name="ssb-parent-watchdog").start()


def report(command, exc, saved):
    """Print the one line of an interrupted command; return its exit code."""
    print(f"ssb: interrupted by {signal_name(exc)}: '{command}' stopped; {saved}",
          file=sys.stderr)
    return exit_code(exc)
