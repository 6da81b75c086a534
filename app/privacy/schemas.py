"""Export and erasure bodies."""

import uuid
from typing import Any

from pydantic import Field

from app.audit.schemas import AuditEventPublic
from app.schemas import APIModel, UTCDateTime


class MentorExport(APIModel):
    """Everything the service holds about one mentor."""

    mentor_id: uuid.UUID
    exported_at: UTCDateTime
    mentor: dict[str, Any] = Field(description="The mentor's own record, every field.")
    records: dict[str, list[dict[str, Any]]] = Field(
        description="Every row that names the mentor (links, attendance, mentoring logs, session feedback, "
                    "self-assessments, portfolios and their evidence, certificates, API clients, …), "
                    "keyed by the kind of record; secrets appear as `[redacted]`.")
    audit_events: list[AuditEventPublic] = Field(description="The audit trail of writes about the mentor.")


class ErasureResult(APIModel):
    """What an erasure changed."""

    mentor_id: uuid.UUID
    erased_at: UTCDateTime = Field(description="When the personal data was erased (the first time).")
    anonymised_fields: list[str] = Field(description="The mentor's fields that were anonymised.")
    disabled_api_clients: int = Field(ge=0, description="API clients acting as the mentor, now disabled.")
    scrubbed_audit_events: int = Field(ge=0, description="Audit events whose personal values were erased.")
