"""Solver chatter to a log file: SUNDIALS (IDAKLU) prints lines such as
``[ERROR][rank 0][.../idas_ic.c:1411][IDAICFailFlag] ...`` straight to the process's
file descriptor 2 when a step's initialisation retries, which ssb already handles and
reports (a step that fails is one line). While a command runs, descriptor 2 points at a
log file and Python's own ``sys.stderr`` (ssb's messages, warnings, progress bars) at a
copy of the terminal's, so the user sees ssb's lines and the log keeps the solver's."""

import os
import sys
import tempfile


class solver_output_to_log:
    """Context manager: C-level writes to descriptor 2 go to ``path`` (a temporary file
    when None); Python's ``sys.stderr`` keeps writing where it wrote before. On exit,
    descriptor 2 is restored; :attr:`path` is the log and :attr:`lines` counts what the
    solver wrote (the log is removed if it stayed empty)."""

    def __init__(self, path=None):
        self.path, self.lines = path, 0
        self._saved = self._stderr = None

    def __enter__(self):
        try:
            sys.stderr.flush()
            if self.path is None:
                fd, self.path = tempfile.mkstemp(prefix="ssb-solver-", suffix=".log")
            else:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            self._saved = os.dup(2)
            self._stderr = sys.stderr
            sys.stderr = os.fdopen(os.dup(self._saved), "w", buffering=1,
                                   encoding=getattr(self._stderr, "encoding", None) or "utf-8",
                                   errors="backslashreplace")
            os.dup2(fd, 2)
            os.close(fd)
        except OSError:  # no descriptor 2 (a daemon) or no temporary folder: leave it
            self._saved = None
        return self

    def __exit__(self, *exc):
        if self._saved is None:
            return False
        try:
            sys.stderr.flush()
        finally:
            os.dup2(self._saved, 2)
            os.close(self._saved)
            replaced, sys.stderr = sys.stderr, self._stderr
            replaced.close()
        try:
            with open(self.path, errors="replace") as fh:
                self.lines = sum(1 for _ in fh)
            if self.lines == 0:
                os.unlink(self.path)
        except OSError:
            pass
        return False
