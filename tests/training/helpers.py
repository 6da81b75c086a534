"""Builders for programmes, sessions and registers, and the reading of credited hours."""

from decimal import Decimal
from typing import Any

from httpx import Response

from tests import factories as f

PROBLEM = "application/problem+json"


def programme(caller: f.Caller, **fields: Any) -> dict[str, Any]:
    body = {"name": "Mentor development", "academic_year": "2025/26", **fields}
    return f.created(caller.post("/api/v1/programmes", json=body))


def training_session(caller: f.Caller, **fields: Any) -> dict[str, Any]:
    body = {
        "title": "Core session",
        "starts_at": "2025-10-07T15:30:00Z",
        "duration_hours": 1,
        "mode": "live_online",
        **fields,
    }
    return f.created(caller.post("/api/v1/training-sessions", json=body))


def put_register(caller: f.Caller, session_id: str, entries: list[dict[str, Any]]) -> Response:
    return caller.put(f"/api/v1/training-sessions/{session_id}/attendance", json=entries)


def register(caller: f.Caller, session_id: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    r = put_register(caller, session_id, entries)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def attended(*mentors: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"mentor_id": m["id"], "status": "attended"} for m in mentors]


def credited(caller: f.Caller, mentor_id: str, **filters: str) -> Decimal:
    """The mentor's credited hours (`credited_hours`), summed exactly from GET /api/v1/attendance."""
    r = caller.get("/api/v1/attendance", params={"mentor_id": mentor_id, "limit": 500, **filters})
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return sum((Decimal(str(row["credited_hours"])) for row in r.json()["items"]), Decimal(0))


def assert_problem(r: Response, status: int, *loc: str | int) -> dict[str, Any]:
    """A problem+json answer with this status; when ``loc`` is given, an error names that field."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    if loc:
        locs = [e["loc"] for e in body["errors"]]
        assert any(list(loc) == [p for p in where if p != "body"] for where in locs), locs
    return body
