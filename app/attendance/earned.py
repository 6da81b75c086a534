"""What attendance earns, in hundredths of an hour: the one place the register's rules live.

attended earns the session's credit hours; partial earns the hours given (0 < given <= credit);
absent and excused earn nothing; nothing on a cancelled session earns anything. ``hours_centi`` is kept
in step with the session: changing its credit or status recomputes every row in one statement.
"""

from sqlalchemy import case, func, literal, update
from sqlmodel import Session, col, select

from app.enums import AttendanceStatus, SessionStatus
from app.errors import Conflict
from app.models.training import Attendance, TrainingSession


def earned_centi(status: str, given_centi: int | None, *, credit_centi: int, session_status: str) -> int:
    """Hours one register row earns."""
    if session_status == SessionStatus.cancelled:
        return 0
    if status == AttendanceStatus.attended:
        return credit_centi
    if status == AttendanceStatus.partial:
        return given_centi or 0
    return 0


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
    if training_session.status == SessionStatus.cancelled:
        earned = literal(0)
    else:
        earned = case(
            (Attendance.status == AttendanceStatus.attended, training_session.credit_centi),
            (Attendance.status == AttendanceStatus.partial, func.coalesce(Attendance.given_centi, 0)),
            else_=0,
        )
    session.exec(
        update(Attendance)  # type: ignore[call-overload]
        .where(col(Attendance.training_session_id) == training_session.id, Attendance.hours_centi != earned)
        .values(hours_centi=earned)
    )
