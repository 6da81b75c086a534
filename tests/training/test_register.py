"""The attendance register: replaced whole, safe to repeat, every bad line named."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from httpx import Response
from sqlalchemy import event

from tests import factories as f
from tests.training.conftest import Org
from tests.training.helpers import (
    assert_problem,
    attended,
    credited,
    put_register,
    register,
    training_session,
)


def test_put_register_repeated_keeps_rows_unchanged(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    a, b = org.mentor(admin), org.mentor(admin)
    entries = [{"mentor_id": a["id"], "status": "attended"}, {"mentor_id": b["id"], "status": "absent"}]
    first = register(org.caller, s["id"], entries)
    second = register(org.caller, s["id"], entries)
    assert first == second
    assert org.caller.get(f"/api/v1/training-sessions/{s['id']}/attendance").json()["items"] == first


def test_put_register_without_a_mentor_removes_its_row(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    a, b = org.mentor(admin), org.mentor(admin)
    first = {r["mentor_id"]: r for r in register(org.caller, s["id"], attended(a, b))}
    rows = register(org.caller, s["id"], [{"mentor_id": a["id"], "status": "partial", "hours": 0.5}])
    assert [(r["mentor_id"], r["status"], r["hours"]) for r in rows] == [(a["id"], "partial", 0.5)]
    assert rows[0]["id"] == first[a["id"]]["id"]
    assert register(org.caller, s["id"], []) == []


def test_put_register_attended_with_credit_hours_accepted(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=1.5)
    m = org.mentor(admin)
    assert (
        register(org.caller, s["id"], [{"mentor_id": m["id"], "status": "attended", "hours": 1.5}])[0][
            "hours"
        ]
        == 1.5
    )


def test_put_register_unlinked_mentor_answers_422_and_links_nothing(admin: f.Caller, org: Org) -> None:
    school = f.school(admin)
    m = f.mentor(admin, school_id=school["id"])
    s = training_session(org.caller)
    assert_problem(put_register(org.caller, s["id"], attended(m)), 422, 0, "mentor_id")
    assert org.caller.get(f"/api/v1/mentors/{m['id']}").status_code == 404
    assert admin.get(f"/api/v1/mentors/{m['id']}").json()["provider_ids"] == []


def test_put_register_linked_mentor_keeps_its_links(admin: f.Caller, org: Org, other_org: Org) -> None:
    m = f.mentor(admin, provider_ids=[other_org.id, org.id])
    register(org.caller, training_session(org.caller)["id"], attended(m))
    assert admin.get(f"/api/v1/mentors/{m['id']}").json()["provider_ids"] == [other_org.id, org.id]


def test_put_register_partial_above_credit_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=2)
    a, b = org.mentor(admin), org.mentor(admin)
    r = put_register(
        org.caller,
        s["id"],
        [
            {"mentor_id": a["id"], "status": "attended"},
            {"mentor_id": b["id"], "status": "partial", "hours": 2.01},
        ],
    )
    assert_problem(r, 422, 1, "hours")
    assert org.caller.get(f"/api/v1/training-sessions/{s['id']}/attendance").json()["items"] == []


def test_put_register_partial_without_hours_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    r = put_register(org.caller, s["id"], [{"mentor_id": org.mentor(admin)["id"], "status": "partial"}])
    assert_problem(r, 422, 0, "hours")


def test_put_register_attended_with_other_hours_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=2)
    r = put_register(
        org.caller, s["id"], [{"mentor_id": org.mentor(admin)["id"], "status": "attended", "hours": 1}]
    )
    assert_problem(r, 422, 0, "hours")


def test_put_register_absent_with_hours_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    r = put_register(
        org.caller, s["id"], [{"mentor_id": org.mentor(admin)["id"], "status": "absent", "hours": 1}]
    )
    assert_problem(r, 422, 0, "hours")


def test_put_register_three_decimal_hours_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    r = put_register(
        org.caller, s["id"], [{"mentor_id": org.mentor(admin)["id"], "status": "partial", "hours": 0.125}]
    )
    assert_problem(r, 422, 0, "hours")


def test_put_register_duplicate_mentor_answers_422_naming_row(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    a, b = org.mentor(admin), org.mentor(admin)
    r = put_register(org.caller, s["id"], [*attended(a, b), {"mentor_id": a["id"], "status": "absent"}])
    body = assert_problem(r, 422)
    assert body["errors"][0]["loc"] == ["body", 2, "mentor_id"]


def test_put_register_unknown_mentor_answers_422_naming_row(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    r = put_register(
        org.caller,
        s["id"],
        [
            *attended(org.mentor(admin)),
            {"mentor_id": "00000000-0000-4000-8000-000000000000", "status": "attended"},
        ],
    )
    assert assert_problem(r, 422)["errors"][0]["loc"] == ["body", 1, "mentor_id"]


def test_put_register_status_outside_enum_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    r = put_register(org.caller, s["id"], [{"mentor_id": org.mentor(admin)["id"], "status": "present"}])
    assert_problem(r, 422, 0, "status")


def test_put_register_object_body_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    r = org.caller.put(f"/api/v1/training-sessions/{s['id']}/attendance", json={"entries": []})
    assert_problem(r, 422)


def test_lower_duration_below_partial_hours_answers_409(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=2)
    m = org.mentor(admin)
    register(org.caller, s["id"], [{"mentor_id": m["id"], "status": "partial", "hours": 1.5}])
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"duration_hours": 1})
    assert_problem(r, 409, "duration_hours")
    assert org.caller.get(f"/api/v1/training-sessions/{s['id']}").json()["duration_hours"] == 2


def test_lower_credit_with_partial_hours_recomputes_share(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=2)
    m = org.mentor(admin)
    register(org.caller, s["id"], [{"mentor_id": m["id"], "status": "partial", "hours": 1.5}])
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"credit_hours": 1})
    assert r.status_code == 200, r.text
    assert credited(org.caller, m["id"]) == Decimal("0.75")


def test_list_attendance_filters_by_session_provider_and_dates(
    admin: f.Caller, org: Org, other_org: Org
) -> None:
    m = f.mentor(admin, provider_ids=[org.id, other_org.id])
    october = training_session(org.caller, starts_at="2025-10-31T23:30:00Z")
    november = training_session(org.caller, starts_at="2025-11-01T00:30:00Z")
    elsewhere = training_session(other_org.caller, starts_at="2025-10-15T10:00:00Z")
    for s, caller in ((october, org.caller), (november, org.caller), (elsewhere, other_org.caller)):
        register(caller, s["id"], attended(m))

    def sessions(**params: str) -> set[str]:
        r = admin.get("/api/v1/attendance", params={"mentor_id": m["id"], **params})
        assert r.status_code == 200, r.text
        return {row["training_session_id"] for row in r.json()["items"]}

    assert sessions() == {october["id"], november["id"], elsewhere["id"]}
    assert sessions(provider_id=org.id) == {october["id"], november["id"]}
    assert sessions(training_session_id=elsewhere["id"]) == {elsewhere["id"]}
    assert sessions(date_from="2025-11-01") == {november["id"]}
    assert sessions(date_to="2025-10-31") == {october["id"], elsewhere["id"]}
    assert sessions(date_from="2025-10-16", date_to="2025-10-31") == {october["id"]}
    row = admin.get("/api/v1/attendance", params={"training_session_id": october["id"]}).json()["items"][0]
    assert row["provider_id"] == org.id and row["starts_at"] == "2025-10-31T23:30:00Z"


def _queries(engine: Any, call: Callable[[], Response]) -> int:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert call().status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_list_attendance_many_sessions_runs_bounded_queries(admin: f.Caller, org: Org) -> None:
    few, many = org.mentor(admin), org.mentor(admin)
    for i in range(8):
        s = training_session(org.caller, starts_at=f"2025-10-{7 + i:02d}T15:30:00Z")  # one place at a time
        register(org.caller, s["id"], attended(few, many) if i < 2 else attended(many))
    engine = admin.client.app.state.engine  # type: ignore[attr-defined]
    counts = [
        _queries(engine, lambda m=m: org.caller.get("/api/v1/attendance", params={"mentor_id": m["id"]}))
        for m in (few, many)
    ]
    assert counts[0] == counts[1]
