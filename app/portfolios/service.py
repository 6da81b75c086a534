"""Stage 2 portfolios: the mentor writes its own; the provider named on it reads (and assesses: lifecycle)."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import false, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app.enums import PortfolioStatus, Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.etags import claim
from app.models.base import utcnow
from app.models.portfolio import Portfolio, PortfolioEvent
from app.models.registry import Provider
from app.pagination import ListQuery, paginate, where_given
from app.portfolios.schemas import PortfolioCreate, PortfolioUpdate, Section, Sections
from app.principal import Principal
from app.tenancy import get_visible, own_mentor_for_write

SECTIONS = tuple(s.value for s in Section)
EDITABLE = (PortfolioStatus.draft, PortfolioStatus.referred)
ASSESSED = (PortfolioStatus.passed, PortfolioStatus.referred)
KIND = "lp-stage-2"


@dataclass(frozen=True)
class PortfolioFilters:
    """The list's filters; None matches any."""

    mentor_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    status: PortfolioStatus | None = None


def condition(principal: Principal) -> ColumnElement[bool]:
    """Portfolios the caller may read: its own (mentor), those naming it (provider), all (admin)."""
    if principal.is_admin:
        return true()
    if principal.role is Role.provider:
        return col(Portfolio.provider_id) == principal.provider_id
    if principal.role is Role.mentor:
        return col(Portfolio.mentor_id) == principal.mentor_id
    return false()


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Portfolio:
    """A portfolio the caller may read."""
    row: Portfolio = get_visible(session, Portfolio, id, condition(principal), "portfolio")
    return row


def owned(session: Session, *, principal: Principal, id: uuid.UUID, refusal: str) -> Portfolio:
    """A portfolio the caller may read (404) and write: its mentor, or an admin (403 ``refusal``)."""
    row = get(session, principal=principal, id=id)
    if not principal.is_admin and principal.mentor_id != row.mentor_id:
        raise Forbidden(refusal)
    return row


def event(
    session: Session,
    row: Portfolio,
    principal: Principal,
    to_status: PortfolioStatus,
    *,
    at: datetime | None = None,
    name: str | None = None,
    notes: str | None = None,
) -> PortfolioEvent:
    """Move the portfolio to ``to_status`` and keep who did it and when."""
    ev = PortfolioEvent(
        portfolio_id=row.id,
        from_status=row.status,
        to_status=to_status,
        actor_api_client_id=principal.api_client_id,
        actor_name=name,
        at=at or utcnow(),
        notes=notes,
    )
    row.status = to_status
    session.add(ev)
    return ev


def _merge_sections(current: dict[str, Any], changes: Sections | None) -> dict[str, Any]:
    merged = {s: dict(current.get(s) or {"narrative": None}) for s in SECTIONS}
    for name in SECTIONS:
        text = getattr(changes, name) if changes is not None else None
        if text is not None:
            merged[name] = {"narrative": text.narrative}
    return merged


def _check_provider(session: Session, provider_id: uuid.UUID) -> None:
    if session.get(Provider, provider_id) is None:
        raise InvalidInput(["body", "provider_id"], "no provider with this id")


def create(session: Session, *, principal: Principal, body: PortfolioCreate) -> Portfolio:
    """A new draft portfolio: one per mentor and kind (409 for a second)."""
    mentor_id = own_mentor_for_write(session, principal, body.mentor_id, "portfolio")
    _check_provider(session, body.provider_id)
    clash = session.exec(select(Portfolio.id).where(Portfolio.mentor_id == mentor_id, Portfolio.kind == KIND))
    if clash.first() is not None:
        raise Conflict("the mentor already has a Stage 2 portfolio; edit that one")
    row = Portfolio(
        mentor_id=mentor_id,
        provider_id=body.provider_id,
        kind=KIND,
        status=PortfolioStatus.draft,
        sections=_merge_sections({}, body.sections),
        professional_development=body.professional_development,
    )
    session.add(row)
    session.flush()
    session.add(
        PortfolioEvent(
            portfolio_id=row.id,
            from_status=None,
            to_status=PortfolioStatus.draft,
            actor_api_client_id=principal.api_client_id,
        )
    )
    session.commit()
    return row


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: PortfolioFilters
) -> tuple[list[Portfolio], str | None]:
    """Portfolios the caller may read, filtered by mentor, provider and status."""
    stmt = select(Portfolio).where(condition(principal))
    stmt = where_given(
        stmt,
        (Portfolio.mentor_id, filters.mentor_id),
        (Portfolio.provider_id, filters.provider_id),
        (Portfolio.status, filters.status),
    )
    return paginate(session, stmt, Portfolio, query)


def writable(session: Session, *, principal: Principal, id: uuid.UUID, if_match: list[int] | None) -> Portfolio:
    """The mentor's own portfolio (or any, for an admin), claimed for a write; 409 unless editable."""
    row = owned(session, principal=principal, id=id, refusal="only the mentor writes its portfolio")
    claim(session, row, if_match=if_match)
    if row.status not in EDITABLE:
        raise Conflict(f"a {row.status} portfolio cannot change; only a draft or a referred one can")
    return row


def update(
    session: Session,
    *,
    principal: Principal,
    id: uuid.UUID,
    body: PortfolioUpdate,
    if_match: list[int] | None,
) -> Portfolio:
    """Change the narratives (merged per section) or, while draft, the provider."""
    row = writable(session, principal=principal, id=id, if_match=if_match)
    if body.provider_id not in (None, row.provider_id):
        if row.status != PortfolioStatus.draft:
            raise Conflict("the provider can change only while the portfolio is a draft")
        _check_provider(session, body.provider_id)
        row.provider_id = body.provider_id
    if body.sections is not None:
        row.sections = _merge_sections(row.sections, body.sections)
    if "professional_development" in body.model_fields_set:
        row.professional_development = body.professional_development
    session.add(row)
    session.commit()
    return row
