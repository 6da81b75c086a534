"""The application factory: routers, error handlers, middleware and operationIds."""

import importlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from sqlalchemy import Engine, text

from app import limits, problems
from app.config import Settings, get_settings
from app.db import make_engine, open_session
from app.deps import strict_query_formats
from app.idempotency import IdempotencyMiddleware
from app.limits import BodyLimitMiddleware, RateLimitMiddleware
from app.schemas import APIModel, Problem

DOMAINS = [
    "auth", "providers", "schools", "mentors", "trainees", "mentoring_logs", "programmes",
    "training_sessions", "attendance", "catalogue", "awards", "eligibility", "certificates",
    "credentials", "self_assessments", "portfolios", "qa_reviews", "imports", "audit", "privacy",
]


Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("app.access")
HEALTH_TIMEOUT = 2.0  # seconds /healthz waits for the database before answering 503


class Health(APIModel):
    status: str


class DropUvicornAccessLog(logging.Filter):
    """uvicorn's access line carries the query string (tokens, e-mail addresses in filters): never written.
    ``AccessLogMiddleware`` writes its own line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def _no_store(path: str) -> bool:
    """Responses that must not be kept by any cache: every API response (personal data, tokens)."""
    return path.startswith("/api/")


class EdgeMiddleware:
    """The outermost layer (around the 500 handler too): security headers and the access log.

    Every response gets ``X-Content-Type-Options: nosniff``; every ``/api/`` response
    ``Cache-Control: no-store`` (they carry personal data or tokens). The access log names the method,
    the route's path template (the raw path when no route matched) without the query string, the
    status and the duration: never tokens, bodies or query strings.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500
        no_store = _no_store(scope["path"])

        async def with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"x-content-type-options",)]
                headers.append((b"x-content-type-options", b"nosniff"))
                if no_store:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or scope["path"]
            client = scope.get("client") or ("-", 0)
            access_log.info("%s %s %s %d %.1fms", client[0], scope["method"], path, status,
                            (time.perf_counter() - started) * 1000)


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service for these settings (the environment's by default)."""
    settings = settings or get_settings()
    timeouts = {"lock_timeout": settings.db_lock_timeout_seconds,
                "statement_timeout": settings.db_statement_timeout_seconds}
    engine = make_engine(settings.database_url, **timeouts)
    # /healthz has its own connection and threads: busy request threads or an exhausted pool never delay it.
    health_engine = make_engine(settings.database_url, **timeouts, pool_size=1, max_overflow=1)
    health_threads = anyio.CapacityLimiter(2)
    logging.getLogger("uvicorn.access").addFilter(DropUvicornAccessLog())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from app.auth import service as auth_service
        from app.credentials import service as credential_service

        def start() -> None:
            with open_session(engine, write=True) as session:
                auth_service.ensure_bootstrap_client(session, settings=settings)
            credential_service.ensure_signing_key(engine)  # credentials' key, generated on first start and kept

        await anyio.to_thread.run_sync(start)
        yield
        await anyio.to_thread.run_sync(engine.dispose)
        await anyio.to_thread.run_sync(health_engine.dispose)

    app = FastAPI(title="Mentor Passport", version="1.0.0", lifespan=lifespan,
                  description="The system of record for mentor training in initial teacher training in England.",
                  generate_unique_id_function=_operation_id,
                  dependencies=[Depends(strict_query_formats)])
    app.state.settings = settings
    app.state.engine = engine
    problems.install(app)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(BodyLimitMiddleware)  # outermost: refuse a large body before anything reads it

    @app.get("/healthz", response_model=Health, tags=["health"], responses=problems.responses(503))
    async def healthz() -> Any:
        """200 once the database answers; 503 when it does not answer within 2 s."""
        with anyio.move_on_after(HEALTH_TIMEOUT):
            await anyio.to_thread.run_sync(_ping, health_engine, limiter=health_threads, abandon_on_cancel=True)
            return Health(status="ok")
        return problems.problem(503, "the database did not answer", headers={"Retry-After": "1"})

    for name in DOMAINS:
        module = importlib.import_module(f"app.{name}.router")
        app.include_router(module.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: EdgeMiddleware(build())  # type: ignore[method-assign]
    return app


def _ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
        limits.declare(schema)
        app.openapi_schema = schema
    return app.openapi_schema
