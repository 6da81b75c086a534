"""Portfolios as the API shows them, built once from their rows in a bounded number of queries."""

import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from app.clock import local_date, today
from app.enums import PortfolioStatus
from app.models.portfolio import Portfolio, PortfolioEvent, PortfolioEvidence, PortfolioModeration
from app.portfolios.record import training_record
from app.portfolios.schemas import (
    AssessmentPublic,
    Decision,
    EventPublic,
    EvidenceKind,
    EvidencePublic,
    FileInfo,
    ModerationPublic,
    PortfolioDetail,
    PortfolioPublic,
    Section,
    SectionText,
    TrainingRecord,
)
from app.portfolios.service import ASSESSED

P = TypeVar("P", bound=PortfolioPublic)


@dataclass
class _Parts:
    """What a portfolio shows from its other tables."""

    evidence: list[EvidencePublic] = field(default_factory=list)
    history: list[EventPublic] = field(default_factory=list)
    assessment: AssessmentPublic | None = None
    moderation: ModerationPublic | None = None


def evidence_public(item: PortfolioEvidence) -> EvidencePublic:
    """An evidence item as the API shows it."""
    file = None
    if item.file_sha256 is not None and item.file_media_type is not None and item.file_size is not None:
        file = FileInfo(
            name=item.file_name, media_type=item.file_media_type, size=item.file_size, sha256=item.file_sha256
        )
    return EvidencePublic(
        id=item.id,
        section=Section(item.section),
        title=item.title,
        kind=EvidenceKind(item.kind),
        annotation=item.annotation,
        outcome_codes=item.outcome_codes,
        file=file,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _assessment(ev: PortfolioEvent) -> AssessmentPublic:
    return AssessmentPublic(
        decision=Decision(ev.to_status),
        feedback=ev.notes,
        assessor_name=ev.actor_name,
        assessor_api_client_id=ev.actor_api_client_id,
        assessed_at=ev.at,
        decided_on=local_date(ev.at),
    )


def _parts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, _Parts]:
    """Each portfolio's evidence, history, latest assessment and its moderation, in three queries."""
    out = {i: _Parts() for i in ids}
    if not ids:
        return out
    evidence = select(PortfolioEvidence).where(col(PortfolioEvidence.portfolio_id).in_(ids))
    for item in session.exec(evidence.order_by(col(PortfolioEvidence.created_at), col(PortfolioEvidence.id))):
        out[item.portfolio_id].evidence.append(evidence_public(item))
    latest: dict[uuid.UUID, PortfolioEvent] = {}
    events = select(PortfolioEvent).where(col(PortfolioEvent.portfolio_id).in_(ids))
    for ev in session.exec(events.order_by(col(PortfolioEvent.at), col(PortfolioEvent.created_at))):
        out[ev.portfolio_id].history.append(EventPublic.model_validate(ev))
        if ev.to_status in ASSESSED:
            latest[ev.portfolio_id] = ev
    moderations = select(PortfolioModeration).where(col(PortfolioModeration.portfolio_id).in_(ids))
    moderation_of = {m.assessment_event_id: m for m in session.exec(moderations)}
    for pid, ev in latest.items():
        out[pid].assessment = _assessment(ev)
        m = moderation_of.get(ev.id)
        out[pid].moderation = None if m is None else ModerationPublic.model_validate(m)
    return out


def _build(cls: type[P], row: Portfolio, parts: _Parts, **extra: Any) -> P:
    return cls(
        id=row.id,
        mentor_id=row.mentor_id,
        provider_id=row.provider_id,
        kind=row.kind,
        status=PortfolioStatus(row.status),
        sections={Section(name): SectionText(**text) for name, text in row.sections.items()},
        professional_development=row.professional_development,
        evidence=parts.evidence,
        submitted_at=row.submitted_at,
        decided_on=row.decided_on,
        assessment=parts.assessment,
        moderation=parts.moderation,
        history=parts.history,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **extra,
    )


def publics(session: Session, rows: list[Portfolio]) -> list[PortfolioPublic]:
    """The portfolios as listed (without the record of training)."""
    parts = _parts(session, [r.id for r in rows])
    return [_build(PortfolioPublic, r, parts[r.id]) for r in rows]


def detail(session: Session, row: Portfolio) -> PortfolioDetail:
    """One portfolio with its record of training and learning as of today."""
    record = TrainingRecord.model_validate(training_record(session, mentor_id=row.mentor_id, as_of=today()))
    return _build(PortfolioDetail, row, _parts(session, [row.id])[row.id], record=record)
