"""API clients, their secrets and access tokens."""

import secrets
import uuid
from functools import cache
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.config import Settings
from app.db import open_session
from app.enums import Role
from app.errors import DomainError, InvalidInput, NotFound
from app.models import rate_limit as counters
from app.models.auth import ApiClient
from app.models.base import utcnow
from app.models.registry import Mentor, Provider, School
from app.security import hash_secret, issue_access_token, new_client_secret, secret_version, verify_secret

SCOPE_FIELD = {Role.provider: ("provider_id", Provider), Role.school: ("school_id", School),
               Role.mentor: ("mentor_id", Mentor)}


class InvalidClient(DomainError):
    status = 401


class TooManyAttempts(DomainError):
    status = 429


@cache
def _dummy_hash(n: int) -> str:
    """A hash an unknown client id is checked against, so that it costs what a known one does."""
    return hash_secret(new_client_secret(), n=n)


def issue_token(engine: Engine, *, settings: Settings, client_id: str, client_secret: str,
                address: str) -> tuple[str, int]:
    """An access token for valid, enabled client credentials.

    Failed attempts are counted per client id and per address in fixed windows; past either limit the
    answer is 429 with Retry-After, before any secret is checked. Successes are not counted, so a busy
    address that logs in correctly is never held back. Unknown, disabled and known client ids all pay for
    one secret check, so the answer takes as long whether or not the id exists.
    """
    span = settings.token_failure_window_minutes
    now = counters.clock()
    window = int(now // 60) // span * span  # the window's first minute since the epoch
    throttles = [(f"token:client:{client_id}", settings.token_failures_per_client),
                 (f"token:addr:{address}"[:200], settings.token_failures_per_address)]
    throttles = [(key, limit) for key, limit in throttles if limit > 0]
    if throttles:
        seen = counters.counts(engine, [key for key, _ in throttles], window)
        if any(seen.get(key, 0) >= limit for key, limit in throttles):
            retry_after = max(1, int((window + span) * 60 - now + 0.999))
            raise TooManyAttempts(f"too many failed attempts; retry in {retry_after} s",
                                  headers={"Retry-After": str(retry_after)})
    with open_session(engine) as session:
        client = session.exec(select(ApiClient).where(ApiClient.client_id == client_id)).first()
    stored = client.secret_hash if client is not None else _dummy_hash(settings.secret_hash_iterations)
    valid = verify_secret(client_secret, stored)
    if client is None or client.disabled or not valid:
        if throttles:
            counters.hit_all(engine, [key for key, _ in throttles], window)
        raise InvalidClient("unknown client or wrong secret", headers={"WWW-Authenticate": "Bearer"})
    claims = {"sub": str(client.id), "role": client.role, "sv": secret_version(client.secret_hash)}
    token = issue_access_token(claims, key=settings.secret_key,
                               issuer=settings.jwt_issuer, audience=settings.jwt_audience,
                               ttl=settings.token_ttl_seconds)
    return token, settings.token_ttl_seconds


def create_client(session: Session, *, settings: Settings, name: str, role: Role,
                  provider_id: uuid.UUID | None = None, school_id: uuid.UUID | None = None,
                  mentor_id: uuid.UUID | None = None) -> tuple[ApiClient, str]:
    """A new client bound to its organisation or mentor, and its secret (shown once)."""
    given = {"provider_id": provider_id, "school_id": school_id, "mentor_id": mentor_id}
    needed = SCOPE_FIELD.get(role)
    for field, value in given.items():
        if value is not None and (needed is None or needed[0] != field):
            raise InvalidInput(["body", field], f"a {role} client is not bound to a {field[:-3]}")
    if needed is not None:
        field, model = needed
        if given[field] is None:
            raise InvalidInput(["body", field], f"a {role} client needs {field}")
        if session.get(model, given[field]) is None:  # type: ignore[arg-type]
            raise InvalidInput(["body", field], f"no {field[:-3]} with this id")
    secret = new_client_secret()
    client = ApiClient(name=name, role=role, client_id=f"mp_{secrets.token_hex(8)}",
                       secret_hash=hash_secret(secret, n=settings.secret_hash_iterations),
                       provider_id=provider_id, school_id=school_id, mentor_id=mentor_id)
    session.add(client)
    session.commit()
    return client, secret


def get_client(session: Session, *, id: uuid.UUID) -> ApiClient:
    client = session.get(ApiClient, id)
    if client is None:
        raise NotFound("API client")
    return client


def update_client(session: Session, *, id: uuid.UUID, changes: dict[str, Any]) -> ApiClient:
    """Rename or disable a client; a disabled client's tokens stop working at once."""
    client = get_client(session, id=id)
    client.sqlmodel_update(changes)
    session.add(client)
    session.commit()
    return client


def rotate_secret(session: Session, *, settings: Settings, id: uuid.UUID) -> tuple[ApiClient, str]:
    """A new secret; tokens issued before now stop working."""
    client = get_client(session, id=id)
    secret = new_client_secret()
    client.secret_hash = hash_secret(secret, n=settings.secret_hash_iterations)
    client.secret_rotated_at = utcnow()
    session.add(client)
    session.commit()
    return client, secret


def ensure_client(session: Session, *, settings: Settings, client_id: str, secret: str, name: str, role: Role,
                  provider_id: uuid.UUID | None = None, school_id: uuid.UUID | None = None,
                  mentor_id: uuid.UUID | None = None) -> ApiClient:
    """The client with this id and secret: created if missing, its secret reset if it differs; never duplicated."""
    client = session.exec(select(ApiClient).where(ApiClient.client_id == client_id)).first()
    if client is None:
        client = ApiClient(name=name, role=role, client_id=client_id, provider_id=provider_id, school_id=school_id,
                           mentor_id=mentor_id, secret_hash=hash_secret(secret, n=settings.secret_hash_iterations))
    elif not verify_secret(secret, client.secret_hash):
        client.secret_hash = hash_secret(secret, n=settings.secret_hash_iterations)
    else:
        return client
    session.add(client)
    session.commit()
    return client


def ensure_bootstrap_client(session: Session, *, settings: Settings) -> None:
    """Create the admin client named by MP_BOOTSTRAP_CLIENT_ID/SECRET when both are set."""
    if settings.bootstrap_client_id and settings.bootstrap_client_secret:
        ensure_client(session, settings=settings, client_id=settings.bootstrap_client_id,
                      secret=settings.bootstrap_client_secret, name="bootstrap admin", role=Role.admin)
