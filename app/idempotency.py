"""``Idempotency-Key`` on POST: a retry gets the first response; another body with the key is 422.

A pure ASGI middleware. Records live in the database, so any API process can answer a retry, and the
unique (client, key) pair makes concurrent requests with one key safe across processes:

1. the request *claims* the key: it inserts an in-progress record (no status yet) in its own committed
   transaction. A request finding the key claimed and unfinished answers 409 ``a request with this key
   is in progress``; finding it finished, it hashes its own body and replays the stored response
   (``Idempotent-Replayed: true``), or answers 422 when the body differs;
2. the claimant runs, its body streamed through to the route while it is hashed (never kept whole);
3. its response is stored on the record before it is sent, so a client that retries after the answer
   always gets the replay. A response that says nothing final (5xx, 401, 408, 429) or an error releases
   the claim instead, so a retry runs again.

A replay first checks the caller as every request does: a disabled client or a token issued before the
secret was rotated gets 401, not the stored response. Database work runs in worker threads, never on
the event loop; a database that cannot be reached answers 503 with ``Retry-After``.
"""

import hashlib
import json
import logging
import uuid
from datetime import timedelta
from typing import Any

import anyio
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import open_session
from app.errors import PROBLEM
from app.models.auth import ApiClient, IdempotencyRecord
from app.models.base import utcnow
from app.security import InvalidToken, decode_access_token, secret_version

log = logging.getLogger("app")
MAX_KEY = 200
# Tokens are never stored: a retry there simply runs again (it creates nothing). A new API client's
# secret is redacted from the stored response instead, so a retry still creates no second client.
NOT_STORED = ("/api/v1/auth/",)
REDACTED = "(shown once and not kept: rotate the secret for a new one)"
IN_PROGRESS = "a request with this key is in progress"
RELEASED = {401, 408, 429}  # answers that are not the request's outcome: a retry runs again
STALE_AFTER = timedelta(minutes=10)  # a claim this old is taken over (its process died mid-request)
_T = IdempotencyRecord.__table__  # type: ignore[attr-defined]
_C = ApiClient.__table__.c  # type: ignore[attr-defined]


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        headers = {k.decode().lower(): v.decode("latin-1") for k, v in scope["headers"]}
        key = headers.get("idempotency-key")
        claims = _claims(scope, headers.get("authorization", "")) if key else None
        if not key or claims is None or scope["path"].startswith(NOT_STORED):
            return await self.app(scope, receive, send)
        if len(key) > MAX_KEY or "\x00" in key:
            return await _send_problem(send, 422, "Idempotency-Key must be at most 200 characters",
                                       errors=[{"loc": ["header", "Idempotency-Key"],
                                                "msg": "must be at most 200 characters"}])
        engine = scope["app"].state.engine
        try:
            outcome, record = await anyio.to_thread.run_sync(_claim, engine, claims, key, scope["path"])
        except (OperationalError, PoolTimeout) as exc:
            log.warning("idempotency: database unavailable: %s", getattr(exc, "orig", exc))
            return await _send_problem(send, 503, "the database is busy; retry shortly",
                                       headers=[(b"retry-after", b"1")])
        if outcome == "unauthorized":
            return await _send_problem(send, 401, str(record), headers=[(b"www-authenticate", b"Bearer")])
        if outcome == "in_progress":
            return await _send_problem(send, 409, IN_PROGRESS, headers=[(b"retry-after", b"1")])
        digest = hashlib.sha256(scope["path"].encode() + b"\n")
        if outcome == "done":
            try:
                await _drain(receive, digest)
            except _Disconnected:
                return None
            if record.body_sha256 != digest.hexdigest():
                return await _send_problem(
                    send, 422, "Idempotency-Key was already used with another request body",
                    errors=[{"loc": ["header", "Idempotency-Key"], "msg": "already used with another body"}])
            return await _replay(send, record)
        await self._run(scope, receive, send, engine, record, digest)

    async def _run(self, scope: Scope, receive: Receive, send: Send, engine: Engine, claim: uuid.UUID,
                   digest: Any) -> None:
        """Run the claimant, hashing its body as the route reads it; store or release, then answer."""
        ended = broken = False

        async def hashing_receive() -> Message:
            nonlocal ended, broken
            try:
                message = await receive()
            except BaseException:  # e.g. the body passed the size limit: what was read is not the body
                broken = True
                raise
            if message["type"] == "http.request":
                digest.update(message.get("body", b""))
                ended = ended or not message.get("more_body", False)
            else:
                broken = True  # the client left
            return message

        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, hashing_receive, capture_send)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await _quietly(_release, engine, claim)
            raise
        if "status" not in start:  # the app answered nothing: nothing to keep
            with anyio.CancelScope(shield=True):
                await _quietly(_release, engine, claim)
            raise RuntimeError("the application sent no response")
        status = start["status"]
        keep = status < 500 and status not in RELEASED and not broken
        if keep and not ended:  # the route answered without reading the whole body: hash the rest
            try:
                await _drain(receive, digest)
            except Exception:  # noqa: BLE001 - e.g. the body passed the size limit, or the client left
                keep = False
        body = b"".join(chunks)
        with anyio.CancelScope(shield=True):
            if keep:
                stored = await _quietly(_store, engine, claim, digest.hexdigest(), status,
                                        start.get("headers", []), body)
                if not stored:  # the claim stays until it is stale; the caller still gets its answer
                    log.warning("idempotency: could not store the response to a keyed request")
            else:
                await _quietly(_release, engine, claim)
        await send(start)
        await send({"type": "http.response.body", "body": body})


def _claims(scope: Scope, authorization: str) -> dict[str, Any] | None:
    """The verified claims of the bearer token (checked against the database before any replay)."""
    if not authorization.lower().startswith("bearer "):
        return None
    settings = scope["app"].state.settings
    try:
        return decode_access_token(authorization[7:], key=settings.secret_key,
                                   issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    except InvalidToken:
        return None


def _claim(engine: Engine, claims: dict[str, Any], key: str, path: str) -> tuple[str, Any]:
    """("claimed", record id), ("done", record), ("in_progress", record) or ("unauthorized", reason)."""
    try:
        client_uuid = uuid.UUID(str(claims.get("sub")))
    except ValueError:
        return "unauthorized", "invalid token"
    caller = str(client_uuid)
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    for _ in range(2):
        with open_session(engine, write=True) as session:
            client = session.connection().execute(
                select(_C.disabled, _C.secret_hash).where(_C.id == client_uuid)).first()
            if client is None or client.disabled:
                return "unauthorized", "invalid token"
            if claims.get("sv") != secret_version(client.secret_hash):
                return "unauthorized", "token issued before the secret was rotated"
            record_id = uuid.uuid4()
            inserted = session.execute(
                dialect.insert(_T).values(id=record_id, client_id=caller, key=key, method="POST", path=path,
                                          response_headers={}, created_at=utcnow())
                .on_conflict_do_nothing(index_elements=["client_id", "key"]).returning(_T.c.id)).first()
            session.commit()
            if inserted is not None:
                return "claimed", record_id
            record = session.execute(select(IdempotencyRecord).where(
                _T.c.client_id == caller, _T.c.key == key)).scalars().first()
            if record is None:  # released between our insert and this read: try again
                continue
            if record.status_code is not None:
                return "done", record
            if record.created_at > utcnow() - STALE_AFTER:
                return "in_progress", record
            session.execute(delete(_T).where(_T.c.id == record.id, _T.c.status_code.is_(None)))
            session.commit()  # a dead claimant's claim: take it over
    return "in_progress", None


def _store(engine: Engine, claim: uuid.UUID, digest: str, status: int, headers: list[tuple[bytes, bytes]],
           body: bytes) -> bool:
    kept = {k.decode(): v.decode("latin-1") for k, v in headers
            if k.decode().lower() in ("content-type", "location", "etag")}
    with open_session(engine, write=True) as session:
        result = session.execute(
            update(_T).where(_T.c.id == claim, _T.c.status_code.is_(None))
            .values(body_sha256=digest, status_code=status, response_body=_without_secrets(body),
                    response_headers=kept))
        session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _release(engine: Engine, claim: uuid.UUID) -> bool:
    with open_session(engine, write=True) as session:
        session.execute(delete(_T).where(_T.c.id == claim, _T.c.status_code.is_(None)))
        session.commit()
    return True


async def _quietly(func: Any, *args: Any) -> bool:
    """Run ``func`` in a worker thread; False (logged) when the database fails."""
    try:
        return bool(await anyio.to_thread.run_sync(func, *args))
    except Exception as exc:  # noqa: BLE001 - the request's own answer matters more than its record
        log.warning("idempotency: %s failed: %r", getattr(func, "__name__", func), exc)
        return False


class _Disconnected(Exception):
    pass


async def _drain(receive: Receive, digest: Any) -> None:
    """Read the rest of the body into the hash, keeping none of it."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        digest.update(message.get("body", b""))
        if not message.get("more_body"):
            return


def _without_secrets(body: bytes) -> bytes:
    """The response as kept for a retry: a secret shown once (e.g. a new client's) is never stored."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict) or not any("secret" in k for k in data):
        return body
    return json.dumps({k: REDACTED if "secret" in k and isinstance(v, str) else v
                       for k, v in data.items()}).encode()


async def _replay(send: Send, record: IdempotencyRecord) -> None:
    headers = [(k.encode(), v.encode("latin-1")) for k, v in record.response_headers.items()]
    headers.append((b"idempotent-replayed", b"true"))
    body = record.response_body or b""
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": record.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_problem(send: Send, status: int, detail: str, *, errors: list[Any] | None = None,
                        headers: list[tuple[bytes, bytes]] | None = None) -> None:
    from http import HTTPStatus

    body = json.dumps({"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
                       "detail": detail, "errors": errors or []}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})
