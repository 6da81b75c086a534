"""The audit trail of every write."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import (
    recorder,  # noqa: F401  (registers the ORM listeners that record writes)
    service,
)
from app.audit.schemas import AuditEventPublic
from app.deps import ListParams, SessionDep, require_role
from app.enums import Role
from app.principal import Principal
from app.problems import responses
from app.schemas import Page

router = APIRouter(prefix="/api/v1/audit-events", tags=["audit"])
Reader = require_role(Role.provider)


@router.get("", response_model=Page[AuditEventPublic], responses=responses(401, 403, 422))
def list_audit_events(
    session: SessionDep, query: ListParams, principal: Annotated[Principal, Reader],
    resource: Annotated[str | None, Query(max_length=64, description="Kind of record: `mentor`, …")] = None,
    resource_id: Annotated[str | None, Query(max_length=200, description="Id of the record.")] = None,
    actor: Annotated[str | None, Query(max_length=100, description="`client_id` of the writer.")] = None,
    action: Annotated[str | None, Query(max_length=20, description="`create`, `update`, `delete`, …")] = None,
    mentor_id: Annotated[uuid.UUID | None, Query(description="Events about this mentor.")] = None,
) -> Page[AuditEventPublic]:
    """Who wrote what and when: admins see every event, a provider those by it or about its records."""
    rows, cursor = service.list_(session, principal=principal, query=query, resource=resource,
                                 resource_id=resource_id, actor=actor, action=action, mentor_id=mentor_id)
    return Page(items=[AuditEventPublic.model_validate(r) for r in rows], next_cursor=cursor)
