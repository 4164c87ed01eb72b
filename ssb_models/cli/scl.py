"""``ssb scl``: the space-charge layer tables of a cell's solid electrolyte."""

import sys

from ..files import to_json
from .common import number, pairs


def scl(args):
    import warnings

    from ..checks import parse_set
    from ..scl import DEFAULT_DELTA_PHI, SubLatticeLayerWarning, table

    temperature = number(args.temperature, "--temperature")
    overrides = pairs(args.set, parse_set, "--set")
    if args.plot and not args.cathode_potential:
        from ..errors import InputError

        raise InputError("--plot draws R against the cathode potential: give "
                         "--cathode-potential V [V ...] with it (without, ssb scl prints "
                         "the table only).")

    def report(out):
        # the API's SubLatticeLayerWarning, as one line on stderr (JSON: out["warnings"])
        if not args.json:
            for message in out["warnings"]:
                print(f"warning: {message}", file=sys.stderr)

    if args.cathode_potential:
        from ..scl import cathode_potential_table, plot_cathode_potential

        U = [number(x, "--cathode-potential") for x in args.cathode_potential]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SubLatticeLayerWarning)
            out = cathode_potential_table(args.cell, U, temperature, overrides)
        if args.plot:
            from pathlib import Path

            Path(args.plot).parent.mkdir(parents=True, exist_ok=True)  # checked writable
            out["plot"] = plot_cathode_potential(out, args.plot)
        if args.json:
            print(to_json(out))
            return 0
        inp = out["inputs"]
        print(f"buffer: {inp['buffer_thickness_m'] * 1e9:g} nm, Li-conducting (the cell "
              f"model) and, for comparison, as a dielectric; R in Ohm m2; "
              f"* = a layer thinner than one lattice spacing")
        print(f"{'U [V]':>7} {'dphi [V]':>9} {'R no buffer':>12} | {'phi_j [V]':>10} "
              f"{'R_SE':>10} {'R_buffer':>10} {'R total':>10} | {'dielectric':>10}")
        for r in out["results"]:
            two, diel = r["li_conducting_buffer"], r["dielectric_buffer"]
            print(f"{r['cathode_potential_V']:>7g} {r['delta_phi_V']:>9.3g} "
                  f"{r['no_buffer']['resistance_Ohm_m2']:>11.3e}"
                  f"{'*' if r['no_buffer']['sub_lattice'] else ' '} | "
                  f"{two['junction_potential_V']:>10.2e} {two['se_resistance_Ohm_m2']:>10.3e} "
                  f"{two['buffer_resistance_Ohm_m2']:>10.3e} {two['resistance_Ohm_m2']:>9.3e}"
                  f"{'*' if two['sub_lattice'] else ' '} | "
                  f"{diel['resistance_Ohm_m2']:>10.3e}")
        if args.plot:
            print(f"  plot: {out['plot']}")
        report(out)
        return 0
    dphi = ([number(x, "--delta-phi") for x in args.delta_phi] if args.delta_phi
            else list(DEFAULT_DELTA_PHI))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SubLatticeLayerWarning)
        out = table(args.cell, dphi, temperature, overrides, check=args.check)
    if args.json:
        print(to_json(out))
        return 0
    inp = out["inputs"]
    print("inputs: " + ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}"
                                 for k, v in inp.items()))
    head = f"{'dphi [V]':>9} {'lambda [m]':>11} {'w [m]':>11} {'Q [C/m2]':>11} " \
           f"{'C [F/m2]':>11} {'R [Ohm m2]':>11} {'< a':>4}"
    print(head + ("  max dev. vs grid" if args.check else ""))
    for r in out["results"]:
        line = (f"{r['delta_phi_V']:>9g} {r['screening_length_m']:>11.3e} "
                f"{r['depletion_width_m']:>11.3e} {r['charge_C_m2']:>11.4e} "
                f"{r['capacitance_F_m2']:>11.4e} {r['resistance_Ohm_m2']:>11.4e} "
                f"{'yes' if r['sub_lattice'] else 'no':>4}")
        if args.check:
            line += f"  {max(r['relative_deviation'].values()):.1e}"
        print(line)
    report(out)
    return 0
