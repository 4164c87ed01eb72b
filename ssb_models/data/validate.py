"""Every shipped dataset against its cell: the Python API behind ``ssb validate``
and the generated ``docs/validation.md``.

Each dataset file states the cell it is compared with and its role:

* ``calibration``: the cell's fitted values were fitted to it (``ssb fit``);
* ``holdout``: not used in any fit; its error is a prediction error;
* ``context``: a related but different cell (other electrolyte, additives, missing
  design); shown with its assumptions, not counted in the error statistics.
"""

import math
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..files import to_json
from .datasets import ROLES


def _fmt(x):
    """3 significant digits, so the table is stable across machines and solvers."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    return f"{x:.3g}"


def _condition(ds, point):
    if ds.kind == "points":
        return f"{point['rate']:.3g} {ds.rate_unit}, {point['temperature_C']:.3g} C"
    if ds.kind == "curve":
        return f"{ds.rate:.3g} {ds.rate_unit} curve, {point['temperature_C']:.3g} C"
    if ds.kind == "resistance":
        extra = "".join(f", {v:.3g} Pa" for k, v in ds.overrides.items()
                        if k == "Stack pressure [Pa]")
        return f"{point['temperature_C']:.3g} C{extra}"
    if ds.kind == "property":
        return f"{point['concentration_mol_m3']:.4g} mol/m3, {point['temperature_C']:.3g} C"
    return f"eps_SE = {point['se_volume_fraction']:.3g}"


def _unit(ds):
    if ds.kind in ("points", "curve"):
        return ds.capacity_unit
    if ds.kind == "resistance":
        return "Ohm cm2"
    if ds.kind == "tortuosity":
        return "-"
    return {"transference_number": "-", "salt_diffusivity_m2_s": "m2/s",
            "conductivity_S_m": "S/m"}[ds.quantity]


def _what(ds):
    if ds.kind in ("points", "curve"):
        return "discharge capacity"
    if ds.kind == "tortuosity":
        return f"tortuosity ({ds.quantity} composite)"
    return ds.quantity.replace("_", " ")


def validate(cell=None, out_dir=None, plots=True):
    """Compare every shipped dataset (of ``cell``, or of all cells) with its cell.

    Returns ``{"rows": [...], "summary": [...]}``: one row per data point (dataset,
    cell, role, quantity, conditions, reported, simulated, error %, citation) and,
    per cell and role, the number of points and the median and maximum absolute
    error. With ``out_dir``: ``validation.csv``, ``validation.json``, an overlay
    plot per dataset and a parity plot per cell.
    """
    from ..parameters.registry import cells, resolve_cell_id
    from .compare import compare
    from .datasets import shipped

    wanted = resolve_cell_id(cell) if cell is not None else None
    known = set(cells())
    rows = []
    out = Path(out_dir) if out_dir is not None else None
    for ds in shipped().values():
        cid = ds.cell or ds.family
        if cid not in known:
            raise InputError(f"dataset {ds.id} names no shipped cell ('{cid}').")
        if wanted is not None and cid != wanted:
            continue
        # overlays show the published and simulated points (no extra rate line)
        res = compare(ds, cid, line=False,
                      out_dir=(out / "datasets" / ds.id) if (plots and out is not None)
                      else None)
        for p in res["points"]:
            # a quantity that changes sign (t+ of PEO-LiTFSI) has no meaningful % error
            pct = math.nan if ds.quantity == "transference_number" else float(p["error_pct"])
            rows.append({"dataset": ds.id, "cell": cid, "role": ds.role, "kind": ds.kind,
                         "quantity": _what(ds), "condition": _condition(ds, p),
                         "unit": _unit(ds), "reported": float(p["reported"]),
                         "simulated": float(p["simulated"]),
                         "error": float(p["simulated"] - p["reported"]),
                         "error_pct": pct,
                         "citation": ds.citation,
                         "assumptions": len(res["assumptions"])})
    summary = _summary(rows)
    result = {"rows": rows, "summary": summary}
    if out is not None:
        result["files"] = _write(result, out, plots)
    return result


def _summary(rows):
    out = []
    for cid in sorted({r["cell"] for r in rows}):
        for role in ROLES:
            errs = [abs(r["error_pct"]) for r in rows if r["cell"] == cid and r["role"] == role
                    and math.isfinite(r["error_pct"])]
            if not errs:
                continue
            out.append({"cell": cid, "role": role, "points": len(errs),
                        "median_abs_error_pct": float(np.median(errs)),
                        "max_abs_error_pct": float(np.max(errs))})
    return out


def _write(result, out, plots):
    import csv

    out.mkdir(parents=True, exist_ok=True)
    files = {}
    path = out / "validation.csv"
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(result["rows"][0]))
        w.writeheader()
        # an error that is not defined (a transference number's relative error, ...) is
        # an empty field, not "nan"
        w.writerows({k: ("" if isinstance(v, float) and not math.isfinite(v) else v)
                     for k, v in row.items()} for row in result["rows"])
    files["table"] = str(path)
    path = out / "validation.json"
    path.write_text(to_json(result) + "\n")
    files["json"] = str(path)
    if plots:
        for cid in sorted({r["cell"] for r in result["rows"]}):
            files[f"parity_{cid}"] = parity_plot(result["rows"], cid,
                                                 out / f"parity_{cid}.png")
    return files


def parity_plot(rows, cell, path):
    """Simulated against reported (log-log, one panel per quantity kind), marker by
    role: calibration, holdout, context."""
    from ..plotting import pyplot, save

    plt = pyplot()
    mine = [r for r in rows if r["cell"] == cell]
    groups = sorted({r["unit"] for r in mine})
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups), 4), squeeze=False)
    style = {"calibration": ("o", "C0"), "holdout": ("s", "C3"), "context": ("^", "0.6")}
    for ax, unit in zip(axes[0], groups):
        sel = [r for r in mine if r["unit"] == unit]
        vals = [abs(v) for r in sel for v in (r["reported"], r["simulated"]) if v]
        lo, hi = min(vals) / 1.5, max(vals) * 1.5
        ax.plot([lo, hi], [lo, hi], "k-", lw=0.8)
        for role, (m, c) in style.items():
            pts = [r for r in sel if r["role"] == role and r["reported"] > 0
                   and r["simulated"] > 0]
            if pts:
                ax.loglog([r["reported"] for r in pts], [r["simulated"] for r in pts], m,
                          color=c, label=role, ms=6)
                for r in pts:
                    ax.annotate(r["dataset"], (r["reported"], r["simulated"]), fontsize=6,
                                xytext=(3, 3), textcoords="offset points")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_xlabel(f"reported [{unit}]")
        ax.set_ylabel(f"simulated [{unit}]")
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=7)
    fig.suptitle(f"{cell}: simulated vs published", fontsize=10)
    return save(fig, path, dpi=110)


def markdown_table(result):
    """The rows as a Markdown table (what docs/validation.md shows)."""
    lines = [("| dataset | role | quantity | conditions | reported | simulated | error | "
              "source |"), "|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        err = (f"{r['error_pct']:+.0f} %" if math.isfinite(r["error_pct"])
               else f"{r['error']:+.2g} (abs.)")
        cite = r["citation"].replace("|", "\\|")
        lines.append(f"| {r['dataset']} | {r['role']} | {r['quantity']} | {r['condition']} | "
                     f"{_fmt(r['reported'])} {r['unit']} | {_fmt(r['simulated'])} | {err} | "
                     f"{cite} |")
    return "\n".join(lines)


def summary_table(result):
    lines = ["| cell | role | points | median abs. error | max abs. error |",
             "|---|---|---|---|---|"]
    for s in result["summary"]:
        lines.append(f"| {s['cell']} | {s['role']} | {s['points']} | "
                     f"{s['median_abs_error_pct']:.0f} % | {s['max_abs_error_pct']:.0f} % |")
    return "\n".join(lines)
