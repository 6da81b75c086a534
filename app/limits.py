"""Request limits as pure ASGI middleware: body size (413) and a per-client rate limit (429).

Both read the settings from ``scope["app"].state.settings``. The rate-limit counters live in the
database, so several API processes share them and the service stays stateless.
"""

import time
from http import HTTPStatus
from typing import Any

import anyio
from sqlalchemy import Engine, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import open_session
from app.errors import PROBLEM
from app.models.rate_limit import RateLimitCounter
from app.problems import problem
from app.security import InvalidToken, decode_access_token

WINDOW_SECONDS = 60
clock = time.time  # the rate limit's clock; tests replace it


class BodyTooLarge(StarletteHTTPException):
    """Raised from ``receive`` when the streamed body passes the limit.

    A Starlette HTTPException, because FastAPI turns any other error raised while it reads the body
    into a 400; this one reaches the problem+json handler as a 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class BodyLimitMiddleware:
    """413 for a ``Content-Length`` above ``max_body_bytes`` (before reading) or a longer streamed body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = scope["app"].state.settings.max_body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            return await problem(413, BodyTooLarge(limit).detail)(scope, receive, send)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as exc:  # read outside a route (e.g. by another middleware)
            if started:
                raise
            await problem(413, exc.detail)(scope, receive, send)


class RateLimitMiddleware:
    """At most ``rate_limit_per_minute`` requests per client in each minute; 0 turns it off.

    A client is the API client named by a valid bearer token, else the remote address.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = scope["app"].state.settings if scope["type"] == "http" else None
        if settings is None or settings.rate_limit_per_minute <= 0:
            return await self.app(scope, receive, send)
        now = clock()
        window = int(now // WINDOW_SECONDS)
        key = _client_key(scope, settings)
        try:
            count = await anyio.to_thread.run_sync(hit, scope["app"].state.engine, key, window)
        except (OperationalError, PoolTimeout):
            response = problem(503, "the database is busy; retry shortly", headers={"Retry-After": "1"})
            return await response(scope, receive, send)
        if count > settings.rate_limit_per_minute:
            retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
            response = problem(429, f"more than {settings.rate_limit_per_minute} requests in a minute; "
                                    f"retry in {retry_after} s", headers={"Retry-After": str(retry_after)})
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


def _client_key(scope: Scope, settings: Any) -> str:
    authorization = _header(scope, b"authorization") or ""
    if authorization.lower().startswith("bearer "):
        try:
            claims = decode_access_token(authorization[7:], key=settings.secret_key,
                                         issuer=settings.jwt_issuer, audience=settings.jwt_audience)
            return f"client:{claims['sub']}"[:200]
        except (InvalidToken, KeyError):
            pass
    client = scope.get("client") or ("unknown", 0)
    return f"addr:{client[0]}"[:200]


def hit(engine: Engine, key: str, window: int) -> int:
    """Count one request of ``key`` in ``window`` atomically; the count so far, this one included."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    table = RateLimitCounter.__table__  # type: ignore[attr-defined]
    stmt = dialect.insert(table).values(key=key, minute=window, count=1)
    stmt = stmt.on_conflict_do_update(index_elements=["key", "minute"],
                                      set_={"count": table.c.count + 1}).returning(table.c.count)
    with open_session(engine, write=True) as session:
        count = int(session.execute(stmt).scalar_one())
        if count == 1:  # a client's first request in a window clears its older windows
            session.execute(delete(table).where(table.c.key == key, table.c.minute < window))
        session.commit()
    return count


def declare(schema: dict[str, Any]) -> None:
    """Declare in the OpenAPI document what these middlewares may answer: 413 where there is a body, 429."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answers = operation.setdefault("responses", {})
            statuses = ["413", "429"] if "requestBody" in operation else ["429"]
            for status in statuses:
                answers.setdefault(status, {"description": HTTPStatus(int(status)).phrase,
                                            "content": {PROBLEM: {"schema": problem_ref}}})
