"""Providers: accredited ITT providers and their partners."""

import uuid
from typing import Any

from sqlmodel import Session, select

from app.enums import ProviderKind
from app.errors import Conflict, Forbidden
from app.models.registry import Provider
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.tenancy import get_visible, provider_condition, require_provider_write

ACCREDITED_BY_DEFAULT = {ProviderKind.hei, ProviderKind.scitt}


def _check_ukprn(session: Session, ukprn: str | None, id: uuid.UUID | None = None) -> None:
    if ukprn is None:
        return
    clash = session.exec(select(Provider.id).where(Provider.ukprn == ukprn, Provider.id != id)).first()
    if clash is not None:
        raise Conflict("a provider with this UKPRN already exists")


def create(session: Session, *, principal: Principal, data: dict[str, Any]) -> Provider:
    """A new provider (admins only); ``accredited`` defaults by kind."""
    if not principal.is_admin:
        raise Forbidden("only an admin registers providers")
    _check_ukprn(session, data.get("ukprn"))
    if data.get("accredited") is None:
        data["accredited"] = data["kind"] in ACCREDITED_BY_DEFAULT
    provider = Provider(**data)
    session.add(provider)
    session.commit()
    return provider


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Provider:
    """A provider the caller may see."""
    return get_visible(session, Provider, id, provider_condition(principal), "provider")


def list_(session: Session, *, principal: Principal, query: ListQuery, kind: str | None,
          accredited: bool | None) -> tuple[list[Provider], str | None]:
    """Providers the caller may see, filtered."""
    stmt = select(Provider).where(provider_condition(principal))
    if kind is not None:
        stmt = stmt.where(Provider.kind == kind)
    if accredited is not None:
        stmt = stmt.where(Provider.accredited == accredited)
    return paginate(session, stmt, Provider, query)


def update(session: Session, *, principal: Principal, id: uuid.UUID, changes: dict[str, Any]) -> Provider:
    """Change a provider: the provider itself or an admin; only an admin changes ``accredited``."""
    provider = get(session, principal=principal, id=id)
    require_provider_write(principal, provider.id)
    if "accredited" in changes and not principal.is_admin:
        raise Forbidden("only an admin changes accreditation")
    _check_ukprn(session, changes.get("ukprn"), provider.id)
    provider.sqlmodel_update(changes)
    session.add(provider)
    session.commit()
    return provider
