"""The audit trail: one row per written row (who, what, which id, when, the change)."""

import uuid
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from app.models.base import Row


class AuditEvent(Row, table=True):
    """A row created, changed or deleted; ``created_at`` is when. No foreign keys: events outlive rows."""

    __tablename__ = "audit_event"
    actor: str = Field(max_length=100, index=True, description="client_id of the API client, or `system`.")
    actor_role: str | None = Field(default=None, max_length=20)
    actor_api_client_id: uuid.UUID | None = None
    actor_provider_id: uuid.UUID | None = Field(default=None, index=True)
    actor_school_id: uuid.UUID | None = Field(default=None, index=True)
    action: str = Field(max_length=20, description="create, update, delete or bulk_<verb>.")
    resource: str = Field(max_length=64, index=True, description="The table written.")
    resource_id: str | None = Field(default=None, max_length=200, index=True)
    provider_id: uuid.UUID | None = Field(default=None, index=True, description="The row's provider.")
    mentor_id: uuid.UUID | None = Field(default=None, index=True, description="The mentor the row is about.")
    request: str | None = Field(default=None, max_length=300, description="Method and path of the request.")
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
