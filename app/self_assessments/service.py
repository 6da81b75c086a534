"""Self-assessments: a mentor rates itself against the national standards; its school and providers read."""

import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.enums import AssessmentStatus
from app.errors import Conflict, Forbidden, RuleViolation
from app.etags import claim
from app.models.base import utcnow
from app.models.self_assessment import SelfAssessment
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.self_assessments import summary as derive
from app.self_assessments.schemas import (
    Rating,
    SelfAssessmentCreate,
    SelfAssessmentPublic,
    SelfAssessmentUpdate,
    Summary,
)
from app.tenancy import get_visible, mentor_condition, own_mentor_for_write

SUBMITTED = AssessmentStatus.submitted


@dataclass(frozen=True)
class SelfAssessmentFilters:
    """The list's filters; None matches any."""

    mentor_id: uuid.UUID | None = None
    status: AssessmentStatus | None = None


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


def create(session: Session, *, principal: Principal, body: SelfAssessmentCreate) -> SelfAssessment:
    """A new self-assessment, draft or submitted."""
    mentor_id = own_mentor_for_write(session, principal, body.mentor_id, "self-assessment")
    row = SelfAssessment(
        mentor_id=mentor_id,
        status=AssessmentStatus.draft,
        ratings=dict(body.ratings),
        comments=dict(body.comments),
    )
    if body.status is SUBMITTED:
        _submit(row)
    session.add(row)
    session.commit()
    return row


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> SelfAssessment:
    """A self-assessment of a mentor the caller may read."""
    condition = mentor_condition(principal, SelfAssessment.mentor_id)
    row: SelfAssessment = get_visible(session, SelfAssessment, id, condition, "self-assessment")
    return row


def list_(
    session: Session,
    *,
    principal: Principal,
    query: ListQuery,
    filters: SelfAssessmentFilters,
) -> tuple[list[SelfAssessment], str | None]:
    """Self-assessments of the mentors the caller may read, filtered."""
    stmt = select(SelfAssessment).where(mentor_condition(principal, SelfAssessment.mentor_id))
    stmt = where_given(stmt, (SelfAssessment.mentor_id, filters.mentor_id), (SelfAssessment.status, filters.status))
    return paginate(session, stmt, SelfAssessment, query)


def _merged(current: dict[str, str], changes: Mapping[str, str | None]) -> dict[str, str]:
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
    body: SelfAssessmentUpdate,
    if_match: list[int] | None,
) -> SelfAssessment:
    """Change a draft (the mentor itself or an admin); ``status: submitted`` submits it."""
    row = get(session, principal=principal, id=id)
    if not principal.is_admin and principal.mentor_id != row.mentor_id:
        raise Forbidden("only the mentor changes its self-assessments")
    claim(session, row, if_match=if_match)
    if row.status == SUBMITTED:
        raise Conflict("a submitted self-assessment is a snapshot and cannot change; start a new one")
    if body.ratings is not None:
        row.ratings = _merged(row.ratings, body.ratings)
    if body.comments is not None:
        row.comments = _merged(row.comments, body.comments)
    if body.status is SUBMITTED:
        _submit(row)
    session.add(row)
    session.commit()
    return row


def summaries(session: Session, rows: list[SelfAssessment]) -> dict[uuid.UUID, Summary]:
    """Each row's summary, comparing with its mentor's previous submitted one, in one query."""
    mentor_ids = {r.mentor_id for r in rows}
    history: dict[uuid.UUID, list[derive.Snapshot]] = defaultdict(list)
    sa = SelfAssessment
    stmt = select(sa.id, sa.mentor_id, sa.submitted_at, sa.ratings).where(
        col(SelfAssessment.mentor_id).in_(mentor_ids), SelfAssessment.status == SUBMITTED
    )
    for id_, mentor_id, submitted_at, ratings in session.exec(stmt).all() if mentor_ids else []:
        if submitted_at is not None:  # always set on a submitted one
            history[mentor_id].append(derive.Snapshot(id_, submitted_at, ratings))
    out = {}
    for r in rows:
        at = r.submitted_at if r.status == SUBMITTED else None
        previous = derive.previous_of(at, history[r.mentor_id], r.id)
        out[r.id] = derive.summary(r.ratings, r.comments, previous)
    return out


def publics(session: Session, rows: list[SelfAssessment]) -> list[SelfAssessmentPublic]:
    """The self-assessments as the API shows them, each with its summary."""
    summary_of = summaries(session, rows)
    return [
        SelfAssessmentPublic(
            id=r.id,
            mentor_id=r.mentor_id,
            status=AssessmentStatus(r.status),
            ratings={code: Rating(value) for code, value in r.ratings.items()},
            comments=r.comments,
            submitted_at=r.submitted_at,
            version=r.version,
            summary=summary_of[r.id],
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]
