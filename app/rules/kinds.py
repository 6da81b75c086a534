"""The one registry of criterion kinds: per class, its parser spec, evaluator, counting flag and checks.

Adding a kind is one class in `criteria` and one entry here; `tests/rules/test_kinds.py`
fails when a class of the `Criterion` union has no complete entry. A kind's `satisfiable`
check refuses a criterion that parses but could never be met in a new award definition. `any_of` is
defined here because it parses and evaluates other criteria through this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from . import checks, evaluators
from .checks import REQUIRED, AwardDefinitionError, Path, Spec
from .criteria import (
    DECLARATIONS,
    PORTFOLIO_KINDS,
    AnyOf,
    Award,
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

__all__ = [
    "COMMON",
    "KINDS",
    "REGISTRY",
    "Kind",
    "check_satisfiable",
    "evaluate_criterion",
    "parse_criteria",
]

C = TypeVar("C")
Satisfiable = Callable[[C, str, Path], None]
"""A kind's own check of a criterion in a new award (`str`: the award's own code); raises if never met."""


@dataclass(frozen=True)
class Kind(Generic[C]):
    """How one criterion kind is read from JSON (`spec`: its own fields), judged, and shown.

    `counts` says whether its results list the records they counted (`counted` in the answer);
    `satisfiable` refuses (AwardDefinitionError) a criterion a new award could never meet.
    """

    spec: Spec
    evaluate: Callable[[C, Context], Finding]
    counts: bool
    satisfiable: Satisfiable[C]


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


def _always(c: Any, own: str, path: Path) -> None:
    """No check beyond the parser's: the criterion can be met."""


def _positive(value: int, path: Path) -> None:
    """A threshold of zero or less would count nothing."""
    if value <= 0:
        raise AwardDefinitionError(path, "must be above 0")


def _not_own(code: str | None, own: str, path: Path) -> None:
    """An award cannot require itself (it could never be issued the first time)."""
    if code == own:
        raise AwardDefinitionError(path, "an award cannot require or count from itself")


def _training(c: TrainingHours, own: str, path: Path) -> None:
    """Positive thresholds, and a window not counted from the award itself."""
    _positive(c.min_hours, [*path, "min_hours"])
    for i, (_, hours) in enumerate(c.min_hours_by_year):
        _positive(hours, [*path, "min_hours_by_year", i, "min_hours"])
    if c.window.startswith("since_award:"):
        _not_own(c.window.removeprefix("since_award:"), own, [*path, "window"])


def _mentoring(c: MentoringHours, own: str, path: Path) -> None:
    """A positive threshold, and a window not counted from the award itself."""
    _positive(c.min_hours, [*path, "min_hours"])
    _not_own(c.since_award, own, [*path, "since_award"])


def _trainees(c: DistinctTrainees, own: str, path: Path) -> None:
    """A positive count, and a window not counted from the award itself."""
    _positive(c.min_count, [*path, "min_count"])
    _not_own(c.since_award, own, [*path, "since_award"])


def _holds(c: HoldsAward, own: str, path: Path) -> None:
    """Another award than this one."""
    _not_own(c.award, own, [*path, "award"])


def _declaration(c: HasDeclaration, own: str, path: Path) -> None:
    """A declaration a mentor can make."""
    if c.declaration not in DECLARATIONS:
        raise AwardDefinitionError([*path, "declaration"], f"must be one of {sorted(DECLARATIONS)}")


def _portfolio(c: PortfolioPassed, own: str, path: Path) -> None:
    """A portfolio kind a provider can assess."""
    if c.portfolio_kind not in PORTFOLIO_KINDS:
        raise AwardDefinitionError([*path, "portfolio_kind"], f"must be one of {sorted(PORTFOLIO_KINDS)}")


def _all_satisfiable(criteria: tuple[Criterion, ...], own: str, path: Path) -> None:
    """Each criterion passes its kind's check, and not all of them are advisory."""
    if all(c.advisory for c in criteria):
        raise AwardDefinitionError(path, "needs at least one criterion that is not advisory")
    for i, c in enumerate(criteria):
        REGISTRY[type(c)].satisfiable(c, own, [*path, i])


def _any_of_satisfiable(c: AnyOf, own: str, path: Path) -> None:
    """Every route can be met and is more than advice."""
    for r, route in enumerate(c.routes):
        _all_satisfiable(route, own, [*path, "routes", r])


def check_satisfiable(award: Award) -> None:
    """Refuse (AwardDefinitionError) a parsed new award that could never be issued."""
    _all_satisfiable(award.criteria, award.code, ["criteria"])


COMMON: Spec = {
    "kind": (lambda v, p: v, REQUIRED),
    "code": (checks.snake, REQUIRED),
    "description": (checks.text(1000), REQUIRED),
    "advisory": (checks.boolean, False),
}
_WINDOW_START: Spec = {"since_date": (checks.day, None), "since_award": (checks.award_code, None)}

# In this order in error messages and the documentation of kinds.
REGISTRY: dict[type[Criterion], Kind[Any]] = {
    HasQts: Kind[HasQts]({}, evaluators.has_qts, counts=False, satisfiable=_always),
    TeachingExperience: Kind[TeachingExperience](
        {"min_years": (checks.integer(0, 60), REQUIRED)},
        evaluators.teaching_experience,
        counts=False,
        satisfiable=_always,
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
        satisfiable=_training,
    ),
    MentoringHours: Kind[MentoringHours](
        {"min_hours": (checks.hours, REQUIRED), **_WINDOW_START},
        evaluators.mentoring_hours,
        counts=True,
        satisfiable=_mentoring,
    ),
    DistinctTrainees: Kind[DistinctTrainees](
        {"min_count": (checks.integer(1, 1000), REQUIRED), **_WINDOW_START},
        evaluators.distinct_trainees,
        counts=True,
        satisfiable=_trainees,
    ),
    HoldsAward: Kind[HoldsAward](
        {"award": (checks.award_code, REQUIRED), "before": (checks.before, "as_of")},
        evaluators.holds_award,
        counts=True,
        satisfiable=_holds,
    ),
    HasDeclaration: Kind[HasDeclaration](
        {"declaration": (checks.snake, REQUIRED)}, evaluators.declaration, counts=True, satisfiable=_declaration
    ),
    PortfolioPassed: Kind[PortfolioPassed](
        {"portfolio_kind": (checks.award_code, REQUIRED)},
        evaluators.portfolio_passed,
        counts=True,
        satisfiable=_portfolio,
    ),
    AnyOf: Kind[AnyOf]({"routes": (_routes, REQUIRED)}, _any_of, counts=False, satisfiable=_any_of_satisfiable),
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
