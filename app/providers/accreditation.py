"""Dated accreditation: the periods in which a provider was accredited, and SQL asking "accredited then?".

A period runs over England's days ``from_on`` to ``until_on`` inclusive (``until_on`` None: open). Each row
also keeps the period as UTC instants, so a training session's start is compared in SQL as it is stored.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.clock import LOCAL
from app.errors import InvalidInput
from app.models.registry import Provider, ProviderAccreditation
from app.providers.schemas import AccreditationPeriod

SINCE_EVER = date(1900, 1, 1)  # the start of an accreditation that predates the record


def day_start(on: date) -> datetime:
    """The UTC instant at which England's day ``on`` starts."""
    return datetime.combine(on, time(), tzinfo=LOCAL).astimezone(UTC)


def default_periods(accredited: bool) -> list[AccreditationPeriod]:
    """The periods meant by a bare ``accredited`` flag: open from 1900-01-01, or none."""
    return [AccreditationPeriod(**{"from": SINCE_EVER})] if accredited else []


def check(periods: Sequence[AccreditationPeriod]) -> None:
    """422 naming the period whose ``until`` precedes its ``from``, or that overlaps another."""
    for i, p in enumerate(periods):
        if p.until is not None and p.until < p.from_:
            raise InvalidInput(["body", "accreditations", i, "until"], "must not be before from")
    order = sorted(range(len(periods)), key=lambda i: periods[i].from_)
    for before, after in zip(order, order[1:], strict=False):
        until = periods[before].until
        if until is None or until >= periods[after].from_:
            raise InvalidInput(["body", "accreditations", after, "from"],
                               f"overlaps accreditation period {before}")


def replace(session: Session, provider_id: uuid.UUID, periods: Sequence[AccreditationPeriod]) -> None:
    """Make ``periods`` the provider's accreditation (checked first; nothing written on a refusal)."""
    check(periods)
    # Lock the provider first: two replacements at once must not both insert (PostgreSQL; SQLite serialises).
    session.execute(select(col(Provider.id)).where(col(Provider.id) == provider_id).with_for_update())
    session.execute(delete(ProviderAccreditation).where(col(ProviderAccreditation.provider_id) == provider_id))
    for p in periods:
        session.add(ProviderAccreditation(
            provider_id=provider_id, from_on=p.from_, until_on=p.until, from_at=day_start(p.from_),
            until_at=None if p.until is None else day_start(p.until + timedelta(days=1))))


def accredited_at(provider_id: Any, instant: Any) -> ColumnElement[bool]:
    """SQL: the provider (a column) was accredited at ``instant`` (a UTC timestamp column or value)."""
    a = ProviderAccreditation
    return exists().where(
        col(a.provider_id) == provider_id, col(a.from_at) <= instant,
        or_(col(a.until_at).is_(None), col(a.until_at) > instant))


def accredited_on(provider_id: Any, on: date) -> ColumnElement[bool]:
    """SQL: the provider (a column) was accredited on England's day ``on``."""
    a = ProviderAccreditation
    return exists().where(
        col(a.provider_id) == provider_id, col(a.from_on) <= on,
        or_(col(a.until_on).is_(None), col(a.until_on) >= on))


def periods_of(session: Session, provider_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[AccreditationPeriod]]:
    """Each provider's periods, oldest first, in one query."""
    a = ProviderAccreditation
    out: dict[uuid.UUID, list[AccreditationPeriod]] = {p: [] for p in provider_ids}
    if not provider_ids:
        return out
    stmt = select(col(a.provider_id), col(a.from_on), col(a.until_on))
    rows = session.execute(stmt.where(col(a.provider_id).in_(provider_ids)).order_by(col(a.from_on))).all()
    for provider_id, from_on, until_on in rows:
        out[provider_id].append(AccreditationPeriod(**{"from": from_on, "until": until_on}))
    return out


def covers(periods: Sequence[AccreditationPeriod], on: date) -> bool:
    """Whether one of the periods includes the day ``on``."""
    return any(p.from_ <= on and (p.until is None or on <= p.until) for p in periods)
