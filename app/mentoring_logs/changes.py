"""Mentoring logs corrected or removed, and the rules every write keeps: at most 12 hours a day, and a school's
logs only against trainees placed with it."""

import uuid
from datetime import date

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.enums import Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.mentoring_logs.schemas import MentoringLogUpdate
from app.models.registry import Mentor, MentoringLog, Trainee
from app.principal import Principal
from app.schemas import hours_to_centi
from app.tenancy import get_for_write, mentor_condition, placement_covers, trainee_condition

DAY_CENTI = 1200  # a day has at most 12 hours of mentoring
CLASH = "this mentor already logged this activity with this trainee on this date"


def check_day_total(
    session: Session, *, mentor_id: uuid.UUID, occurred_on: date, hours_centi: int, replacing: uuid.UUID | None = None
) -> None:
    """422 at ["body", "hours"] when this log would take the mentor's day over 12 hours."""
    # Writers of one mentor's logs queue on its row (PostgreSQL), so two cannot both pass the sum at once.
    session.exec(select(Mentor.id).where(Mentor.id == mentor_id).with_for_update(key_share=True))
    others = select(func.coalesce(func.sum(MentoringLog.hours_centi), 0)).where(
        MentoringLog.mentor_id == mentor_id, MentoringLog.occurred_on == occurred_on
    )
    if replacing is not None:
        others = others.where(col(MentoringLog.id) != replacing)
    logged = int(session.exec(others).one())
    if logged + hours_centi > DAY_CENTI:
        raise InvalidInput(
            ["body", "hours"],
            f"{logged / 100:g} h already logged for this mentor on {occurred_on.isoformat()}; "
            f"a day has at most {DAY_CENTI // 100} h of mentoring",
        )


def check_placement(session: Session, *, principal: Principal, trainee_id: uuid.UUID, occurred_on: date) -> None:
    """A school logs only against trainees placed with it (others answer as unknown), on a placement's dates."""
    if principal.role is not Role.school:
        return
    placed = select(Trainee.id).where(Trainee.id == trainee_id, trainee_condition(principal))
    if session.exec(placed).first() is None:
        raise InvalidInput(["body", "trainee_id"], "no trainee with this id")
    covered = select(Trainee.id).where(Trainee.id == trainee_id,
                                       placement_covers(trainee_id, principal.school_id, occurred_on))
    if session.exec(covered).first() is None:
        raise InvalidInput(["body", "occurred_on"], "outside the trainee's placements at this school")


def _may_write(session: Session, principal: Principal, log: MentoringLog) -> None:
    """The mentor's school and admins change a log; others who see it get 403."""
    school_id = session.exec(select(Mentor.school_id).where(Mentor.id == log.mentor_id)).one()
    if not principal.is_admin and not (principal.role is Role.school and principal.school_id == school_id):
        raise Forbidden("a mentoring log is changed by the mentor's school")


def _writable(session: Session, principal: Principal, id: uuid.UUID) -> MentoringLog:
    return get_for_write(session, MentoringLog, id, condition=mentor_condition(principal, MentoringLog.mentor_id),
                         what="mentoring log", may_write=lambda log: _may_write(session, principal, log))


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: MentoringLogUpdate) -> MentoringLog:
    """Correct a log (the mentor's school or an admin): 409 on another log's natural key, 422 past 12 h a day."""
    log = _writable(session, principal, id)
    changes = body.model_dump(exclude_unset=True, exclude={"hours"})
    if "hours" in body.model_fields_set:
        changes["hours_centi"] = hours_to_centi(body.hours)
    if "trainee_id" in changes and session.get(Trainee, body.trainee_id) is None:
        raise InvalidInput(["body", "trainee_id"], "no trainee with this id")
    log.sqlmodel_update(changes)
    if changes.keys() & {"trainee_id", "occurred_on"}:
        with session.no_autoflush:
            check_placement(session, principal=principal, trainee_id=log.trainee_id, occurred_on=log.occurred_on)
    key = (MentoringLog.mentor_id == log.mentor_id, MentoringLog.trainee_id == log.trainee_id,
           MentoringLog.occurred_on == log.occurred_on, MentoringLog.activity == log.activity)
    with session.no_autoflush:
        if session.exec(select(MentoringLog.id).where(*key, col(MentoringLog.id) != log.id)).first() is not None:
            raise Conflict(CLASH, errors=[{"loc": ["body", "occurred_on"], "msg": CLASH}])
        check_day_total(session, mentor_id=log.mentor_id, occurred_on=log.occurred_on,
                        hours_centi=log.hours_centi, replacing=log.id)
    session.add(log)
    try:
        session.commit()
    except IntegrityError:  # the same key written meanwhile by another request
        session.rollback()
        raise Conflict(CLASH, errors=[{"loc": ["body", "occurred_on"], "msg": CLASH}]) from None
    return log


def delete(session: Session, *, principal: Principal, id: uuid.UUID) -> None:
    """Remove a log (the mentor's school or an admin)."""
    session.delete(_writable(session, principal, id))
    session.commit()
