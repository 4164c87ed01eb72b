"""A sweep's files: ``results.csv``, ``results.nc`` (grid sweeps, :func:`to_dataset`)
and the sweep plot ``sweep.png`` (through :mod:`ssb_models.plotting`).

A metric a point did not produce (``None``: e.g. the charge metrics of a
discharge-only cycling experiment) is empty in the CSV and NaN in the netCDF. Each
file is written beside its name and then renamed over it, so a failed write (a full
disk) leaves the previous file whole and is one
:class:`~ssb_models.errors.SolveError`; the store keeps every point."""

import json
import math
import os
from pathlib import Path

from .spec import METRIC_UNITS


def as_float(value):
    """A metric as a float: NaN for a value the point did not produce (None) or that
    is not a number."""
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def numeric(column):
    """A metric column as floats (:func:`as_float` of each value)."""
    return column.map(as_float).astype(float)


def write_atomic(path, write):
    """``write(tmp)`` to a partial file beside ``path``, then rename it to ``path``: a
    failed write leaves the previous ``path`` whole. An ``OSError`` (a full disk, no
    permission) is one :class:`~ssb_models.errors.SolveError`."""
    from ..errors import SolveError
    from .store import disk_reason

    path = Path(path)
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise SolveError(f"writing '{path}' failed ({disk_reason(exc)}); the sweep store "
                         "keeps every point: free space and run again with --resume to "
                         "write the files.") from None
    return str(path)


def to_dataset(spec, df):
    """A grid sweep as an :class:`xarray.Dataset`: the swept parameters are the
    dimensions (their values the coordinates), each metric a variable (NaN where a
    point failed), units and provenance as attributes. ``None`` for a Latin-hypercube
    sweep (no grid)."""
    import numpy as np
    import xarray as xr

    from .. import __version__

    if spec.method != "grid":
        return None
    names = [p[0] for p in spec.parameters]
    dims = [f"p{i}" for i in range(len(names))]
    coords = {d: np.asarray(sorted(set(float(v) for v in df[n])), dtype=float)
              for d, n in zip(dims, names)}
    ok = df[df["status"] == "ok"] if "status" in df else df
    data_vars = {}
    for m in spec.metrics:
        if m not in df.columns:
            continue
        arr = np.full([len(coords[d]) for d in dims], np.nan)
        for _, row in ok.iterrows():
            idx = tuple(int(np.searchsorted(coords[d], float(row[n])))
                        for d, n in zip(dims, names))
            arr[idx] = as_float(row[m])
        data_vars[m] = (dims, arr, {"units": spec.units.get(m, METRIC_UNITS.get(m, "")),
                                    "long_name": m})
    ds = xr.Dataset(data_vars, coords={
        d: (d, coords[d], {"long_name": n, "units": n.split("[")[-1].rstrip("]")
                           if "[" in n else "1", "spacing": sp})
        for d, (n, _, sp) in zip(dims, spec.parameters)})
    ds.attrs.update({
        "title": f"ssb sweep {spec.name}", "description": spec.description,
        "cell": spec.cell, "experiment": spec.label(),
        "c_rate": "experiment's own" if spec.c_rate is None else spec.c_rate,
        "temperature_C": "cell default" if spec.temperature_C is None
        else float(spec.temperature_C),
        "options": json.dumps(spec.options, sort_keys=True),
        "overrides": json.dumps(spec.overrides, sort_keys=True, default=str),
        "parameters": json.dumps(names), "source": spec.source or "",
        "provenance": f"ssb_models {__version__}; parameter sources: ssb cells "
                      f"--parameters {spec.cell}; docs/sweeps.md",
        "failed_points": int((df["status"] != "ok").sum()) if "status" in df else 0,
    })
    return ds


def export(spec, df, out_dir):
    """Write ``results.csv``, ``results.nc`` (grid sweeps: an xarray Dataset in netCDF,
    :func:`to_dataset`) and the sweep plot (line for 1-D, heatmap for a 2-D grid,
    scatter otherwise); return the file paths."""
    out = Path(out_dir)
    files = {"results": write_atomic(out / "results.csv",
                                     lambda tmp: df.to_csv(tmp, index=False))}
    ds = to_dataset(spec, df)
    if ds is not None:  # netCDF3 (scipy): no extra library
        files["netcdf"] = write_atomic(out / "results.nc",
                                       lambda tmp: ds.to_netcdf(tmp, engine="scipy"))
    ok = df[df["status"] == "ok"] if "status" in df else df
    ok = ok.assign(**{m: numeric(ok[m]) for m in spec.metrics if m in ok.columns})
    metrics = [m for m in spec.metrics if m in ok.columns and ok[m].notna().any()]
    if ok.empty or not metrics:
        return files
    files["plot"] = write_atomic(out / "sweep.png",
                                 lambda tmp: _plot(spec, ok, metrics, tmp))
    return files


def _plot(spec, ok, metrics, path):
    """The sweep plot of the finished points ``ok``: a heatmap per metric for a 2-D
    grid, else each metric against each parameter (a line for a 1-D sweep)."""
    import numpy as np

    from ..plotting import pyplot, save

    plt = pyplot()
    names = [p[0] for p in spec.parameters]
    logs = {p[0]: p[2] == "log" for p in spec.parameters}
    if len(names) == 2 and spec.method == "grid":
        fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 4), squeeze=False)
        xs, ys = sorted(set(ok[names[0]])), sorted(set(ok[names[1]]))
        for ax, m in zip(axes[0], metrics):
            Z = np.full((len(ys), len(xs)), np.nan)
            for _, row in ok.iterrows():
                Z[ys.index(row[names[1]]), xs.index(row[names[0]])] = float(row[m])
            mesh = ax.pcolormesh(_edges(xs, logs[names[0]]), _edges(ys, logs[names[1]]), Z,
                                 shading="flat")
            fig.colorbar(mesh, ax=ax, label=m)
            ax.set_xscale("log" if logs[names[0]] else "linear")
            ax.set_yscale("log" if logs[names[1]] else "linear")
            ax.set_xlabel(names[0], fontsize=8)
            ax.set_ylabel(names[1], fontsize=8)
    else:
        fig, axes = plt.subplots(len(metrics), len(names), squeeze=False,
                                 figsize=(5 * len(names), 3 * len(metrics)))
        for i, m in enumerate(metrics):
            for j, n in enumerate(names):
                ax = axes[i][j]
                d = ok.sort_values(n)
                style = "o-" if len(names) == 1 else "o"
                ax.plot(d[n], d[m].astype(float), style, ms=4)
                ax.set_xscale("log" if logs[n] else "linear")
                ax.set_xlabel(n, fontsize=8)
                ax.set_ylabel(m)
                ax.grid(alpha=0.3, which="both")
    fig.suptitle(f"sweep {spec.name}: {spec.cell}, {spec.label()}")
    return save(fig, path, dpi=110)


def _edges(values, log):
    import numpy as np

    v = np.log(values) if log else np.asarray(values, dtype=float)
    if len(v) == 1:
        e = np.array([v[0] - 0.5, v[0] + 0.5])
    else:
        mid = (v[1:] + v[:-1]) / 2
        e = np.concatenate([[2 * v[0] - mid[0]], mid, [2 * v[-1] - mid[-1]]])
    return np.exp(e) if log else e
