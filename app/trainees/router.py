"""Trainee routes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlmodel import Session

from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import Role
from app.models.registry import Trainee
from app.problems import responses
from app.schemas import Page, from_row
from app.trainees import service
from app.trainees.schemas import TraineeCreate, TraineePublic, TraineeUpdate

router = APIRouter(prefix="/api/v1/trainees", tags=["trainees"])


def _public(session: Session, trainees: list[Trainee]) -> list[TraineePublic]:
    placements = service.placements_of(session, [t.id for t in trainees])
    return [from_row(TraineePublic, t, placements=placements[t.id]) for t in trainees]


@router.post("", response_model=TraineePublic, status_code=status.HTTP_201_CREATED,
             responses=responses(401, 403, 409, 422))
def create_trainee(body: TraineeCreate, session: SessionDep, principal: CurrentPrincipal) -> TraineePublic:
    """Register a trainee (its provider or an admin)."""
    return _public(session, [service.create(session, principal=principal, body=body)])[0]


@router.get("", response_model=Page[TraineePublic], responses=responses(401, 422))
def list_trainees(
    session: SessionDep, principal: CurrentPrincipal, query: ListParams,
    provider_id: Annotated[uuid.UUID | None, Query()] = None,
    reference: Annotated[str | None, Query(max_length=50)] = None,
) -> Page[TraineePublic]:
    """Trainees the caller may see."""
    rows, cursor = service.list_(session, principal=principal, query=query, provider_id=provider_id,
                                 reference=reference)
    return Page(items=_public(session, rows), next_cursor=cursor)


@router.get("/{id}", response_model=TraineePublic, responses=responses(401, 404, 422))
def get_trainee(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> TraineePublic:
    """One trainee."""
    return _public(session, [service.get(session, principal=principal, id=id)])[0]


@router.patch("/{id}", response_model=TraineePublic, responses=responses(401, 403, 404, 409, 422),
              dependencies=[require_role(Role.provider)])
def update_trainee(id: uuid.UUID, body: TraineeUpdate, session: SessionDep,
                   principal: CurrentPrincipal) -> TraineePublic:
    """Change a trainee (its provider or an admin)."""
    return _public(session, [service.update(session, principal=principal, id=id, body=body)])[0]
