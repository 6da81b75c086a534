"""Programmes: a provider's mentor training offer for one academic year, phase and level."""

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.enums import Level, Phase, Role
from app.errors import Forbidden, InvalidInput
from app.models.registry import Provider
from app.models.training import Programme
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.programmes.schemas import ProgrammeCreate, ProgrammeUpdate
from app.tenancy import get_for_write, get_visible, require_provider_write
from app.training_sessions.scope import programme_condition


@dataclass(frozen=True, kw_only=True)
class ProgrammeFilter:
    """What a programme list is narrowed to; ``None`` narrows nothing."""

    provider_id: uuid.UUID | None = None
    academic_year: str | None = None
    phase: Phase | None = None
    level: Level | None = None


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


def create(session: Session, *, principal: Principal, body: ProgrammeCreate) -> Programme:
    """A new programme of the caller's provider (or, for an admin, of the provider named)."""
    provider_id = owning_provider(session, principal=principal, provider_id=body.provider_id)
    programme = Programme.model_validate(body, update={"provider_id": provider_id})
    session.add(programme)
    session.commit()
    return programme


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Programme:
    """A programme the caller may see."""
    return get_visible(session, Programme, id, programme_condition(principal), "programme")


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: ProgrammeFilter
) -> tuple[list[Programme], str | None]:
    """Programmes the caller may see, filtered by provider, academic year, phase or level."""
    stmt = select(Programme).where(programme_condition(principal))
    equal = ((Programme.provider_id, filters.provider_id), (Programme.academic_year, filters.academic_year),
             (Programme.phase, filters.phase), (Programme.level, filters.level))
    stmt = where_given(stmt, *equal)
    return paginate(session, stmt, Programme, query)


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: ProgrammeUpdate) -> Programme:
    """Change a programme (its provider or an admin)."""
    programme = get_for_write(session, Programme, id, condition=programme_condition(principal), what="programme",
                              may_write=lambda p: require_provider_write(principal, p.provider_id))
    programme.sqlmodel_update(body.model_dump(exclude_unset=True))
    session.add(programme)
    session.commit()
    return programme
