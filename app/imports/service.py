"""Bulk import jobs: receive the file, decide between answering at once and running in the background,
and read jobs back. The work itself is in ``runner``."""

import threading
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.config import Settings
from app.enums import Role
from app.errors import Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType
from app.imports import runner
from app.imports.kinds import IMPORT_KINDS
from app.imports.parse import count_rows
from app.models.base import utcnow
from app.models.import_job import ImportJob
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal

MEDIA_TYPES = {"text/csv": "csv", "application/csv": "csv", "application/json": "json"}
STALE_AFTER = timedelta(minutes=15)  # a running job whose row has not moved for this long lost its worker
WRITE_BYTES = 1 << 20


@dataclass
class Upload:
    id: uuid.UUID
    path: Path
    media_type: str
    size: int = 0
    lines: int = 0
    ends_with_newline: bool = True


def check_allowed(session: Session, *, principal: Principal, kind: str) -> None:
    """403 unless the caller's role imports this kind; ends the request's transaction before the upload."""
    session.commit()  # the authentication read must not keep SQLite's write lock while the body streams in
    if not principal.is_admin and principal.role not in IMPORT_KINDS[kind].roles:
        raise Forbidden(f"the {principal.role} role does not import {kind}")


def media_type_of(content_type: str | None) -> str:
    """``csv`` or ``json`` from the Content-Type header (415 otherwise)."""
    base = (content_type or "").split(";")[0].strip().lower()
    if base not in MEDIA_TYPES:
        raise UnsupportedMediaType("send text/csv or application/json (an array of objects)")
    return MEDIA_TYPES[base]


async def receive(
    chunks: AsyncIterator[bytes], *, settings: Settings, media_type: str, declared_length: int | None
) -> Upload:
    """Stream the body to the data directory (413 above ``import_max_bytes``); file work off the event loop."""
    limit = settings.import_max_bytes
    if declared_length is not None and declared_length > limit:
        raise PayloadTooLarge(f"an import file is at most {limit} bytes")
    upload = Upload(id=uuid.uuid4(), path=Path(), media_type=media_type)
    upload.path = runner.upload_path(settings, upload.id)
    await anyio.to_thread.run_sync(lambda: upload.path.parent.mkdir(parents=True, exist_ok=True))
    try:
        async with await anyio.open_file(upload.path, "wb") as f:
            buffered: list[bytes] = []
            async for chunk in chunks:
                upload.size += len(chunk)
                if upload.size > limit:
                    raise PayloadTooLarge(f"an import file is at most {limit} bytes")
                if chunk:
                    upload.lines += chunk.count(b"\n")
                    upload.ends_with_newline = chunk.endswith(b"\n")
                    buffered.append(chunk)
                if sum(map(len, buffered)) >= WRITE_BYTES:  # one thread hop per megabyte, not per chunk
                    await f.write(b"".join(buffered))
                    buffered.clear()
            await f.write(b"".join(buffered))
    except BaseException:
        await anyio.to_thread.run_sync(lambda: upload.path.unlink(missing_ok=True))
        raise
    return upload


def sweep_uploads(engine: Engine, settings: Settings) -> int:
    """Delete uploads no job will read again (finished, lost or never submitted); the number deleted.

    Uploads carry personal data: one left by a process that stopped mid-import must not stay on disk.
    """
    folder = settings.data_dir / "imports"
    if not folder.is_dir():
        return 0
    stale = utcnow() - STALE_AFTER
    uploads = {path: _job_id(path) for path in folder.glob("*.upload")}
    ids = [i for i in uploads.values() if i is not None]
    with Session(engine, expire_on_commit=False) as session:
        jobs = {j.id: j for j in session.exec(select(ImportJob).where(col(ImportJob.id).in_(ids)))}
        for known in jobs.values():
            _notice_lost_worker(session, known)
    deleted = 0
    for path, job_id in uploads.items():
        job = jobs.get(job_id) if job_id is not None else None
        if job is None and datetime.fromtimestamp(path.stat().st_mtime, UTC) >= stale:
            continue  # still streaming in, or about to be submitted
        if job is not None and job.status in ("queued", "running"):
            continue  # another process is importing it
        path.unlink(missing_ok=True)
        deleted += 1
    return deleted


def _job_id(path: Path) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=path.stem)
    except ValueError:
        return None


def _rows(upload: Upload, settings: Settings) -> int:
    """Data rows in the upload: for CSV counted from its lines (exactly when that says too many)."""
    if upload.media_type == "csv":
        estimate = max(0, upload.lines - (1 if upload.ends_with_newline else 0))
        if estimate <= settings.import_max_rows:
            return estimate
    return count_rows(upload.path, upload.media_type, settings.import_max_rows)


def submit(
    session: Session,
    *,
    principal: Principal,
    settings: Settings,
    engine: Engine,
    kind: str,
    dry_run: bool,
    upload: Upload,
) -> ImportJob:
    """Record the job; run it now when small, else start it in the background."""
    total = _rows(upload, settings)
    if total > settings.import_max_rows:
        upload.path.unlink(missing_ok=True)
        raise PayloadTooLarge(f"an import file has at most {settings.import_max_rows} rows")
    job = ImportJob(
        id=upload.id,
        kind=kind,
        dry_run=dry_run,
        media_type=upload.media_type,
        total=total,
        api_client_id=principal.api_client_id,
        client_id=principal.client_id,
        role=principal.role.value,
        provider_id=principal.provider_id,
        school_id=principal.school_id,
        mentor_id=principal.mentor_id,
    )
    session.add(job)
    session.commit()
    if total <= settings.import_sync_rows:
        runner.run(engine, job.id, settings)
        session.refresh(job)
        session.commit()
    else:
        threading.Thread(
            target=runner.run, args=(engine, job.id, settings), name=f"import-{job.id}", daemon=True
        ).start()
    return job


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> ImportJob:
    """One of the caller's jobs (any job for an admin)."""
    job = session.get(ImportJob, id)
    if job is None or not (principal.is_admin or job.api_client_id == principal.api_client_id):
        raise NotFound("import job")
    _notice_lost_worker(session, job)
    return job


def list_(
    session: Session, *, principal: Principal, query: ListQuery, kind: str | None, status: str | None
) -> tuple[list[ImportJob], str | None]:
    """The caller's jobs (every job for an admin), filtered."""
    stmt = select(ImportJob)
    if principal.role is not Role.admin:
        stmt = stmt.where(ImportJob.api_client_id == principal.api_client_id)
    stmt = where_given(stmt, (ImportJob.kind, kind), (ImportJob.status, status))
    return paginate(session, stmt, ImportJob, query)


def _notice_lost_worker(session: Session, job: ImportJob) -> None:
    """A queued or running job untouched for STALE_AFTER lost its process: say so rather than spin forever."""
    if job.status in ("queued", "running") and job.updated_at < utcnow() - STALE_AFTER:
        job.status, job.finished_at = "failed", utcnow()
        job.detail = "the import stopped before it finished (its API process ended); nothing was written"
        session.add(job)
        session.commit()
