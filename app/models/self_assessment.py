"""Mentors' self-assessments against the national standards (seed 002)."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from app.models.base import Row


class SelfAssessment(Row, table=True):
    """A dated snapshot of one mentor's RAG ratings; ``version`` backs the ETag."""

    __tablename__ = "self_assessment"
    mentor_id: uuid.UUID = Field(foreign_key="mentor.id", index=True)
    status: str = Field(default="draft", max_length=20, index=True)
    ratings: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    comments: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    submitted_at: datetime | None = Field(default=None, index=True)
    version: int = Field(default=1)
