"""How each criterion kind is judged against a mentor's facts as of a date.

Only records dated on or before `as_of` count. An evaluator returns a
`Finding` (met, and the figures and records behind it); `kinds.evaluate_criterion`
adds the criterion's identity to make the `CriterionResult`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Required, TypedDict

from .criteria import (
    DistinctTrainees,
    HasDeclaration,
    HasQts,
    HoldsAward,
    MentoringHours,
    PortfolioPassed,
    TeachingExperience,
    TrainingHours,
)
from .dates import academic_year_start, academic_year_start_year
from .decision import CriterionResult
from .facts import Attendance, Certificate, MentorFacts, MentoringLog, UpcomingSession

__all__ = [
    "Context",
    "Finding",
    "declaration",
    "distinct_trainees",
    "has_qts",
    "holds_award",
    "mentoring_hours",
    "portfolio_passed",
    "teaching_experience",
    "training_hours",
]


class Finding(TypedDict, total=False):
    """A criterion's outcome without its identity: the `CriterionResult` fields an evaluator sets."""

    met: Required[bool]
    actual: int
    required: int
    shortfall: int
    unit: str
    counted: tuple[str, ...]
    routes: tuple[tuple[CriterionResult, ...], ...]
    upcoming: tuple[str, ...]
    note: str | None


_by_on = attrgetter("on", "id")  # sort key of attendance and logs: date, then id


@dataclass(frozen=True)
class Context:
    """The facts as of a date: only records dated on or before `as_of`, oldest first."""

    facts: MentorFacts
    as_of: date
    attendance: tuple[Attendance, ...]
    logs: tuple[MentoringLog, ...]
    certificates: tuple[Certificate, ...]
    upcoming: tuple[UpcomingSession, ...]

    @classmethod
    def build(cls, facts: MentorFacts, as_of: date) -> Context:
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
            # The `as_of` day counts: the caller hints only at sessions not yet started.
            upcoming=tuple(
                sorted((s for s in facts.upcoming if s.starts_on >= as_of), key=lambda s: (s.starts_on, s.id))
            ),
        )

    def held(self, award: str) -> tuple[Certificate, ...]:
        """Certificates of `award` held on `as_of`, earliest issued first."""
        return tuple(c for c in self.certificates if c.award == award)


def _quantity(actual: int, required: int, unit: str) -> Finding:
    """A finding for an `actual >= required` rule, with the shortfall."""
    return {
        "met": actual >= required,
        "actual": actual,
        "required": required,
        "shortfall": max(0, required - actual),
        "unit": unit,
    }


def _since_award(ctx: Context, award: str) -> tuple[date | None, str | None]:
    """Window start at the earliest held certificate of `award`, or a note if none is held."""
    held = ctx.held(award)
    if not held:
        return None, f"Counts from the {award} certificate's issue date, and it is not held."
    return held[0].issued_on, None


def _training_window(ctx: Context, c: TrainingHours) -> tuple[date | None, str | None]:
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


def _upcoming(ctx: Context, c: TrainingHours) -> tuple[str, ...]:
    """Ids of scheduled sessions from `as_of` on (not yet started) that would count toward `c`."""
    end = None
    if c.window == "academic_year":
        end = date(academic_year_start_year(ctx.as_of) + 1, 9, 1)
    return tuple(s.id for s in ctx.upcoming if (end is None or s.starts_on < end) and _counts(c, s))


def training_hours(c: TrainingHours, ctx: Context) -> Finding:
    """Sum the credited hours of sessions that count toward the criterion's tag."""
    required = c.threshold(academic_year_start_year(ctx.as_of))
    start, note = _training_window(ctx, c)
    in_window = () if note else ctx.attendance
    counted = [a for a in in_window if _counts(c, a) and (start is None or a.on >= start)]
    actual = sum(a.hours for a in counted)
    upcoming = _upcoming(ctx, c) if actual < required else ()
    ids = tuple(a.id for a in counted)
    return {**_quantity(actual, required, "hours"), "counted": ids, "upcoming": upcoming, "note": note}


def _window_logs(ctx: Context, c: MentoringHours | DistinctTrainees) -> tuple[list[MentoringLog], str | None]:
    """The logs inside a mentoring criterion's window (from a date, an award or all time), or a note."""
    start: date | None = c.since_date
    if c.since_award is not None:
        start, note = _since_award(ctx, c.since_award)
        if note:
            return [], note
    return [g for g in ctx.logs if start is None or g.on >= start], None


def mentoring_hours(c: MentoringHours, ctx: Context) -> Finding:
    """Sum mentoring hours inside the window."""
    logs, note = _window_logs(ctx, c)
    counted = tuple(g.id for g in logs)
    return {**_quantity(sum(g.hours for g in logs), c.min_hours, "hours"), "counted": counted, "note": note}


def distinct_trainees(c: DistinctTrainees, ctx: Context) -> Finding:
    """Count distinct trainees mentored inside the window."""
    logs, note = _window_logs(ctx, c)
    actual = len({g.trainee_id for g in logs})
    counted = tuple(g.id for g in logs)
    return {**_quantity(actual, c.min_count, "trainees"), "counted": counted, "note": note}


def has_qts(c: HasQts, ctx: Context) -> Finding:
    """QTS awarded on or before `as_of`."""
    qts = ctx.facts.qts_awarded_on
    return {"met": qts is not None and qts <= ctx.as_of}


def _whole_years(start: date, end: date) -> int:
    """Whole years from `start` to `end`; the anniversary itself completes a year."""
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(0, years)


def teaching_experience(c: TeachingExperience, ctx: Context) -> Finding:
    """Whole years of teaching from `teaching_since` to `as_of`."""
    since = ctx.facts.teaching_since
    if since is None:
        return {**_quantity(0, c.min_years, "years"), "note": "Teaching start date not recorded."}
    return _quantity(_whole_years(since, ctx.as_of), c.min_years, "years")


def holds_award(c: HoldsAward, ctx: Context) -> Finding:
    """A valid certificate of the award, issued before the academic year if so required."""
    held = ctx.held(c.award)
    if c.before == "academic_year_start":
        cutoff = academic_year_start(ctx.as_of)
        held = tuple(x for x in held if x.issued_on < cutoff)
    return {"met": bool(held), "counted": tuple(x.id for x in held)}


def declaration(c: HasDeclaration, ctx: Context) -> Finding:
    """The named declaration made on or before `as_of`."""
    made = any(d.code == c.declaration and d.made_on <= ctx.as_of for d in ctx.facts.declarations)
    return {"met": made, "counted": (c.declaration,) if made else ()}


def portfolio_passed(c: PortfolioPassed, ctx: Context) -> Finding:
    """A portfolio of the kind assessed as passed on or before `as_of`."""
    passed = tuple(
        p.id for p in ctx.facts.portfolios if p.kind == c.portfolio_kind and p.passed_on(ctx.as_of)
    )
    return {"met": bool(passed), "counted": passed}
