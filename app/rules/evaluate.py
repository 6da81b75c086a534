"""Evaluate a mentor's facts against an award as of a date, explaining every criterion.

Only records dated on or before `as_of` count. Hours are integers of
hundredths of an hour; advisory criteria are reported but never block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any

from .criteria import (
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
from .dates import academic_year_label, academic_year_start, academic_year_start_year
from .decision import CriterionResult, Decision
from .facts import Attendance, Certificate, MentorFacts, MentoringLog, UpcomingSession

__all__ = ["evaluate", "evaluate_many"]


@dataclass(frozen=True)
class _Context:
    """The facts as of a date: only records dated on or before `as_of`, oldest first."""

    facts: MentorFacts
    as_of: date
    attendance: tuple[Attendance, ...]
    logs: tuple[MentoringLog, ...]
    certificates: tuple[Certificate, ...]
    upcoming: tuple[UpcomingSession, ...]

    @classmethod
    def build(cls, facts: MentorFacts, as_of: date) -> _Context:
        """Filter and order the facts for evaluation as of `as_of`."""
        return cls(
            facts=facts,
            as_of=as_of,
            attendance=tuple(sorted((a for a in facts.attendance if a.on <= as_of), key=_by_on)),
            logs=tuple(sorted((g for g in facts.logs if g.on <= as_of), key=_by_on)),
            certificates=tuple(
                sorted(
                    (c for c in facts.certificates if c.held_on(as_of)),
                    key=lambda c: (c.issued_on, c.id),
                )
            ),
            # Sorted once here rather than for every unmet training criterion (a report's hot path).
            upcoming=tuple(
                sorted((s for s in facts.upcoming if s.starts_on > as_of), key=lambda s: (s.starts_on, s.id))
            ),
        )

    def held(self, award: str) -> tuple[Certificate, ...]:
        """Certificates of `award` held on `as_of`, earliest issued first."""
        return tuple(c for c in self.certificates if c.award == award)


_by_on = attrgetter("on", "id")  # sort key of attendance and logs: date, then id


def _result(c: Criterion, met: bool, **extra: Any) -> CriterionResult:
    """A result carrying the criterion's identity."""
    return CriterionResult(
        kind=c.kind, code=c.code, description=c.description, met=met, advisory=c.advisory, **extra
    )


def _quantity(c: Criterion, actual: int, required: int, unit: str, **extra: Any) -> CriterionResult:
    """A result for an `actual >= required` rule, with the shortfall."""
    return _result(
        c,
        actual >= required,
        actual=actual,
        required=required,
        shortfall=max(0, required - actual),
        unit=unit,
        **extra,
    )


def _since_award(ctx: _Context, award: str) -> tuple[date | None, str | None]:
    """Window start at the earliest held certificate of `award`, or a note if none is held."""
    held = ctx.held(award)
    if not held:
        return None, f"Counts from the {award} certificate's issue date, and it is not held."
    return held[0].issued_on, None


def _log_window(ctx: _Context, c: MentoringHours | DistinctTrainees) -> tuple[date | None, str | None]:
    """Window start (None for all time) for mentoring criteria, or a note if it cannot open."""
    if c.since_award is not None:
        return _since_award(ctx, c.since_award)
    return c.since_date, None


def _training_window(ctx: _Context, c: TrainingHours) -> tuple[date | None, str | None]:
    """Window start (None for all time) for a training criterion, or a note if it cannot open."""
    if c.window == "academic_year":
        return academic_year_start(ctx.as_of), None
    if c.window.startswith("since_award:"):
        return _since_award(ctx, c.window.removeprefix("since_award:"))
    return None, None


def _counts(c: TrainingHours, item: Attendance | UpcomingSession) -> bool:
    """Whether a session's tag, mode and provider count toward a training criterion."""
    return (
        c.tag in item.counts_toward
        and (c.modes is None or item.mode in c.modes)
        and (item.provider_accredited or not c.accredited_only)
    )


def _upcoming(ctx: _Context, c: TrainingHours) -> tuple[str, ...]:
    """Ids of scheduled sessions after `as_of` that would count toward `c`."""
    end = None
    if c.window == "academic_year":
        end = date(academic_year_start_year(ctx.as_of) + 1, 9, 1)
    return tuple(s.id for s in ctx.upcoming if (end is None or s.starts_on < end) and _counts(c, s))


def _training_hours(c: TrainingHours, ctx: _Context) -> CriterionResult:
    """Sum the credited hours of sessions that count toward the criterion's tag."""
    required = c.threshold(academic_year_start_year(ctx.as_of))
    start, note = _training_window(ctx, c)
    in_window = () if note else ctx.attendance
    counted = [a for a in in_window if _counts(c, a) and (start is None or a.on >= start)]
    actual = sum(a.hours for a in counted)
    upcoming = _upcoming(ctx, c) if actual < required else ()
    ids = tuple(a.id for a in counted)
    return _quantity(c, actual, required, "hours", counted=ids, upcoming=upcoming, note=note)


def _window_logs(
    ctx: _Context, c: MentoringHours | DistinctTrainees
) -> tuple[list[MentoringLog], str | None]:
    """The logs inside a mentoring criterion's window, or none and a note."""
    start, note = _log_window(ctx, c)
    if note:
        return [], note
    return [g for g in ctx.logs if start is None or g.on >= start], None


def _mentoring_hours(c: MentoringHours, ctx: _Context) -> CriterionResult:
    """Sum mentoring hours inside the window."""
    logs, note = _window_logs(ctx, c)
    counted = tuple(g.id for g in logs)
    return _quantity(c, sum(g.hours for g in logs), c.min_hours, "hours", counted=counted, note=note)


def _distinct_trainees(c: DistinctTrainees, ctx: _Context) -> CriterionResult:
    """Count distinct trainees mentored inside the window."""
    logs, note = _window_logs(ctx, c)
    actual = len({g.trainee_id for g in logs})
    counted = tuple(g.id for g in logs)
    return _quantity(c, actual, c.min_count, "trainees", counted=counted, note=note)


def _has_qts(c: HasQts, ctx: _Context) -> CriterionResult:
    """QTS awarded on or before `as_of`."""
    qts = ctx.facts.qts_awarded_on
    return _result(c, qts is not None and qts <= ctx.as_of)


def _whole_years(start: date, end: date) -> int:
    """Whole years from `start` to `end`; the anniversary itself completes a year."""
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(0, years)


def _teaching_experience(c: TeachingExperience, ctx: _Context) -> CriterionResult:
    """Whole years of teaching from `teaching_since` to `as_of`."""
    since = ctx.facts.teaching_since
    if since is None:
        return _quantity(c, 0, c.min_years, "years", note="Teaching start date not recorded.")
    return _quantity(c, _whole_years(since, ctx.as_of), c.min_years, "years")


def _holds_award(c: HoldsAward, ctx: _Context) -> CriterionResult:
    """A valid certificate of the award, issued before the academic year if so required."""
    held = ctx.held(c.award)
    if c.before == "academic_year_start":
        cutoff = academic_year_start(ctx.as_of)
        held = tuple(x for x in held if x.issued_on < cutoff)
    return _result(c, bool(held), counted=tuple(x.id for x in held))


def _declaration(c: HasDeclaration, ctx: _Context) -> CriterionResult:
    """The named declaration made on or before `as_of`."""
    made = any(d.code == c.declaration and d.made_on <= ctx.as_of for d in ctx.facts.declarations)
    return _result(c, made, counted=(c.declaration,) if made else ())


def _portfolio_passed(c: PortfolioPassed, ctx: _Context) -> CriterionResult:
    """A portfolio of the kind assessed as passed on or before `as_of`."""
    passed = tuple(
        p.id for p in ctx.facts.portfolios if p.kind == c.portfolio_kind and p.passed_on(ctx.as_of)
    )
    return _result(c, bool(passed), counted=passed)


def _any_of(c: AnyOf, ctx: _Context) -> CriterionResult:
    """Met when every non-advisory criterion of some route is met."""
    routes = tuple(tuple(_evaluate(sub, ctx) for sub in route) for route in c.routes)
    met = any(not any(r.blocking for r in route) for route in routes)
    return _result(c, met, routes=routes)


_RULES: dict[str, Callable[[Any, _Context], CriterionResult]] = {
    "has_qts": _has_qts,
    "teaching_experience": _teaching_experience,
    "training_hours": _training_hours,
    "mentoring_hours": _mentoring_hours,
    "distinct_trainees": _distinct_trainees,
    "holds_award": _holds_award,
    "declaration": _declaration,
    "portfolio_passed": _portfolio_passed,
    "any_of": _any_of,
}


def _evaluate(c: Criterion, ctx: _Context) -> CriterionResult:
    """Evaluate one criterion."""
    return _RULES[c.kind](c, ctx)


def _availability(award: Award, as_of: date) -> CriterionResult:
    """Whether the award exists yet in the academic year of `as_of`."""
    first = award.valid_from_year or 0
    return CriterionResult(
        kind="award_available",
        code="award_available",
        description=f"The award can be gained from the {academic_year_label(first)} academic year.",
        met=academic_year_start_year(as_of) >= first,
        advisory=False,
    )


def _held(award: Award, ctx: _Context) -> bool:
    """A valid certificate as of `as_of` (in its academic year, for once-a-year awards)."""
    held = ctx.held(award.code)
    if award.once_per_academic_year:
        start = academic_year_start(ctx.as_of)
        held = tuple(c for c in held if c.issued_on >= start)
    return bool(held)


def _decide(award: Award, ctx: _Context) -> Decision:
    """Evaluate every criterion of `award` against prepared facts."""
    results = [_evaluate(c, ctx) for c in award.criteria]
    if award.valid_from_year is not None:
        results.insert(0, _availability(award, ctx.as_of))
    eligible = not any(r.blocking for r in results)
    return Decision(award=award.code, eligible=eligible, held=_held(award, ctx), criteria=tuple(results))


def evaluate(facts: MentorFacts, award: Award, as_of: date) -> Decision:
    """Decide whether the mentor is eligible for `award` as of `as_of`, explaining every criterion."""
    return _decide(award, _Context.build(facts, as_of))


def evaluate_many(facts: MentorFacts, awards: Iterable[Award], as_of: date) -> list[Decision]:
    """Evaluate several awards for one mentor as of the same date."""
    ctx = _Context.build(facts, as_of)
    return [_decide(award, ctx) for award in awards]
