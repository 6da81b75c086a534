"""What attendance earns, in hundredths of an hour: the one place the register's rules live.

attended earns the session's credit hours; partial is clock time attended (0 < given <= duration) and earns
``given × credit / duration`` rounded down to the hundredth; absent and excused earn nothing; nothing on a
cancelled session earns anything. ``EARNS`` says so once; ``earned_centi`` reads it for one register line in
Python, ``earned_sql`` for many rows in one SQL statement (a session's rows recomputed, an import's staged
rows). A test holds the two to the same answers. ``hours_centi`` is kept in step with the session: changing
its credit, duration or status recomputes every row in one statement.
"""

from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Integer, SQLColumnExpression, case, cast, func, literal, update
from sqlmodel import Session, col, select

from app.enums import AttendanceStatus, SessionStatus
from app.errors import Conflict
from app.models.training import Attendance, TrainingSession


class Earns(Enum):
    credit = "the session's credit hours"
    proportion = "the clock time given, in proportion of credit to duration, rounded down"


EARNS: dict[str, Earns] = {
    AttendanceStatus.attended.value: Earns.credit,
    AttendanceStatus.partial.value: Earns.proportion,
}
"""What each status earns on a session that is not cancelled; a status not here earns nothing."""


def earned_centi(
    status: str, given_centi: int | None, *, credit_centi: int, duration_centi: int, session_status: str
) -> int:
    """Hours one register row earns."""
    earns = EARNS.get(status)
    if session_status == SessionStatus.cancelled or earns is None:
        return 0
    if earns is Earns.credit:
        return credit_centi
    return (given_centi or 0) * credit_centi // duration_centi if duration_centi > 0 else 0


def earned_sql(
    status: SQLColumnExpression[str],
    given_centi: SQLColumnExpression[int | None],
    *,
    credit_centi: SQLColumnExpression[int] | int,
    duration_centi: SQLColumnExpression[int] | int,
    cancelled: SQLColumnExpression[bool] | bool,
) -> ColumnElement[int]:
    """Hours each row earns, as one SQL expression (``cancelled``, credit and duration: per row or one value)."""
    if cancelled is True:
        return literal(0)
    # Integer division of non-negative integers truncates, that is rounds down, in SQLite and PostgreSQL.
    share = cast(func.coalesce(given_centi, 0) * credit_centi, Integer) // cast(duration_centi, Integer)
    amounts = {Earns.credit: credit_centi, Earns.proportion: share}
    whens: list[tuple[Any, Any]] = [] if cancelled is False else [(cancelled, 0)]
    whens += [(status == value, amounts[earns]) for value, earns in EARNS.items()]
    return case(*whens, else_=0)


def clock_centi(status: str, given_centi: int | None, *, duration_centi: int, session_status: str) -> int:
    """Clock time a row says was attended: the duration (attended), the hours given (partial), else 0."""
    if session_status == SessionStatus.cancelled:
        return 0
    if status == AttendanceStatus.attended:
        return duration_centi
    return (given_centi or 0) if status == AttendanceStatus.partial else 0


def recompute(session: Session, *, training_session: TrainingSession) -> None:
    """Bring every row in step with the session's credit, duration and status (409 if a partial exceeds it)."""
    too_many = session.exec(
        select(Attendance.id).where(
            Attendance.training_session_id == training_session.id,
            Attendance.status == AttendanceStatus.partial,
            col(Attendance.given_centi) > training_session.duration_centi,
        )
    ).first()
    if too_many is not None:
        raise Conflict(
            "partial attendance on this session exceeds the new duration; correct the register first",
            errors=[{"loc": ["body", "duration_hours"], "msg": "below recorded partial hours"}],
        )
    earned = earned_sql(
        col(Attendance.status),
        col(Attendance.given_centi),
        credit_centi=training_session.credit_centi,
        duration_centi=training_session.duration_centi,
        cancelled=training_session.status == SessionStatus.cancelled,
    )
    session.exec(
        update(Attendance)
        .where(col(Attendance.training_session_id) == training_session.id, col(Attendance.hours_centi) != earned)
        .values(hours_centi=earned)
    )
