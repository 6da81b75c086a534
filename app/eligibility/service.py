"""Eligibility: mentors' facts from the database evaluated by the pure rules in `app.rules`.

A bounded number of queries whatever the number of mentors: one per kind of fact.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from app import rules
from app.awards import service as award_service
from app.enums import Role
from app.errors import Forbidden, InvalidInput, NotFound
from app.models.registry import Mentor, MentorProvider, Provider
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.providers.accreditation import day_start
from app.tenancy import get_visible, mentor_condition, provider_condition

from . import answer, facts
from .columns import day, json_list, raw, text_id

Decided = tuple[list[list[rules.AwardDecision]], dict[str, facts.SessionInfo]]


def _training_tags(criteria: Iterable[rules.Criterion]) -> Iterator[str]:
    """The tags of every training-hours criterion, routes included."""
    for c in criteria:
        if isinstance(c, rules.TrainingHours):
            yield c.tag
        elif isinstance(c, rules.AnyOf):
            for route in c.routes:
                yield from _training_tags(route)


def _resolve(
    session: Session, codes: list[str] | None, provider_ids: Iterable[uuid.UUID]
) -> list[rules.Award]:
    """The awards to evaluate: those named, or the built-in ones and the providers' own."""
    if codes is None:
        return award_service.awards_for(session, provider_ids)
    found = award_service.get_awards(session, codes)
    missing = [c for c in codes if c not in found]
    if missing:
        raise NotFound(f"award {missing[0]!r}")
    return [found[c] for c in codes]


def _phase_matches(mentor: str | None, session: str | None) -> bool:
    """Phases match when either is unknown or all-through, or they are equal."""
    return mentor is None or session is None or mentor == session or "all_through" in (mentor, session)


def now() -> datetime:
    """The server's clock (tests replace it)."""
    return datetime.now(UTC)


def _hint_start(as_of: date) -> datetime:
    """Hints are sessions not yet started: from now, or from the start of the `as_of` day if later."""
    return max(now() + timedelta(microseconds=1), day_start(as_of))


def _upcoming(
    session: Session,
    links: dict[str, list[str]],
    mentors: list[facts.MentorBasics],
    awards: list[rules.Award],
    as_of: date,
) -> tuple[dict[str, tuple[rules.UpcomingSession, ...]], dict[str, facts.SessionInfo]]:
    """Per mentor, its providers' sessions that could count toward the awards (its phase, not registered)."""
    tags = {t for a in awards for t in _training_tags(a.criteria)}
    mentor_ids = [uuid.UUID(m) for m in links]
    providers = (p for ps in links.values() for p in ps)
    found = facts.upcoming_sessions(session, providers, mentor_ids, _hint_start(as_of), tags)
    by_provider: dict[str, list[facts.Upcoming]] = {}
    for u in found:
        by_provider.setdefault(u.info.provider_id, []).append(u)
    phases = {m.id: m.phase for m in mentors}
    per_mentor = {
        m: tuple(u.fact for p in ps for u in by_provider.get(p, ())
                 if m not in u.registered and _phase_matches(phases.get(m), u.phase))
        for m, ps in links.items()
    }
    return per_mentor, {u.info.id: u.info for u in found}


def _decide(
    session: Session,
    mentors: list[facts.MentorBasics],
    *,
    ids: Any,
    codes: list[str] | None,
    as_of: date,
    provider_id: uuid.UUID | None = None,
    hints: bool = True,
) -> Decided:
    """Each mentor's decisions, and the upcoming sessions hinted at (if `hints`)."""
    # Awards default to the built-in ones and those of `provider_id`, or of the mentors' linked providers.
    links = facts.provider_links(session, ids) if hints or provider_id is None else {}
    owners = [provider_id] if provider_id else [uuid.UUID(p) for ps in links.values() for p in ps]
    awards = _resolve(session, codes, owners)
    upcoming, sessions = _upcoming(session, links, mentors, awards, as_of) if hints else ({}, {})
    all_facts = facts.load(session, mentors, ids=ids, as_of=as_of, upcoming=upcoming)
    return [rules.evaluate_many(f, awards, as_of) for f in all_facts], sessions


def _basics(m: Mentor) -> facts.MentorBasics:
    """A mentor row's fields the rules read."""
    return facts.MentorBasics(str(m.id), m.qts_awarded_on, m.teaching_since, m.declarations, m.phase)


def _select_basics(*extra: Any) -> Any:
    """The mentors' own fields the rules read (as raw columns), then any `extra` columns."""
    m = Mentor
    return sql_select(
        raw(m.id), raw(m.qts_awarded_on), raw(m.teaching_since), raw(m.declarations), col(m.phase), *extra
    )


def _basics_of(row: Any) -> facts.MentorBasics:
    """The fields the rules read, from a row of `_select_basics`."""
    return facts.MentorBasics(text_id(row[0]), day(row[1]), day(row[2]), json_list(row[3]), row[4])


def evaluate_mentor(
    session: Session, *, mentor_id: uuid.UUID, award_codes: list[str] | None, as_of: date
) -> list[rules.AwardDecision]:
    """The mentor's decisions as of `as_of` (no scope check: callers check); NotFound for an unknown award."""
    mentor = session.get(Mentor, mentor_id)
    if mentor is None:
        raise NotFound("mentor")
    decided, _ = _decide(
        session, [_basics(mentor)], ids=[mentor.id], codes=award_codes, as_of=as_of, hints=False
    )
    return decided[0]


def mentor_facts(session: Session, *, mentor: Mentor, as_of: date) -> rules.MentorFacts:
    """The mentor's facts as of `as_of`, exactly as the eligibility rules read them (no upcoming hints)."""
    return facts.load(session, [_basics(mentor)], ids=[mentor.id], as_of=as_of)[0]


def _codes(award: str | None) -> list[str] | None:
    """The award filter as a list of codes (None for all)."""
    return None if award is None else [award]


def _award_query(call: Callable[..., Decided], *args: Any, **kw: Any) -> Decided:
    """An unknown `award=` code is bad input, not a missing page."""
    try:
        return call(*args, **kw)
    except NotFound:
        raise InvalidInput(["query", "award"], "no award with this code") from None


def mentor_answer(
    session: Session, *, principal: Principal, mentor_id: uuid.UUID, award: str | None, as_of: date
) -> dict[str, Any]:
    """A mentor's eligibility answer, for a caller that may read the mentor."""
    stmt = _select_basics().where(Mentor.id == mentor_id, mentor_condition(principal))
    row = session.connection().execute(stmt).first()
    if row is None:
        raise NotFound("mentor")
    mentor = _basics_of(row)
    decided, sessions = _award_query(
        _decide, session, [mentor], ids=[mentor_id], codes=_codes(award), as_of=as_of
    )
    return answer.render(mentor.id, decided[0], answer.session_dicts(sessions), as_of)


def _report_provider(session: Session, principal: Principal, provider_id: uuid.UUID) -> Provider:
    """The provider whose report is asked for, if the caller may read it."""
    if principal.role not in (Role.admin, Role.provider):
        raise Forbidden("only a provider or an admin reads a provider's eligibility report")
    provider: Provider = get_visible(session, Provider, provider_id, provider_condition(principal), "provider")
    return provider


def _linked(provider_id: uuid.UUID) -> Any:
    """The ids of the provider's linked mentors, as a subquery."""
    return select(MentorProvider.mentor_id).where(MentorProvider.provider_id == provider_id)


def provider_report(
    session: Session,
    *,
    principal: Principal,
    provider_id: uuid.UUID,
    award: str | None,
    as_of: date,
    query: ListQuery,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the provider's linked mentors, each with its eligibility answer."""
    provider = _report_provider(session, principal, provider_id)
    stmt = select(Mentor).where(col(Mentor.id).in_(_linked(provider.id)))
    mentors, cursor = paginate(session, stmt, Mentor, query)
    basics, ids = [_basics(m) for m in mentors], [m.id for m in mentors]
    decided, sessions = _award_query(
        _decide, session, basics, ids=ids, codes=_codes(award), as_of=as_of, provider_id=provider.id
    )
    details = answer.session_dicts(sessions)
    items = [
        {**answer.render(str(m.id), d, details, as_of), "first_name": m.first_name,
         "last_name": m.last_name, "email": m.email}
        for m, d in zip(mentors, decided, strict=True)
    ]
    return items, cursor


def provider_report_csv(
    session: Session, *, principal: Principal, provider_id: uuid.UUID, award: str | None, as_of: date
) -> str:
    """Every linked mentor x award as CSV rows, in a fixed number of queries for any number of mentors."""
    provider = _report_provider(session, principal, provider_id)
    ids = _linked(provider.id)
    m = Mentor
    stmt = (
        _select_basics(m.first_name, m.last_name, m.email)
        .where(col(m.id).in_(ids))
        .order_by(m.last_name, m.first_name, m.id)
    )
    rows = session.connection().execute(stmt).fetchall()
    mentors = [_basics_of(r) for r in rows]
    decided, _ = _award_query(
        _decide,
        session,
        mentors,
        ids=ids,
        codes=_codes(award),
        as_of=as_of,
        provider_id=provider.id,
        hints=False,
    )
    return answer.report_csv(zip(mentors, ((r[5], r[6], r[7]) for r in rows), decided, strict=True))
