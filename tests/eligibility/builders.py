"""Training records for eligibility tests, made through the API (sessions, registers, mentoring logs).

Only a passed portfolio is written straight through the model (its API needs the whole Stage 2 flow).
"""

import uuid
from datetime import date
from functools import cache
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models.portfolio import Portfolio
from tests import factories
from tests.conftest import ADMIN_ID, ADMIN_SECRET


@cache
def _admin(client: TestClient) -> factories.Caller:
    return factories.Caller.login(client, ADMIN_ID, ADMIN_SECRET)


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
    """A session of `hours` on day `on` (10:00 UTC), counting toward `tags`; its id."""
    body = {
        "provider_id": provider_id,
        "title": title,
        "starts_at": f"{on}T10:00:00Z",
        "duration_hours": hours,
        "mode": mode,
        "counts_toward": tags,
        "status": status,
    }
    r = _admin(client).post("/api/v1/training-sessions", json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def attend(
    client: TestClient,
    session_id: str,
    mentor_id: str,
    *,
    hours: float | None = None,
    status: str = "attended",
) -> str:
    """The session's register: this mentor, `status` (partial: `hours`); the attendance id."""
    entry: dict[str, Any] = {"mentor_id": mentor_id, "status": status}
    if hours is not None:
        entry["hours"] = hours
    r = _admin(client).put(f"/api/v1/training-sessions/{session_id}/attendance", json=[entry])
    assert r.status_code == 200, r.text
    return next(a["id"] for a in r.json()["items"] if a["mentor_id"] == mentor_id)


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


def log(caller: factories.Caller, mentor_id: str, trainee_id: str, on: str, hours: float) -> str:
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
    with Session(client.app.state.engine, expire_on_commit=False) as session:  # type: ignore[attr-defined]  # ASGIApp
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
