"""Running one import job: validate the file into a staged table (progress recorded as it goes), then
check, count and write in one transaction. All-or-nothing: any bad row and nothing is written.

The job's state lives in its ``import_job`` row, updated with Core statements on their own connections
(so a poll from any API process sees progress, and progress is not an audited change of its own).
"""

import contextlib
import logging
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from app.clock import today
from app.config import Settings
from app.enums import Role
from app.imports import writer
from app.imports.kinds import IMPORT_KINDS
from app.imports.kinds.base import Job, Kind, table_of
from app.imports.rows import Error, RowReader
from app.imports.stage import Loader
from app.models.base import utcnow
from app.models.import_job import ImportJob
from app.principal import Principal

log = logging.getLogger("app")
BATCH_ROWS = 5000
PROGRESS_SECONDS = 0.5
SQLITE_CACHE_KIB = 65536  # a bigger page cache for the import's own connection: index pages stay in memory
JOBS = table_of(ImportJob)
FAILED = "the import failed unexpectedly; nothing was written"
BUSY = "the database was busy for too long; nothing was written: import again"
CONFLICT = "another change wrote the same records meanwhile; nothing was written: import again"


def upload_path(settings: Settings, job_id: uuid.UUID) -> Path:
    return settings.data_dir / "imports" / f"{job_id.hex}.upload"


def set_job(engine: Engine, job_id: uuid.UUID, **values: Any) -> None:
    with engine.begin() as conn:
        conn.execute(update(JOBS).where(JOBS.c.id == job_id).values(**values))


def run(engine: Engine, job_id: uuid.UUID, settings: Settings) -> None:
    """Run the job to its end (``succeeded`` or ``failed``); never raises."""
    path = upload_path(settings, job_id)
    try:
        with engine.connect() as conn:
            job = conn.execute(select(JOBS).where(JOBS.c.id == job_id)).one()
        set_job(engine, job_id, status="running", started_at=utcnow())
        _Run(engine, job, path).run()
    except OperationalError as exc:
        log.warning("import job %s: database unavailable: %s", job_id, exc.orig)
        set_job(engine, job_id, status="failed", detail=BUSY, finished_at=utcnow())
    except Exception:
        log.exception("import job %s failed", job_id)
        set_job(engine, job_id, status="failed", detail=FAILED, finished_at=utcnow())
    finally:
        path.unlink(missing_ok=True)


class _Run:
    def __init__(self, engine: Engine, job: Any, path: Path) -> None:
        self.engine, self.job, self.path = engine, job, path
        self.kind: Kind = IMPORT_KINDS[job.kind]
        self.principal = Principal(
            client_id=job.client_id,
            api_client_id=job.api_client_id,
            role=Role(job.role),
            provider_id=job.provider_id,
            school_id=job.school_id,
            mentor_id=job.mentor_id,
        )
        self.errors: list[Error] = []
        self.error_count = 0
        self.validated = 0
        self.name = f"import_{job.id.hex[:20]}"

    def run(self) -> None:
        with self.engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
                conn.commit()
            s = self.kind.stage(self.name)
            extra = self.kind.extra_tables(self.name)
            try:
                with conn.begin():
                    for table in (s, *extra.values()):
                        table.create(conn)
                reader = RowReader(self.kind, self.path, self.job.media_type, self.principal, today())
                self._stage(conn, reader, s, extra)
                self._finish(conn, reader, s, extra)
            finally:
                with conn.begin():
                    for table in (s, *extra.values()):
                        table.drop(conn, checkfirst=True)
                if sqlite:
                    conn.exec_driver_sql("PRAGMA cache_size=-2000")
                    conn.commit()

    def _stage(self, conn: Connection, reader: RowReader, s: Table, extra: dict[str, Table]) -> None:
        """Validate every row into the staged tables (one transaction), recording progress."""
        loaders: dict[str, Loader] = {}
        last = time.monotonic()
        with conn.begin():
            for batch in reader.batches(BATCH_ROWS):
                if batch.rows:
                    loaders.setdefault("", Loader(conn, s, reader.columns)).load(batch.rows)
                for name, rows in batch.extra.items():
                    table = extra[name]
                    loaders.setdefault(name, Loader(conn, table, [c.name for c in table.columns])).load(rows)
                self._add_errors(batch.errors)
                self.validated = max(self.validated, batch.last_row)
                if time.monotonic() - last >= PROGRESS_SECONDS:
                    self._progress()
                    last = time.monotonic()

    def _progress(self) -> None:
        """Best effort: a busy database delays the record of progress, never the import."""
        with contextlib.suppress(OperationalError):
            total = max(self.job.total, self.validated)
            set_job(self.engine, self.job.id, validated=self.validated, total=total)

    def _add_errors(self, errors: list[Error]) -> None:
        self.error_count += len(errors)
        room = writer.MAX_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])

    def _finish(self, conn: Connection, reader: RowReader, s: Table, extra: dict[str, Table]) -> None:
        header_failed = any(e[0] == 0 for e in self.errors)
        if header_failed:
            return self._fail(None)
        if conn.dialect.name == "postgresql":
            with conn.begin():
                for table in (s, *extra.values()):
                    conn.exec_driver_sql(f"ANALYZE {table.name}")
        job = Job(principal=self.principal, present=reader.present, now=utcnow(), extra=extra)
        dry_run = self.job.dry_run
        conn.execution_options(sqlite_immediate=not dry_run)  # SQLite: take the write lock at BEGIN
        try:
            with conn.begin() as transaction:
                found, n = writer.find_errors(conn, self.kind, s, job)
                self.error_count += n
                self.errors = writer.merge(self.errors, found)
                if self.error_count:
                    transaction.rollback()
                    return self._fail(None)
                counts = writer.count(conn, self.kind, s, job)
                if dry_run:
                    transaction.rollback()
                else:
                    writer.write(conn, self.kind, s, job, job_id=self.job.id, counts=counts)
                    done = self._done(counts, written=counts[0] + counts[1])
                    conn.execute(update(JOBS).where(JOBS.c.id == self.job.id).values(**done))
            if dry_run:
                set_job(self.engine, self.job.id, **self._done(counts, written=0))
        except IntegrityError:
            log.info("import job %s conflicted with a concurrent write", self.job.id)
            self._fail(CONFLICT)
        finally:
            conn.execution_options(sqlite_immediate=False)

    def _done(self, counts: tuple[int, int, int], *, written: int) -> dict[str, Any]:
        created, updated, unchanged = counts
        return {
            "status": "succeeded",
            "validated": self.validated,
            "total": self.validated,
            "written": written,
            "created_count": created,
            "updated_count": updated,
            "unchanged_count": unchanged,
            "finished_at": utcnow(),
        }

    def _fail(self, detail: str | None) -> None:
        errors = [
            {"row": r, "field": f and _printable(f)[:200], "msg": _printable(m)[:2000]}
            for r, f, m in self.errors
        ]
        set_job(
            self.engine,
            self.job.id,
            status="failed",
            validated=self.validated,
            total=max(self.validated, self.job.total),
            errors=errors,
            error_count=self.error_count,
            detail=detail,
            finished_at=utcnow(),
        )


def _printable(text: str) -> str:
    """A file's own text (a column name, a key) as it may appear in an answer: no NUL characters."""
    return text.replace("\x00", "\\x00")
