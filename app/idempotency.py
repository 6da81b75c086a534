"""``Idempotency-Key`` on POST: a retry gets the first response; another body with the key is 422.

A pure ASGI middleware: it buffers the request body, looks up the caller's key, and stores
the first response. Records live in the database, so any API process can answer a retry.
"""

import hashlib
import json
import logging
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.db import open_session
from app.errors import PROBLEM
from app.models.auth import IdempotencyRecord
from app.security import InvalidToken, decode_access_token

log = logging.getLogger("app")
MAX_KEY = 200
# Tokens are never stored: a retry there simply runs again (it creates nothing). A new API client's
# secret is redacted from the stored response instead, so a retry still creates no second client.
NOT_STORED = ("/api/v1/auth/",)
REDACTED = "(shown once and not kept: rotate the secret for a new one)"


class IdempotencyMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        headers = {k.decode().lower(): v.decode("latin-1") for k, v in scope["headers"]}
        key = headers.get("idempotency-key")
        caller = self._caller(scope, headers.get("authorization", ""))
        if not key or caller is None or scope["path"].startswith(NOT_STORED):
            return await self.app(scope, receive, send)
        if len(key) > MAX_KEY or "\x00" in key:
            return await _send_problem(send, 422, "Idempotency-Key must be at most 200 characters")
        body = await _read_body(receive)
        digest = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        engine = scope["app"].state.engine
        with open_session(engine) as session:
            record = session.exec(select(IdempotencyRecord).where(
                IdempotencyRecord.client_id == caller, IdempotencyRecord.key == key)).first()
        if record is not None:
            if record.body_sha256 != digest:
                return await _send_problem(send, 422, "Idempotency-Key was already used with another request body")
            return await _replay(send, record)
        captured: dict[str, Any] = {"body": b""}

        async def replay_receive() -> dict:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        await self.app(scope, replay_receive, capture_send)
        if captured.get("status", 500) < 500:
            _store(engine, caller, key, scope, digest, captured)

    @staticmethod
    def _caller(scope: dict, authorization: str) -> str | None:
        if not authorization.lower().startswith("bearer "):
            return None
        settings = scope["app"].state.settings
        try:
            claims = decode_access_token(authorization[7:], key=settings.secret_key,
                                         issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        except InvalidToken:
            return None
        return str(claims.get("sub"))


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _store(engine: Any, caller: str, key: str, scope: dict, digest: str, captured: dict) -> None:
    kept = {k.decode(): v.decode("latin-1") for k, v in captured["headers"]
            if k.decode().lower() in ("content-type", "location", "etag")}
    record = IdempotencyRecord(client_id=caller, key=key, method="POST", path=scope["path"], body_sha256=digest,
                               status_code=captured["status"],
                               response_body=_without_secrets(captured["body"]),
                               response_headers=kept)
    with open_session(engine, write=True) as session:
        session.add(record)
        try:
            session.commit()
        except IntegrityError:  # a concurrent retry stored it first
            session.rollback()


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


async def _replay(send: Any, record: IdempotencyRecord) -> None:
    headers = [(k.encode(), v.encode("latin-1")) for k, v in record.response_headers.items()]
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": record.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": record.response_body})


async def _send_problem(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"type": "about:blank", "title": "Unprocessable Content", "status": status,
                       "detail": detail, "errors": [{"loc": ["header", "Idempotency-Key"], "msg": detail}]}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
