"""Who sees what: one SQL condition per resource and role. Services filter every query with these."""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import exists, or_, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app.enums import Role
from app.errors import Forbidden, InvalidInput, NotFound
from app.models.base import Row
from app.models.registry import Mentor, MentoringLog, MentorProvider, Provider, School, Trainee, TraineePlacement
from app.principal import Principal

R = TypeVar("R", bound=Row)


def _mentors_of_provider(provider_id: uuid.UUID | None) -> Any:
    return select(MentorProvider.mentor_id).where(MentorProvider.provider_id == provider_id)


def _mentors_of_school(school_id: uuid.UUID | None) -> Any:
    return select(Mentor.id).where(Mentor.school_id == school_id)


def mentor_ids_visible(principal: Principal) -> Any:
    """A subquery of the ids of the mentors the caller may read (None for admins: all)."""
    if principal.role is Role.admin:
        return None
    if principal.role is Role.provider:
        return _mentors_of_provider(principal.provider_id)
    if principal.role is Role.school:
        return _mentors_of_school(principal.school_id)
    return select(Mentor.id).where(Mentor.id == principal.mentor_id)


def mentor_condition(principal: Principal, column: Any = None) -> ColumnElement[bool]:
    """Rows whose mentor (``column``, default ``Mentor.id``) the caller may read."""
    ids = mentor_ids_visible(principal)
    return true() if ids is None else col(column if column is not None else Mentor.id).in_(ids)


def provider_condition(principal: Principal) -> ColumnElement[bool]:
    """Providers the caller may read: its own, or those its mentors train with."""
    if principal.role is Role.admin:
        return true()
    if principal.role is Role.provider:
        return col(Provider.id) == principal.provider_id
    links = select(MentorProvider.provider_id).where(col(MentorProvider.mentor_id).in_(mentor_ids_visible(principal)))
    return col(Provider.id).in_(links)


def school_condition(principal: Principal) -> ColumnElement[bool]:
    """Schools the caller may read: its own, or its mentors' schools."""
    if principal.role is Role.admin:
        return true()
    if principal.role is Role.school:
        return col(School.id) == principal.school_id
    schools = select(Mentor.school_id).where(col(Mentor.id).in_(mentor_ids_visible(principal)))
    return col(School.id).in_(schools)


def placed_trainees(school_id: uuid.UUID | None) -> Any:
    """A subquery of the ids of the trainees with a placement at this school."""
    return select(TraineePlacement.trainee_id).where(TraineePlacement.school_id == school_id)


def placement_covers(trainee_id: Any, school_id: uuid.UUID | None, on: Any) -> ColumnElement[bool]:
    """The trainee (a column or value) has a placement at this school that includes the date ``on``."""
    p = TraineePlacement
    return exists().where(col(p.trainee_id) == trainee_id, col(p.school_id) == school_id, col(p.starts_on) <= on,
                          or_(col(p.ends_on).is_(None), col(p.ends_on) >= on))


def trainee_condition(principal: Principal) -> ColumnElement[bool]:
    """Trainees of the caller's provider, placed at the caller's school, or those its mentor has logged time with."""
    if principal.role is Role.admin:
        return true()
    if principal.role is Role.provider:
        return col(Trainee.provider_id) == principal.provider_id
    if principal.role is Role.school:
        return col(Trainee.id).in_(placed_trainees(principal.school_id))
    logged = select(MentoringLog.trainee_id).where(col(MentoringLog.mentor_id).in_(mentor_ids_visible(principal)))
    return col(Trainee.id).in_(logged)


def get_visible(session: Session, model: type[R], id: uuid.UUID, condition: ColumnElement[bool], what: str) -> R:
    """The row with this id if the caller may see it; 404 otherwise (never 403: ids do not leak)."""
    row = session.exec(select(model).where(model.id == id, condition)).first()
    if row is None:
        raise NotFound(what)
    return row


def get_for_write(session: Session, model: type[R], id: uuid.UUID, *, condition: ColumnElement[bool], what: str,
                  may_write: Callable[[R], None]) -> R:
    """The visible row (404 otherwise) once ``may_write`` has accepted it (it raises ``Forbidden`` otherwise)."""
    row = get_visible(session, model, id, condition, what)
    may_write(row)
    return row


def require_provider_write(principal: Principal, provider_id: uuid.UUID | None) -> None:
    """Only an admin or the provider itself changes a provider's records."""
    if not principal.is_admin and principal.provider_id != provider_id:
        raise Forbidden("only the provider itself may change this")


def own_mentor_for_write(session: Session, principal: Principal, mentor_id: uuid.UUID | None, what: str) -> uuid.UUID:
    """The mentor a mentor-written record (``what``) belongs to: the calling mentor, or any mentor for an admin."""
    if principal.role is Role.mentor and principal.mentor_id is not None:
        if mentor_id not in (None, principal.mentor_id):
            raise Forbidden(f"a mentor writes only its own {what}")
        return principal.mentor_id
    if not principal.is_admin:
        raise Forbidden(f"only the mentor writes its {what}")
    if mentor_id is None:
        raise InvalidInput(["body", "mentor_id"], f"required when an admin writes a {what}")
    if session.get(Mentor, mentor_id) is None:
        raise InvalidInput(["body", "mentor_id"], "no mentor with this id")
    return mentor_id
