"""The attendance register: replaced whole, set-based, in one transaction; repeating a PUT changes nothing.

A provider may register any existing mentor: attending its training links the mentor to the provider
(so the provider then reads the mentor's record and passport), which is how a mentor registered by its
school with one provider takes up training with another. Rows whose mentor, status and hours are unchanged
keep their id and ``updated_at``, so eligibility answers and certificates that cite attendance ids stay valid.
"""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.attendance.earned import earned_centi
from app.enums import AttendanceStatus, SessionStatus
from app.errors import InvalidInput
from app.models.base import utcnow
from app.models.registry import Mentor, MentorProvider
from app.models.training import Attendance, TrainingSession
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.schemas import hours_to_centi
from app.tenancy import require_provider_write
from app.training_sessions import service as training_sessions
from app.training_sessions.scope import attendance_condition

Line = tuple[uuid.UUID, str, int | None]  # mentor_id, status, hours given (partial only)


def _line(i: int, entry: dict[str, Any], training_session: TrainingSession) -> Line:
    """One entry checked against the register's rules."""
    status, hours = entry["status"], entry.get("hours")
    given = None if hours is None else hours_to_centi(hours)
    credit, cancelled = training_session.credit_centi, training_session.status == SessionStatus.cancelled
    loc: list[str | int] = ["body", i, "hours"]
    if cancelled and given == 0 and status in (AttendanceStatus.attended, AttendanceStatus.partial):
        return entry["mentor_id"], status, None  # what the register reports on a cancelled session
    if status == AttendanceStatus.partial:
        if not given or given > credit:
            raise InvalidInput(
                loc, f"partial attendance needs hours above 0 and at most the credit ({credit / 100:g})"
            )
    elif status == AttendanceStatus.attended:
        if given is not None and given != credit:
            raise InvalidInput(
                loc, f"attended earns the session's credit ({credit / 100:g}); omit hours or use partial"
            )
        given = None
    elif given:
        raise InvalidInput(loc, f"{status} earns no hours; omit hours")
    return entry["mentor_id"], status, given if status == AttendanceStatus.partial else None


def _lines(entries: list[dict[str, Any]], training_session: TrainingSession) -> list[Line]:
    seen: set[uuid.UUID] = set()
    lines = []
    for i, entry in enumerate(entries):
        if entry["mentor_id"] in seen:
            raise InvalidInput(["body", i, "mentor_id"], "this mentor is already on the register")
        seen.add(entry["mentor_id"])
        lines.append(_line(i, entry, training_session))
    return lines


def _check_and_link_mentors(session: Session, provider_id: uuid.UUID, mentor_ids: list[uuid.UUID]) -> None:
    """422 naming the first unknown mentor; link the others to the provider if they are not yet."""
    known = set(session.exec(select(Mentor.id).where(col(Mentor.id).in_(mentor_ids))).all())
    for i, mentor_id in enumerate(mentor_ids):
        if mentor_id not in known:
            raise InvalidInput(["body", i, "mentor_id"], "no mentor with this id")
    linked = set(
        session.exec(
            select(MentorProvider.mentor_id).where(
                MentorProvider.provider_id == provider_id, col(MentorProvider.mentor_id).in_(mentor_ids)
            )
        ).all()
    )
    now = utcnow()
    new = [
        {"mentor_id": m, "provider_id": provider_id, "created_at": now} for m in mentor_ids if m not in linked
    ]
    if new:  # a link made meanwhile by another request is no conflict
        conn = session.connection()
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(MentorProvider.__table__).on_conflict_do_nothing(), new)  # type: ignore[attr-defined]


def _write(session: Session, training_session: TrainingSession, lines: list[Line]) -> None:
    """Insert, update and delete only what differs, each as one statement."""
    table = Attendance.__table__  # type: ignore[attr-defined]
    existing = {
        r.mentor_id: r
        for r in session.exec(
            select(  # type: ignore[call-overload]
                Attendance.id,
                Attendance.mentor_id,
                Attendance.status,
                Attendance.given_centi,
                Attendance.hours_centi,
            ).where(Attendance.training_session_id == training_session.id)
        ).all()
    }
    now, inserts, updates = utcnow(), [], []
    for mentor_id, status, given in lines:
        old = existing.pop(mentor_id, None)
        if status == AttendanceStatus.partial and given is None and old is not None:
            given = old.given_centi  # 0 re-sent on a cancelled session keeps the hours given before
        hours = earned_centi(
            status, given, credit_centi=training_session.credit_centi, session_status=training_session.status
        )
        row = {"status": status, "given_centi": given, "hours_centi": hours, "updated_at": now}
        if old is None:
            inserts.append(
                {
                    **row,
                    "id": uuid.uuid4(),
                    "training_session_id": training_session.id,
                    "mentor_id": mentor_id,
                    "created_at": now,
                }
            )
        elif (old.status, old.given_centi, old.hours_centi) != (status, given, hours):
            updates.append({**{f"b_{k}": v for k, v in row.items()}, "b_id": old.id})
    conn = session.connection()
    if existing:
        conn.execute(delete(table).where(table.c.id.in_([r.id for r in existing.values()])))
    if updates:
        conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status=bindparam("b_status"),
                given_centi=bindparam("b_given_centi"),
                hours_centi=bindparam("b_hours_centi"),
                updated_at=bindparam("b_updated_at"),
            ),
            updates,
        )
    if inserts:
        conn.execute(insert(table), inserts)


def put_register(
    session: Session, *, principal: Principal, training_session_id: uuid.UUID, entries: list[dict[str, Any]]
) -> tuple[TrainingSession, list[Attendance]]:
    """Replace a session's register (its provider or an admin); mentors not on it are removed."""
    training_session = training_sessions.get(session, principal=principal, id=training_session_id)
    require_provider_write(principal, training_session.provider_id)
    # Concurrent PUTs of one register queue on the session row (PostgreSQL; SQLite writers already serialise).
    session.exec(
        select(TrainingSession.id).where(TrainingSession.id == training_session.id).with_for_update()
    )
    lines = _lines(entries, training_session)
    _check_and_link_mentors(session, training_session.provider_id, [line[0] for line in lines])
    _write(session, training_session, lines)
    session.commit()
    session.expunge_all()  # the rows were written behind the ORM's back: read them fresh
    return get_register(session, principal=principal, training_session_id=training_session_id)


def get_register(
    session: Session, *, principal: Principal, training_session_id: uuid.UUID
) -> tuple[TrainingSession, list[Attendance]]:
    """A session's register: every row for its provider, the caller's mentors' rows otherwise."""
    training_session = training_sessions.get(session, principal=principal, id=training_session_id)
    rows = session.exec(
        select(Attendance)
        .join(TrainingSession)
        .where(Attendance.training_session_id == training_session.id, attendance_condition(principal))
        .order_by(Attendance.mentor_id)
    ).all()
    return training_session, list(rows)


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: dict[str, Any]
) -> tuple[list[Attendance], dict[uuid.UUID, TrainingSession], str | None]:
    """Attendance rows the caller may see, filtered, with their sessions (two queries in all)."""
    stmt = select(Attendance).join(TrainingSession).where(attendance_condition(principal))
    for field in ("mentor_id", "training_session_id", "status"):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(Attendance, field) == filters[field])
    if filters.get("provider_id") is not None:
        stmt = stmt.where(TrainingSession.provider_id == filters["provider_id"])
    date_from: date | None = filters.get("date_from")
    date_to: date | None = filters.get("date_to")
    if date_from is not None:
        stmt = stmt.where(TrainingSession.starts_at >= datetime.combine(date_from, time(), UTC))
    if date_to is not None:
        stmt = stmt.where(
            TrainingSession.starts_at < datetime.combine(date_to + timedelta(days=1), time(), UTC)
        )
    rows, cursor = paginate(session, stmt, Attendance, query)
    ids = {r.training_session_id for r in rows}
    sessions = (
        session.exec(select(TrainingSession).where(col(TrainingSession.id).in_(ids))).all() if ids else []
    )
    return rows, {s.id: s for s in sessions}, cursor
