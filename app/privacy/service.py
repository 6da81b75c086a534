"""Personal data of mentors: export everything held, erase (anonymise) the personal fields.

The export finds the mentor's rows generically: every table with a ``mentor_id`` column (or a foreign
key to ``mentor``), then every table pointing at those rows (a portfolio's evidence), so tables added
later are exported without a change here. Erasure keeps the records (certificates, hours, portfolios)
so certificates and their credentials still verify, but no longer says who the mentor was.
"""

import uuid
from typing import Any

from sqlalchemy import Table, or_
from sqlalchemy import select as select_rows
from sqlmodel import Session, SQLModel, col, select

from app.audit import recorder
from app.audit import service as audit_service
from app.audit.schemas import AuditEventPublic
from app.errors import NotFound
from app.models.audit_event import AuditEvent
from app.models.auth import ApiClient, IdempotencyRecord
from app.models.base import utcnow
from app.models.registry import Mentor
from app.principal import Principal
from app.privacy.schemas import ErasureResult, MentorExport

NOT_EXPORTED = {"mentor", "audit_event", "idempotency_record", "rate_limit_counter"}
PERSONAL = ("first_name", "last_name", "email", "trn")
ERASED = "[erased]"


def _visible_mentor(session: Session, principal: Principal, id: uuid.UUID) -> Mentor:
    mentor = session.get(Mentor, id)
    if mentor is None or not (principal.is_admin or principal.mentor_id == id):
        raise NotFound("mentor")
    return mentor


def _row(table: Table, row: Any) -> dict[str, Any]:
    return {c.name: recorder.REDACTED if recorder.is_secret(c.name) else recorder.plain(row._mapping[c.name])
            for c in table.columns}


def _naming(table: Table, targets: set[str]) -> list[tuple[Any, str]]:
    """(column, target table) pairs of ``table`` that point at one of ``targets``."""
    pairs = [(fk.parent, fk.column.table.name) for fk in table.foreign_keys
             if fk.column.table.name in targets]
    if "mentor" in targets and "mentor_id" in table.c and all(c.name != "mentor_id" for c, _ in pairs):
        pairs.append((table.c.mentor_id, "mentor"))
    return pairs


def _records(session: Session, mentor_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in NOT_EXPORTED]
    ids: dict[str, set[Any]] = {"mentor": {mentor_id}}
    out: dict[str, list[dict[str, Any]]] = {}
    for targets in ({"mentor"}, None):  # rows naming the mentor, then rows naming those rows
        found: dict[str, set[Any]] = {}
        for table in tables:
            pairs = _naming(table, targets or set(ids) - {"mentor"})
            if not pairs or table.name in out:
                continue
            naming = or_(*(col(c).in_(ids[t]) for c, t in pairs))
            rows = session.execute(select_rows(table).where(naming)).all()
            if rows:
                out[table.name] = [_row(table, r) for r in rows]
                if "id" in table.c:
                    found[table.name] = {r._mapping["id"] for r in rows}
        ids.update(found)
    return out


def export(session: Session, *, principal: Principal, id: uuid.UUID) -> MentorExport:
    """Everything held about a mentor (admins, and the mentor itself; 404 for anyone else)."""
    mentor = _visible_mentor(session, principal, id)
    table: Table = Mentor.__table__  # type: ignore[attr-defined]  # SQLModel sets it at runtime, untyped
    own = session.execute(select_rows(table).where(table.c.id == mentor.id)).one()
    events = audit_service.about_mentor(session, mentor_id=mentor.id)
    return MentorExport(mentor_id=mentor.id, exported_at=utcnow(), mentor=_row(table, own),
                        records=_records(session, mentor.id),
                        audit_events=[AuditEventPublic.model_validate(e) for e in events])


def _scrub_audit(session: Session, mentor_id: uuid.UUID) -> int:
    """Erase the personal values the audit trail holds about the mentor; the events themselves stay."""
    events = session.exec(select(AuditEvent).where(audit_service.about_mentor_condition(mentor_id))).all()
    scrubbed = 0
    for event in events:
        changes = {k: ({side: None if v is None else ERASED for side, v in change.items()}
                       if k in PERSONAL and isinstance(change, dict) else change)
                   for k, change in event.changes.items()}
        if changes != event.changes:
            event.changes = changes
            session.add(event)
            scrubbed += 1
    return scrubbed


def _forget_responses(session: Session, mentor_id: uuid.UUID) -> None:
    """Drop kept responses (for Idempotency-Key retries) that carry the mentor's record (in-progress ones have none)."""
    kept = session.exec(select(IdempotencyRecord).where(col(IdempotencyRecord.path).startswith("/api/v1/")))
    for record in kept:
        if record.response_body is not None and str(mentor_id).encode() in record.response_body:
            session.delete(record)


def erase(session: Session, *, principal: Principal, id: uuid.UUID) -> ErasureResult:
    """Anonymise a mentor (admins): name, e-mail and TRN go; its records and certificates stay valid."""
    mentor = _visible_mentor(session, principal, id)
    mentor.first_name, mentor.last_name = "Erased", "Mentor"
    mentor.email, mentor.trn = f"erased-{mentor.id}@invalid", None
    mentor.erased_at = mentor.erased_at or utcnow()
    session.add(mentor)
    clients = session.exec(select(ApiClient).where(ApiClient.mentor_id == mentor.id,
                                                   col(ApiClient.disabled).is_(False))).all()
    for client in clients:
        client.disabled = True
        session.add(client)
    session.flush()  # the audit event of this change is written now, so it is scrubbed below too
    scrubbed = _scrub_audit(session, mentor.id)
    _forget_responses(session, mentor.id)
    session.commit()
    return ErasureResult(mentor_id=mentor.id, erased_at=mentor.erased_at, anonymised_fields=list(PERSONAL),
                         disabled_api_clients=len(clients), scrubbed_audit_events=scrubbed)
