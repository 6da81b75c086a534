"""Providers: accredited ITT providers and their partners."""

import uuid

from sqlmodel import Session, col, select

from app.clock import today
from app.enums import ProviderKind
from app.errors import Conflict, Forbidden, InvalidInput
from app.models.registry import Provider
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.providers import accreditation
from app.providers.schemas import AccreditationPeriod, ProviderCreate, ProviderPublic, ProviderUpdate
from app.tenancy import get_for_write, get_visible, provider_condition, require_provider_write

ACCREDITED_BY_DEFAULT = {ProviderKind.hei, ProviderKind.scitt}


def _check_ukprn(session: Session, ukprn: str | None, id: uuid.UUID | None = None) -> None:
    if ukprn is None:
        return
    clash = session.exec(select(Provider.id).where(Provider.ukprn == ukprn, col(Provider.id) != id)).first()
    if clash is not None:
        raise Conflict("a provider with this UKPRN already exists")


def public(session: Session, providers: list[Provider]) -> list[ProviderPublic]:
    """The providers as the API shows them, with their periods (one query) and whether accredited today."""
    periods = accreditation.periods_of(session, [p.id for p in providers])
    on = today()
    return [ProviderPublic.model_validate(
        {**p.model_dump(), "accreditations": periods[p.id],
         "accredited": accreditation.covers(periods[p.id], on)}) for p in providers]


def _initial_periods(body: ProviderCreate) -> list[AccreditationPeriod]:
    """The periods given, or those meant by ``accredited`` (defaulting by kind)."""
    if body.accreditations is not None:
        if body.accredited is not None:
            raise InvalidInput(["body", "accredited"], "give accreditations or accredited, not both")
        return body.accreditations
    flag = body.kind in ACCREDITED_BY_DEFAULT if body.accredited is None else body.accredited
    return accreditation.default_periods(flag)


def create(session: Session, *, principal: Principal, body: ProviderCreate) -> Provider:
    """A new provider (admins only); accreditation given, or by ``accredited``, or by kind."""
    if not principal.is_admin:
        raise Forbidden("only an admin registers providers")
    _check_ukprn(session, body.ukprn)
    periods = _initial_periods(body)
    accreditation.check(periods)
    provider = Provider.model_validate(body.model_dump(exclude={"accredited", "accreditations"}))
    session.add(provider)
    session.flush()
    accreditation.replace(session, provider.id, periods)
    session.commit()
    return provider


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Provider:
    """A provider the caller may see."""
    return get_visible(session, Provider, id, provider_condition(principal), "provider")


def list_(session: Session, *, principal: Principal, query: ListQuery, kind: ProviderKind | None,
          accredited: bool | None) -> tuple[list[Provider], str | None]:
    """Providers the caller may see, filtered (``accredited``: accredited today or not)."""
    stmt = select(Provider).where(provider_condition(principal))
    if kind is not None:
        stmt = stmt.where(Provider.kind == kind)
    if accredited is not None:
        now = accreditation.accredited_on(Provider.id, today())
        stmt = stmt.where(now if accredited else ~now)
    return paginate(session, stmt, Provider, query)


def _may_write(principal: Principal, provider: Provider, body: ProviderUpdate) -> None:
    require_provider_write(principal, provider.id)
    for field in ("accreditations", "accredited"):
        if field in body.model_fields_set and not principal.is_admin:
            raise Forbidden(f"only an admin changes {field}",
                            errors=[{"loc": ["body", field], "msg": "only an admin changes accreditation",
                                     "type": "forbidden"}])
    if "accredited" in body.model_fields_set:
        raise InvalidInput(["body", "accredited"], "read-only: write accreditations instead")


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: ProviderUpdate) -> Provider:
    """Change a provider: the provider itself or an admin; only an admin changes ``accreditations``."""
    provider = get_for_write(session, Provider, id, condition=provider_condition(principal), what="provider",
                             may_write=lambda p: _may_write(principal, p, body))
    _check_ukprn(session, body.ukprn, provider.id)
    if "accreditations" in body.model_fields_set:
        accreditation.replace(session, provider.id, body.accreditations)
    provider.sqlmodel_update(body.model_dump(exclude_unset=True, exclude={"accreditations"}))
    session.add(provider)
    session.commit()
    return provider
