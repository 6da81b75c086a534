"""Providers: accredited ITT providers and their partners."""

import uuid

from sqlmodel import Session, col, select

from app.enums import ProviderKind
from app.errors import Conflict, Forbidden
from app.models.registry import Provider
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.providers.schemas import ProviderCreate, ProviderUpdate
from app.tenancy import get_for_write, get_visible, provider_condition, require_provider_write

ACCREDITED_BY_DEFAULT = {ProviderKind.hei, ProviderKind.scitt}


def _check_ukprn(session: Session, ukprn: str | None, id: uuid.UUID | None = None) -> None:
    if ukprn is None:
        return
    clash = session.exec(select(Provider.id).where(Provider.ukprn == ukprn, col(Provider.id) != id)).first()
    if clash is not None:
        raise Conflict("a provider with this UKPRN already exists")


def create(session: Session, *, principal: Principal, body: ProviderCreate) -> Provider:
    """A new provider (admins only); ``accredited`` defaults by kind."""
    if not principal.is_admin:
        raise Forbidden("only an admin registers providers")
    _check_ukprn(session, body.ukprn)
    accredited = body.kind in ACCREDITED_BY_DEFAULT if body.accredited is None else body.accredited
    provider = Provider.model_validate(body, update={"accredited": accredited})
    session.add(provider)
    session.commit()
    return provider


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Provider:
    """A provider the caller may see."""
    return get_visible(session, Provider, id, provider_condition(principal), "provider")


def list_(session: Session, *, principal: Principal, query: ListQuery, kind: ProviderKind | None,
          accredited: bool | None) -> tuple[list[Provider], str | None]:
    """Providers the caller may see, filtered."""
    stmt = select(Provider).where(provider_condition(principal))
    if kind is not None:
        stmt = stmt.where(Provider.kind == kind)
    if accredited is not None:
        stmt = stmt.where(Provider.accredited == accredited)
    return paginate(session, stmt, Provider, query)


def _may_write(principal: Principal, provider: Provider, body: ProviderUpdate) -> None:
    require_provider_write(principal, provider.id)
    if "accredited" in body.model_fields_set and not principal.is_admin:
        raise Forbidden("only an admin changes accreditation")


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: ProviderUpdate) -> Provider:
    """Change a provider: the provider itself or an admin; only an admin changes ``accredited``."""
    provider = get_for_write(session, Provider, id, condition=provider_condition(principal), what="provider",
                             may_write=lambda p: _may_write(principal, p, body))
    _check_ukprn(session, body.ukprn, provider.id)
    provider.sqlmodel_update(body.model_dump(exclude_unset=True))
    session.add(provider)
    session.commit()
    return provider
