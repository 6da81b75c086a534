"""The attendance register: replaced whole, set-based, in one transaction; repeating a PUT changes nothing.

A provider registers only mentors linked to it (links come from the mentor's side: its school, itself, an
admin); any other mentor answers like one that does not exist, and a register never creates a link. Rows
whose mentor, status and hours are unchanged keep their id and ``updated_at``, so eligibility answers and
certificates that cite attendance ids stay valid.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, insert, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from app.attendance.earned import earned_centi
from app.attendance.edges import COUNTED, aware, clashes, has_started, is_live
from app.attendance.schemas import AttendanceEntry
from app.enums import AttendanceStatus, SessionStatus
from app.errors import Conflict, InvalidInput
from app.models.base import utcnow
from app.models.registry import Mentor
from app.models.training import Attendance, TrainingSession
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.schemas import hours_to_centi
from app.tenancy import mentor_condition, require_provider_write
from app.training_sessions import service as training_sessions
from app.training_sessions.scope import attendance_condition

Line = tuple[uuid.UUID, str, int | None]  # mentor_id, status, hours given (partial only)
# A register's rows by mentor: id, mentor_id, status, given_centi, hours_centi.
Existing = dict[uuid.UUID, Row[uuid.UUID, uuid.UUID, str, int | None, int]]


@dataclass(frozen=True, kw_only=True)
class AttendanceFilter:
    """What an attendance list is narrowed to; ``None`` narrows nothing."""

    mentor_id: uuid.UUID | None = None
    training_session_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    status: AttendanceStatus | None = None
    date_from: date | None = None
    date_to: date | None = None


def _line(i: int, entry: AttendanceEntry, training_session: TrainingSession, now: datetime) -> Line:
    """One entry checked against the register's rules."""
    status, hours = entry.status, entry.hours
    given = None if hours is None else hours_to_centi(hours)
    duration, cancelled = training_session.duration_centi, training_session.status == SessionStatus.cancelled
    if status in COUNTED and not has_started(training_session, now):
        raise InvalidInput(["body", i, "status"], f"{status} only once the session has started; it starts at "
                           f"{aware(training_session.starts_at).isoformat()}")
    loc: list[str | int] = ["body", i, "hours"]
    if cancelled and given == 0 and status in COUNTED:
        return entry.mentor_id, status, None  # what the register reports on a cancelled session
    if status == AttendanceStatus.partial:
        if not given or given > duration:
            raise InvalidInput(loc, "partial attendance needs the clock time attended: above 0 and at most "
                               f"the session's duration ({duration / 100:g})")
    elif status == AttendanceStatus.attended:
        # The clock time (the duration) as read back; the credit too, as registers sent it before.
        if given is not None and given not in (duration, training_session.credit_centi):
            raise InvalidInput(loc, f"attended means the whole session ({duration / 100:g} h); omit hours or "
                               "use partial")
        given = None
    elif given:
        raise InvalidInput(loc, f"{status} earns no hours; omit hours")
    return entry.mentor_id, status, given if status == AttendanceStatus.partial else None


def _lines(entries: list[AttendanceEntry], training_session: TrainingSession, now: datetime) -> list[Line]:
    seen: set[uuid.UUID] = set()
    lines = []
    for i, entry in enumerate(entries):
        if entry.mentor_id in seen:
            raise InvalidInput(["body", i, "mentor_id"], "this mentor is already on the register")
        seen.add(entry.mentor_id)
        lines.append(_line(i, entry, training_session, now))
    return lines


def _check_mentors(session: Session, principal: Principal, mentor_ids: list[uuid.UUID]) -> None:
    """422 naming the first mentor the caller cannot see (a provider: not linked to it), as for an unknown one."""
    visible = session.exec(select(Mentor.id).where(col(Mentor.id).in_(mentor_ids), mentor_condition(principal)))
    known = set(visible.all())
    for i, mentor_id in enumerate(mentor_ids):
        if mentor_id not in known:
            raise InvalidInput(["body", i, "mentor_id"], "no mentor with this id")


def _existing(conn: Connection, training_session: TrainingSession) -> Existing:
    """The register's rows as plain columns, by mentor (no ORM objects: registers run to thousands)."""
    rows = conn.execute(
        select_columns(
            col(Attendance.id),
            col(Attendance.mentor_id),
            col(Attendance.status),
            col(Attendance.given_centi),
            col(Attendance.hours_centi),
        ).where(col(Attendance.training_session_id) == training_session.id)
    ).all()
    return {r.mentor_id: r for r in rows}


def _diff(
    training_session: TrainingSession, lines: list[Line], existing: Existing
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows to insert and the updates to make; what stays in ``existing`` is to be deleted."""
    now, inserts, updates = utcnow(), [], []
    for mentor_id, status, given in lines:
        old = existing.pop(mentor_id, None)
        if status == AttendanceStatus.partial and given is None and old is not None:
            given = old.given_centi  # 0 re-sent on a cancelled session keeps the hours given before
        hours = earned_centi(status, given, credit_centi=training_session.credit_centi,
                             duration_centi=training_session.duration_centi, session_status=training_session.status)
        row = {"status": status, "given_centi": given, "hours_centi": hours, "updated_at": now}
        if old is None:
            ids = {"id": uuid.uuid4(), "training_session_id": training_session.id, "mentor_id": mentor_id}
            inserts.append({**row, **ids, "created_at": now})
        elif (old.status, old.given_centi, old.hours_centi) != (status, given, hours):
            updates.append({**{f"b_{k}": v for k, v in row.items()}, "b_id": old.id})
    return inserts, updates


def _check_one_place(session: Session, training_session: TrainingSession, lines: list[Line]) -> None:
    """409 naming the other session when a mentor attended an overlapping live session."""
    counted = [line[0] for line in lines if line[1] in COUNTED]
    if not counted or not is_live(training_session):
        return
    # Registers sharing a mentor queue on its row (PostgreSQL), so two cannot both pass this check at once.
    session.exec(select(Mentor.id).where(col(Mentor.id).in_(counted)).order_by(col(Mentor.id))
                 .with_for_update(key_share=True))
    found = clashes(session, training_session=training_session, mentor_ids=counted)
    errors = [{"loc": ["body", i, "mentor_id"], "msg": found[line[0]].msg()}
              for i, line in enumerate(lines) if line[0] in found]
    if errors:
        raise Conflict("a mentor cannot attend two live sessions at the same time", errors=errors)


def _write(session: Session, training_session: TrainingSession, lines: list[Line]) -> None:
    """Insert, update and delete only what differs, each as one statement."""
    table = Attendance.__table__  # type: ignore[attr-defined]  # set by SQLModel, absent from its stubs
    conn = session.connection()
    existing = _existing(conn, training_session)
    inserts, updates = _diff(training_session, lines, existing)
    if existing:
        conn.execute(delete(table).where(table.c.id.in_([r.id for r in existing.values()])))
    if updates:
        changed = ("status", "given_centi", "hours_centi", "updated_at")
        values: dict[str, Any] = {name: bindparam(f"b_{name}") for name in changed}
        conn.execute(update(table).where(table.c.id == bindparam("b_id")).values(**values), updates)
    if inserts:
        conn.execute(insert(table), inserts)


def put_register(
    session: Session, *, principal: Principal, training_session_id: uuid.UUID, entries: list[AttendanceEntry],
    now: datetime | None = None,
) -> tuple[TrainingSession, list[Attendance]]:
    """Replace a session's register (its provider or an admin); mentors not on it are removed."""
    training_session = training_sessions.get(session, principal=principal, id=training_session_id)
    require_provider_write(principal, training_session.provider_id)
    # Concurrent PUTs of one register queue on the session row (PostgreSQL; SQLite writers already serialise).
    session.exec(
        select(TrainingSession.id).where(TrainingSession.id == training_session.id).with_for_update()
    )
    lines = _lines(entries, training_session, now or utcnow())
    _check_mentors(session, principal, [line[0] for line in lines])
    _check_one_place(session, training_session, lines)
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
        .order_by(col(Attendance.mentor_id))
    ).all()
    return training_session, list(rows)


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: AttendanceFilter
) -> tuple[list[Attendance], dict[uuid.UUID, TrainingSession], str | None]:
    """Attendance rows the caller may see, filtered, with their sessions (two queries in all)."""
    stmt = select(Attendance).join(TrainingSession).where(attendance_condition(principal))
    equal = ((Attendance.mentor_id, filters.mentor_id), (Attendance.training_session_id, filters.training_session_id),
             (Attendance.status, filters.status), (TrainingSession.provider_id, filters.provider_id))
    stmt = where_given(stmt, *equal)
    if filters.date_from is not None:
        stmt = stmt.where(col(TrainingSession.starts_at) >= datetime.combine(filters.date_from, time(), UTC))
    if filters.date_to is not None:
        next_day = datetime.combine(filters.date_to + timedelta(days=1), time(), UTC)
        stmt = stmt.where(col(TrainingSession.starts_at) < next_day)
    rows, cursor = paginate(session, stmt, Attendance, query)
    ids = {r.training_session_id for r in rows}
    sessions = (
        session.exec(select(TrainingSession).where(col(TrainingSession.id).in_(ids))).all() if ids else []
    )
    return rows, {s.id: s for s in sessions}, cursor
