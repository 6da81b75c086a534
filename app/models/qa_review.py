"""Quality-assurance reviews between providers (seed 004)."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from app.models.base import Row


class QAReview(Row, table=True):
    """One provider's review of another's mentor training; ``version`` backs the ETag."""

    __tablename__ = "qa_review"
    reviewer_provider_id: uuid.UUID = Field(foreign_key="provider.id", index=True)
    reviewed_provider_id: uuid.UUID = Field(foreign_key="provider.id", index=True)
    visit_on: date | None = None
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    criteria: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    additional_comments: str | None = Field(default=None, max_length=8000)
    status: str = Field(default="planned", max_length=20, index=True)
    signed_by: str | None = Field(default=None, max_length=200)
    signed_on: date | None = None
    next_due_on: date | None = Field(default=None, index=True)
    version: int = Field(default=1)
