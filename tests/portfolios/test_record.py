"""The record of training and learning shown with the portfolio, and the bounded queries behind it."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests import factories as f
from tests.portfolios.helpers import (
    PATH,
    World,
    days_ago,
    evidence,
    mentoring,
    ok,
    stage_2_certificate,
    stage_2_training,
    start,
    world,
)


@pytest.fixture
def w(admin: f.Caller) -> World:
    return world(admin)


@contextmanager
def counting(client: TestClient) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = client.app.state.engine  # type: ignore[attr-defined]

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_record_is_computed_from_the_services_records(w: World) -> None:
    sessions = stage_2_training(w, hours=12)
    cert = stage_2_certificate(w, days_ago(60))
    before = mentoring(w, since=days_ago(80), trainees=1, hours_each=6)  # before Stage 2: not counted
    after = mentoring(w, since=days_ago(50), trainees=2, hours_each=12)
    record = start(w)["record"]
    assert record["prerequisite_route"] == "B" and record["stage_1_certificate"] is None
    assert record["professional_standards_2007_declared_on"] == "2020-01-01"
    assert [s["training_session_id"] for s in record["stage_2_sessions"]] == sessions
    first = record["stage_2_sessions"][0]
    assert first["hours"] == 6 and first["provider_id"] == w.provider["id"]
    assert first["provider_name"] == w.provider["name"] and first["on"] == days_ago(90).isoformat()
    assert record["stage_2_training_hours"] == 12
    assert record["stage_2_certificate"]["id"] == cert["id"]
    assert record["mentoring_hours_since_stage_2"] == 24
    trainees = {t["trainee_id"]: t for t in record["trainees_since_stage_2"]}
    assert set(trainees) == {t["id"] for t in after} and before[0]["id"] not in trainees
    assert all(t["route"] == "pgce" and t["hours"] == 12 for t in trainees.values())
    assert record["school"]["phase"] == "secondary" and record["phase"] == "secondary"


def test_record_of_a_new_mentor_is_empty(admin: f.Caller) -> None:
    m = f.mentor(admin)
    p = f.provider(admin)
    record = ok(
        f.caller_for(admin, "mentor", mentor_id=m["id"]).post(PATH, json={"provider_id": p["id"]}), 201
    )["record"]
    assert record["prerequisite_route"] is None and record["school"] is None
    assert record["stage_2_sessions"] == [] and record["stage_2_training_hours"] == 0
    assert record["stage_2_certificate"] is None and record["mentoring_hours_since_stage_2"] == 0


def test_list_runs_the_same_number_of_queries_for_more_portfolios(
    admin: f.Caller, client: TestClient
) -> None:
    p = f.provider(admin)
    as_provider = f.caller_for(admin, "provider", provider_id=p["id"])

    def add_portfolio() -> None:
        m = f.mentor(admin, provider_ids=[p["id"]])
        mentor = f.caller_for(admin, "mentor", mentor_id=m["id"])
        made = ok(mentor.post(PATH, json={"provider_id": p["id"]}), 201)
        ok(mentor.post(f"{PATH}/{made['id']}/evidence", json=evidence()), 201)

    def queries() -> int:
        with counting(client) as statements:
            ok(as_provider.get(PATH, params={"provider_id": p["id"], "limit": 100}))
        return len(statements)

    add_portfolio()
    one = queries()
    for _ in range(4):
        add_portfolio()
    assert len(ok(as_provider.get(PATH, params={"provider_id": p["id"]}))["items"]) == 5
    assert queries() == one
