"""Stage 2 portfolios: the mentor writes its own; the provider named on it reads (and assesses: lifecycle)."""

import uuid
from typing import Any

from sqlalchemy import false, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app.clock import local_date, today
from app.enums import Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.etags import claim
from app.models.base import utcnow
from app.models.portfolio import Portfolio, PortfolioEvent, PortfolioEvidence, PortfolioModeration
from app.models.registry import Provider
from app.pagination import ListQuery, paginate
from app.portfolios.record import training_record
from app.principal import Principal
from app.tenancy import get_visible, own_mentor_for_write

SECTIONS = ("tutorial", "pastoral", "assessment")
EDITABLE = ("draft", "referred")
ASSESSED = ("passed", "referred")
EVIDENCE_FIELDS = (
    "id",
    "section",
    "title",
    "kind",
    "annotation",
    "outcome_codes",
    "created_at",
    "updated_at",
)
EVENT_FIELDS = ("from_status", "to_status", "actor_api_client_id", "actor_name", "at", "notes")
MODERATION_FIELDS = ("decision", "notes", "moderator_name", "moderator_api_client_id", "at")




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
    return get_visible(session, Portfolio, id, condition(principal), "portfolio")


def event(
    session: Session,
    row: Portfolio,
    principal: Principal,
    to_status: str,
    *,
    at: Any = None,
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


def _merge_sections(current: dict[str, Any], changes: dict[str, Any] | None) -> dict[str, Any]:
    merged = {s: dict(current.get(s) or {"narrative": None}) for s in SECTIONS}
    for name, value in (changes or {}).items():
        if value is not None:
            merged[name] = {"narrative": value.get("narrative")}
    return merged



def _check_provider(session: Session, provider_id: uuid.UUID) -> None:
    if session.get(Provider, provider_id) is None:
        raise InvalidInput(["body", "provider_id"], "no provider with this id")


def create(session: Session, *, principal: Principal, data: dict[str, Any]) -> Portfolio:
    """A new draft portfolio: one per mentor and kind (409 for a second)."""
    mentor_id = own_mentor_for_write(session, principal, data.get("mentor_id"), "portfolio")
    _check_provider(session, data["provider_id"])
    kind = "lp-stage-2"
    clash = session.exec(select(Portfolio.id).where(Portfolio.mentor_id == mentor_id, Portfolio.kind == kind))
    if clash.first() is not None:
        raise Conflict("the mentor already has a Stage 2 portfolio; edit that one")
    row = Portfolio(
        mentor_id=mentor_id,
        provider_id=data["provider_id"],
        kind=kind,
        status="draft",
        sections=_merge_sections({}, data.get("sections")),
        professional_development=data.get("professional_development"),
    )
    session.add(row)
    session.flush()
    session.add(
        PortfolioEvent(
            portfolio_id=row.id,
            from_status=None,
            to_status="draft",
            actor_api_client_id=principal.api_client_id,
        )
    )
    session.commit()
    return row


def list_(
    session: Session,
    *,
    principal: Principal,
    query: ListQuery,
    filters: dict[str, Any],
) -> tuple[list[Portfolio], str | None]:
    """Portfolios the caller may read, filtered by mentor, provider and status."""
    stmt = select(Portfolio).where(condition(principal))
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(getattr(Portfolio, name) == value)
    return paginate(session, stmt, Portfolio, query)


def writable(
    session: Session, *, principal: Principal, id: uuid.UUID, if_match: list[int] | None, editing: bool = True
) -> Portfolio:
    """The mentor's own portfolio (or any, for an admin), claimed for a write; 409 unless editable."""
    row = get(session, principal=principal, id=id)
    if not principal.is_admin and principal.mentor_id != row.mentor_id:
        raise Forbidden("only the mentor writes its portfolio")
    claim(session, row, if_match=if_match)
    if editing and row.status not in EDITABLE:
        raise Conflict(f"a {row.status} portfolio cannot change; only a draft or a referred one can")
    return row


def update(
    session: Session,
    *,
    principal: Principal,
    id: uuid.UUID,
    changes: dict[str, Any],
    if_match: list[int] | None,
) -> Portfolio:
    """Change the narratives (merged per section) or, while draft, the provider."""
    row = writable(session, principal=principal, id=id, if_match=if_match)
    if changes.get("provider_id") not in (None, row.provider_id):
        if row.status != "draft":
            raise Conflict("the provider can change only while the portfolio is a draft")
        _check_provider(session, changes["provider_id"])
        row.provider_id = changes["provider_id"]
    if changes.get("sections") is not None:
        row.sections = _merge_sections(row.sections, changes["sections"])
    if "professional_development" in changes:
        row.professional_development = changes["professional_development"]
    session.add(row)
    session.commit()
    return row


def views(session: Session, rows: list[Portfolio]) -> dict[uuid.UUID, dict[str, Any]]:
    """Each portfolio's evidence, history, latest assessment and its moderation, in three queries."""
    ids = [r.id for r in rows]
    out: dict[uuid.UUID, dict[str, Any]] = {
        i: {"evidence": [], "history": [], "assessment": None, "moderation": None} for i in ids
    }
    if not ids:
        return out
    for item in session.exec(
        select(PortfolioEvidence)
        .where(col(PortfolioEvidence.portfolio_id).in_(ids))
        .order_by(col(PortfolioEvidence.created_at), col(PortfolioEvidence.id))
    ):
        out[item.portfolio_id]["evidence"].append(evidence_view(item))
    latest: dict[uuid.UUID, PortfolioEvent] = {}
    for ev in session.exec(
        select(PortfolioEvent)
        .where(col(PortfolioEvent.portfolio_id).in_(ids))
        .order_by(col(PortfolioEvent.at), col(PortfolioEvent.created_at))
    ):
        out[ev.portfolio_id]["history"].append({k: getattr(ev, k) for k in EVENT_FIELDS})
        if ev.to_status in ASSESSED:
            latest[ev.portfolio_id] = ev
    moderations: dict[uuid.UUID, PortfolioModeration] = {}
    for m in session.exec(select(PortfolioModeration).where(col(PortfolioModeration.portfolio_id).in_(ids))):
        moderations[m.assessment_event_id] = m
    for pid, ev in latest.items():
        out[pid]["assessment"] = {
            "decision": ev.to_status,
            "feedback": ev.notes,
            "assessor_name": ev.actor_name,
            "assessor_api_client_id": ev.actor_api_client_id,
            "assessed_at": ev.at,
            "decided_on": local_date(ev.at),
        }
        m = moderations.get(ev.id)
        out[pid]["moderation"] = None if m is None else {k: getattr(m, k) for k in MODERATION_FIELDS}
    return out


def record(session: Session, *, row: Portfolio) -> dict[str, Any]:
    """The record of training and learning shown with the portfolio, as of today."""
    return training_record(session, mentor_id=row.mentor_id, as_of=today())


def evidence_view(item: PortfolioEvidence) -> dict[str, Any]:
    """An evidence item as the API shows it."""
    file = (
        None
        if item.file_sha256 is None
        else {
            "name": item.file_name,
            "media_type": item.file_media_type,
            "size": item.file_size,
            "sha256": item.file_sha256,
        }
    )
    return {**{k: getattr(item, k) for k in EVIDENCE_FIELDS}, "file": file}
