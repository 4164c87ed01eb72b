"""Errors raised for bad user input (reported by the CLI without a traceback)."""


class InputError(ValueError):
    """Bad user input: says what was wrong and what is allowed."""
