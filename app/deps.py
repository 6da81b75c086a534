"""Request dependencies: the database session, the caller and role checks."""

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import anyio
from fastapi import Depends, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import bindparam, select
from sqlmodel import Session

from app.audit import recorder as audit
from app.config import Settings
from app.db import session_bind
from app.enums import Role
from app.models.auth import ApiClient
from app.pagination import CURSOR, MAX_LIMIT, ListQuery
from app.principal import Principal
from app.schemas import UTCDateTime, aware_utc, query_value_error
from app.security import InvalidToken, decode_access_token, secret_version

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One database session per request; writes take the write lock at BEGIN on SQLite.

    Cheap dependencies are ``async def`` so they run on the event loop: each sync one costs a thread hop.
    Opening a session does no I/O (it connects on first use, in the route's thread); closing it does.
    """
    session = Session(session_bind(request.app.state.engine, write=request.method not in READ_METHODS),
                      expire_on_commit=False)
    try:
        audit.act_as(session, None, f"{request.method} {request.url.path}")
        yield session
    finally:  # closing rolls back and returns the connection: database work, so off the event loop
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(session.close)


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
_bearer = HTTPBearer(auto_error=False, description="An access token from POST /api/v1/auth/token.")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


# Every authenticated request runs this: a Core statement, as the ORM's identity load costs several times more.
_c = ApiClient.__table__.c  # type: ignore[attr-defined]
_CLIENT = select(_c.id, _c.client_id, _c.secret_hash, _c.role, _c.provider_id, _c.school_id, _c.mentor_id,
                 _c.disabled).where(_c.id == bindparam("id"))


async def get_claims(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> dict[str, Any]:
    """The claims of a valid access token (signature, algorithm, exp, iss and aud checked); 401 otherwise.

    No I/O, so it runs on the event loop; `principal_of` then checks the client in the database.
    """
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("missing bearer token")
    try:
        return decode_access_token(credentials.credentials, key=settings.secret_key,
                                   issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    except InvalidToken:
        raise _unauthorized("invalid token") from None


TokenClaims = Annotated[dict[str, Any], Depends(get_claims)]


def principal_of(request: Request, session: Session, claims: dict[str, Any]) -> Principal:
    """The caller named by verified claims; 401 for an unknown or disabled client or a rotated secret."""
    try:
        client = session.connection().execute(_CLIENT, {"id": uuid.UUID(str(claims["sub"]))}).first()
    except (ValueError, KeyError):
        raise _unauthorized("invalid token") from None
    if client is None or client.disabled:
        raise _unauthorized("invalid token")
    if claims.get("sv") != secret_version(client.secret_hash):  # exact, unlike a one-second `iat`
        raise _unauthorized("token issued before the secret was rotated")
    principal = Principal(client_id=client.client_id, api_client_id=client.id, role=Role(client.role),
                          provider_id=client.provider_id, school_id=client.school_id, mentor_id=client.mentor_id)
    request.state.principal = principal
    audit.act_as(session, principal)  # every write of this request is recorded as this caller's
    return principal


def get_principal(request: Request, session: SessionDep, claims: TokenClaims) -> Principal:
    """The verified caller (a worker-thread hop: it reads the database)."""
    return principal_of(request, session, claims)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require_role(*roles: Role):  # type: ignore[no-untyped-def]
    """A dependency that lets only these roles (and admins) through; others get 403."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role is not Role.admin and principal.role not in roles:
            raise HTTPException(403, f"the {principal.role} role may not do this")
        return principal

    return Depends(check)


Admin = Annotated[Principal, require_role()]


def _query_fields(dependant: Any) -> list[tuple[str, Any]]:
    out = [(q.alias, q.field_info.annotation) for q in dependant.query_params]
    for sub in dependant.dependencies:
        out.extend(_query_fields(sub))
    return out


_QUERY_FIELDS: dict[int, list[tuple[str, Any]]] = {}


async def strict_query_formats(request: Request) -> None:
    """Every route: a date or timestamp query parameter only in ISO 8601 (FastAPI also takes numbers)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    fields = _QUERY_FIELDS.get(id(route))
    if fields is None:
        fields = _QUERY_FIELDS[id(route)] = _query_fields(dependant)
    errors = [error for name, annotation in fields for value in request.query_params.getlist(name)
              if (error := query_value_error(annotation, name, value)) is not None]
    if errors:
        raise RequestValidationError(errors)


IfMatch = Annotated[str | None, Header(max_length=200, description="The ETag last read; 412 when it is stale.")]
"""The ``If-Match`` header of a write to a resource with an ETag."""


async def list_query(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page, 1-500.")] = 50,
    cursor: Annotated[str | None, Query(max_length=50, pattern=CURSOR.pattern,
                                        description="`next_cursor` of the previous page.")] = None,
    updated_since: Annotated[UTCDateTime | None,
                             Query(description="Only rows changed at or after this time.")] = None,
) -> ListQuery:
    return ListQuery(limit=limit, cursor=cursor,
                     updated_since=aware_utc(updated_since) if updated_since else None)


ListParams = Annotated[ListQuery, Depends(list_query)]
