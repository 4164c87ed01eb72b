"""``ssb cells``, ``ssb experiments``, ``ssb datasets``: what ships, listed."""

from ..files import to_json
from ..physics.constants import CELSIUS_OFFSET


def cells(args):
    from ..parameters import cells, get_cell
    from ..parameters.registry import parameter_values

    if args.parameters:
        module = get_cell(args.parameters)
        pv = parameter_values(module.CELL.id)  # derived values filled as shipped
        rows = [{"name": e.name,
                 "value": _fmt(e.value) if e.value is not None else pv[e.name],
                 "derived": e.value is None, "source": e.source,
                 "range": _range(module, e.name, pv[e.name])}
                for e in module.ENTRIES]
        if args.json:
            print(to_json(rows))
        else:
            for row in rows:
                tag = " (derived)" if row["derived"] else ""
                allowed = f"\n    range: {row['range']}" if row["range"] else ""
                print(f"{row['name']} = {row['value']}{tag}\n    source: {row['source']}"
                      f"{allowed}")
            meshes = getattr(module.CELL, "meshes", {})
            if meshes:
                print("\nmesh presets (--mesh; docs/performance.md, 'Mesh presets'):")
                for name, mesh in meshes.items():
                    print(f"  {name}: {mesh.describe()}\n    measured: {mesh.measured}")
        return 0
    rows = []
    for cid, module in cells().items():
        pv = parameter_values(cid)  # derived values filled as shipped
        area_cm2 = pv["Electrode height [m]"] * pv["Electrode width [m]"] * 1e4
        rows.append({
            "id": cid,
            "parameter_set": module.CELL.parameter_set,
            "anode": module.CELL.anode,
            "electrolyte": module.CELL.electrolyte,
            "cathode": module.CELL.cathode,
            "default_temperature_C": round(pv["Ambient temperature [K]"] - CELSIUS_OFFSET, 3),
            "theoretical_capacity_mAh_cm2": pv["Nominal cell capacity [A.h]"] * 1e3 / area_cm2,
            "voltage_window_V": [pv["Lower voltage cut-off [V]"],
                                 pv["Upper voltage cut-off [V]"]],
        })
    if args.json:
        print(to_json(rows))
        return 0
    stacks = [f"{r['anode']} | {r['electrolyte']} | {r['cathode']}" for r in rows]
    w_id = max(len("id"), *(len(r["id"]) for r in rows))
    w_st = max(len("anode | SE | cathode"), *(len(s) for s in stacks))
    print(f"{'id':<{w_id}}  {'anode | SE | cathode':<{w_st}}  {'T [C]':>6}  {'Q [mAh/cm2]':>11}")
    for r, stack in zip(rows, stacks):
        print(f"{r['id']:<{w_id}}  {stack:<{w_st}}  {r['default_temperature_C']:>6g}  "
              f"{r['theoretical_capacity_mAh_cm2']:>11.3f}")
    print("\nQ: stoichiometric-window capacity between the cut-off voltages (1C basis).")
    return 0


def _range(module, name, value):
    """The allowed values of a numeric parameter (docs/model.md, "Parameter ranges"),
    as text; None for a function or a parameter without a range."""
    import numbers

    from ..parameters.ranges import range_for

    row = range_for(name)
    if row is None or isinstance(value, bool) or not isinstance(value, numbers.Number):
        return None
    if row.cell_temperature:
        lo, hi = module.CELL.temperature_range_C
        return (f"{lo + CELSIUS_OFFSET:g} to {hi + CELSIUS_OFFSET:g} K ({lo:g} to {hi:g} C, "
                "the cell's range; set it with --temperature)")
    return row.interval()


def _fmt(value):
    if callable(value):
        return f"function {getattr(value, '__module__', '')}.{getattr(value, '__name__', value)}"
    return value


def experiments(args):
    from ..experiments import load_experiment, predefined

    rows = [{"name": n, "description": load_experiment(n).description} for n in predefined()]
    if args.json:
        print(to_json(rows))
    else:
        for r in rows:
            print(f"{r['name']:<20} {r['description']}")
    return 0


def datasets(args):
    from ..data.compare import COLUMNS_OF
    from ..data.datasets import shipped

    rows = []
    for d in shipped().values():
        if d.kind in COLUMNS_OF:
            x, y = COLUMNS_OF[d.kind]
            what = f"{d.kind} ({d.quantity}): {d.n} value(s)"
        else:
            what = (f"{d.n} capacity point(s), {d.columns['rate'][0]:g} {d.rate_unit}, "
                    f"{d.columns['capacity'][0]:g} {d.capacity_unit}" if d.kind == "points"
                    else f"curve at {d.rate:g} {d.rate_unit}")
        rows.append({"id": d.id, "cell": d.cell, "family": d.family, "role": d.role,
                     "kind": d.kind, "quantity": d.quantity,
                     "temperature_C": d.temperature_C, "summary": what,
                     "columns": d.columns, "citation": d.citation,
                     "location": d.provenance.get("location")
                     or d.provenance.get("review_location")})
    if args.json:
        print(to_json(rows))
        return 0
    for r in rows:
        print(f"{r['id']:<4} {r['cell']:<13} {r['role']:<11} {r['summary'][:46]:<46} "
              f"{r['citation'][:70]}")
    return 0
