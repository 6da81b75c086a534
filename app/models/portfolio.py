"""Stage 2 portfolios: the portfolio, its evidence, its status history and its moderation."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field

from app.models.base import Row, utcnow


class Portfolio(Row, table=True):
    """One mentor's portfolio of a kind, assessed by the provider named on it; ``version`` backs the ETag."""

    __table_args__ = (UniqueConstraint("mentor_id", "kind"),)
    mentor_id: uuid.UUID = Field(foreign_key="mentor.id", index=True)
    provider_id: uuid.UUID = Field(foreign_key="provider.id", index=True)
    kind: str = Field(default="lp-stage-2", max_length=64)
    status: str = Field(default="draft", max_length=20, index=True)
    sections: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    professional_development: str | None = Field(default=None, max_length=20000)
    submitted_at: datetime | None = None
    decided_on: date | None = Field(default=None, description="Date of the pass or referral decision.")
    assessed_at: datetime | None = None
    assessor_api_client_id: uuid.UUID | None = Field(default=None, foreign_key="api_client.id")
    assessor_name: str | None = Field(default=None, max_length=200)
    feedback: str | None = Field(default=None, max_length=20000)
    version: int = Field(default=1)


class PortfolioEvidence(Row, table=True):
    """An evidence item in a portfolio section, optionally with a file kept under its SHA-256."""

    __tablename__ = "portfolio_evidence"
    portfolio_id: uuid.UUID = Field(foreign_key="portfolio.id", index=True)
    section: str = Field(max_length=20)
    title: str = Field(max_length=200)
    kind: str = Field(max_length=30)
    annotation: str | None = Field(default=None, max_length=4000)
    outcome_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    file_sha256: str | None = Field(default=None, max_length=64)
    file_name: str | None = Field(default=None, max_length=255)
    file_media_type: str | None = Field(default=None, max_length=100)
    file_size: int | None = None


class PortfolioEvent(Row, table=True):
    """A status change of a portfolio: who (API client) moved it from which status to which, and when."""

    __tablename__ = "portfolio_event"
    portfolio_id: uuid.UUID = Field(foreign_key="portfolio.id", index=True)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20, index=True)
    actor_api_client_id: uuid.UUID | None = Field(default=None, foreign_key="api_client.id")
    actor_name: str | None = Field(default=None, max_length=200)
    at: datetime = Field(default_factory=utcnow, index=True)
    notes: str | None = Field(default=None, max_length=20000)


class PortfolioModeration(Row, table=True):
    """Internal moderation of one assessment (the event that passed or referred) by a second assessor."""

    __tablename__ = "portfolio_moderation"
    __table_args__ = (UniqueConstraint("assessment_event_id"),)
    portfolio_id: uuid.UUID = Field(foreign_key="portfolio.id", index=True)
    assessment_event_id: uuid.UUID = Field(foreign_key="portfolio_event.id")
    decision: str = Field(max_length=20)
    notes: str | None = Field(default=None, max_length=20000)
    moderator_api_client_id: uuid.UUID | None = Field(default=None, foreign_key="api_client.id")
    moderator_name: str | None = Field(default=None, max_length=200)
    at: datetime = Field(default_factory=utcnow, index=True)
