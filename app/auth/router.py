"""Access tokens and API clients."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, status

from app.auth import service
from app.auth.schemas import ApiClientCreate, ApiClientPublic, ApiClientUpdate, ApiClientWithSecret, Token
from app.deps import Admin, SessionDep, SettingsDep
from app.problems import responses

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.post("/auth/token", response_model=Token, responses=responses(401, 422, 429))
def create_token(
    request: Request,
    settings: SettingsDep,
    grant_type: Annotated[Literal["client_credentials"], Form(description="Always `client_credentials`.")],
    client_id: Annotated[str, Form(max_length=100)],
    client_secret: Annotated[str, Form(max_length=200)],
) -> Token:
    """OAuth2 client credentials: trade a client id and secret for an access token.

    Failed attempts are limited per `client_id` and per address (`MP_TOKEN_FAILURES_PER_CLIENT`,
    `MP_TOKEN_FAILURES_PER_ADDRESS` in `MP_TOKEN_FAILURE_WINDOW_MINUTES`): past either, 429 with `Retry-After`.
    """
    address = request.client.host if request.client else "unknown"
    token, ttl = service.issue_token(request.app.state.engine, settings=settings, client_id=client_id,
                                     client_secret=client_secret, address=address)
    return Token(access_token=token, token_type="bearer", expires_in=ttl)


@router.post("/api-clients", response_model=ApiClientWithSecret, status_code=status.HTTP_201_CREATED,
             responses=responses(401, 403, 422))
def create_api_client(body: ApiClientCreate, session: SessionDep, settings: SettingsDep,
                      _: Admin) -> ApiClientWithSecret:
    """Create an API client (admin); the secret is shown once."""
    client, secret = service.create_client(session, settings=settings, **body.model_dump())
    return ApiClientWithSecret(**ApiClientPublic.model_validate(client).model_dump(), client_secret=secret)


@router.get("/api-clients/{id}", response_model=ApiClientPublic, responses=responses(401, 403, 404, 422))
def get_api_client(id: uuid.UUID, session: SessionDep, _: Admin) -> ApiClientPublic:
    """One API client (admin)."""
    return ApiClientPublic.model_validate(service.get_client(session, id=id))


@router.patch("/api-clients/{id}", response_model=ApiClientPublic, responses=responses(401, 403, 404, 422))
def update_api_client(id: uuid.UUID, body: ApiClientUpdate, session: SessionDep, _: Admin) -> ApiClientPublic:
    """Rename or disable an API client (admin); a disabled client's tokens stop at once."""
    changes = body.model_dump(exclude_unset=True)
    return ApiClientPublic.model_validate(service.update_client(session, id=id, changes=changes))


@router.post("/api-clients/{id}/rotate-secret", response_model=ApiClientWithSecret,
             responses=responses(401, 403, 404, 422))
def rotate_api_client_secret(id: uuid.UUID, session: SessionDep, settings: SettingsDep,
                             _: Admin) -> ApiClientWithSecret:
    """Give a client a new secret (shown once); tokens issued before stop working."""
    client, secret = service.rotate_secret(session, settings=settings, id=id)
    return ApiClientWithSecret(**ApiClientPublic.model_validate(client).model_dump(), client_secret=secret)
