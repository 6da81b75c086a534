"""A register that cannot lie: training counts once started, partial is clock time, one live place at a time."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests import factories as f
from tests.training.conftest import Org
from tests.training.helpers import assert_problem, attended, credited, put_register, register, training_session


def _at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat().replace("+00:00", "Z")


def _partial(mentor: dict[str, Any], hours: float | str) -> list[dict[str, Any]]:
    return [{"mentor_id": mentor["id"], "status": "partial", "hours": hours}]


@pytest.mark.parametrize("status", ["attended", "partial"])
def test_register_attendance_session_starting_in_one_second_answers_422(
    admin: f.Caller, org: Org, status: str
) -> None:
    s = training_session(org.caller, starts_at=_at(timedelta(seconds=1)))
    m = org.mentor(admin)
    r = put_register(org.caller, s["id"], [{"mentor_id": m["id"], "status": status, "hours": 0.5}])
    assert "started" in assert_problem(r, 422, 0, "status")["errors"][0]["msg"]
    assert register(org.caller, s["id"], []) == []


@pytest.mark.parametrize("status", ["attended", "partial"])
def test_register_attendance_session_started_one_second_ago_counts(admin: f.Caller, org: Org, status: str) -> None:
    s = training_session(org.caller, starts_at=_at(timedelta(seconds=-1)))
    m = org.mentor(admin)
    rows = register(org.caller, s["id"], [{"mentor_id": m["id"], "status": status, "hours": 1}])
    assert rows[0]["status"] == status and rows[0]["credited_hours"] == 1


@pytest.mark.parametrize("status", ["absent", "excused"])
def test_register_absence_future_session_is_accepted(admin: f.Caller, org: Org, status: str) -> None:
    s = training_session(org.caller, starts_at=_at(timedelta(days=20)))
    m = org.mentor(admin)
    rows = register(org.caller, s["id"], [{"mentor_id": m["id"], "status": status}])
    assert (rows[0]["hours"], rows[0]["credited_hours"]) == (0, 0)


def test_create_completed_session_in_future_answers_422(org: Org) -> None:
    r = org.caller.post("/api/v1/training-sessions", json={
        "title": "Tonight", "starts_at": _at(timedelta(hours=1)), "duration_hours": 1, "mode": "in_person",
        "status": "completed"})
    assert_problem(r, 422, "status")


def test_complete_session_before_and_after_start_answers_422_then_200(org: Org) -> None:
    s = training_session(org.caller, starts_at=_at(timedelta(seconds=1)))
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": "completed"})
    assert_problem(r, 422, "status")
    past = training_session(org.caller, starts_at=_at(timedelta(seconds=-1)))
    r = org.caller.patch(f"/api/v1/training-sessions/{past['id']}", json={"status": "completed"})
    assert r.status_code == 200 and r.json()["status"] == "completed"


def test_move_session_with_attendance_into_future_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    register(org.caller, s["id"], attended(org.mentor(admin)))
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"starts_at": _at(timedelta(days=1))})
    assert_problem(r, 422, "starts_at")


@pytest.mark.parametrize(
    ("duration", "credit", "given", "earned"),
    [(1, "0.86", "0.5", "0.43"), (3, 1, "0.5", "0.16"), (1, "0.86", 1, "0.86"), (2, 3, "0.9", "1.35")],
)
def test_register_partial_clock_time_earns_share_rounded_down(
    admin: f.Caller, org: Org, duration: int, credit: Any, given: Any, earned: str
) -> None:
    s = training_session(org.caller, duration_hours=duration, credit_hours=credit)
    m = org.mentor(admin)
    rows = register(org.caller, s["id"], _partial(m, given))
    assert Decimal(str(rows[0]["hours"])) == Decimal(str(given))
    assert Decimal(str(rows[0]["credited_hours"])) == Decimal(earned)
    assert credited(org.caller, m["id"]) == Decimal(earned)


def test_register_partial_above_duration_answers_422(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=1, credit_hours="0.86")
    r = put_register(org.caller, s["id"], _partial(org.mentor(admin), "1.01"))
    assert "duration (1)" in assert_problem(r, 422, 0, "hours")["errors"][0]["msg"]


def test_register_attended_reads_back_duration_and_credit(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=1, credit_hours="0.86")
    m = org.mentor(admin)
    rows = register(org.caller, s["id"], attended(m))
    assert (rows[0]["hours"], rows[0]["credited_hours"]) == (1, 0.86)
    again = register(org.caller, s["id"], [{"mentor_id": m["id"], "status": "attended", "hours": 1}])
    assert again[0]["id"] == rows[0]["id"] and again[0]["updated_at"] == rows[0]["updated_at"]


def _two(org: Org, second_start: str, mode: str = "live_online") -> tuple[dict[str, Any], dict[str, Any]]:
    first = training_session(org.caller, title="First", starts_at="2025-10-07T15:00:00Z", duration_hours=2)
    return first, training_session(org.caller, title="Second", starts_at=second_start, mode=mode)


def test_register_session_touching_end_to_start_is_no_overlap(admin: f.Caller, org: Org) -> None:
    first, second = _two(org, "2025-10-07T17:00:00Z")
    m = org.mentor(admin)
    register(org.caller, first["id"], attended(m))
    assert register(org.caller, second["id"], attended(m))[0]["status"] == "attended"


def test_register_session_one_minute_inside_answers_409_naming_other(admin: f.Caller, org: Org) -> None:
    first, second = _two(org, "2025-10-07T16:59:00Z")
    m = org.mentor(admin)
    register(org.caller, first["id"], attended(m))
    body = assert_problem(put_register(org.caller, second["id"], _partial(m, "0.5")), 409, 0, "mentor_id")
    assert first["id"] in body["errors"][0]["msg"] and "First" in body["errors"][0]["msg"]
    assert register(org.caller, second["id"], [{"mentor_id": m["id"], "status": "absent"}])[0]["hours"] == 0


def test_register_self_study_never_overlaps(admin: f.Caller, org: Org) -> None:
    first, second = _two(org, "2025-10-07T15:30:00Z", mode="self_study")
    m = org.mentor(admin)
    register(org.caller, first["id"], attended(m))
    assert register(org.caller, second["id"], attended(m))[0]["credited_hours"] == 1


def test_register_overlap_with_other_providers_session_answers_409(
    admin: f.Caller, org: Org, other_org: Org
) -> None:
    m = f.mentor(admin, provider_ids=[org.id, other_org.id])
    mine = training_session(org.caller, starts_at="2025-10-07T15:00:00Z", mode="in_person")
    theirs = training_session(other_org.caller, starts_at="2025-10-07T15:30:00Z", mode="visit")
    register(org.caller, mine["id"], attended(m))
    assert_problem(put_register(other_org.caller, theirs["id"], attended(m)), 409, 0, "mentor_id")


def test_move_session_onto_attendees_other_session_answers_409(admin: f.Caller, org: Org) -> None:
    first, second = _two(org, "2025-10-07T17:00:00Z")
    m = org.mentor(admin)
    register(org.caller, first["id"], attended(m))
    register(org.caller, second["id"], attended(m))
    r = org.caller.patch(f"/api/v1/training-sessions/{second['id']}", json={"starts_at": "2025-10-07T16:00:00Z"})
    assert first["id"] in assert_problem(r, 409, "starts_at")["errors"][0]["msg"]
    r = org.caller.patch(f"/api/v1/training-sessions/{first['id']}", json={"duration_hours": "2.01"})
    assert_problem(r, 409, "duration_hours")
    r = org.caller.patch(f"/api/v1/training-sessions/{first['id']}", json={"mode": "self_study"})
    assert r.status_code == 200, r.text
