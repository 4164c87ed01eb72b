"""Errors raised for bad user input (reported by the CLI without a traceback)."""


class InputError(ValueError):
    """Bad user input: says what was wrong and what is allowed."""


class SolveError(RuntimeError):
    """A solve that could not produce a result (the CLI prints it as one line, exit 1):
    says where it failed and what to change."""


def closest_names(name, known, n=3):
    """The ``n`` known parameter names nearest to a mistyped ``name``: names whose
    part before the unit starts with the user's first (a wrong unit, e.g.
    "... conductivity [S/m]"), then difflib's closest by whole name."""
    import difflib

    stem = str(name).split("[")[0].strip().lower()
    first = [k for k in known if stem and k.lower().startswith(stem)] if len(stem) > 3 else []
    first.sort(key=lambda k: (len(k), k))
    rest = difflib.get_close_matches(str(name), list(known), n=n, cutoff=0.5)
    out = []
    for k in first + rest:
        if k not in out:
            out.append(k)
    return out[:n]


def did_you_mean(name, known, cutoff=0.6):
    """" Did you mean 'x'?" for the one known name closest to a mistyped ``name``
    (difflib), or "" when none is close: the hint every "unknown ..." message ends
    with."""
    import difflib

    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=cutoff)
    return f" Did you mean '{close[0]}'?" if close else ""
