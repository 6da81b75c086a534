"""The application factory: routers, error handlers, middleware and operationIds."""

import gc
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from sqlalchemy import text

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


class Health(APIModel):
    status: str


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service for these settings (the environment's by default)."""
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from app.auth import service as auth_service
        from app.credentials import service as credential_service

        with open_session(engine, write=True) as session:
            auth_service.ensure_bootstrap_client(session, settings=settings)
        credential_service.ensure_signing_key(engine)  # credentials' key, generated on first start and kept
        gc.freeze()  # start-up objects live as long as the process: no collection need scan them again
        yield
        engine.dispose()

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
    def healthz() -> Health:
        """200 once the database answers."""
        with open_session(engine) as session:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        return Health(status="ok")

    for name in DOMAINS:
        module = importlib.import_module(f"app.{name}.router")
        app.include_router(module.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
        limits.declare(schema)
        app.openapi_schema = schema
    return app.openapi_schema
