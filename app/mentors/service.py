"""Mentors, their provider links and declarations."""

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from app.enums import Phase, Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.mentors.schemas import Declaration, MentorCreate, MentorUpdate
from app.models.registry import Mentor, MentorProvider, Provider, School
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.tenancy import get_for_write, get_visible, mentor_condition

LINK_FIELDS = frozenset({"provider_ids"})
"""Fields of ``MentorCreate``/``MentorUpdate`` kept as ``MentorProvider`` rows; every other field is a column."""


@dataclass(frozen=True, kw_only=True)
class MentorFilter:
    """What a mentor list is narrowed to; ``None`` narrows nothing."""

    school_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    email: str | None = None
    trn: str | None = None
    phase: Phase | None = None


def _check_unique(session: Session, email: str | None, trn: str | None, id: uuid.UUID | None = None) -> None:
    for field, column, value in (("email", Mentor.email, email), ("trn", Mentor.trn, trn)):
        if value is not None and session.exec(select(Mentor.id).where(col(column) == value,
                                                                      col(Mentor.id) != id)).first():
            raise Conflict(f"a mentor with this {field} already exists",
                           errors=[{"loc": ["body", field], "msg": "already registered"}])


def _check_refs(session: Session, school_id: uuid.UUID | None, provider_ids: list[uuid.UUID] | None) -> None:
    if school_id is not None and session.get(School, school_id) is None:
        raise InvalidInput(["body", "school_id"], "no school with this id")
    ids = provider_ids or []
    known = set(session.exec(select(Provider.id).where(col(Provider.id).in_(ids))).all())
    for i, provider_id in enumerate(ids):
        if provider_id not in known:
            raise InvalidInput(["body", "provider_ids", i], "no provider with this id")


def _scoped(principal: Principal, body: MentorCreate) -> tuple[uuid.UUID | None, list[uuid.UUID]]:
    """The new mentor's school and providers: a school registers its own, a provider those who train with it."""
    if principal.role is Role.mentor:
        raise Forbidden("mentors cannot register mentors")
    school_id, provider_ids = body.school_id, body.provider_ids
    if principal.role is Role.school:
        if school_id not in (None, principal.school_id):
            raise InvalidInput(["body", "school_id"], "a school registers its own mentors")
        school_id = principal.school_id
    if principal.role is Role.provider:
        _only_self(principal, provider_ids)
        provider_ids = [principal.provider_id] if principal.provider_id is not None else []
    return school_id, provider_ids


def _only_self(principal: Principal, provider_ids: list[uuid.UUID]) -> None:
    """A provider creating a mentor links it to itself only: 422 naming any other provider."""
    for i, provider_id in enumerate(provider_ids):
        if provider_id != principal.provider_id:
            raise InvalidInput(["body", "provider_ids", i], "a provider links a new mentor only to itself")


def _stored(declarations: list[Declaration]) -> list[dict[str, str]]:
    """Declarations as the JSON column keeps them."""
    return [d.model_dump(mode="json") for d in declarations]


def _link(session: Session, mentor: Mentor, provider_ids: list[uuid.UUID]) -> None:
    session.add_all(MentorProvider(mentor_id=mentor.id, provider_id=p) for p in provider_ids)


def create(session: Session, *, principal: Principal, body: MentorCreate) -> Mentor:
    """A new mentor with its provider links: every other field of ``body`` is written as it is."""
    school_id, provider_ids = _scoped(principal, body)
    _check_unique(session, body.email, body.trn)
    _check_refs(session, school_id, provider_ids)
    mentor = Mentor.model_validate(body, update={"school_id": school_id,
                                                 "declarations": _stored(body.declarations)})
    session.add(mentor)
    session.flush()
    _link(session, mentor, provider_ids)
    session.commit()
    return mentor


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Mentor:
    """A mentor the caller may see."""
    return get_visible(session, Mentor, id, mentor_condition(principal), "mentor")


def provider_links(session: Session, mentor_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Each mentor's provider ids, in one query."""
    links: dict[uuid.UUID, list[uuid.UUID]] = {m: [] for m in mentor_ids}
    rows = session.exec(select(MentorProvider).where(col(MentorProvider.mentor_id).in_(mentor_ids))
                        .order_by(col(MentorProvider.created_at))).all()
    for row in rows:
        links[row.mentor_id].append(row.provider_id)
    return links


def list_(session: Session, *, principal: Principal, query: ListQuery,
          filters: MentorFilter) -> tuple[list[Mentor], str | None]:
    """Mentors the caller may see, filtered by school, provider, e-mail, TRN or phase."""
    stmt = select(Mentor).where(mentor_condition(principal))
    email = None if filters.email is None else filters.email.lower()
    stmt = where_given(stmt, (Mentor.school_id, filters.school_id), (Mentor.trn, filters.trn),
                       (Mentor.phase, filters.phase), (Mentor.email, email))
    if filters.provider_id is not None:
        linked = select(MentorProvider.mentor_id).where(MentorProvider.provider_id == filters.provider_id)
        stmt = stmt.where(col(Mentor.id).in_(linked))
    return paginate(session, stmt, Mentor, query)


SET_BY_OTHERS = ("qts_awarded_on", "teaching_since", "roles", "school_id")
"""Fields set by the mentor's school, a linked provider or an admin, never by the mentor itself."""


def _refuse(fields: list[str], why: str) -> None:
    if fields:
        raise Forbidden(f"{why}: {', '.join(fields)}",
                        errors=[{"loc": ["body", field], "msg": why} for field in fields])


def _may_edit_self(session: Session, mentor: Mentor, body: MentorUpdate) -> None:
    """A mentor changes its contact fields and declarations, and may add (never remove) provider links."""
    fields = [f for f in SET_BY_OTHERS if f in body.model_fields_set]
    if "provider_ids" in body.model_fields_set:
        current = provider_links(session, [mentor.id])[mentor.id]
        if not set(current) <= set(body.provider_ids or []):
            fields.append("provider_ids")
    _refuse(fields, "set by the mentor's school, a linked provider or an admin")


def _may_edit_as_provider(principal: Principal, session: Session, mentor: Mentor, body: MentorUpdate) -> None:
    """A linked provider sets the fields a mentor may not, and changes only its own link."""
    fields = [f for f in body.model_fields_set if f not in (*SET_BY_OTHERS, "provider_ids")]
    if body.provider_ids is not None:
        others = set(provider_links(session, [mentor.id])[mentor.id]) - {principal.provider_id}
        if others ^ (set(body.provider_ids) - {principal.provider_id}):
            fields.append("provider_ids")
    _refuse(sorted(fields), "changed by the mentor's school, the mentor or an admin")


def _may_edit(principal: Principal, session: Session, mentor: Mentor, body: MentorUpdate) -> None:
    if principal.is_admin:
        return
    if principal.role is Role.school and mentor.school_id == principal.school_id:
        if "school_id" in body.model_fields_set and body.school_id != principal.school_id:
            raise InvalidInput(["body", "school_id"], "a school cannot move a mentor to another school")
        return
    if principal.role is Role.mentor and mentor.id == principal.mentor_id:
        return _may_edit_self(session, mentor, body)
    if principal.role is Role.provider:
        return _may_edit_as_provider(principal, session, mentor, body)
    raise Forbidden("only the mentor's school, a linked provider, the mentor or an admin may change this record")


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: MentorUpdate) -> Mentor:
    """Change a mentor (its school, a linked provider, itself or an admin); ``provider_ids`` replaces the links."""
    mentor = get_for_write(session, Mentor, id, condition=mentor_condition(principal), what="mentor",
                           may_write=lambda m: _may_edit(principal, session, m, body))
    _check_unique(session, body.email, body.trn, mentor.id)
    _check_refs(session, body.school_id, body.provider_ids)
    changes = body.model_dump(exclude_unset=True, exclude=set(LINK_FIELDS))
    if body.declarations is not None:
        changes["declarations"] = _stored(body.declarations)
    mentor.sqlmodel_update(changes)
    session.add(mentor)
    if body.provider_ids is not None:
        session.exec(delete(MentorProvider).where(col(MentorProvider.mentor_id) == mentor.id))
        _link(session, mentor, body.provider_ids)
    session.commit()
    return mentor
