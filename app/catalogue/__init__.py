"""Reference catalogue shipped with the service.

- ``standards.json``: the 21 expectations of the National Standards for
  school-based ITT mentors (seed 002), codes ``NS1.1``…``NS4.2``.
- ``outcomes.json``: the London Providers mentor training framework learning
  outcomes (seed 004), codes ``LP1-T01``…``LP2-A18``.

Both are read-only data; callers get fresh copies so they cannot mutate the cache.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "OUTCOME_CODES",
    "STANDARD_CODES",
    "load_outcomes",
    "load_standards",
]


@cache
def _read(name: str) -> tuple[dict[str, Any], ...]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(json.loads(text))


def load_standards() -> list[dict[str, Any]]:
    """The 21 national-standard expectations, in seed order."""
    return copy.deepcopy(list(_read("standards.json")))


def load_outcomes() -> list[dict[str, Any]]:
    """The 73 London Providers learning outcomes, in seed order."""
    return copy.deepcopy(list(_read("outcomes.json")))


STANDARD_CODES: frozenset[str] = frozenset(s["code"] for s in _read("standards.json"))
OUTCOME_CODES: frozenset[str] = frozenset(o["code"] for o in _read("outcomes.json"))
