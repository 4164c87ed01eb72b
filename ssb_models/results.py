"""The outcome of a run: :class:`Result` (summary, time series, tables, files)."""

from dataclasses import dataclass, field


@dataclass
class Result:
    """Outcome of :func:`run_experiment`."""

    summary: dict
    timeseries: dict
    solution: object = field(repr=False, default=None)
    files: dict = field(default_factory=dict)
    tables: dict = field(repr=False, default_factory=dict)

    def to_dataframe(self, table=None):
        """A table as a :class:`pandas.DataFrame`: the time series by default, or
        one of ``tables`` (e.g. "rate_capability", "gitt", "pulse_resistance")."""
        import pandas as pd

        return pd.DataFrame(self.timeseries if table is None else self.tables[table])


def _version():
    from . import __version__

    return __version__
