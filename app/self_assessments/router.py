"""Self-assessment routes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlmodel import Session

from app.deps import CurrentPrincipal, IfMatch, ListParams, SessionDep, require_role
from app.enums import AssessmentStatus, Role
from app.etags import etag, parse_if_match
from app.models.self_assessment import SelfAssessment
from app.problems import responses, with_etag
from app.schemas import Page
from app.self_assessments import service
from app.self_assessments.schemas import (
    SelfAssessmentCreate,
    SelfAssessmentPublic,
    SelfAssessmentUpdate,
)

router = APIRouter(prefix="/api/v1/self-assessments", tags=["self-assessments"])
MentorOnly = require_role(Role.mentor)


def _one(session: Session, row: SelfAssessment, response: Response) -> SelfAssessmentPublic:
    response.headers["ETag"] = etag(row)
    return service.publics(session, [row])[0]


@router.post(
    "",
    response_model=SelfAssessmentPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[MentorOnly],
    responses=with_etag("self-assessment", 401, 403, 422, ok=201),
)
def create_self_assessment(
    body: SelfAssessmentCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> SelfAssessmentPublic:
    """Start (or submit at once) a self-assessment: the mentor itself, or an admin."""
    row = service.create(session, principal=principal, body=body)
    return _one(session, row, response)


@router.get("", response_model=Page[SelfAssessmentPublic], responses=responses(401, 422))
def list_self_assessments(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    mentor_id: Annotated[uuid.UUID | None, Query(description="Only this mentor's.")] = None,
    status: Annotated[AssessmentStatus | None, Query(description="Only drafts or submitted ones.")] = None,
) -> Page[SelfAssessmentPublic]:
    """Self-assessments of the mentors the caller may read."""
    filters = service.SelfAssessmentFilters(mentor_id=mentor_id, status=status)
    rows, cursor = service.list_(session, principal=principal, query=query, filters=filters)
    return Page(items=service.publics(session, rows), next_cursor=cursor)


@router.get("/{id}", response_model=SelfAssessmentPublic, responses=with_etag("self-assessment", 401, 404, 422))
def get_self_assessment(
    id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> SelfAssessmentPublic:
    """One self-assessment with its summary."""
    return _one(session, service.get(session, principal=principal, id=id), response)


@router.patch(
    "/{id}",
    response_model=SelfAssessmentPublic,
    dependencies=[MentorOnly],
    responses=with_etag("self-assessment", 401, 403, 404, 409, 412, 422),
)
def update_self_assessment(
    id: uuid.UUID,
    body: SelfAssessmentUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> SelfAssessmentPublic:
    """Change or submit a draft (the mentor itself); a stale If-Match is 412."""
    row = service.update(session, principal=principal, id=id, body=body, if_match=parse_if_match(if_match))
    return _one(session, row, response)
