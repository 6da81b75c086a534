"""What mentors have done, read from the database as `app.rules` facts.

One query per kind of fact for any number of mentors (`mentor_id IN (...)`, a list of ids or a subquery), never
one per mentor. For a list of ids the statements are built once and reused with bound parameters; rows are read
as raw columns (see `columns`), and a value shared by many rows is converted once, so one mentor's answer and a
provider-wide report both stay fast. Mentors are keyed by their id as text.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, select
from sqlmodel import Session, col

from app import rules
from app.attendance.edges import COUNTED
from app.models.awarding import Certificate
from app.models.portfolio import Portfolio
from app.models.registry import MentoringLog, MentorProvider
from app.models.training import Attendance, TrainingSession
from app.providers.accreditation import accredited_at

from .columns import Memo, day, instant, json_list, local_day, raw, tag_set, text_id

Build = Callable[[Any], Any]


@dataclass(frozen=True)
class MentorBasics:
    """The mentor's own fields the rules read."""

    id: str
    qts_awarded_on: date | None
    teaching_since: date | None
    declarations: list[dict[str, Any]]
    phase: str | None = None


class SessionInfo(NamedTuple):
    """An upcoming training session, for hints."""

    id: str
    title: str
    starts_at: datetime
    provider_id: str
    mode: str
    credit_centi: int
    counts_toward: list[str]


@cache
def _prepared(build: Build) -> Any:
    """The statement for a list of ids, built once with an expanding parameter."""
    return build(bindparam("ids", expanding=True))


def _rows(session: Session, build: Build, ids: Any, **params: Any) -> Any:
    """Run a statement for these ids: a list binds to the prepared statement, a subquery is built in."""
    if isinstance(ids, list):
        return session.connection().execute(_prepared(build), {"ids": ids, **params}).fetchall()
    return session.connection().execute(build(ids), params).fetchall()


def _attendance_stmt(ids: Any) -> Any:
    """Counted attendance with its session and provider, for these mentors."""
    ts = TrainingSession
    return (
        select(
            raw(Attendance.id),
            raw(Attendance.mentor_id),
            col(Attendance.hours_centi),
            raw(ts.provider_id),
            accredited_at(ts.provider_id, ts.starts_at),  # accredited when the session started: dated
            raw(ts.starts_at),
            col(ts.mode),
            raw(ts.counts_toward),
        )
        .join(ts, col(ts.id) == Attendance.training_session_id)
        .where(
            col(Attendance.mentor_id).in_(ids),
            col(Attendance.status).in_(COUNTED),
            col(Attendance.hours_centi) > 0,
            col(ts.status) != "cancelled",
            col(ts.starts_at) < bindparam("end"),
        )
    )


def _attendance(session: Session, ids: Any, as_of: date) -> dict[str, list[rules.Attendance]]:
    """Each mentor's counted attendance (sessions starting up to two days after `as_of`)."""
    # Only an upper bound in SQL (two days on, for time zones); the rules filter exactly.
    end = datetime.combine(as_of + timedelta(days=2), time(), tzinfo=UTC)
    out: dict[str, list[rules.Attendance]] = defaultdict(list)
    mentor_ids, providers, days, codes = Memo(text_id), Memo(text_id), Memo(local_day), Memo(tag_set)
    make = rules.Attendance  # positional, in field order: measurably faster than keywords for many rows
    for id_, mentor_id, hours, provider_id, accredited, starts_at, mode, counts in _rows(
        session, _attendance_stmt, ids, end=end
    ):
        tags = codes[counts if isinstance(counts, str) else tuple(counts)]
        out[mentor_ids[mentor_id]].append(
            make(text_id(id_), providers[provider_id], bool(accredited), days[starts_at], mode, tags, hours)
        )
    return out


def _logs_stmt(ids: Any) -> Any:
    """Mentoring logs on or before `as_of`, for these mentors."""
    g = MentoringLog
    return select(raw(g.id), raw(g.mentor_id), raw(g.trainee_id), raw(g.occurred_on), col(g.hours_centi)).where(
        col(g.mentor_id).in_(ids), g.occurred_on <= bindparam("as_of")
    )


def _logs(session: Session, ids: Any, as_of: date) -> dict[str, list[rules.MentoringLog]]:
    """Each mentor's mentoring logs on or before `as_of`."""
    out: dict[str, list[rules.MentoringLog]] = defaultdict(list)
    mentor_ids, trainees, days = Memo(text_id), Memo(text_id), Memo(day)
    make = rules.MentoringLog
    for id_, mentor_id, trainee_id, on, hours in _rows(session, _logs_stmt, ids, as_of=as_of):
        out[mentor_ids[mentor_id]].append(make(text_id(id_), trainees[trainee_id], days[on], hours))
    return out


def _certificates_stmt(ids: Any) -> Any:
    """Certificates issued on or before `as_of`, for these mentors (not superseded external records)."""
    c = Certificate
    return select(
        raw(c.id), raw(c.mentor_id), col(c.award), raw(c.issued_on), raw(c.revoked_on), raw(c.provider_id)
    ).where(
        col(c.mentor_id).in_(ids),
        c.issued_on <= bindparam("as_of"),
        col(c.superseded_by).is_(None),  # an external record superseded by an issued certificate is not held
    )


def _certificates(session: Session, ids: Any, as_of: date) -> dict[str, list[rules.Certificate]]:
    """Each mentor's certificates issued on or before `as_of` (revoked ones too)."""
    out: dict[str, list[rules.Certificate]] = defaultdict(list)
    for id_, mentor_id, award, issued_on, revoked_on, provider_id in _rows(
        session, _certificates_stmt, ids, as_of=as_of
    ):
        issued, provider = day(issued_on), text_id(provider_id) if provider_id else None
        assert issued is not None
        out[text_id(mentor_id)].append(
            rules.Certificate(
                id=text_id(id_),
                award=award,
                issued_on=issued,
                revoked_on=day(revoked_on),
                provider_id=provider,
            )
        )
    return out


def _portfolios_stmt(ids: Any) -> Any:
    """Passed portfolios, for these mentors."""
    p = Portfolio
    return select(raw(p.id), raw(p.mentor_id), col(p.kind), col(p.status), raw(p.decided_on)).where(
        col(p.mentor_id).in_(ids), col(p.status) == "passed"
    )


def _portfolios(session: Session, ids: Any) -> dict[str, list[rules.Portfolio]]:
    """Each mentor's passed portfolios."""
    out: dict[str, list[rules.Portfolio]] = defaultdict(list)
    for id_, mentor_id, kind, status, decided_on in _rows(session, _portfolios_stmt, ids):
        out[text_id(mentor_id)].append(
            rules.Portfolio(id=text_id(id_), kind=kind, status=status, decided_on=day(decided_on))
        )
    return out


def _links_stmt(ids: Any) -> Any:
    """Mentor-provider links, for these mentors."""
    mp = MentorProvider
    return select(raw(mp.mentor_id), raw(mp.provider_id)).where(col(mp.mentor_id).in_(ids))


def provider_links(session: Session, ids: Any) -> dict[str, list[str]]:
    """Each mentor's linked provider ids (as text), in one query."""
    out: dict[str, list[str]] = defaultdict(list)
    for mentor_id, provider_id in _rows(session, _links_stmt, ids):
        out[text_id(mentor_id)].append(text_id(provider_id))
    return out


def _upcoming_stmt(ids: Any) -> Any:
    """Sessions of these providers from `start` that would earn hours, each with the listed mentors registered."""
    ts, a = TrainingSession, Attendance
    registered = and_(col(a.training_session_id) == ts.id, col(a.mentor_id).in_(bindparam("mentors", expanding=True)))
    return (
        select(
            raw(ts.id),
            col(ts.title),
            raw(ts.starts_at),
            raw(ts.provider_id),
            col(ts.mode),
            col(ts.credit_centi),
            raw(ts.counts_toward),
            accredited_at(ts.provider_id, ts.starts_at),
            col(ts.phase),
            raw(a.mentor_id),
        )
        .outerjoin(a, registered)
        .where(
            col(ts.provider_id).in_(ids),
            col(ts.status) != "cancelled",
            col(ts.credit_centi) > 0,
            col(ts.starts_at) >= bindparam("start"),
        )
        .order_by(col(ts.starts_at), col(ts.id))
    )


class Upcoming(NamedTuple):
    """A hinted session: its details, its fact for the rules, its phase and the mentors already registered."""

    info: SessionInfo
    fact: rules.UpcomingSession
    phase: str | None
    registered: set[str]


def upcoming_sessions(
    session: Session, provider_ids: Iterable[str], mentor_ids: list[uuid.UUID], start: datetime, tags: set[str]
) -> list[Upcoming]:
    """Sessions of these providers not started by `start`, not cancelled, earning hours toward any of `tags`.

    One query; each session says which of `mentor_ids` are already on its register.
    """
    ids = [uuid.UUID(p) for p in set(provider_ids)]
    if not ids or not tags:
        return []
    found: dict[str, Upcoming] = {}
    codes, providers, mentors = Memo(json_list), Memo(text_id), Memo(text_id)
    for id_, title, starts_at, provider_id, mode, credit, counts, accredited, phase, mentor_id in _rows(
        session, _upcoming_stmt, ids, start=start, mentors=mentor_ids
    ):
        key = text_id(id_)
        if key not in found:
            listed = codes[counts if isinstance(counts, str) else tuple(counts)]
            if tags.isdisjoint(listed):
                continue
            info = SessionInfo(key, title, instant(starts_at), providers[provider_id], mode, credit, listed)
            fact = rules.UpcomingSession(
                key, title, local_day(starts_at), info.provider_id, mode, frozenset(listed), credit, bool(accredited)
            )
            found[key] = Upcoming(info, fact, phase, set())
        if mentor_id is not None:
            found[key].registered.add(mentors[mentor_id])
    return list(found.values())


def load(
    session: Session,
    mentors: list[MentorBasics],
    *,
    ids: Any,
    as_of: date,
    upcoming: dict[str, tuple[rules.UpcomingSession, ...]] | None = None,
) -> list[rules.MentorFacts]:
    """The facts of these mentors as of `as_of`; `ids` selects the same mentors in SQL (list or subquery)."""
    attendance, logs = _attendance(session, ids, as_of), _logs(session, ids, as_of)
    certificates, portfolios = _certificates(session, ids, as_of), _portfolios(session, ids)
    upcoming = upcoming or {}
    out = []
    for m in mentors:
        key = m.id
        out.append(
            rules.MentorFacts(
                mentor_id=key,
                qts_awarded_on=m.qts_awarded_on,
                teaching_since=m.teaching_since,
                attendance=tuple(attendance.get(key, ())),
                logs=tuple(logs.get(key, ())),
                certificates=tuple(certificates.get(key, ())),
                declarations=_declarations(m.declarations),
                portfolios=tuple(portfolios.get(key, ())),
                upcoming=upcoming.get(key, ()),
            )
        )
    return out


def _declarations(raw_list: list[dict[str, Any]]) -> tuple[rules.Declaration, ...]:
    """Stored declarations as facts; a malformed one counts for nothing."""
    out = []
    for d in raw_list or ():
        try:
            out.append(rules.Declaration(code=str(d["code"]), made_on=date.fromisoformat(str(d["made_on"]))))
        except (KeyError, TypeError, ValueError):
            continue  # a malformed stored declaration counts for nothing
    return tuple(out)
