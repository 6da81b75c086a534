"""Programme routes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import Level, Phase, Role
from app.problems import responses
from app.programmes import service
from app.programmes.schemas import ProgrammeCreate, ProgrammePublic, ProgrammeUpdate
from app.schemas import Page

router = APIRouter(prefix="/api/v1/programmes", tags=["programmes"])


@router.post(
    "",
    response_model=ProgrammePublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 422),
)
def create_programme(
    body: ProgrammeCreate, session: SessionDep, principal: CurrentPrincipal
) -> ProgrammePublic:
    """Create a programme (the provider running it, or an admin)."""
    return ProgrammePublic.model_validate(service.create(session, principal=principal, body=body))


@router.get("", response_model=Page[ProgrammePublic], responses=responses(401, 422))
def list_programmes(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    provider_id: Annotated[uuid.UUID | None, Query()] = None,
    academic_year: Annotated[str | None, Query(pattern=r"^\d{4}/\d{2}$")] = None,
    phase: Annotated[Phase | None, Query()] = None,
    level: Annotated[Level | None, Query()] = None,
) -> Page[ProgrammePublic]:
    """Programmes the caller may see."""
    filters = service.ProgrammeFilter(provider_id=provider_id, academic_year=academic_year, phase=phase, level=level)
    rows, cursor = service.list_(session, principal=principal, query=query, filters=filters)
    return Page(items=[ProgrammePublic.model_validate(r) for r in rows], next_cursor=cursor)


@router.get("/{id}", response_model=ProgrammePublic, responses=responses(401, 404, 422))
def get_programme(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ProgrammePublic:
    """One programme."""
    return ProgrammePublic.model_validate(service.get(session, principal=principal, id=id))


@router.patch("/{id}", response_model=ProgrammePublic, responses=responses(401, 403, 404, 422),
              dependencies=[require_role(Role.provider)])
def update_programme(
    id: uuid.UUID, body: ProgrammeUpdate, session: SessionDep, principal: CurrentPrincipal
) -> ProgrammePublic:
    """Change a programme (its provider or an admin)."""
    return ProgrammePublic.model_validate(service.update(session, principal=principal, id=id, body=body))
