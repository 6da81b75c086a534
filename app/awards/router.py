"""Award routes: built-in and provider-defined award definitions."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from app.awards import service
from app.awards.schemas import AwardCreate, AwardPublic
from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import Role
from app.principal import Principal
from app.problems import responses
from app.schemas import Page

router = APIRouter(prefix="/api/v1/awards", tags=["awards"])
ProviderCaller = Annotated[Principal, require_role(Role.provider)]
AwardCode = Annotated[str, Path(max_length=63, description="The award's code, e.g. `lp-stage-1`.")]


@router.get("", response_model=Page[AwardPublic], responses=responses(401, 422))
def list_awards(session: SessionDep, principal: CurrentPrincipal, query: ListParams) -> Page[AwardPublic]:
    """Award definitions: the built-in ones first, then those providers defined."""
    items, cursor = service.list_(session, query=query)
    return Page(items=items, next_cursor=cursor)


@router.get("/{code}", response_model=AwardPublic, responses=responses(401, 404, 422))
def get_award(code: AwardCode, session: SessionDep, principal: CurrentPrincipal) -> AwardPublic:
    """One award definition by its code."""
    return service.get_public(session, code=code)


@router.post(
    "",
    response_model=AwardPublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 409, 422),
)
def create_award(body: AwardCreate, session: SessionDep, principal: ProviderCaller) -> AwardPublic:
    """Define a provider's own award (the provider, or an admin naming it)."""
    return service.create(session, principal=principal, body=body)
