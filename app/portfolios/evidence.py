"""Evidence items of a portfolio: at most five per section, each with an optional file kept by its SHA-256."""

import uuid
from pathlib import Path

from sqlmodel import Session, func, select

from app.errors import NotFound, RuleViolation
from app.models.portfolio import Portfolio, PortfolioEvidence
from app.portfolios import uploads
from app.portfolios.schemas import EvidenceCreate, Section
from app.portfolios.service import get, owned, writable
from app.principal import Principal

MAX_EVIDENCE = 5


def check_evidence_writer(session: Session, *, principal: Principal, id: uuid.UUID) -> None:
    """404/403 before an upload is read; then end the transaction so no lock is held while it streams."""
    owned(session, principal=principal, id=id, refusal="only the mentor adds evidence to its portfolio")
    session.rollback()


def _check_room(session: Session, row: Portfolio, section: Section) -> None:
    """422 when the section already holds the most evidence items allowed."""
    count = session.exec(
        select(func.count())
        .select_from(PortfolioEvidence)
        .where(PortfolioEvidence.portfolio_id == row.id, PortfolioEvidence.section == section)
    ).one()
    if count >= MAX_EVIDENCE:
        raise RuleViolation(
            f"the {section} section already has {MAX_EVIDENCE} evidence items, the most "
            "allowed; remove one first",
            errors=[{"loc": ["body", "section"], "msg": f"at most {MAX_EVIDENCE} items"}],
        )


def add_evidence(
    session: Session,
    *,
    principal: Principal,
    id: uuid.UUID,
    body: EvidenceCreate,
    upload: uploads.Upload | None,
    data_dir: Path,
    if_match: list[int] | None,
) -> tuple[Portfolio, PortfolioEvidence]:
    """A new evidence item (and its file, kept under its SHA-256); at most 5 per section."""
    row = writable(session, principal=principal, id=id, if_match=if_match)
    _check_room(session, row, body.section)
    item = PortfolioEvidence(
        portfolio_id=row.id,
        section=body.section,
        title=body.title,
        kind=body.kind,
        annotation=body.annotation,
        outcome_codes=body.outcome_codes,
    )
    if upload is not None:
        uploads.store(upload, data_dir=data_dir)
        item.file_sha256, item.file_name, item.file_size = upload.sha256, upload.name, upload.size
        item.file_media_type = upload.media_type
    session.add(item)
    session.commit()
    return row, item


def remove_evidence(
    session: Session,
    *,
    principal: Principal,
    id: uuid.UUID,
    evidence_id: uuid.UUID,
    if_match: list[int] | None,
) -> Portfolio:
    """Remove an evidence item while the portfolio is editable (its file stays: others may share it)."""
    row = writable(session, principal=principal, id=id, if_match=if_match)
    item = session.get(PortfolioEvidence, evidence_id)
    if item is None or item.portfolio_id != row.id:
        raise NotFound("evidence item")
    session.delete(item)
    session.commit()
    return row


def evidence_file(
    session: Session, *, principal: Principal, id: uuid.UUID, evidence_id: uuid.UUID, data_dir: Path
) -> tuple[Path, str, str]:
    """The stored file of an evidence item the caller may read: its path, name and media type."""
    row = get(session, principal=principal, id=id)
    item = session.get(PortfolioEvidence, evidence_id)
    if item is None or item.portfolio_id != row.id or item.file_sha256 is None:
        raise NotFound("evidence file")
    path = uploads.stored_path(data_dir, item.file_sha256)
    if not path.is_file():
        raise NotFound("evidence file")
    return path, item.file_name or f"evidence-{item.id}", item.file_media_type or "application/octet-stream"
