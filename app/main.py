"""The application factory: routers, error handlers, middleware and operationIds."""

import gc
import importlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import Engine, text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import limits, problems
from app.config import Settings, get_settings
from app.db import make_engine, open_session
from app.deps import strict_query_formats
from app.idempotency import IdempotencyMiddleware
from app.limits import BodyLimitMiddleware, RateLimitMiddleware
from app.schemas import APIModel, Problem, check_text_of

DOMAINS = [
    "auth", "providers", "schools", "mentors", "trainees", "mentoring_logs", "programmes",
    "training_sessions", "attendance", "catalogue", "awards", "eligibility", "certificates",
    "credentials", "self_assessments", "portfolios", "qa_reviews", "imports", "audit", "privacy",
]



access_log = logging.getLogger("app.access")
log = logging.getLogger("app")
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

    def __init__(self, app: ASGIApp, health: "HealthWatch | None" = None) -> None:
        self.app = app
        self.health = health

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if (scope["path"] == "/healthz" and scope["method"] == "GET" and self.health is not None
                and self.health.fresh()):  # the fast path of a busy server: no routing, no thread
            return await _send_ok(send)
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
    lock, statement = settings.db_lock_timeout_seconds, settings.db_statement_timeout_seconds
    engine = make_engine(settings.database_url, lock_timeout=lock, statement_timeout=statement)
    # /healthz has its own connection and thread, pinged every second in the background: busy request
    # threads or an exhausted pool never delay it, and answering it needs no thread at all.
    health = HealthWatch(make_engine(settings.database_url, lock_timeout=lock, statement_timeout=statement,
                                     pool_size=1, max_overflow=1))
    logging.getLogger("uvicorn.access").addFilter(DropUvicornAccessLog())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from app.auth import service as auth_service
        from app.credentials import service as credential_service
        from app.imports import service as import_service

        def start() -> None:
            with open_session(engine, write=True) as session:
                auth_service.ensure_bootstrap_client(session, settings=settings)
            credential_service.ensure_signing_key(engine)  # credentials' key, generated on first start and kept
            import_service.sweep_uploads(engine, settings)  # uploads a stopped process left behind

        await anyio.to_thread.run_sync(start)
        gc.freeze()  # start-up objects live as long as the process: no collection need scan them again
        await health.check()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(health.watch)
            yield
            tasks.cancel_scope.cancel()
        await anyio.to_thread.run_sync(engine.dispose)
        await anyio.to_thread.run_sync(health.engine.dispose)

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
        """200 while the database answers (checked every second in the background); 503 when it does not."""
        if await health.ok():
            return Health(status="ok")
        return problems.problem(503, "the database did not answer", headers={"Retry-After": "1"})

    for name in DOMAINS:
        module = importlib.import_module(f"app.{name}.router")
        app.include_router(module.router)
    for context in iter_route_contexts(app.routes):  # what routes read is input: its text is checked
        route = context.original_route
        if isinstance(route, APIRoute):
            check_text_of(*_body_annotations(route.dependant))
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: EdgeMiddleware(build(), health)  # type: ignore[method-assign]
    return app


def _body_annotations(dependant: Dependant) -> list[Any]:
    out = [param.field_info.annotation for param in dependant.body_params]
    for sub in dependant.dependencies:
        out.extend(_body_annotations(sub))
    return out


class HealthWatch:
    """Whether the database answers: a background ping each second on a connection and thread of its own."""

    EVERY, FRESH = 1.0, 3.0

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.threads = anyio.CapacityLimiter(1)
        self.last_ok = -1e9
        self.watching = False

    def _ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    async def check(self) -> bool:
        with anyio.move_on_after(HEALTH_TIMEOUT):
            try:
                await anyio.to_thread.run_sync(self._ping, limiter=self.threads, abandon_on_cancel=True)
            except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
                log.warning("healthz: the database did not answer: %r", exc)
                return False
            self.last_ok = time.monotonic()
            return True
        return False

    async def watch(self) -> None:
        self.watching = True
        try:
            while True:
                await self.check()
                await anyio.sleep(self.EVERY)
        finally:
            self.watching = False

    def fresh(self) -> bool:
        """Whether the watcher's last answer is recent."""
        return self.watching and time.monotonic() - self.last_ok < self.FRESH

    async def ok(self) -> bool:
        """The watcher's last answer when recent, else a ping now."""
        return self.fresh() or await self.check()


HEALTHY = b'{"status":"ok"}'


async def _send_ok(send: Send) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(HEALTHY)).encode()),
                            (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": HEALTHY})


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
        limits.declare(schema)
        app.openapi_schema = schema
    return app.openapi_schema
