"""Provider routes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import ProviderKind, Role
from app.problems import responses
from app.providers import service
from app.providers.schemas import ProviderCreate, ProviderPublic, ProviderUpdate
from app.schemas import Page

router = APIRouter(prefix="/api/v1/providers", tags=["providers"])


@router.post("", response_model=ProviderPublic, status_code=status.HTTP_201_CREATED,
             responses=responses(401, 403, 409, 422))
def create_provider(body: ProviderCreate, session: SessionDep, principal: CurrentPrincipal) -> ProviderPublic:
    """Register a provider (admin)."""
    return service.public(session, [service.create(session, principal=principal, body=body)])[0]


@router.get("", response_model=Page[ProviderPublic], responses=responses(401, 422))
def list_providers(
    session: SessionDep, principal: CurrentPrincipal, query: ListParams,
    kind: Annotated[ProviderKind | None, Query()] = None,
    accredited: Annotated[bool | None, Query(description="Accredited today, or not.")] = None,
) -> Page[ProviderPublic]:
    """Providers the caller may see."""
    rows, cursor = service.list_(session, principal=principal, query=query, kind=kind, accredited=accredited)
    return Page(items=service.public(session, rows), next_cursor=cursor)


@router.get("/{id}", response_model=ProviderPublic, responses=responses(401, 404, 422))
def get_provider(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ProviderPublic:
    """One provider."""
    return service.public(session, [service.get(session, principal=principal, id=id)])[0]


@router.patch("/{id}", response_model=ProviderPublic, responses=responses(401, 403, 404, 409, 422),
              dependencies=[require_role(Role.provider)])
def update_provider(id: uuid.UUID, body: ProviderUpdate, session: SessionDep,
                    principal: CurrentPrincipal) -> ProviderPublic:
    """Change a provider (the provider itself or an admin)."""
    return service.public(session, [service.update(session, principal=principal, id=id, body=body)])[0]
