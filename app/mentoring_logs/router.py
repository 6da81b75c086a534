"""Mentoring log routes."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.deps import CurrentPrincipal, ListParams, SessionDep
from app.mentoring_logs import changes, service
from app.mentoring_logs.schemas import MentoringLogCreate, MentoringLogPublic, MentoringLogUpdate
from app.models.registry import MentoringLog
from app.problems import responses
from app.schemas import Page, centi_to_hours, from_row

router = APIRouter(prefix="/api/v1/mentoring-logs", tags=["mentoring-logs"])


def _public(log: MentoringLog) -> MentoringLogPublic:
    return from_row(MentoringLogPublic, log, hours=centi_to_hours(log.hours_centi))


@router.post("", response_model=MentoringLogPublic, status_code=status.HTTP_201_CREATED,
             responses=responses(401, 403, 409, 422))
def create_mentoring_log(body: MentoringLogCreate, session: SessionDep,
                         principal: CurrentPrincipal) -> MentoringLogPublic:
    """Log mentoring hours with a trainee (the mentor's school, the mentor, or an admin)."""
    return _public(service.create(session, principal=principal, body=body))


@router.get("", response_model=Page[MentoringLogPublic], responses=responses(401, 422))
def list_mentoring_logs(
    session: SessionDep, principal: CurrentPrincipal, query: ListParams,
    mentor_id: Annotated[uuid.UUID | None, Query()] = None,
    trainee_id: Annotated[uuid.UUID | None, Query()] = None,
    occurred_from: Annotated[date | None, Query(description="On or after this date.")] = None,
    occurred_to: Annotated[date | None, Query(description="On or before this date.")] = None,
) -> Page[MentoringLogPublic]:
    """Mentoring logs of mentors the caller may see."""
    rows, cursor = service.list_(session, principal=principal, query=query, mentor_id=mentor_id,
                                 trainee_id=trainee_id, occurred_from=occurred_from, occurred_to=occurred_to)
    return Page(items=[_public(r) for r in rows], next_cursor=cursor)


@router.get("/{id}", response_model=MentoringLogPublic, responses=responses(401, 404, 422))
def get_mentoring_log(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> MentoringLogPublic:
    """One mentoring log."""
    return _public(service.get(session, principal=principal, id=id))


@router.patch("/{id}", response_model=MentoringLogPublic, responses=responses(401, 403, 404, 409, 422))
def update_mentoring_log(id: uuid.UUID, body: MentoringLogUpdate, session: SessionDep,
                         principal: CurrentPrincipal) -> MentoringLogPublic:
    """Correct a mentoring log (the mentor's school or an admin); a day's logs total at most 12 h."""
    return _public(changes.update(session, principal=principal, id=id, body=body))


@router.delete("/{id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               responses={204: {"description": "Removed."}, **responses(401, 403, 404, 422)})
def delete_mentoring_log(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Remove a mentoring log (the mentor's school or an admin)."""
    changes.delete(session, principal=principal, id=id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
