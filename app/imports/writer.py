"""The set-based half of an import: resolve, match, check, count and write the staged rows."""

import uuid
from typing import Any

from sqlalchemy import Connection, Table, case, func, insert, select

from app.imports.kinds.base import Check, Job, Kind, table_of
from app.imports.rows import Error
from app.models.audit_event import AuditEvent

MAX_ERRORS = 10_000


def find_errors(conn: Connection, kind: Kind, s: Table, job: Job) -> tuple[list[Error], int]:
    """Resolve natural keys, match existing rows, run every SQL check: (the first errors, how many)."""
    kind.resolve(conn, s, job)
    kind.match(conn, s, job)
    errors: list[Error] = []
    count = 0
    for check in [*kind.checks(s, job), *kind.duplicates(conn, s)]:
        found, n = _run(conn, check)
        errors.extend(found)
        count += n
    return errors, count


def _run(conn: Connection, check: Check) -> tuple[list[Error], int]:
    query = check.query
    rows = conn.execute(query.order_by(query.selected_columns[0]).limit(MAX_ERRORS)).all()
    count = len(rows)
    if count == MAX_ERRORS:
        count = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    msg = check.msg
    return [(r[0], check.field, msg if isinstance(msg, str) else msg(r)) for r in rows], count


def merge(errors: list[Error], more: list[Error]) -> list[Error]:
    """Both lists, by row then field, the first MAX_ERRORS."""
    return sorted([*errors, *more], key=lambda e: (e[0], e[1] or ""))[:MAX_ERRORS]


def count(conn: Connection, kind: Kind, s: Table, job: Job) -> tuple[int, int, int]:
    """Mark changed rows and count (created, updated, unchanged)."""
    kind.mark_changed(conn, s, job)
    created = func.coalesce(func.sum(case((s.c.target_id.is_(None), 1), else_=0)), 0)
    total, new, changed = conn.execute(
        select(func.count(), created, func.coalesce(func.sum(s.c.changed), 0))
    ).one()
    return int(new), int(changed), int(total) - int(new) - int(changed)


def write(
    conn: Connection, kind: Kind, s: Table, job: Job, *, job_id: uuid.UUID, counts: tuple[int, int, int]
) -> None:
    """Insert and update the staged rows, and record the import in the audit trail."""
    created, updated, _ = counts
    if created or updated:
        kind.write(conn, s, job)
    principal = job.principal
    event: dict[str, Any] = {
        "id": uuid.uuid4(),
        "created_at": job.now,
        "updated_at": job.now,
        "actor": principal.client_id,
        "actor_role": principal.role.value,
        "actor_api_client_id": principal.api_client_id,
        "actor_provider_id": principal.provider_id,
        "actor_school_id": principal.school_id,
        "action": "import",
        "resource": kind.target.name,
        "resource_id": str(job_id),
        "provider_id": None,
        "mentor_id": None,
        "request": "POST /api/v1/imports",
        "changes": {"kind": kind.name, "created": created, "updated": updated},
    }
    conn.execute(insert(table_of(AuditEvent)), [event])
