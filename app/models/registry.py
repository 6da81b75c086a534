"""Providers, schools, mentors, trainees and mentoring logs."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import Row, utcnow


class Provider(Row, table=True):
    name: str = Field(max_length=200)
    kind: str = Field(max_length=30)
    ukprn: str | None = Field(default=None, max_length=8, unique=True)
    region: str | None = Field(default=None, max_length=100)
    contact_email: str | None = Field(default=None, max_length=254)


class ProviderAccreditation(SQLModel, table=True):
    """A period in which a provider was accredited: England's days ``from_on`` to ``until_on`` (or open).

    ``from_at``/``until_at`` are the same period as UTC instants (start of ``from_on``, start of the day
    after ``until_on``), so SQL finds whether a session's start fell inside it without time-zone arithmetic.
    """

    __tablename__ = "provider_accreditation"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    provider_id: uuid.UUID = Field(foreign_key="provider.id", index=True)
    from_on: date
    until_on: date | None = None
    from_at: datetime
    until_at: datetime | None = None


class School(Row, table=True):
    urn: str = Field(max_length=6, unique=True)
    name: str = Field(max_length=200)
    phase: str | None = Field(default=None, max_length=30)
    postcode: str | None = Field(default=None, max_length=10)


class Mentor(Row, table=True):
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(max_length=254, unique=True)
    trn: str | None = Field(default=None, max_length=7, unique=True)
    school_id: uuid.UUID | None = Field(default=None, foreign_key="school.id", index=True)
    phase: str | None = Field(default=None, max_length=30)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    qts_awarded_on: date | None = None
    teaching_since: date | None = None
    declarations: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    erased_at: datetime | None = Field(default=None, description="When personal data was erased.")


class MentorProvider(SQLModel, table=True):
    """A mentor trains with a provider."""

    __tablename__ = "mentor_provider"
    mentor_id: uuid.UUID = Field(foreign_key="mentor.id", primary_key=True)
    provider_id: uuid.UUID = Field(foreign_key="provider.id", primary_key=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Trainee(Row, table=True):
    __table_args__ = (UniqueConstraint("provider_id", "reference"),)
    provider_id: uuid.UUID = Field(foreign_key="provider.id", index=True)
    reference: str = Field(max_length=50)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    route: str | None = Field(default=None, max_length=50)
    phase: str | None = Field(default=None, max_length=30)


class TraineePlacement(Row, table=True):
    """A trainee is placed at a school from ``starts_on`` until ``ends_on`` (open-ended when null)."""

    __tablename__ = "trainee_placement"
    trainee_id: uuid.UUID = Field(foreign_key="trainee.id", index=True)
    school_id: uuid.UUID = Field(foreign_key="school.id", index=True)
    starts_on: date
    ends_on: date | None = None


class MentoringLog(Row, table=True):
    __tablename__ = "mentoring_log"
    __table_args__ = (UniqueConstraint("mentor_id", "trainee_id", "occurred_on", "activity"),)
    mentor_id: uuid.UUID = Field(foreign_key="mentor.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="trainee.id", index=True)
    occurred_on: date
    hours_centi: int = Field(description="Hours in hundredths.")
    activity: str = Field(max_length=30)
    notes: str | None = Field(default=None, max_length=2000)
