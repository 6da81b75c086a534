"""Bulk import routes: upload a file, poll its job."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from app.deps import CurrentPrincipal, ListParams, SessionDep, SettingsDep
from app.errors import Conflict, DomainError, RuleViolation
from app.imports import runner, service
from app.imports.schemas import (
    ImportCounts,
    ImportJobPublic,
    ImportKind,
    ImportProgress,
    ImportRowError,
    ImportStatus,
    kinds_description,
)
from app.models.import_job import ImportJob
from app.problems import responses
from app.schemas import Page

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])
DESCRIPTION = f"""The rows, as CSV (`text/csv`: a header row naming the columns, comma-separated, UTF-8 with or
without BOM) or as a JSON array of objects. Columns are the single-row API's field names, validated by
the same rules; unknown columns and missing required ones are reported (row 0) before any row.

{kinds_description()}

An empty cell is an absent value. A matched row is updated in the columns the file has (JSON: the keys
any row has) and counted unchanged when they already hold these values. Rows are numbered from 1 for the
first data row (a blank line counts). Any bad row, or two rows with the same natural key: nothing is
written and every bad row is listed."""
BODY = {
    "requestBody": {
        "required": True,
        "description": DESCRIPTION,
        "content": {
            "text/csv": {"schema": {"type": "string", "maxLength": 100 * 1024 * 1024}},
            "application/json": {
                "schema": {
                    "type": "array",
                    "maxItems": 500_000,
                    "items": {"type": "object", "additionalProperties": True},
                }
            },
        },
    }
}


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def public(job: ImportJob) -> ImportJobPublic:
    return ImportJobPublic(
        id=job.id,
        kind=ImportKind(job.kind),
        status=ImportStatus(job.status),
        dry_run=job.dry_run,
        progress=ImportProgress(validated=job.validated, written=job.written, total=job.total),
        counts=ImportCounts(
            created=job.created_count, updated=job.updated_count, unchanged=job.unchanged_count
        ),
        errors=[ImportRowError.model_validate(e) for e in job.errors],
        error_count=job.error_count,
        detail=job.detail,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
    )


def _failed(job: ImportJobPublic) -> DomainError:
    """422 naming the bad rows; 409 when a concurrent write got in the way; 500 otherwise."""
    body: dict[str, Any] = job.model_dump(mode="json")
    if not body["errors"]:
        error = Conflict if job.detail == runner.CONFLICT else DomainError
        failure = error(job.detail or runner.FAILED, job=body)
        if error is DomainError:
            failure.status = 500
        return failure
    errors = [{"loc": ["body", e["row"], *([e["field"]] if e["field"] else [])], **e} for e in body["errors"]]
    return RuleViolation(
        f"{job.error_count} error(s) in the file; nothing was written", errors=errors, job=body
    )


@router.post(
    "",
    response_model=ImportJobPublic,
    status_code=status.HTTP_201_CREATED,
    openapi_extra=BODY,
    responses={
        202: {"model": ImportJobPublic, "description": "Accepted: poll GET /api/v1/imports/{id}"},
        **responses(401, 403, 409, 413, 415, 422, 500),
    },
)
async def create_import(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    engine: Annotated[Engine, Depends(_engine)],
    kind: Annotated[ImportKind, Query(description="What the rows are.")],
    dry_run: Annotated[bool, Query(description="Validate and count only; write nothing.")] = False,
) -> ImportJobPublic:
    """Import rows from a CSV or JSON file, all or nothing (201 done, 202 running, 422 bad rows)."""
    await run_in_threadpool(service.check_allowed, session, principal=principal, kind=kind.value)
    media_type = service.media_type_of(request.headers.get("content-type"))
    length = request.headers.get("content-length")
    upload = await service.receive(
        request.stream(),
        settings=settings,
        media_type=media_type,
        declared_length=int(length) if length and length.isdigit() else None,
    )
    job = public(
        await run_in_threadpool(
            service.submit,
            session,
            principal=principal,
            settings=settings,
            engine=engine,
            kind=kind.value,
            dry_run=dry_run,
            upload=upload,
        )
    )
    if job.status is ImportStatus.failed:
        raise _failed(job)
    if job.status is not ImportStatus.succeeded:
        response.status_code = status.HTTP_202_ACCEPTED
        response.headers["Location"] = f"/api/v1/imports/{job.id}"
    return job


@router.get("", response_model=Page[ImportJobPublic], responses=responses(401, 422))
def list_imports(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    kind: Annotated[ImportKind | None, Query()] = None,
    status: Annotated[ImportStatus | None, Query()] = None,
) -> Page[ImportJobPublic]:
    """The caller's import jobs (every job for an admin)."""
    rows, cursor = service.list_(session, principal=principal, query=query, kind=kind, status=status)
    return Page(items=[public(r) for r in rows], next_cursor=cursor)


@router.get("/{id}", response_model=ImportJobPublic, responses=responses(401, 404, 422))
def get_import(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> ImportJobPublic:
    """One import job: its status, progress, counts and errors."""
    return public(service.get(session, principal=principal, id=id))
