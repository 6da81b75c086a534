"""School routes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import Phase, Role
from app.problems import responses
from app.schemas import Page
from app.schools import service
from app.schools.schemas import SchoolCreate, SchoolPublic, SchoolUpdate

router = APIRouter(prefix="/api/v1/schools", tags=["schools"])


@router.post("", response_model=SchoolPublic, status_code=status.HTTP_201_CREATED,
             responses=responses(401, 403, 409, 422))
def create_school(body: SchoolCreate, session: SessionDep, principal: CurrentPrincipal) -> SchoolPublic:
    """Register a school (admin)."""
    return SchoolPublic.model_validate(service.create(session, principal=principal, body=body))


@router.get("", response_model=Page[SchoolPublic], responses=responses(401, 422))
def list_schools(
    session: SessionDep, principal: CurrentPrincipal, query: ListParams,
    urn: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    phase: Annotated[Phase | None, Query()] = None,
) -> Page[SchoolPublic]:
    """Schools the caller may see."""
    rows, cursor = service.list_(session, principal=principal, query=query, urn=urn, phase=phase)
    return Page(items=[SchoolPublic.model_validate(r) for r in rows], next_cursor=cursor)


@router.get("/{id}", response_model=SchoolPublic, responses=responses(401, 404, 422))
def get_school(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SchoolPublic:
    """One school."""
    return SchoolPublic.model_validate(service.get(session, principal=principal, id=id))


@router.patch("/{id}", response_model=SchoolPublic, responses=responses(401, 403, 404, 409, 422),
              dependencies=[require_role(Role.school)])
def update_school(id: uuid.UUID, body: SchoolUpdate, session: SessionDep,
                    principal: CurrentPrincipal) -> SchoolPublic:
    """Change a school (the school itself or an admin)."""
    return SchoolPublic.model_validate(service.update(session, principal=principal, id=id, body=body))
