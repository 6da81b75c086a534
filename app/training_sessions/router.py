"""Training session and session feedback routes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import Mode, Phase, Role, SessionStatus
from app.models.training import TrainingSession
from app.problems import responses
from app.schemas import Page, UTCDateTime, centi_to_hours, from_row
from app.training_sessions import feedback, service
from app.training_sessions.schemas import (
    FeedbackCreate,
    FeedbackPublic,
    FeedbackUpdate,
    TrainingSessionCreate,
    TrainingSessionPublic,
    TrainingSessionUpdate,
)

router = APIRouter(prefix="/api/v1/training-sessions", tags=["training-sessions"])


def _public(row: TrainingSession) -> TrainingSessionPublic:
    return from_row(
        TrainingSessionPublic,
        row,
        duration_hours=centi_to_hours(row.duration_centi),
        credit_hours=centi_to_hours(row.credit_centi),
    )


@router.post(
    "",
    response_model=TrainingSessionPublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 422),
)
def create_training_session(
    body: TrainingSessionCreate, session: SessionDep, principal: CurrentPrincipal
) -> TrainingSessionPublic:
    """Schedule a training session (its provider or an admin)."""
    return _public(service.create(session, principal=principal, body=body))


@router.get("", response_model=Page[TrainingSessionPublic], responses=responses(401, 422))
def list_training_sessions(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    provider_id: Annotated[uuid.UUID | None, Query()] = None,
    programme_id: Annotated[uuid.UUID | None, Query()] = None,
    status: Annotated[SessionStatus | None, Query()] = None,
    mode: Annotated[Mode | None, Query()] = None,
    phase: Annotated[Phase | None, Query()] = None,
    counts_toward: Annotated[str | None, Query(max_length=64, description="An award code.")] = None,
    starts_from: Annotated[UTCDateTime | None, Query(description="Starting at or after this time.")] = None,
    starts_to: Annotated[UTCDateTime | None, Query(description="Starting at or before this time.")] = None,
) -> Page[TrainingSessionPublic]:
    """Training sessions the caller may see."""
    filters = service.TrainingSessionFilter(
        provider_id=provider_id,
        programme_id=programme_id,
        status=status,
        mode=mode,
        phase=phase,
        counts_toward=counts_toward,
        starts_from=starts_from,
        starts_to=starts_to,
    )
    rows, cursor = service.list_(session, principal=principal, query=query, filters=filters)
    return Page(items=[_public(r) for r in rows], next_cursor=cursor)


@router.get("/{id}", response_model=TrainingSessionPublic, responses=responses(401, 404, 422))
def get_training_session(
    id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> TrainingSessionPublic:
    """One training session."""
    return _public(service.get(session, principal=principal, id=id))


@router.patch("/{id}", response_model=TrainingSessionPublic, responses=responses(401, 403, 404, 409, 422),
              dependencies=[require_role(Role.provider)])
def update_training_session(
    id: uuid.UUID, body: TrainingSessionUpdate, session: SessionDep, principal: CurrentPrincipal
) -> TrainingSessionPublic:
    """Change a training session; `{"status": "cancelled"}` cancels it and zeroes its attendance hours."""
    return _public(service.update(session, principal=principal, id=id, body=body))


@router.post(
    "/{id}/feedback",
    response_model=FeedbackPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "The mentor's earlier feedback, replaced.", "model": FeedbackPublic},
        **responses(401, 403, 404, 422),
    },
)
def give_feedback(
    id: uuid.UUID, body: FeedbackCreate, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> FeedbackPublic:
    """Rate a session the mentor attended (201); a second POST replaces that mentor's feedback (200)."""
    row, created = feedback.give(session, principal=principal, training_session_id=id, body=body)
    if not created:
        response.status_code = status.HTTP_200_OK
    return FeedbackPublic.model_validate(row)


@router.get("/{id}/feedback", response_model=Page[FeedbackPublic], responses=responses(401, 404, 422))
def list_feedback(
    id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, query: ListParams
) -> Page[FeedbackPublic]:
    """Feedback on a session: all of it for its provider, a mentor's own, a school's mentors'."""
    rows, cursor = feedback.list_(session, principal=principal, training_session_id=id, query=query)
    return Page(items=[FeedbackPublic.model_validate(r) for r in rows], next_cursor=cursor)


@router.patch(
    "/{id}/feedback/{feedback_id}", response_model=FeedbackPublic, responses=responses(401, 403, 404, 422),
    dependencies=[require_role(Role.provider, Role.mentor)],
)
def update_feedback(
    id: uuid.UUID,
    feedback_id: uuid.UUID,
    body: FeedbackUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> FeedbackPublic:
    """Edit feedback: the mentor its rating and comment; the session's provider the action taken."""
    row = feedback.update(session, principal=principal, training_session_id=id, id=feedback_id, body=body)
    return FeedbackPublic.model_validate(row)
