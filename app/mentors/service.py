"""Mentors, their provider links and declarations."""

import uuid
from typing import Any

from sqlmodel import Session, col, delete, select

from app.clock import today
from app.enums import Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.models.registry import Mentor, MentorProvider, Provider, School
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.tenancy import get_visible, mentor_condition


def _check_unique(session: Session, data: dict[str, Any], id: uuid.UUID | None = None) -> None:
    for field in ("email", "trn"):
        value = data.get(field)
        column = getattr(Mentor, field)
        if value is not None and session.exec(select(Mentor.id).where(column == value, Mentor.id != id)).first():
            raise Conflict(f"a mentor with this {field} already exists",
                           errors=[{"loc": ["body", field], "msg": "already registered"}])


def _check_refs(session: Session, data: dict[str, Any]) -> None:
    if data.get("school_id") is not None and session.get(School, data["school_id"]) is None:
        raise InvalidInput(["body", "school_id"], "no school with this id")
    ids = data.get("provider_ids") or []
    known = set(session.exec(select(Provider.id).where(col(Provider.id).in_(ids))).all())
    for i, provider_id in enumerate(ids):
        if provider_id not in known:
            raise InvalidInput(["body", "provider_ids", i], "no provider with this id")


def _scope_new(principal: Principal, data: dict[str, Any]) -> None:
    """Schools register their own mentors; providers the mentors who train with them."""
    if principal.role is Role.mentor:
        raise Forbidden("mentors cannot register mentors")
    if principal.role is Role.school:
        if data.get("school_id") not in (None, principal.school_id):
            raise InvalidInput(["body", "school_id"], "a school registers its own mentors")
        data["school_id"] = principal.school_id
    if principal.role is Role.provider and principal.provider_id not in data["provider_ids"]:
        data["provider_ids"] = [*data["provider_ids"], principal.provider_id]


def _dump_declarations(data: dict[str, Any]) -> None:
    if data.get("declarations") is not None:
        data["declarations"] = [{"code": d["code"], "made_on": d.get("made_on", today()).isoformat()}
                                for d in data["declarations"]]


def create(session: Session, *, principal: Principal, data: dict[str, Any]) -> Mentor:
    """A new mentor with its provider links."""
    _scope_new(principal, data)
    _check_unique(session, data)
    _check_refs(session, data)
    _dump_declarations(data)
    provider_ids = data.pop("provider_ids")
    mentor = Mentor(**data)
    session.add(mentor)
    session.flush()
    session.add_all(MentorProvider(mentor_id=mentor.id, provider_id=p) for p in provider_ids)
    session.commit()
    return mentor


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Mentor:
    """A mentor the caller may see."""
    return get_visible(session, Mentor, id, mentor_condition(principal), "mentor")


def provider_links(session: Session, mentor_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Each mentor's provider ids, in one query."""
    links: dict[uuid.UUID, list[uuid.UUID]] = {m: [] for m in mentor_ids}
    rows = session.exec(select(MentorProvider).where(col(MentorProvider.mentor_id).in_(mentor_ids))
                        .order_by(MentorProvider.created_at)).all()
    for row in rows:
        links[row.mentor_id].append(row.provider_id)
    return links


def list_(session: Session, *, principal: Principal, query: ListQuery,
          filters: dict[str, Any]) -> tuple[list[Mentor], str | None]:
    """Mentors the caller may see, filtered by school, provider, e-mail or TRN."""
    stmt = select(Mentor).where(mentor_condition(principal))
    for field in ("school_id", "trn", "phase"):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(Mentor, field) == filters[field])
    if filters.get("email") is not None:
        stmt = stmt.where(Mentor.email == filters["email"].lower())
    if filters.get("provider_id") is not None:
        linked = select(MentorProvider.mentor_id).where(MentorProvider.provider_id == filters["provider_id"])
        stmt = stmt.where(col(Mentor.id).in_(linked))
    return paginate(session, stmt, Mentor, query)


def _may_edit(principal: Principal, mentor: Mentor, changes: dict[str, Any]) -> None:
    if principal.is_admin:
        return
    if principal.role is Role.school and mentor.school_id == principal.school_id:
        if changes.get("school_id", principal.school_id) != principal.school_id:
            raise InvalidInput(["body", "school_id"], "a school cannot move a mentor to another school")
        return
    if principal.role is Role.mentor and mentor.id == principal.mentor_id:
        if "school_id" in changes or "provider_ids" in changes:
            raise Forbidden("a mentor's school and providers are changed by the school")
        return
    raise Forbidden("only the mentor's school, the mentor or an admin may change this record")


def update(session: Session, *, principal: Principal, id: uuid.UUID, changes: dict[str, Any]) -> Mentor:
    """Change a mentor (its school, itself or an admin); ``provider_ids`` replaces the links."""
    mentor = get(session, principal=principal, id=id)
    _may_edit(principal, mentor, changes)
    _check_unique(session, changes, mentor.id)
    _check_refs(session, changes)
    _dump_declarations(changes)
    provider_ids = changes.pop("provider_ids", None)
    mentor.sqlmodel_update(changes)
    session.add(mentor)
    if provider_ids is not None:
        session.exec(delete(MentorProvider).where(col(MentorProvider.mentor_id) == mentor.id))
        session.add_all(MentorProvider(mentor_id=mentor.id, provider_id=p) for p in provider_ids)
    session.commit()
    return mentor
