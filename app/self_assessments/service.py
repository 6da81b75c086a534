"""Self-assessments: a mentor rates itself against the national standards; its school and providers read."""

import uuid
from collections import defaultdict
from typing import Any

from sqlmodel import Session, col, select

from app.errors import Conflict, Forbidden, RuleViolation
from app.etags import claim
from app.models.base import utcnow
from app.models.self_assessment import SelfAssessment
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.self_assessments import summary as derive
from app.tenancy import get_visible, mentor_condition, own_mentor_for_write

SUBMITTED = "submitted"



def _submit(row: SelfAssessment) -> None:
    """Mark as submitted once all 21 expectations are rated; 422 listing the missing ones otherwise."""
    missing = [c for c in derive.CODES if c not in row.ratings]
    if missing:
        raise RuleViolation(
            f"a submitted self-assessment rates all 21 expectations; {len(missing)} not rated",
            errors=[{"loc": ["body", "ratings", c], "msg": "not rated"} for c in missing],
            missing=missing,
        )
    row.status = SUBMITTED
    row.submitted_at = utcnow()


def create(session: Session, *, principal: Principal, data: dict[str, Any]) -> SelfAssessment:
    """A new self-assessment, draft or submitted."""
    mentor_id = own_mentor_for_write(session, principal, data.get("mentor_id"), "self-assessment")
    row = SelfAssessment(
        mentor_id=mentor_id,
        status="draft",
        ratings=dict(data.get("ratings") or {}),
        comments=dict(data.get("comments") or {}),
    )
    if data.get("status") == SUBMITTED:
        _submit(row)
    session.add(row)
    session.commit()
    return row


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> SelfAssessment:
    """A self-assessment of a mentor the caller may read."""
    condition = mentor_condition(principal, SelfAssessment.mentor_id)
    return get_visible(session, SelfAssessment, id, condition, "self-assessment")


def list_(
    session: Session,
    *,
    principal: Principal,
    query: ListQuery,
    mentor_id: uuid.UUID | None,
    status: str | None,
) -> tuple[list[SelfAssessment], str | None]:
    """Self-assessments of the mentors the caller may read, filtered."""
    stmt = select(SelfAssessment).where(mentor_condition(principal, SelfAssessment.mentor_id))
    if mentor_id is not None:
        stmt = stmt.where(SelfAssessment.mentor_id == mentor_id)
    if status is not None:
        stmt = stmt.where(SelfAssessment.status == status)
    return paginate(session, stmt, SelfAssessment, query)


def _merged(current: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    merged = dict(current)
    for code, value in changes.items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    return merged


def update(
    session: Session,
    *,
    principal: Principal,
    id: uuid.UUID,
    changes: dict[str, Any],
    if_match: list[int] | None,
) -> SelfAssessment:
    """Change a draft (the mentor itself or an admin); ``status: submitted`` submits it."""
    row = get(session, principal=principal, id=id)
    if not principal.is_admin and principal.mentor_id != row.mentor_id:
        raise Forbidden("only the mentor changes its self-assessments")
    claim(session, row, if_match=if_match)
    if row.status == SUBMITTED:
        raise Conflict("a submitted self-assessment is a snapshot and cannot change; start a new one")
    if changes.get("ratings") is not None:
        row.ratings = _merged(row.ratings, changes["ratings"])
    if changes.get("comments") is not None:
        row.comments = _merged(row.comments, changes["comments"])
    if changes.get("status") == SUBMITTED:
        _submit(row)
    session.add(row)
    session.commit()
    return row


def summaries(session: Session, rows: list[SelfAssessment]) -> dict[uuid.UUID, dict[str, Any]]:
    """Each row's summary, comparing with its mentor's previous submitted one, in one query."""
    mentor_ids = {r.mentor_id for r in rows}
    history: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    sa = SelfAssessment
    stmt = select(sa.id, sa.mentor_id, sa.submitted_at, sa.ratings).where(
        col(SelfAssessment.mentor_id).in_(mentor_ids), SelfAssessment.status == SUBMITTED
    )
    for id_, mentor_id, submitted_at, ratings in session.exec(stmt).all() if mentor_ids else []:
        history[mentor_id].append({"id": id_, "submitted_at": submitted_at, "ratings": ratings})
    out = {}
    for r in rows:
        at = r.submitted_at if r.status == SUBMITTED else None
        previous = derive.previous_of(at, history[r.mentor_id], r.id)
        out[r.id] = derive.summary(r.ratings, r.comments, previous)
    return out
