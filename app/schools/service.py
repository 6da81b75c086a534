"""Partner schools."""

import uuid
from typing import Any

from sqlmodel import Session, select

from app.enums import Role
from app.errors import Conflict, Forbidden
from app.models.registry import School
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.tenancy import get_visible, school_condition


def _check_urn(session: Session, urn: str | None, id: uuid.UUID | None = None) -> None:
    if urn is not None and session.exec(select(School.id).where(School.urn == urn, School.id != id)).first():
        raise Conflict("a school with this URN already exists", errors=[{"loc": ["body", "urn"], "msg": "taken"}])


def create(session: Session, *, principal: Principal, data: dict[str, Any]) -> School:
    """A new school (admins register schools)."""
    if not principal.is_admin:
        raise Forbidden("only an admin registers schools")
    _check_urn(session, data["urn"])
    school = School(**data)
    session.add(school)
    session.commit()
    return school


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> School:
    """A school the caller may see."""
    return get_visible(session, School, id, school_condition(principal), "school")


def list_(session: Session, *, principal: Principal, query: ListQuery, urn: str | None,
          phase: str | None) -> tuple[list[School], str | None]:
    """Schools the caller may see, filtered."""
    stmt = select(School).where(school_condition(principal))
    if urn is not None:
        stmt = stmt.where(School.urn == urn)
    if phase is not None:
        stmt = stmt.where(School.phase == phase)
    return paginate(session, stmt, School, query)


def update(session: Session, *, principal: Principal, id: uuid.UUID, changes: dict[str, Any]) -> School:
    """Change a school: the school itself or an admin."""
    school = get(session, principal=principal, id=id)
    if not (principal.is_admin or (principal.role is Role.school and principal.school_id == school.id)):
        raise Forbidden("only the school itself may change it")
    _check_urn(session, changes.get("urn"), school.id)
    school.sqlmodel_update(changes)
    session.add(school)
    session.commit()
    return school
