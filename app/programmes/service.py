"""Programmes: a provider's mentor training offer for one academic year, phase and level."""

import uuid
from typing import Any

from sqlmodel import Session, select

from app.enums import Role
from app.errors import Forbidden, InvalidInput
from app.models.registry import Provider
from app.models.training import Programme
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.tenancy import get_visible, require_provider_write
from app.training_sessions.scope import programme_condition


def owning_provider(session: Session, *, principal: Principal, provider_id: uuid.UUID | None) -> uuid.UUID:
    """The provider of a new programme or session: the caller's own, or one an admin names."""
    if principal.role in (Role.school, Role.mentor):
        raise Forbidden("only a provider or an admin runs training")
    if provider_id is None:
        if principal.provider_id is None:
            raise InvalidInput(["body", "provider_id"], "required: the provider running the training")
        return principal.provider_id
    require_provider_write(principal, provider_id)
    if session.get(Provider, provider_id) is None:
        raise InvalidInput(["body", "provider_id"], "no provider with this id")
    return provider_id


def create(session: Session, *, principal: Principal, data: dict[str, Any]) -> Programme:
    """A new programme of the caller's provider (or, for an admin, of the provider named)."""
    data["provider_id"] = owning_provider(session, principal=principal, provider_id=data.get("provider_id"))
    programme = Programme(**data)
    session.add(programme)
    session.commit()
    return programme


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Programme:
    """A programme the caller may see."""
    return get_visible(session, Programme, id, programme_condition(principal), "programme")


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: dict[str, Any]
) -> tuple[list[Programme], str | None]:
    """Programmes the caller may see, filtered by provider, academic year, phase or level."""
    stmt = select(Programme).where(programme_condition(principal))
    for field in ("provider_id", "academic_year", "phase", "level"):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(Programme, field) == filters[field])
    return paginate(session, stmt, Programme, query)


def update(session: Session, *, principal: Principal, id: uuid.UUID, changes: dict[str, Any]) -> Programme:
    """Change a programme (its provider or an admin)."""
    programme = get(session, principal=principal, id=id)
    require_provider_write(principal, programme.provider_id)
    programme.sqlmodel_update(changes)
    session.add(programme)
    session.commit()
    return programme
