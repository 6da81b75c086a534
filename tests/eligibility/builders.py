"""Training records for eligibility tests, written straight through the models.

Sessions and attendance go in through the DB so a test can place them on any date
(the register API is tested by its own domain); mentoring logs go through the API.
"""

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.portfolio import Portfolio
from app.models.training import Attendance, TrainingSession
from tests import factories as f


def _db(client: TestClient) -> Session:
    return Session(client.app.state.engine, expire_on_commit=False)  # type: ignore[attr-defined]


def training_session(
    client: TestClient,
    provider_id: str,
    on: str,
    *,
    hours: float,
    tags: list[str],
    mode: str = "in_person",
    status: str = "scheduled",
    title: str = "Session",
) -> str:
    """A session of `hours` credit on day `on` (10:00 UTC), counting toward `tags`; its id."""
    centi = round(hours * 100)
    row = TrainingSession(
        provider_id=uuid.UUID(provider_id),
        title=title,
        starts_at=datetime.combine(date.fromisoformat(on), time(10), tzinfo=UTC),
        duration_centi=centi,
        credit_centi=centi,
        mode=mode,
        counts_toward=tags,
        status=status,
    )
    with _db(client) as session:
        session.add(row)
        session.commit()
    return str(row.id)


def attend(
    client: TestClient,
    session_id: str,
    mentor_id: str,
    *,
    hours: float | None = None,
    status: str = "attended",
) -> str:
    """The mentor attended the session, credited its hours (or `hours`); the attendance id."""
    with _db(client) as session:
        ts = session.get(TrainingSession, uuid.UUID(session_id))
        assert ts is not None
        centi = ts.credit_centi if hours is None else round(hours * 100)
        row = Attendance(
            training_session_id=ts.id, mentor_id=uuid.UUID(mentor_id), status=status, hours_centi=centi
        )
        session.add(row)
        session.commit()
    return str(row.id)


def trained(
    client: TestClient,
    provider_id: str,
    mentor_id: str,
    on: str,
    *,
    hours: float,
    tags: list[str],
    mode: str = "in_person",
) -> str:
    """A completed session the mentor attended; the attendance id."""
    ts = training_session(client, provider_id, on, hours=hours, tags=tags, mode=mode, status="completed")
    return attend(client, ts, mentor_id)


def log(caller: f.Caller, mentor_id: str, trainee_id: str, on: str, hours: float) -> str:
    """A mentoring log through the API; its id."""
    r = caller.post(
        "/api/v1/mentoring-logs",
        json={
            "mentor_id": mentor_id,
            "trainee_id": trainee_id,
            "occurred_on": on,
            "hours": hours,
            "activity": "meeting",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


def portfolio(
    client: TestClient,
    mentor_id: str,
    provider_id: str,
    *,
    status: str = "passed",
    decided_on: str | None = None,
) -> str:
    """A Stage 2 portfolio in `status`; its id."""
    row = Portfolio(
        mentor_id=uuid.UUID(mentor_id),
        provider_id=uuid.UUID(provider_id),
        status=status,
        decided_on=date.fromisoformat(decided_on) if decided_on else None,
    )
    with _db(client) as session:
        session.add(row)
        session.commit()
    return str(row.id)


def criterion(answer: dict[str, Any], code: str) -> dict[str, Any]:
    """A criterion of an award answer (or of its any_of routes) by code."""
    stack = list(answer["criteria"])
    while stack:
        c = stack.pop(0)
        if c["code"] == code:
            return c
        for route in c.get("routes") or ():
            stack.extend(route)
    raise AssertionError(f"no criterion {code}")


def award(answer: dict[str, Any], code: str) -> dict[str, Any]:
    """An award's decision in an eligibility answer."""
    return next(a for a in answer["awards"] if a["award"] == code)
