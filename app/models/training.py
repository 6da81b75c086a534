"""Programmes, training sessions, attendance and session feedback."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from app.models.base import Row


class Programme(Row, table=True):
    provider_id: uuid.UUID = Field(foreign_key="provider.id", index=True)
    name: str = Field(max_length=200)
    academic_year: str = Field(max_length=7)
    phase: str | None = Field(default=None, max_length=30)
    level: str | None = Field(default=None, max_length=30)


class TrainingSession(Row, table=True):
    __tablename__ = "training_session"
    provider_id: uuid.UUID = Field(foreign_key="provider.id", index=True)
    programme_id: uuid.UUID | None = Field(default=None, foreign_key="programme.id", index=True)
    title: str = Field(max_length=200)
    starts_at: datetime = Field(index=True)
    duration_centi: int = Field(description="Clock time in hundredths of an hour.")
    credit_centi: int = Field(description="Hours attendance earns, in hundredths.")
    mode: str = Field(max_length=20)
    counts_toward: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    outcome_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    phase: str | None = Field(default=None, max_length=30)
    optional: bool = False
    capacity: int | None = None
    join_url: str | None = Field(default=None, max_length=2000)
    status: str = Field(default="scheduled", max_length=20)


class Attendance(Row, table=True):
    __table_args__ = (UniqueConstraint("training_session_id", "mentor_id"),)
    training_session_id: uuid.UUID = Field(foreign_key="training_session.id", index=True)
    mentor_id: uuid.UUID = Field(foreign_key="mentor.id", index=True)
    status: str = Field(max_length=20)
    hours_centi: int = Field(default=0, description="Hours credited, in hundredths.")
    given_centi: int | None = Field(default=None, description="Hours given for partial attendance, in "
                                    "hundredths; kept so a reinstated or re-credited session recomputes hours_centi.")


class SessionFeedback(Row, table=True):
    __tablename__ = "session_feedback"
    __table_args__ = (UniqueConstraint("training_session_id", "mentor_id"),)
    training_session_id: uuid.UUID = Field(foreign_key="training_session.id", index=True)
    mentor_id: uuid.UUID = Field(foreign_key="mentor.id", index=True)
    rating: int
    comment: str | None = Field(default=None, max_length=4000)
    action_taken: str | None = Field(default=None, max_length=4000)
