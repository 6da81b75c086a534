"""Records every write in the audit trail from the ORM itself, so no domain service has to.

``before_flush`` turns each inserted, changed or deleted row into an ``AuditEvent`` added to the same
transaction (a failed request leaves no event); ``do_orm_execute`` records bulk statements. The actor
is the principal ``app.deps`` puts in ``session.info`` (sync dependencies run in their own copy of the
context, so a contextvar set there would not reach the route's thread; the session is shared).
"""

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from app.models.audit_event import AuditEvent

SKIPPED_TABLES = {"audit_event", "idempotency_record", "rate_limit_counter"}
SECRET_MARKERS = ("secret", "hash", "pem", "password", "private")
REDACTED = "[redacted]"
STAMPS = {"created_at", "updated_at"}
BOOKKEEPING = {"version", "updated_at"}
PRINCIPAL, REQUEST = "audit_principal", "audit_request"


def act_as(session: Session, principal: Any, request: str | None = None) -> None:
    """Attribute the session's writes to ``principal`` (an ``app.deps.Principal``; None: the system)."""
    session.info[PRINCIPAL] = principal
    if request is not None:
        session.info[REQUEST] = request[:300]


def is_secret(column: str) -> bool:
    """Columns whose values never enter the trail (only that they changed)."""
    name = column.lower()
    return any(marker in name for marker in SECRET_MARKERS) and not name.endswith(("_at", "_on"))


def plain(value: Any) -> Any:
    """A JSON-ready copy of a column value."""
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _changes(obj: Any, action: str) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in STAMPS:
            continue
        if action == "update":
            history = state.attrs[key].history
            if not history.added and not history.deleted:
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
        else:
            value = getattr(obj, key)
            old, new = (None, value) if action == "create" else (value, None)
        if old == new or (action == "create" and new is None):
            continue
        secret = is_secret(key)
        out[key] = {"old": REDACTED if secret else plain(old), "new": REDACTED if secret else plain(new)}
    return out


def _owner(obj: Any, table: str, column: str) -> uuid.UUID | None:
    value = getattr(obj, "id", None) if table == column[:-3] else getattr(obj, column, None)
    return value if isinstance(value, uuid.UUID) else None


def _event(session: Session, *, action: str, resource: str, **fields: Any) -> AuditEvent:
    principal = session.info.get(PRINCIPAL)
    role = getattr(principal, "role", None)
    return AuditEvent(
        actor=getattr(principal, "client_id", "system"), actor_role=getattr(role, "value", role),
        actor_api_client_id=getattr(principal, "api_client_id", None),
        actor_provider_id=getattr(principal, "provider_id", None),
        actor_school_id=getattr(principal, "school_id", None),
        action=action, resource=resource, request=session.info.get(REQUEST), **fields)


def _record(session: Session, obj: Any, action: str) -> None:
    mapper = inspect(obj).mapper
    table = mapper.local_table.name
    if table in SKIPPED_TABLES:
        return
    changes = _changes(obj, action)
    if action == "update" and not changes:
        return
    key = getattr(obj, "id", None)
    if key is None:  # a link table: its composite key
        key = "/".join(str(v) for v in mapper.primary_key_from_instance(obj))
    session.add(_event(session, action=action, resource=table, resource_id=str(key)[:200], changes=changes,
                       provider_id=_owner(obj, table, "provider_id"),
                       mentor_id=_owner(obj, table, "mentor_id")))


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.new):
        _record(session, obj, "create")
    for obj in list(session.dirty):
        if session.is_modified(obj, include_collections=False):
            _record(session, obj, "update")
    for obj in list(session.deleted):
        _record(session, obj, "delete")


@event.listens_for(Session, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name is None or name in SKIPPED_TABLES:
        return
    columns = sorted(str(getattr(c, "key", c)) for c in (getattr(state.statement, "_values", None) or {}))
    if state.is_update and columns and set(columns) <= BOOKKEEPING:
        return  # an optimistic-lock claim; the change itself is recorded when the row is flushed
    verb = "insert" if state.is_insert else "update" if state.is_update else "delete"
    params = state.parameters
    count = len(params) if isinstance(params, list) else 1
    state.session.add(_event(state.session, action=f"bulk_{verb}", resource=name,
                             changes={"parameter_sets": count, "columns": columns}))
