"""Headers, access logs without query strings, dates at the edges of the calendar, unsafe text, CSV cells,
and a locked database answered 503 within the lock timeout."""

import logging
import sqlite3
import time
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.eligibility.answer import _cell
from tests.conftest import ADMIN_ID, ADMIN_SECRET
from tests.factories import Caller, provider
from tests.safety.conftest import Start

PROBLEM = "application/problem+json"


def test_every_response_has_nosniff_and_api_responses_no_store(client: TestClient, admin: Caller) -> None:
    api = admin.get("/api/v1/providers")
    health = client.get("/healthz")
    missing = client.get("/api/v1/nothing-here")
    token = client.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": ADMIN_ID,
                                                    "client_secret": ADMIN_SECRET})
    for r in (api, health, missing, token, client.get("/openapi.json")):
        assert r.headers["x-content-type-options"] == "nosniff"
    for r in (api, missing, token):
        assert r.headers["cache-control"] == "no-store"
    assert "cache-control" not in health.headers


def test_access_log_has_route_and_status_but_never_the_query(admin: Caller,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    p = provider(admin)
    with caplog.at_level(logging.INFO, logger="app.access"):
        admin.get(f"/api/v1/providers/{p['id']}", params={"secret": "tok-SHOULD-NOT-APPEAR"})
        admin.get("/api/v1/providers", params={"name": "Personal Name"})
    lines = [r.getMessage() for r in caplog.records if r.name == "app.access"]
    assert any("GET /api/v1/providers/{id} " in line and " 200 " in line for line in lines), lines
    assert not any("SHOULD-NOT-APPEAR" in line or "Personal" in line or "?" in line for line in lines)
    assert not any(p["id"] in line for line in lines)  # the route's template, not the id
    assert logging.getLogger("uvicorn.access").filters  # uvicorn's own line (with the query) is dropped


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                                   "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1899-12-31T23:59:59Z"])
def test_timestamps_at_the_edges_of_the_calendar_answer_422(admin: Caller, stamp: str) -> None:
    r = admin.get("/api/v1/providers", params={"updated_since": stamp})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text


@pytest.mark.parametrize("stamp", ["1900-01-01T00:00:00+14:00", "2999-12-31T23:59:59-14:00"])
def test_timestamps_inside_the_range_are_used(admin: Caller, stamp: str) -> None:
    assert admin.get("/api/v1/providers", params={"updated_since": stamp}).status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_dates_outside_1900_to_2999_answer_422(admin: Caller, day: str) -> None:
    body = {"first_name": "Ada", "last_name": "Edge", "email": f"e-{uuid.uuid4().hex[:8]}@example.org",
            "trn": str(uuid.uuid4().int)[:7], "teaching_since": day}
    r = admin.post("/api/v1/mentors", json=body)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert any(e["loc"][-1] == "teaching_since" for e in r.json()["errors"])


@pytest.mark.parametrize("name", ["", "   ", "\t", "Ada\u202eecalevoL", "Ada\u2066x\u2069", "Ada\x07", "Ada\nLovelace",
                                  "Ada\x85", "Ada\x7f"])
def test_blank_control_and_bidi_names_answer_422(admin: Caller, name: str) -> None:
    r = admin.post("/api/v1/providers", json={"name": name, "kind": "hei"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert r.json()["errors"][0]["loc"][-1] == "name"


def test_ordinary_names_are_kept(admin: Caller) -> None:
    for name in ("Zoë O'Neil-Smith", "Université de Genève", "עברית", "Łódź"):
        r = admin.post("/api/v1/providers", json={"name": name, "kind": "hei"})
        assert r.status_code == 201 and r.json()["name"] == name


def test_csv_cells_are_neutralised_after_leading_whitespace() -> None:
    for value in ("=1+1", " =1+1", "\t=1+1", "  +SUM(A1)", " -2", "\n@x", "\r=1"):
        assert _cell(value).startswith("'"), value
    assert _cell("Ada Lovelace") == "Ada Lovelace"


def test_locked_database_answers_503_within_the_lock_timeout(start: Start, settings: object) -> None:
    client = start(db_lock_timeout_seconds=1)
    admin = Caller.login(client, ADMIN_ID, ADMIN_SECRET)
    url = client.app.state.settings.database_url  # type: ignore[attr-defined]
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        release = holder.rollback
    else:
        engine = create_engine(url)
        conn = engine.connect()
        conn.execute(text("LOCK TABLE provider IN ACCESS EXCLUSIVE MODE"))

        def release() -> None:
            conn.rollback()
            conn.close()
            engine.dispose()
    try:
        started = time.monotonic()
        r = admin.post("/api/v1/providers", json={"name": "Locked out", "kind": "hei"})
        took = time.monotonic() - started
        health = client.get("/healthz")
    finally:
        release()
    assert r.status_code == 503 and r.headers["content-type"] == PROBLEM and r.headers["retry-after"], r.text
    assert took < 5, took
    assert health.status_code == 200
    assert admin.post("/api/v1/providers", json={"name": "After the lock", "kind": "hei"}).status_code == 201
