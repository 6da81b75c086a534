"""Award definitions to and from plain JSON-ready dicts, with validation.

In the dicts hours are numbers of hours with at most two decimals; in the
definitions they are integers of hundredths. Each kind's own fields are
checked by its spec in `kinds.REGISTRY`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from . import checks
from .checks import REQUIRED, AwardDefinitionError, Path, Spec
from .criteria import AnyOf, Award, Criterion
from .kinds import parse_criteria
from .units import hours_out

__all__ = ["AwardDefinitionError", "award_to_dict", "criterion_to_dict", "parse_award"]

_AWARD: Spec = {
    "code": (checks.award_code, REQUIRED),
    "name": (checks.text(200), REQUIRED),
    "description": (checks.text(2000, allow_empty=True), ""),
    "criteria": (lambda v, p: parse_criteria(v, p, nested=False), REQUIRED),
    "valid_from_year": (checks.integer(2000, 2100), None),
    "once_per_academic_year": (checks.boolean, False),
    "provider_id": (checks.text(64), None),
}


def _check_unique(criteria: tuple[Criterion, ...], path: Path, seen: set[str]) -> None:
    """Fail on a criterion code used twice anywhere in the award."""
    for i, criterion in enumerate(criteria):
        if criterion.code in seen:
            raise AwardDefinitionError([*path, i, "code"], "duplicate criterion code")
        seen.add(criterion.code)
        if isinstance(criterion, AnyOf):
            for r, route in enumerate(criterion.routes):
                _check_unique(route, [*path, i, "routes", r], seen)


def parse_award(data: dict[str, Any]) -> Award:
    """Validate a JSON-ready award definition and build the Award; AwardDefinitionError if invalid."""
    award = Award(**checks.read(data, [], _AWARD))
    _check_unique(award.criteria, ["criteria"], set())
    return award


_OUT: dict[str, Callable[[Any], Any]] = {
    "min_hours": hours_out,
    "modes": lambda v: None if v is None else sorted(v),
    "min_hours_by_year": lambda v: [{"from_year": y, "min_hours": hours_out(h)} for y, h in v],
    "since_date": lambda v: None if v is None else v.isoformat(),
    "routes": lambda v: [[criterion_to_dict(c) for c in route] for route in v],
}


def criterion_to_dict(criterion: Criterion) -> dict[str, Any]:
    """One criterion as a JSON-ready dict (hours as numbers)."""
    out: dict[str, Any] = {"kind": criterion.kind}
    for f in fields(criterion):
        value = getattr(criterion, f.name)
        out[f.name] = _OUT[f.name](value) if f.name in _OUT else value
    return out


def award_to_dict(award: Award) -> dict[str, Any]:
    """An award definition as a JSON-ready dict that `parse_award` reads back."""
    return {
        "code": award.code,
        "name": award.name,
        "description": award.description,
        "valid_from_year": award.valid_from_year,
        "once_per_academic_year": award.once_per_academic_year,
        "provider_id": award.provider_id,
        "criteria": [criterion_to_dict(c) for c in award.criteria],
    }
