"""The eligibility answer: a decision per award with every criterion explained.

For criteria with unit "hours", `actual`, `required` and `shortfall` are
integers of hundredths of an hour; `to_dict` converts them to JSON numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .units import hours_out

__all__ = ["AwardDecision", "CriterionResult"]


@dataclass(frozen=True, kw_only=True, slots=True)
class CriterionResult:
    """One criterion evaluated: met or not, with the figures and records behind it.

    `counted` holds the ids of the records counted (attendance, log,
    certificate or portfolio ids; declaration codes). `upcoming` holds the ids
    of upcoming sessions that would count toward an unmet training-hours
    criterion. `note` explains an unusual outcome (e.g. a window's award not held).
    `counts` is the kind's flag in `kinds.REGISTRY`: the answer lists `counted` only then.
    """

    kind: str
    code: str
    description: str
    met: bool
    advisory: bool
    actual: int | None = None
    required: int | None = None
    shortfall: int | None = None
    unit: str | None = None
    counted: tuple[str, ...] = ()
    routes: tuple[tuple[CriterionResult, ...], ...] | None = None
    upcoming: tuple[str, ...] = ()
    note: str | None = None
    counts: bool = False

    @property
    def blocking(self) -> bool:
        """Whether this result stops the award being eligible."""
        return not self.met and not self.advisory

    def to_dict(self) -> dict[str, Any]:
        """The criterion in the API's eligibility-answer shape (hours as numbers)."""
        out: dict[str, Any] = {
            "code": self.code,
            "kind": self.kind,
            "description": self.description,
            "met": self.met,
            "advisory": self.advisory,
        }
        if self.unit is not None:
            scale = hours_out if self.unit == "hours" else _same
            out["actual"] = None if self.actual is None else scale(self.actual)
            out["required"] = None if self.required is None else scale(self.required)
            out["unit"] = self.unit
            out["shortfall"] = None if self.shortfall is None else scale(self.shortfall)
        if self.counts:
            out["counted"] = list(self.counted)
        if self.kind == "training_hours" and not self.met:
            out["upcoming_sessions"] = list(self.upcoming)
        if self.routes is not None:
            out["routes"] = [[c.to_dict() for c in route] for route in self.routes]
        if self.note is not None:
            out["note"] = self.note
        return out


def _every(results: Iterable[CriterionResult]) -> Iterator[CriterionResult]:
    """Each result, then those of its any_of routes, depth first."""
    for result in results:
        yield result
        for route in result.routes or ():
            yield from _every(route)


def _same(value: int) -> int:
    """Identity, for units other than hours."""
    return value


@dataclass(frozen=True, slots=True)
class AwardDecision:
    """Whether a mentor is eligible for an award as of a date, and whether it is held."""

    award: str
    eligible: bool
    held: bool
    criteria: tuple[CriterionResult, ...]

    def unmet(self) -> tuple[CriterionResult, ...]:
        """The top-level criteria that stop the award being eligible."""
        return tuple(c for c in self.criteria if c.blocking)

    def criterion(self, code: str) -> CriterionResult:
        """The result of the criterion with this code, inside any_of routes too; KeyError if none."""
        for result in _every(self.criteria):
            if result.code == code:
                return result
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        """The decision in the API's eligibility-answer shape."""
        return {
            "award": self.award,
            "eligible": self.eligible,
            "held": self.held,
            "criteria": [c.to_dict() for c in self.criteria],
        }
