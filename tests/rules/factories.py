"""Plain factory functions for rules tests: dates as ISO strings, hours in hundredths."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.rules import (
    Attendance,
    AwardDecision,
    Certificate,
    CriterionResult,
    Declaration,
    MentorFacts,
    MentoringLog,
    Portfolio,
    UpcomingSession,
)

AS_OF = date(2026, 3, 1)


def d(iso: str) -> date:
    """A date from YYYY-MM-DD."""
    return date.fromisoformat(iso)


def att(
    id: str,
    on: str,
    hours: int,
    *,
    mode: str = "in_person",
    tags: Iterable[str] = ("lp-stage-1",),
    accredited: bool = True,
    provider: str = "p1",
) -> Attendance:
    """Attendance crediting `hours` hundredths on `on`."""
    return Attendance(
        id=id,
        provider_id=provider,
        provider_accredited=accredited,
        on=d(on),
        mode=mode,
        counts_toward=frozenset(tags),
        hours=hours,
    )


def log(id: str, trainee: str, on: str, hours: int) -> MentoringLog:
    """A mentoring log of `hours` hundredths with `trainee` on `on`."""
    return MentoringLog(id=id, trainee_id=trainee, on=d(on), hours=hours)


def cert(id: str, award: str, issued: str, revoked: str | None = None) -> Certificate:
    """A certificate of `award` issued on `issued`, optionally revoked."""
    return Certificate(
        id=id, award=award, issued_on=d(issued), revoked_on=d(revoked) if revoked else None, provider_id="p1"
    )


def decl(made: str, code: str = "professional_standards_2007") -> Declaration:
    """A declaration made on `made`."""
    return Declaration(code=code, made_on=d(made))


def folio(id: str, status: str, decided: str | None = None, kind: str = "lp-stage-2") -> Portfolio:
    """A portfolio with a status and decision date."""
    return Portfolio(id=id, kind=kind, status=status, decided_on=d(decided) if decided else None)


def upcoming(
    id: str,
    on: str,
    hours: int = 300,
    *,
    mode: str = "in_person",
    tags: Iterable[str] = ("lp-stage-1",),
    accredited: bool = True,
) -> UpcomingSession:
    """A scheduled session starting on `on`."""
    return UpcomingSession(
        id=id,
        title=f"Session {id}",
        starts_on=d(on),
        provider_id="p1",
        mode=mode,
        counts_toward=frozenset(tags),
        credit_hours=hours,
        provider_accredited=accredited,
    )


def mentor(
    *,
    qts: str | None = "2015-07-01",
    teaching: str | None = "2015-09-01",
    attendance: Iterable[Attendance] = (),
    logs: Iterable[MentoringLog] = (),
    certificates: Iterable[Certificate] = (),
    declarations: Iterable[Declaration] = (),
    portfolios: Iterable[Portfolio] = (),
    sessions: Iterable[UpcomingSession] = (),
) -> MentorFacts:
    """A mentor with QTS since 2015 and the given records."""
    return MentorFacts(
        mentor_id="m1",
        qts_awarded_on=d(qts) if qts else None,
        teaching_since=d(teaching) if teaching else None,
        attendance=tuple(attendance),
        logs=tuple(logs),
        certificates=tuple(certificates),
        declarations=tuple(declarations),
        portfolios=tuple(portfolios),
        upcoming=tuple(sessions),
    )


def flatten(results: Iterable[CriterionResult]) -> dict[str, CriterionResult]:
    """Every criterion result by code, including those inside any_of routes."""
    out: dict[str, CriterionResult] = {}
    for r in results:
        out[r.code] = r
        for route in r.routes or ():
            out.update(flatten(route))
    return out


def assert_criteria(decision: AwardDecision, expected: dict[str, bool | tuple[bool, int, int]]) -> None:
    """Assert every criterion: `True`/`False` for met-only, `(met, actual, required)` for counts."""
    results = flatten(decision.criteria)
    assert set(results) == set(expected)
    for code, want in expected.items():
        r = results[code]
        if isinstance(want, bool):
            assert (r.met, r.actual, r.required) == (want, None, None), code
        else:
            met, actual, required = want
            assert (r.met, r.actual, r.required) == (met, actual, required), code
            assert r.shortfall == max(0, required - actual), code
