"""The rules engine imports only the standard library and never reads the clock."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "app" / "rules"
FORBIDDEN = {"fastapi", "sqlmodel", "sqlalchemy", "pydantic", "starlette"}
SOURCES = sorted(RULES.glob("*.py"))


def imported_modules(tree: ast.AST) -> list[str]:
    """Absolute module names imported anywhere in a module (relative imports excluded)."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_rules_sources_found_non_empty() -> None:
    """The walk sees the engine's modules."""
    assert {"__init__.py", "facts.py", "awards.py", "evaluate.py"} <= {p.name for p in SOURCES}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_rules_module_imports_only_stdlib(path: Path) -> None:
    """Every import is standard library or the rules package itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name in imported_modules(tree):
        top = name.split(".")[0]
        assert top not in FORBIDDEN, f"{path.name} imports {name}"
        assert top in sys.stdlib_module_names or name.startswith("app.rules"), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_rules_module_reads_no_clock(path: Path) -> None:
    """as_of is always a parameter: no date.today() or datetime.now() inside the rules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and n.attr in {"today", "now", "utcnow"}
    ]
    assert calls == [], f"{path.name} reads the clock"
