"""Bulk import jobs: their state lives here so any API process can answer a poll."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from app.models.base import Row


class ImportJob(Row, table=True):
    """One uploaded file being (or having been) validated and written; the caller's scope is kept with it."""

    __tablename__ = "import_job"
    kind: str = Field(max_length=30)
    status: str = Field(default="queued", max_length=20, index=True)
    dry_run: bool = False
    media_type: str = Field(max_length=10, description="`csv` or `json`.")
    api_client_id: uuid.UUID = Field(foreign_key="api_client.id", index=True)
    client_id: str = Field(max_length=100)
    role: str = Field(max_length=20)
    provider_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    mentor_id: uuid.UUID | None = None
    total: int = 0
    validated: int = 0
    written: int = 0
    created_count: int = 0
    updated_count: int = 0
    unchanged_count: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    detail: str | None = Field(
        default=None, max_length=2000, description="Why a job failed, beyond its rows."
    )
    started_at: datetime | None = None
    finished_at: datetime | None = None
