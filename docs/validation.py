"""Regenerate docs/validation.md from `ssb validate` (every shipped dataset against its
cell) and the parity plots docs/validation/parity_<cell>.png.

    python docs/validation.py          # write the page and the figures
    python docs/validation.py --check  # exit 1 if the page's tables are out of date (tests)
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")

DOCS = Path(__file__).resolve().parent
PAGE = DOCS / "validation.md"
BEGIN, END = "<!-- validation tables: begin -->", "<!-- validation tables: end -->"


def tables(result):
    from ssb_models.data.validate import markdown_table, summary_table

    return "\n".join([BEGIN, "", "### Summary (absolute errors)", "", summary_table(result),
                      "", "### Every data point", "", markdown_table(result), "", END])


def main(check=False):
    from ssb_models.data.validate import parity_plot, validate

    result = validate(plots=False)
    text = PAGE.read_text()
    if BEGIN not in text or END not in text:
        print(f"{PAGE} lacks the table markers {BEGIN} ... {END}")
        return 1
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    new = head + tables(result) + tail
    if check:
        if new != text:
            print("docs/validation.md is out of date: run python docs/validation.py")
            return 1
        return 0
    PAGE.write_text(new)
    figs = DOCS / "validation"
    figs.mkdir(exist_ok=True)
    for cell in sorted({r["cell"] for r in result["rows"]}):
        print("wrote", parity_plot(result["rows"], cell, figs / f"parity_{cell}.png"))
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
