"""Write the table of shipped datasets (citation, reported, simulated, error) into
docs/compare.md between the markers. ``--check`` exits 1 if the page is stale.

    python docs/datasets_table.py [--check]
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

PAGE = Path(__file__).with_name("compare.md")
BEGIN, END = "<!-- datasets-table:begin -->", "<!-- datasets-table:end -->"
CELLS = ("li-llzo-lco", "lto-lgps-lco", "li-peo-lfp")


def rows():
    from ssb_models.compare import compare
    from ssb_models.datasets import shipped

    out = []
    for d in shipped().values():
        cell = d.family if d.family in CELLS else None
        if cell:
            p = compare(d, cell)["points"][0]
            sim, err = f"{p['simulated']:.1f}", f"{p['error_pct']:+.1f} %"
        else:
            sim, err = "–", "no shipped cell of this family"
        out.append((d.id, d.family, d.provenance["cell_as_reported"], f"{d.temperature_C:g}",
                    f"{d.columns['rate'][0]:g} {'C' if d.rate_unit == 'C-rate' else 'mA/cm²'}",
                    f"{d.columns['capacity'][0]:g}", sim, err, d.citation))
    return out


def render(text):
    a, b = text.index(BEGIN) + len(BEGIN), text.index(END)
    body = "\n| " + "\n| ".join(
        " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows()) + "\n"
    head = ("\n| id | family | cell as reported | T [°C] | rate | reported [mAh/g] | "
            "simulated [mAh/g] | error | citation |\n|---|---|---|---|---|---|---|---|---|")
    return text[:a] + head + body + text[b:]


def main():
    text = PAGE.read_text()
    new = render(text)
    if "--check" in sys.argv:
        if new != text:
            print(f"{PAGE} is stale: run python docs/datasets_table.py")
            return 1
        return 0
    PAGE.write_text(new)
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
