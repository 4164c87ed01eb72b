"""The ``ssb`` command line: a thin layer over the Python API, one module per command
group (:mod:`.catalog`, :mod:`.run`, :mod:`.sweep`, :mod:`.data`, :mod:`.scl`), the
parser (:mod:`.parser`) and the supervised child process (:mod:`.supervise`).

Bad input is reported as one line on stderr with exit code 2, no traceback.
"""

import os
import sys

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

from . import catalog, data, run, scl, sweep  # noqa: E402
from .parser import build_parser  # noqa: E402
from .supervise import NO_SOLVE, SUPERVISED, max_time, supervise  # noqa: E402

#: command -> function(args) -> exit code
COMMANDS = {"cells": catalog.cells, "experiments": catalog.experiments,
            "datasets": catalog.datasets, "run": run.run, "scl": scl.scl,
            "sweep": sweep.sweep, "sensitivity": sweep.sensitivity,
            "compare": data.compare, "fit": data.fit, "validate": data.validate}


def one_line_warning(message, category, filename, lineno, line=None):
    return f"ssb: warning: {message}\n"


def main(argv=None):
    """The ``ssb`` command; returns its exit code (0 ok, 1 solve failure, 2 bad input,
    128 + N stopped by signal N)."""
    import warnings

    from . import signals

    warnings.formatwarning = one_line_warning  # physics warnings as one line, no source
    argv = sys.argv[1:] if argv is None else list(argv)
    supervised = os.environ.get(SUPERVISED) == "1"
    if supervised:
        signals.attach_to_parent()
    signals.install()
    command = "ssb"
    try:
        args = build_parser().parse_args(argv)
        command = args.command
        return _main(args, argv, supervised)
    except KeyboardInterrupt as exc:  # SIGINT / SIGTERM outside a command's own handler
        return signals.report(command, exc, "nothing more was written.")


def _main(args, argv, supervised):
    from ..errors import InputError

    if not supervised:
        try:
            limit = max_time(args)
        except InputError as exc:
            print(f"ssb: error: {exc}", file=sys.stderr)
            return 2
        if limit is not None:
            return supervise(argv, limit, args.command)
    try:
        from ..folders import check_out_dir, check_out_file

        check_out_dir(getattr(args, "out", None))
        check_out_file(getattr(args, "plot", None), "--plot")
        if args.command in NO_SOLVE:
            return COMMANDS[args.command](args)
        return _with_solver_log(args)
    except InputError as exc:
        print(f"ssb: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        raise
    except OSError as exc:  # a disk that is full, a file that vanished, ...
        where = f" '{exc.filename}'" if exc.filename else ""
        print(f"ssb: error: could not read or write{where}: {exc.strerror or exc}; files "
              "written before are kept.", file=sys.stderr)
        return 1
    except Exception as exc:  # solver failures etc.: one line, not a traceback
        import pybamm

        from ..errors import SolveError

        if isinstance(exc, SolveError):
            print(f"ssb: error: {exc}", file=sys.stderr)
            return 1
        if isinstance(exc, (pybamm.SolverError, pybamm.ModelError, pybamm.OptionError)):
            print(f"ssb: error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        return internal_error(exc)


def _with_solver_log(args):
    """Run a solving command with the solver's own stderr lines in a log file: kept, and
    named, if the command fails; removed if it succeeds (retries that succeeded)."""
    from .solver_log import solver_output_to_log

    code = 1
    log = solver_output_to_log()
    try:
        with log:
            code = COMMANDS[args.command](args)
    finally:
        if log.lines and code == 0:
            try:
                os.unlink(log.path)
            except OSError:
                pass
        elif log.lines:
            print(f"ssb: the solver's own messages ({log.lines} lines) are in {log.path}",
                  file=sys.stderr)
    return code


def internal_error(exc):
    """An error ssb did not foresee (a bug): one line, the traceback kept in a file."""
    import tempfile
    import traceback

    where = "not saved"
    try:
        fd, where = tempfile.mkstemp(prefix="ssb-traceback-", suffix=".txt")
        with os.fdopen(fd, "w") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        pass
    print(f"ssb: internal error: {type(exc).__name__}: {str(exc).strip()[:300]} (a bug in "
          f"ssb: please report it with the command line; traceback: {where})",
          file=sys.stderr)
    return 1

