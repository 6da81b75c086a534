"""The one rendering of errors, ours and the framework's, as RFC 9457 problem+json (the FastAPI side)."""

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import PROBLEM, DomainError

UNPARSABLE_BODY = "There was an error parsing the body"  # FastAPI's 400 for a body it cannot decode
log = logging.getLogger("app")


def problem(status: int, detail: str, *, errors: list[Any] | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail,
            "errors": errors or [], **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for e in exc.errors():
        loc = [p for p in e.get("loc", ()) if p != "body" or len(e.get("loc", ())) == 1]
        out.append({"loc": loc, "msg": e.get("msg", "invalid"), "type": e.get("type", "value_error")})
    return out


def install(app: FastAPI) -> None:
    """Render every error, ours and the framework's, as problem+json."""

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        headers = exc.extra.pop("headers", None)
        return problem(exc.status, exc.detail, errors=exc.errors, headers=headers, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        in_path = any(e["loc"][:1] == ["path"] for e in errors)
        static = _allowed_methods(request, static=True) if in_path else ""
        if static:  # e.g. PATCH /qa-reviews/overdue: not an id, but a fixed path without this method
            return problem(405, "Method Not Allowed", headers={"Allow": static})
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors[:5])
        return problem(422, f"invalid input: {fields}", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 400 and detail == UNPARSABLE_BODY:  # e.g. bytes that are not UTF-8 JSON
            return problem(422, "the body is not valid JSON",
                           errors=[{"loc": ["body"], "msg": "not valid JSON"}])
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return problem(exc.status_code, detail, headers=headers)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity error: %s", exc.orig)
        return problem(409, "the change conflicts with an existing record")

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSONResponse:
        log.info("data error: %s", exc.orig)
        return problem(422, "a value is out of range for its field")

    @app.exception_handler(OperationalError)
    async def _busy(_: Request, exc: OperationalError) -> JSONResponse:
        # Also PostgreSQL's lock_timeout (LockNotAvailable), statement_timeout (QueryCanceled),
        # serialization failures and deadlocks, and SQLite's "database is locked" after its busy timeout.
        log.warning("database unavailable: %s", exc.orig)
        return problem(503, "the database is busy; retry shortly", headers={"Retry-After": "1"})

    @app.exception_handler(PoolTimeout)
    async def _pool(_: Request, exc: PoolTimeout) -> JSONResponse:
        log.warning("no database connection free: %s", exc)
        return problem(503, "the database is busy; retry shortly", headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return problem(500, "internal error")


def _allowed_methods(request: Request, *, static: bool = False) -> str:
    """Every method the resource at this path answers (the router names only the first route's);
    ``static``: only routes whose path has no parameters."""
    fixed: set[str] = set()
    templated: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            (templated if "{" in (route.path or "") else fixed).update(route.methods or ())
    # A fixed path (/qa-reviews/overdue) is its own resource, not an id of its parent's template.
    return ", ".join(sorted(fixed if fixed or static else templated))


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of a route's problem+json responses."""
    return {
        s: {"description": HTTPStatus(s).phrase,
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }


def with_etag(what: str, *statuses: int, ok: int = 200, ok_description: str | None = None) -> dict[int | str, Any]:
    """A route's responses: the success carries the resource's ``ETag``; then its problem+json errors."""
    header = {"ETag": {"description": f"The {what}'s version, quoted.", "schema": {"type": "string"}}}
    return {ok: {"description": ok_description or f"The {what}.", "headers": header}, **responses(*statuses)}
