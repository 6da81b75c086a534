"""Evaluate a mentor's facts against an award as of a date, explaining every criterion.

Only records dated on or before `as_of` count. Hours are integers of
hundredths of an hour; advisory criteria are reported but never block.
Each criterion is judged by its kind's evaluator in `kinds.REGISTRY`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .criteria import Award
from .dates import academic_year_label, academic_year_start, academic_year_start_year
from .decision import AwardDecision, CriterionResult
from .evaluators import Context
from .facts import MentorFacts
from .kinds import evaluate_criterion

__all__ = ["evaluate", "evaluate_many"]


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


def _held(award: Award, ctx: Context) -> bool:
    """A valid certificate as of `as_of` (in its academic year, for once-a-year awards)."""
    held = ctx.held(award.code)
    if award.once_per_academic_year:
        start = academic_year_start(ctx.as_of)
        held = tuple(c for c in held if c.issued_on >= start)
    return bool(held)


def _decide(award: Award, ctx: Context) -> AwardDecision:
    """Evaluate every criterion of `award` against prepared facts."""
    results = [evaluate_criterion(c, ctx) for c in award.criteria]
    if award.valid_from_year is not None:
        results.insert(0, _availability(award, ctx.as_of))
    eligible = not any(r.blocking for r in results)
    return AwardDecision(award=award.code, eligible=eligible, held=_held(award, ctx), criteria=tuple(results))


def evaluate(facts: MentorFacts, award: Award, as_of: date) -> AwardDecision:
    """Decide whether the mentor is eligible for `award` as of `as_of`, explaining every criterion."""
    return _decide(award, Context.build(facts, as_of))


def evaluate_many(facts: MentorFacts, awards: Iterable[Award], as_of: date) -> list[AwardDecision]:
    """Evaluate several awards for one mentor as of the same date."""
    ctx = Context.build(facts, as_of)
    return [_decide(award, ctx) for award in awards]
