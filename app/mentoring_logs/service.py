"""Mentoring logs: hours a mentor spent with a trainee."""

import uuid
from datetime import date

from sqlmodel import Session, select

from app.enums import Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.mentoring_logs import changes
from app.mentoring_logs.schemas import MentoringLogCreate
from app.models.registry import Mentor, MentoringLog, Trainee
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.schemas import hours_to_centi
from app.tenancy import get_visible, mentor_condition


def create(session: Session, *, principal: Principal, body: MentoringLogCreate) -> MentoringLog:
    """Log mentoring: a school for its own mentors, a mentor for itself, or an admin."""
    if principal.role is Role.provider:
        raise Forbidden("mentoring is logged by the mentor's school")
    mentor = session.exec(select(Mentor.id).where(Mentor.id == body.mentor_id, mentor_condition(principal))).first()
    if mentor is None:
        raise InvalidInput(["body", "mentor_id"], "no mentor with this id that you may log for")
    if session.get(Trainee, body.trainee_id) is None:
        raise InvalidInput(["body", "trainee_id"], "no trainee with this id")
    changes.check_placement(session, principal=principal, trainee_id=body.trainee_id, occurred_on=body.occurred_on)
    key = (MentoringLog.mentor_id == body.mentor_id, MentoringLog.trainee_id == body.trainee_id,
           MentoringLog.occurred_on == body.occurred_on, MentoringLog.activity == body.activity)
    if session.exec(select(MentoringLog.id).where(*key)).first() is not None:
        raise Conflict("this mentor already logged this activity with this trainee on this date")
    log = MentoringLog.model_validate(body, update={"hours_centi": hours_to_centi(body.hours)})
    changes.check_day_total(session, mentor_id=log.mentor_id, occurred_on=log.occurred_on, hours_centi=log.hours_centi)
    session.add(log)
    session.commit()
    return log


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> MentoringLog:
    """A log of a mentor the caller may see."""
    return get_visible(session, MentoringLog, id, mentor_condition(principal, MentoringLog.mentor_id),
                       "mentoring log")


def list_(session: Session, *, principal: Principal, query: ListQuery, mentor_id: uuid.UUID | None,
          trainee_id: uuid.UUID | None, occurred_from: date | None,
          occurred_to: date | None) -> tuple[list[MentoringLog], str | None]:
    """Logs of mentors the caller may see, filtered."""
    stmt = select(MentoringLog).where(mentor_condition(principal, MentoringLog.mentor_id))
    stmt = where_given(stmt, (MentoringLog.mentor_id, mentor_id), (MentoringLog.trainee_id, trainee_id))
    if occurred_from is not None:
        stmt = stmt.where(MentoringLog.occurred_on >= occurred_from)
    if occurred_to is not None:
        stmt = stmt.where(MentoringLog.occurred_on <= occurred_to)
    return paginate(session, stmt, MentoringLog, query)
