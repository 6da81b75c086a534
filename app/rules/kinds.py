"""The one registry of criterion kinds: per criterion class, its parser spec, evaluator and counting flag.

Adding a kind is one class in `criteria` and one entry here; `tests/rules/test_kinds.py`
fails when a class of the `Criterion` union has no complete entry. `any_of` is
defined here because it parses and evaluates other criteria through this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from . import checks, evaluators
from .checks import REQUIRED, AwardDefinitionError, Path, Spec
from .criteria import (
    AnyOf,
    Criterion,
    DistinctTrainees,
    HasDeclaration,
    HasQts,
    HoldsAward,
    MentoringHours,
    PortfolioPassed,
    TeachingExperience,
    TrainingHours,
)
from .decision import CriterionResult
from .evaluators import Context, Finding

__all__ = ["COMMON", "KINDS", "REGISTRY", "Kind", "evaluate_criterion", "parse_criteria"]

C = TypeVar("C")


@dataclass(frozen=True)
class Kind(Generic[C]):
    """How one criterion kind is read from JSON (`spec`: its own fields), judged, and shown.

    `counts` says whether its results list the records they counted (`counted` in the answer).
    """

    spec: Spec
    evaluate: Callable[[C, Context], Finding]
    counts: bool


def evaluate_criterion(c: Criterion, ctx: Context) -> CriterionResult:
    """Evaluate one criterion with its kind's evaluator, as a result carrying its identity."""
    kind = REGISTRY[type(c)]
    return CriterionResult(
        kind=c.kind,
        code=c.code,
        description=c.description,
        advisory=c.advisory,
        counts=kind.counts,
        **kind.evaluate(c, ctx),
    )


def _any_of(c: AnyOf, ctx: Context) -> Finding:
    """Met when every non-advisory criterion of some route is met."""
    routes = tuple(tuple(evaluate_criterion(sub, ctx) for sub in route) for route in c.routes)
    return {"met": any(not any(r.blocking for r in route) for route in routes), "routes": routes}


def _routes(value: Any, path: Path) -> tuple[tuple[Criterion, ...], ...]:
    """Check any_of routes: a non-empty list of non-empty criteria lists."""
    if not isinstance(value, list) or not 1 <= len(value) <= 10:
        raise AwardDefinitionError(path, "must be a list of 1 to 10 routes")
    return tuple(parse_criteria(route, [*path, i], nested=True) for i, route in enumerate(value))


COMMON: Spec = {
    "kind": (lambda v, p: v, REQUIRED),
    "code": (checks.snake, REQUIRED),
    "description": (checks.text(1000), REQUIRED),
    "advisory": (checks.boolean, False),
}
_WINDOW_START: Spec = {"since_date": (checks.day, None), "since_award": (checks.award_code, None)}

# In this order in error messages and the documentation of kinds.
REGISTRY: dict[type[Criterion], Kind[Any]] = {
    HasQts: Kind[HasQts]({}, evaluators.has_qts, counts=False),
    TeachingExperience: Kind[TeachingExperience](
        {"min_years": (checks.integer(0, 60), REQUIRED)}, evaluators.teaching_experience, counts=False
    ),
    TrainingHours: Kind[TrainingHours](
        {
            "tag": (checks.award_code, REQUIRED),
            "min_hours": (checks.hours, REQUIRED),
            "modes": (checks.modes, None),
            "min_hours_by_year": (checks.by_year, ()),
            "accredited_only": (checks.boolean, False),
            "window": (checks.window, "all_time"),
        },
        evaluators.training_hours,
        counts=True,
    ),
    MentoringHours: Kind[MentoringHours](
        {"min_hours": (checks.hours, REQUIRED), **_WINDOW_START}, evaluators.mentoring_hours, counts=True
    ),
    DistinctTrainees: Kind[DistinctTrainees](
        {"min_count": (checks.integer(1, 1000), REQUIRED), **_WINDOW_START},
        evaluators.distinct_trainees,
        counts=True,
    ),
    HoldsAward: Kind[HoldsAward](
        {"award": (checks.award_code, REQUIRED), "before": (checks.before, "as_of")},
        evaluators.holds_award,
        counts=True,
    ),
    HasDeclaration: Kind[HasDeclaration](
        {"declaration": (checks.snake, REQUIRED)}, evaluators.declaration, counts=True
    ),
    PortfolioPassed: Kind[PortfolioPassed](
        {"portfolio_kind": (checks.award_code, REQUIRED)}, evaluators.portfolio_passed, counts=True
    ),
    AnyOf: Kind[AnyOf]({"routes": (_routes, REQUIRED)}, _any_of, counts=False),
}

KINDS: dict[str, type[Criterion]] = {cls.kind: cls for cls in REGISTRY}


def _parse(data: Any, path: Path, nested: bool) -> Criterion:
    """Parse one criterion dict; `nested` forbids any_of inside any_of."""
    if not isinstance(data, dict):
        raise AwardDefinitionError(path, "must be an object")
    name = data.get("kind")
    allowed = [k for k, cls in KINDS.items() if not (nested and cls is AnyOf)]
    if not isinstance(name, str) or name not in allowed:
        raise AwardDefinitionError([*path, "kind"], f"must be one of {allowed}")
    cls = KINDS[name]
    values = checks.read(data, path, {**COMMON, **REGISTRY[cls].spec})
    if values.get("since_date") is not None and values.get("since_award") is not None:
        raise AwardDefinitionError([*path, "since_award"], "give since_date or since_award, not both")
    del values["kind"]
    return cls(**values)


def parse_criteria(value: Any, path: Path, nested: bool) -> tuple[Criterion, ...]:
    """Parse a non-empty list of criteria."""
    if not isinstance(value, list) or not 1 <= len(value) <= 50:
        raise AwardDefinitionError(path, "must be a list of 1 to 50 criteria")
    return tuple(_parse(item, [*path, i], nested) for i, item in enumerate(value))
