"""Attendance that cannot lie: counted only once the session has started, one live place at a time.

A mentor is ``attended``/``partial`` only at a session whose ``starts_at`` is at or before now; and at most
at one live session (``in_person``, ``live_online``, ``visit``) at any instant. A session's end is
``starts_at + duration``; touching end to start is no overlap; ``self_study`` and cancelled sessions never
overlap. Both the register (here) and the attendance import (``app.imports.kinds.attendance``) apply them.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, cast, func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from app.enums import AttendanceStatus, Mode, SessionStatus
from app.errors import Conflict
from app.models.training import Attendance, TrainingSession

LIVE_MODES = frozenset({Mode.in_person.value, Mode.live_online.value, Mode.visit.value})
COUNTED = frozenset({AttendanceStatus.attended.value, AttendanceStatus.partial.value})
LONGEST = timedelta(hours=24)  # a session's duration is at most 24 hours


def aware(at: datetime) -> datetime:
    """An instant read back from the database (naive from SQLite) in UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def has_started(training_session: TrainingSession, now: datetime) -> bool:
    """Whether the session's start is at or before ``now``."""
    return aware(training_session.starts_at) <= now


def ends_at(starts_at: datetime, duration_centi: int) -> datetime:
    """When a session that starts at ``starts_at`` ends."""
    return aware(starts_at) + timedelta(seconds=duration_centi * 36)


def is_live(training_session: TrainingSession) -> bool:
    """Whether the session occupies its attendees' time (a live mode, not cancelled)."""
    return training_session.mode in LIVE_MODES and training_session.status != SessionStatus.cancelled


@dataclass(frozen=True)
class Clash:
    """Another live session a mentor attended whose time overlaps."""

    training_session_id: uuid.UUID
    title: str

    def msg(self) -> str:
        return f"this mentor attended training session {self.training_session_id} ({self.title!r}) at the same time"


def clashes(
    session: Session, *, training_session: TrainingSession, mentor_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Clash]:
    """For each mentor attended/partial at another live session overlapping this one: that session."""
    if not mentor_ids or not is_live(training_session):
        return {}
    start = aware(training_session.starts_at)
    end = ends_at(start, training_session.duration_centi)
    rows = session.connection().execute(
        select_columns(col(Attendance.mentor_id), col(TrainingSession.id), col(TrainingSession.title),
               col(TrainingSession.starts_at), col(TrainingSession.duration_centi))
        .join(TrainingSession, col(Attendance.training_session_id) == col(TrainingSession.id))
        .where(
            col(Attendance.mentor_id).in_(mentor_ids),
            col(Attendance.status).in_(COUNTED),
            col(TrainingSession.id) != training_session.id,
            col(TrainingSession.mode).in_(LIVE_MODES),
            col(TrainingSession.status) != SessionStatus.cancelled,
            col(TrainingSession.starts_at) > start - LONGEST,  # a bounded window, then the exact test
            col(TrainingSession.starts_at) < end,
        )
        .order_by(col(TrainingSession.starts_at))
    ).all()
    out: dict[uuid.UUID, Clash] = {}
    for mentor_id, other_id, title, other_start, duration in rows:
        if ends_at(other_start, duration) > start and mentor_id not in out:
            out[mentor_id] = Clash(other_id, title)
    return out


def epoch_seconds(dialect: str, at: Any) -> Any:
    """An SQL expression: seconds since 1970 of a stored UTC instant (SQLite text or PostgreSQL timestamp)."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", at), BigInteger)
    return cast(func.strftime("%s", at), BigInteger)


def check_session_change(session: Session, *, training_session: TrainingSession, changed: set[str]) -> None:
    """409 when a session's new time, length, mode or status puts one of its attendees in two places."""
    if not changed & {"starts_at", "duration_hours", "mode", "status"} or not is_live(training_session):
        return
    attendees = session.connection().execute(
        select_columns(col(Attendance.mentor_id)).where(
            col(Attendance.training_session_id) == training_session.id, col(Attendance.status).in_(COUNTED)
        )
    ).scalars().all()
    found = clashes(session, training_session=training_session, mentor_ids=list(attendees))
    if found:
        mentor_id, clash = next(iter(found.items()))
        field = next(f for f in ("starts_at", "duration_hours", "mode", "status") if f in changed)
        raise Conflict(
            "a mentor on this register would attend two live sessions at the same time",
            errors=[{"loc": ["body", field], "msg": f"mentor {mentor_id}: {clash.msg()}"}],
        )
