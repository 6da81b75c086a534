"""The audit trail: who wrote what, when. Events are recorded by ``app.audit.recorder``."""

import uuid

from sqlalchemy import or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app.enums import Role
from app.errors import Forbidden
from app.models.audit_event import AuditEvent
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal


def list_(session: Session, *, principal: Principal, query: ListQuery, resource: str | None = None,
          resource_id: str | None = None, actor: str | None = None, action: str | None = None,
          mentor_id: uuid.UUID | None = None) -> tuple[list[AuditEvent], str | None]:
    """Events the caller may read (admins all; a provider those by it or about its records), oldest first."""
    stmt = select(AuditEvent)
    if principal.role is Role.provider:
        stmt = stmt.where(or_(col(AuditEvent.actor_provider_id) == principal.provider_id,
                              col(AuditEvent.provider_id) == principal.provider_id))
    elif not principal.is_admin:
        raise Forbidden("only admins and providers read the audit trail")
    stmt = where_given(stmt, (AuditEvent.resource, resource), (AuditEvent.resource_id, resource_id),
                       (AuditEvent.actor, actor), (AuditEvent.action, action), (AuditEvent.mentor_id, mentor_id))
    return paginate(session, stmt, AuditEvent, query)


def about_mentor(session: Session, *, mentor_id: uuid.UUID) -> list[AuditEvent]:
    """Every event about a mentor's own record or records naming it, oldest first."""
    stmt = select(AuditEvent).where(about_mentor_condition(mentor_id))
    return list(session.exec(stmt.order_by(col(AuditEvent.created_at), col(AuditEvent.id))).all())


def about_mentor_condition(mentor_id: uuid.UUID) -> ColumnElement[bool]:
    """Events about a mentor: its own record, or records naming it."""
    return or_(col(AuditEvent.mentor_id) == mentor_id, col(AuditEvent.resource_id) == str(mentor_id))
