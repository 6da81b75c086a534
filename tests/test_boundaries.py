"""Services, tenancy, imports and eligibility are plain Python: only the web layer imports FastAPI or Starlette.

The walk follows imports within `app` transitively, so a service that imports `app.deps` fails as surely as one
that imports `fastapi` itself."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
WEB = {"fastapi", "starlette"}
# The web layer: routes, their dependencies and middleware, and the one rendering of errors.
WEB_MODULES = {"app.main", "app.deps", "app.problems", "app.limits", "app.idempotency", "app.__main__",
               "app.portfolios.evidence_body",
               "app.demo.load"}  # the demo loads itself through the API, as an integrator would


def _module(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(APP.rglob("*.py"))}


def _is_web(name: str) -> bool:
    return name in WEB_MODULES or name.endswith(".router")


@cache
def _imports(name: str) -> frozenset[str]:
    """Every absolute module a module imports (``from app.x import y`` also names ``app.x.y`` if a module)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES)
    return frozenset(out)


def _web_path(name: str, seen: set[str] | None = None) -> list[str] | None:
    """The chain of imports from ``name`` to FastAPI/Starlette, or None when there is none."""
    seen = set() if seen is None else seen
    seen.add(name)
    for imported in sorted(_imports(name)):
        if imported.split(".")[0] in WEB:
            return [name, imported]
        if imported in MODULES and imported not in seen:
            chain = _web_path(imported, seen)
            if chain:
                return [name, *chain]
    return None


PLAIN = sorted(m for m in MODULES if not _is_web(m))


def test_plain_modules_include_every_service_found_non_empty() -> None:
    """The walk sees the services, tenancy, the principal, imports and eligibility."""
    services = {m for m in PLAIN if m.endswith(".service")}
    assert {"app.mentors.service", "app.eligibility.service", "app.imports.service"} <= services
    assert {"app.tenancy", "app.principal", "app.pagination", "app.errors"} <= set(PLAIN)


@pytest.mark.parametrize("module", PLAIN)
def test_plain_module_imports_no_web_framework(module: str) -> None:
    """No FastAPI or Starlette, directly or through another module of the app."""
    chain = _web_path(module)
    assert chain is None, " -> ".join(chain or [])


def test_walk_catches_a_service_importing_deps() -> None:
    """The check can fail: a module importing app.deps reaches FastAPI."""
    assert _web_path("app.deps") is not None
