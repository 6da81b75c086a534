"""``python -m bench``: run every ``bench/<name>.py`` module's ``run()`` and print one table.

Each row is ``{"operation", "figure", "unit", "baseline", "ratio", "target"}``; ratio = figure / baseline.
``python -m bench register`` runs only the modules named.
"""

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path
from typing import Any

COLUMNS = ("operation", "figure", "baseline", "ratio", "target")


def _modules(names: list[str]) -> list[str]:
    found = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")
    )
    return [m for m in found if not names or m in names]


def _cell(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None:
        return "-"
    if column in ("figure", "baseline", "target") and row.get("unit"):
        return f"{value} {row['unit']}"
    return f"{value}x" if column == "ratio" else str(value)


def _print(rows: list[dict[str, Any]]) -> None:
    table = [list(COLUMNS)] + [[_cell(r, c) for c in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    for n, line in enumerate(table):
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str]) -> int:
    rows: list[dict[str, Any]] = []
    failed = False
    for name in _modules(argv):
        try:
            module_rows = importlib.import_module(f"bench.{name}").run()
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            rows.append({"operation": f"{name}: failed (see above)"})
            failed = True
            continue
        rows.extend({**r, "operation": f"{name}: {r['operation']}"} for r in module_rows)
    _print(rows)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
