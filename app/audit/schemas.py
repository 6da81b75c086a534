"""Audit event bodies."""

import uuid
from typing import Any

from pydantic import Field

from app.schemas import APIModel, UTCDateTime


class AuditEventPublic(APIModel):
    id: uuid.UUID
    created_at: UTCDateTime = Field(description="When the write happened.")
    updated_at: UTCDateTime = Field(description="Equal to `created_at`: events never change.")
    actor: str = Field(max_length=100, description="`client_id` of the API client that wrote, or `system`.")
    actor_role: str | None = Field(max_length=20, description="The writer's role.")
    actor_provider_id: uuid.UUID | None = Field(description="The writer's provider, for a provider client.")
    actor_school_id: uuid.UUID | None = Field(description="The writer's school, for a school client.")
    action: str = Field(max_length=20, description="`create`, `update`, `delete` or `bulk_<verb>`.")
    resource: str = Field(max_length=64, description="The kind of record written (its table), e.g. `mentor`.")
    resource_id: str | None = Field(max_length=200, description="Its id (`a/b` for a link between two ids).")
    provider_id: uuid.UUID | None = Field(description="The provider the record belongs to, when it has one.")
    mentor_id: uuid.UUID | None = Field(description="The mentor the record is about, when there is one.")
    request: str | None = Field(max_length=300, description="Method and path of the request that wrote it.")
    changes: dict[str, Any] = Field(description="Changed fields: `{field: {\"old\": …, \"new\": …}}`; "
                                                "secrets appear only as `[redacted]`.")
