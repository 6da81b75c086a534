"""Rows written straight to the database for tables whose API is built elsewhere."""

import uuid
from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient

from app.db import open_session
from app.models.awarding import Certificate
from app.models.portfolio import Portfolio, PortfolioEvent, PortfolioModeration
from app.models.registry import Mentor, School
from app.models.training import Programme, SessionFeedback, TrainingSession
from app.rules.dates import academic_year
from tests.factories import Caller, caller_for, provider, unique_digits


def insert(client: TestClient, *rows: Any) -> list[uuid.UUID]:
    """Add the rows in one transaction and return their ids."""
    with open_session(client.app.state.engine, write=True) as session:  # type: ignore[attr-defined]
        for row in rows:
            session.add(row)
            session.flush()
        session.commit()
        return [row.id for row in rows]


def mentor_row(client: TestClient) -> uuid.UUID:
    email = f"qa-{uuid.uuid4().hex}@example.org"
    return insert(client, Mentor(first_name="Mo", last_name="Mentor", email=email, trn=unique_digits(7)))[0]


def school_row(client: TestClient) -> uuid.UUID:
    return insert(client, School(urn=unique_digits(6), name="QA School"))[0]


def certificate(provider_id: str, mentor_id: uuid.UUID, award: str, issued_on: date,
                **kw: Any) -> Certificate:
    return Certificate(provider_id=uuid.UUID(provider_id), mentor_id=mentor_id, award=award,
                       issued_on=issued_on, academic_year=academic_year(issued_on), **kw)


def programme(provider_id: str, year: str = "2025/26") -> Programme:
    name = f"Programme {uuid.uuid4().hex[:6]}"
    return Programme(provider_id=uuid.UUID(provider_id), name=name, academic_year=year)


def training_session(provider_id: str, starts_at: datetime,
                     programme_id: uuid.UUID | None = None) -> TrainingSession:
    return TrainingSession(provider_id=uuid.UUID(provider_id), programme_id=programme_id, title="Session",
                           starts_at=starts_at.replace(tzinfo=UTC), duration_centi=100, credit_centi=100,
                           mode="live_online")


def feedback(training_session_id: uuid.UUID, mentor_id: uuid.UUID, rating: int,
             action_taken: str | None = None) -> SessionFeedback:
    return SessionFeedback(training_session_id=training_session_id, mentor_id=mentor_id, rating=rating,
                           action_taken=action_taken)


def portfolio(provider_id: str, mentor_id: uuid.UUID) -> Portfolio:
    return Portfolio(provider_id=uuid.UUID(provider_id), mentor_id=mentor_id)


def event(portfolio: Portfolio, to_status: str, at: datetime) -> PortfolioEvent:
    return PortfolioEvent(portfolio_id=portfolio.id, to_status=to_status, at=at.replace(tzinfo=UTC))


def moderation(assessment: PortfolioEvent, at: datetime) -> PortfolioModeration:
    return PortfolioModeration(portfolio_id=assessment.portfolio_id, assessment_event_id=assessment.id,
                               decision="agree", at=at.replace(tzinfo=UTC))


def provider_pair(admin: Caller) -> tuple[dict[str, Any], Caller, dict[str, Any], Caller]:
    """Two providers, each with its own API client: (reviewer, its caller, reviewed, its caller)."""
    a, b = provider(admin), provider(admin)
    as_a = caller_for(admin, "provider", provider_id=a["id"])
    return a, as_a, b, caller_for(admin, "provider", provider_id=b["id"])
