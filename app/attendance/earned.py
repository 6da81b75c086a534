"""What attendance earns, in hundredths of an hour: the one place the register's rules live.

attended earns the session's credit hours; partial earns the hours given (0 < given <= credit);
absent and excused earn nothing; nothing on a cancelled session earns anything. ``EARNS`` says so once;
``earned_centi`` reads it for one register line in Python, ``earned_sql`` for many rows in one SQL
statement (a session's rows recomputed, an import's staged rows). A test holds the two to the same answers.
``hours_centi`` is kept in step with the session: changing its credit or status recomputes every row in one
statement.
"""

from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, case, func, literal, update
from sqlmodel import Session, col, select

from app.enums import AttendanceStatus, SessionStatus
from app.errors import Conflict
from app.models.training import Attendance, TrainingSession


class Earns(Enum):
    credit = "the session's credit hours"
    given = "the hours given"


EARNS: dict[str, Earns] = {AttendanceStatus.attended.value: Earns.credit, AttendanceStatus.partial.value: Earns.given}
"""What each status earns on a session that is not cancelled; a status not here earns nothing."""


def earned_centi(status: str, given_centi: int | None, *, credit_centi: int, session_status: str) -> int:
    """Hours one register row earns."""
    earns = EARNS.get(status)
    if session_status == SessionStatus.cancelled or earns is None:
        return 0
    return credit_centi if earns is Earns.credit else given_centi or 0


def earned_sql(
    status: SQLColumnExpression[str],
    given_centi: SQLColumnExpression[int | None],
    *,
    credit_centi: SQLColumnExpression[int] | int,
    cancelled: SQLColumnExpression[bool] | bool,
) -> ColumnElement[int]:
    """Hours each row earns, as one SQL expression (``cancelled`` and the credit: per row or one value)."""
    if cancelled is True:
        return literal(0)
    amounts = {Earns.credit: credit_centi, Earns.given: func.coalesce(given_centi, 0)}
    whens: list[tuple[Any, Any]] = [] if cancelled is False else [(cancelled, 0)]
    whens += [(status == value, amounts[earns]) for value, earns in EARNS.items()]
    return case(*whens, else_=0)


def recompute(session: Session, *, training_session: TrainingSession) -> None:
    """Bring every row in step with the session's credit and status (409 if a partial exceeds the credit)."""
    too_many = session.exec(
        select(Attendance.id).where(
            Attendance.training_session_id == training_session.id,
            Attendance.status == AttendanceStatus.partial,
            col(Attendance.given_centi) > training_session.credit_centi,
        )
    ).first()
    if too_many is not None:
        raise Conflict(
            "partial attendance on this session exceeds the new credit hours; correct the register first",
            errors=[{"loc": ["body", "credit_hours"], "msg": "below recorded partial hours"}],
        )
    earned = earned_sql(
        col(Attendance.status),
        col(Attendance.given_centi),
        credit_centi=training_session.credit_centi,
        cancelled=training_session.status == SessionStatus.cancelled,
    )
    session.exec(
        update(Attendance)
        .where(col(Attendance.training_session_id) == training_session.id, col(Attendance.hours_centi) != earned)
        .values(hours_centi=earned)
    )
