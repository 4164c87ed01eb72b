"""Argument readers shared by the commands: numbers, ``--set`` / ``--option`` pairs,
worker counts, the compile choice."""

import math


def parse_option(text):
    from ..errors import InputError

    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"--option '{text}' is malformed: expected \"key=value\", e.g. "
                         "\"interface resistance=ohmic\".")
    return key.strip(), value.strip()


def pairs(texts, parse, flag):
    """``{name: value}`` from repeated ``--set`` / ``--option`` arguments read by
    ``parse``; a name given twice with different values is refused (which one was meant
    cannot be guessed); the same pair twice is one."""
    out = {}
    for text in texts or ():
        key, value = parse(text)
        if key in out and out[key] != value:
            from ..errors import InputError

            raise InputError(f"{flag} '{key}' is given twice, with {out[key]!r} and "
                             f"{value!r}; give it once.")
        out[key] = value
    return out


def model_choices(args):
    """The model options of a command: its ``--option`` pairs, with ``--mesh`` (and
    ``--model`` where the command has it) as the options "mesh" and "model"; the same
    choice given both ways with different values is refused."""
    options = pairs(args.option, parse_option, "--option")
    for key in ("mesh", "model"):
        value = getattr(args, key, None)
        if value is None:
            continue
        if key in options and options[key] != value:
            from ..errors import InputError

            raise InputError(f"--{key} {value} and --option '{key}={options[key]}' "
                             "disagree; give one.")
        options[key] = value
    return options


def number(text, what):
    from ..errors import InputError

    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{what} must be a number, got '{text}'.") from None


def compile_choice(args):
    choice = {"auto": "auto", "yes": True, "no": False}[args.compile]
    if choice is True:
        from ..errors import InputError
        from ..experiments.discharge_runner import can_compile

        if not can_compile():
            raise InputError("--compile yes needs a C compiler (gcc) on the PATH, and "
                             "none was found; use --compile auto or no.")
    return choice


def workers(args):
    if args.workers is None:
        return None
    workers = number(args.workers, "--workers")
    if not math.isfinite(workers) or workers != int(workers) or workers < 1:
        from ..errors import InputError

        raise InputError(f"--workers must be an integer >= 1, got {args.workers!r}.")
    return int(workers)
