"""Partner schools."""

import uuid

from sqlmodel import Session, col, select

from app.enums import Phase, Role
from app.errors import Conflict, Forbidden
from app.models.registry import School
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.schools.schemas import SchoolCreate, SchoolUpdate
from app.tenancy import get_for_write, get_visible, school_condition


def _check_urn(session: Session, urn: str | None, id: uuid.UUID | None = None) -> None:
    if urn is not None and session.exec(select(School.id).where(School.urn == urn, col(School.id) != id)).first():
        raise Conflict("a school with this URN already exists", errors=[{"loc": ["body", "urn"], "msg": "taken"}])


def create(session: Session, *, principal: Principal, body: SchoolCreate) -> School:
    """A new school (admins register schools)."""
    if not principal.is_admin:
        raise Forbidden("only an admin registers schools")
    _check_urn(session, body.urn)
    school = School.model_validate(body)
    session.add(school)
    session.commit()
    return school


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> School:
    """A school the caller may see."""
    return get_visible(session, School, id, school_condition(principal), "school")


def list_(session: Session, *, principal: Principal, query: ListQuery, urn: str | None,
          phase: Phase | None) -> tuple[list[School], str | None]:
    """Schools the caller may see, filtered."""
    stmt = select(School).where(school_condition(principal))
    stmt = where_given(stmt, (School.urn, urn), (School.phase, phase))
    return paginate(session, stmt, School, query)


def _may_write(principal: Principal, school: School) -> None:
    if not (principal.is_admin or (principal.role is Role.school and principal.school_id == school.id)):
        raise Forbidden("only the school itself may change it")


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: SchoolUpdate) -> School:
    """Change a school: the school itself or an admin."""
    school = get_for_write(session, School, id, condition=school_condition(principal), what="school",
                           may_write=lambda s: _may_write(principal, s))
    _check_urn(session, body.urn, school.id)
    school.sqlmodel_update(body.model_dump(exclude_unset=True))
    session.add(school)
    session.commit()
    return school
