"""Programmes and training sessions: creation, filters, changes and refused input."""

import pytest

from tests import factories as f
from tests.training.conftest import Org
from tests.training.helpers import assert_problem, programme, training_session


def test_create_programme_provider_defaults_to_caller(org: Org) -> None:
    p = programme(
        org.caller,
        name="Returning to Mentoring",
        academic_year="2025/26",
        phase="secondary",
        level="intermediate",
    )
    assert p["provider_id"] == org.id and p["level"] == "intermediate" and p["academic_year"] == "2025/26"
    assert org.caller.get(f"/api/v1/programmes/{p['id']}").json() == p


def test_create_programme_admin_without_provider_answers_422(admin: f.Caller) -> None:
    r = admin.post("/api/v1/programmes", json={"name": "X", "academic_year": "2025/26"})
    assert_problem(r, 422, "provider_id")


@pytest.mark.parametrize("year", ["2025/27", "2025-26", "25/26"])
def test_create_programme_bad_academic_year_answers_422(org: Org, year: str) -> None:
    r = org.caller.post("/api/v1/programmes", json={"name": "X", "academic_year": year})
    assert_problem(r, 422, "academic_year")


def test_create_programme_level_outside_enum_answers_422(org: Org) -> None:
    r = org.caller.post(
        "/api/v1/programmes", json={"name": "X", "academic_year": "2025/26", "level": "returning"}
    )
    assert_problem(r, 422, "level")


def test_update_programme_changes_fields_and_refuses_null_name(org: Org) -> None:
    p = programme(org.caller)
    r = org.caller.patch(f"/api/v1/programmes/{p['id']}", json={"level": "extending", "phase": "primary"})
    assert r.status_code == 200 and (r.json()["level"], r.json()["phase"]) == ("extending", "primary")
    assert_problem(org.caller.patch(f"/api/v1/programmes/{p['id']}", json={"name": None}), 422, "name")


def test_list_programmes_filters_by_year_and_level(org: Org) -> None:
    a = programme(org.caller, academic_year="2023/24", level="beginner")
    programme(org.caller, academic_year="2023/24", level="extending")
    r = org.caller.get(
        "/api/v1/programmes", params={"provider_id": org.id, "academic_year": "2023/24", "level": "beginner"}
    )
    assert [p["id"] for p in r.json()["items"]] == [a["id"]]


def test_create_session_defaults_credit_to_duration(org: Org) -> None:
    s = training_session(
        org.caller, duration_hours=1.75, optional=True, capacity=30, outcome_codes=["LP2-A13"]
    )
    assert (s["duration_hours"], s["credit_hours"], s["status"], s["optional"]) == (
        1.75,
        1.75,
        "scheduled",
        True,
    )
    assert s["provider_id"] == org.id and s["outcome_codes"] == ["LP2-A13"] and s["capacity"] == 30


def test_create_session_unknown_award_code_answers_422(org: Org) -> None:
    r = org.caller.post(
        "/api/v1/training-sessions",
        json={
            "title": "T",
            "starts_at": "2025-10-01T10:00:00Z",
            "duration_hours": 1,
            "mode": "in_person",
            "counts_toward": ["lp-stage-1", "no-such-award"],
        },
    )
    assert_problem(r, 422, "counts_toward", 1)


def test_create_session_unknown_outcome_code_answers_422(org: Org) -> None:
    r = org.caller.post(
        "/api/v1/training-sessions",
        json={
            "title": "T",
            "starts_at": "2025-10-01T10:00:00Z",
            "duration_hours": 1,
            "mode": "in_person",
            "outcome_codes": ["LP1-T01", "LP1-T14"],
        },
    )
    assert_problem(r, 422, "outcome_codes", 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mode", "hybrid"),
        ("status", "postponed"),
        ("duration_hours", 0),
        ("duration_hours", 1.005),
        ("credit_hours", -1),
        ("join_url", "teams meeting"),
        ("capacity", 0),
    ],
)
def test_create_session_bad_field_answers_422(org: Org, field: str, value: object) -> None:
    body = {
        "title": "T",
        "starts_at": "2025-10-01T10:00:00Z",
        "duration_hours": 1,
        "mode": "in_person",
        field: value,
    }
    assert_problem(org.caller.post("/api/v1/training-sessions", json=body), 422, field)


def test_create_session_programme_of_other_provider_answers_422(org: Org, other_org: Org) -> None:
    p = programme(other_org.caller)
    r = org.caller.post(
        "/api/v1/training-sessions",
        json={
            "programme_id": p["id"],
            "title": "T",
            "starts_at": "2025-10-01T10:00:00Z",
            "duration_hours": 1,
            "mode": "visit",
        },
    )
    assert_problem(r, 422, "programme_id")


def test_create_session_for_other_provider_answers_403(org: Org, other_org: Org) -> None:
    r = org.caller.post(
        "/api/v1/training-sessions",
        json={
            "provider_id": other_org.id,
            "title": "T",
            "starts_at": "2025-10-01T10:00:00Z",
            "duration_hours": 1,
            "mode": "visit",
        },
    )
    assert_problem(r, 403)


def test_update_session_mode_or_status_outside_enum_answers_422(org: Org) -> None:
    s = training_session(org.caller)
    assert_problem(
        org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"mode": "webinar"}), 422, "mode"
    )
    assert_problem(
        org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": "done"}), 422, "status"
    )
    assert_problem(
        org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": None}), 422, "status"
    )


def test_update_session_unknown_award_answers_422(org: Org) -> None:
    s = training_session(org.caller)
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"counts_toward": ["nope"]})
    assert_problem(r, 422, "counts_toward", 0)


def test_update_session_cancelled_to_completed_answers_409(org: Org) -> None:
    s = training_session(org.caller, status="cancelled")
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": "completed"})
    assert_problem(r, 409, "status")


def test_list_sessions_filters(org: Org) -> None:
    p = programme(org.caller)
    a = training_session(
        org.caller,
        programme_id=p["id"],
        mode="visit",
        counts_toward=["dfe-initial"],
        starts_at="2026-01-10T09:00:00Z",
    )
    b = training_session(
        org.caller,
        programme_id=p["id"],
        mode="visit",
        counts_toward=["lp-stage-1"],
        starts_at="2026-02-10T09:00:00Z",
        status="completed",
    )

    def ids(**params: str) -> list[str]:
        r = org.caller.get("/api/v1/training-sessions", params={"programme_id": p["id"], **params})
        assert r.status_code == 200, r.text
        return [s["id"] for s in r.json()["items"]]

    assert ids() == [a["id"], b["id"]]
    assert ids(counts_toward="dfe-initial") == [a["id"]]
    assert ids(counts_toward="lp-stage") == []
    assert ids(status="completed") == [b["id"]]
    assert ids(starts_from="2026-02-01T00:00:00Z") == [b["id"]]
    assert ids(starts_to="2026-02-01T00:00:00Z") == [a["id"]]
    assert ids(mode="in_person") == []
    assert_problem(org.caller.get("/api/v1/training-sessions", params={"mode": "hybrid"}), 422)
