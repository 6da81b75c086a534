"""Importing schools, trainees, mentors and attendance: natural keys, updates, scope."""

from typing import Any

from tests import factories as f
from tests.imports.helpers import csv_body, post_csv


def _errors(r: Any) -> list[tuple[int, str | None]]:
    return [(e["row"], e["field"]) for e in r.json()["job"]["errors"]]


def test_import_schools_by_urn_creates_then_updates(admin: f.Caller) -> None:
    urns = [f.unique_digits(6) for _ in range(3)]
    rows = [{"urn": u, "name": f"School {u}", "phase": "primary"} for u in urns]
    r = post_csv(admin, "schools", csv_body(["urn", "name", "phase"], rows))
    assert r.status_code == 201, r.text and r.json()["counts"]["created"] == 3
    rows[1]["name"] = "Renamed"
    job = post_csv(admin, "schools", csv_body(["urn", "name", "phase"], rows)).json()
    assert job["counts"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert admin.get("/api/v1/schools", params={"urn": urns[1]}).json()["items"][0]["name"] == "Renamed"


def test_import_schools_as_school_is_403(admin: f.Caller) -> None:
    school = f.school(admin)
    caller = f.caller_for(admin, "school", school_id=school["id"])
    assert post_csv(caller, "schools", csv_body(["urn", "name"], [])).status_code == 403


def test_import_trainees_provider_defaults_to_itself(admin: f.Caller) -> None:
    provider, other = f.provider(admin), f.provider(admin)
    caller = f.caller_for(admin, "provider", provider_id=provider["id"])
    rows = [
        {"reference": f"R-{f.unique_digits(6)}", "first_name": "Sam", "last_name": str(i), "route": "pgce"}
        for i in range(3)
    ]
    body = csv_body(["reference", "first_name", "last_name", "route"], rows)
    assert post_csv(caller, "trainees", body).json()["counts"]["created"] == 3
    assert post_csv(caller, "trainees", body).json()["counts"]["unchanged"] == 3
    listed = caller.get("/api/v1/trainees", params={"reference": rows[0]["reference"]}).json()["items"]
    assert [t["provider_id"] for t in listed] == [provider["id"]]
    bad = [{**rows[0], "provider_id": other["id"]}]
    r = post_csv(caller, "trainees", csv_body(["provider_id", "reference", "first_name", "last_name"], bad))
    assert r.status_code == 422 and _errors(r) == [(1, "provider_id")]


def test_import_mentors_with_lists_then_unchanged(admin: f.Caller) -> None:
    provider = f.provider(admin)
    school = f.school(admin)
    caller = f.caller_for(admin, "school", school_id=school["id"])
    columns = [
        "first_name",
        "last_name",
        "email",
        "trn",
        "roles",
        "declarations",
        "provider_ids",
        "qts_awarded_on",
    ]
    rows = [
        {
            "first_name": "Ada",
            "last_name": str(i),
            "email": f"Ada{f.unique_digits(8)}@Example.org",
            "trn": f.unique_digits(7),
            "roles": "lead_mentor;subject_mentor",
            "declarations": "professional_standards_2007:2015-01-01",
            "provider_ids": provider["id"],
            "qts_awarded_on": "2012-07-01",
        }
        for i in range(2)
    ]
    r = post_csv(caller, "mentors", csv_body(columns, rows))
    assert r.status_code == 201, r.text
    assert r.json()["counts"]["created"] == 2
    mentor = caller.get("/api/v1/mentors", params={"email": rows[0]["email"]}).json()["items"][0]
    assert mentor["school_id"] == school["id"] and mentor["roles"] == ["lead_mentor", "subject_mentor"]
    assert mentor["provider_ids"] == [provider["id"]] and mentor["email"] == rows[0]["email"].lower()
    assert mentor["declarations"] == [{"code": "professional_standards_2007", "made_on": "2015-01-01"}]
    assert post_csv(caller, "mentors", csv_body(columns, rows)).json()["counts"]["unchanged"] == 2
    rows[0]["provider_ids"] = ""
    assert post_csv(caller, "mentors", csv_body(columns, rows)).json()["counts"]["updated"] == 1
    assert caller.get(f"/api/v1/mentors/{mentor['id']}").json()["provider_ids"] == []


def test_import_mentor_of_another_school_writes_nothing(admin: f.Caller) -> None:
    mine, theirs = f.school(admin), f.school(admin)
    caller = f.caller_for(admin, "school", school_id=mine["id"])
    other = f.mentor(f.caller_for(admin, "school", school_id=theirs["id"]))
    new_email = f"new{f.unique_digits(8)}@example.org"
    rows = [
        {"first_name": "New", "last_name": "One", "email": new_email},
        {"first_name": "Taken", "last_name": "Over", "email": other["email"]},
    ]
    r = post_csv(caller, "mentors", csv_body(["first_name", "last_name", "email"], rows))
    assert r.status_code == 422 and _errors(r) == [(2, "email")]
    assert admin.get(f"/api/v1/mentors/{other['id']}").json()["last_name"] == other["last_name"]
    assert admin.get("/api/v1/mentors", params={"email": new_email}).json()["items"] == []
    r = post_csv(
        caller,
        "mentors",
        csv_body(["first_name", "last_name", "email", "school_id"], [{**rows[0], "school_id": theirs["id"]}]),
    )
    assert r.status_code == 422 and _errors(r) == [(1, "school_id")]


def test_import_mentor_trn_of_another_mentor_is_refused(admin: f.Caller) -> None:
    one, two = f.mentor(admin), f.mentor(admin)
    rows = [{"first_name": "A", "last_name": "B", "email": one["email"], "trn": two["trn"]}]
    r = post_csv(admin, "mentors", csv_body(["first_name", "last_name", "email", "trn"], rows))
    assert r.status_code == 422 and _errors(r) == [(1, "trn")]


def _session(caller: f.Caller, credit: float = 3, status: str = "scheduled") -> dict[str, Any]:
    body = {
        "title": "Constructing SMART targets",
        "starts_at": "2025-10-01T15:00:00Z",
        "duration_hours": credit,
        "mode": "live_online",
        "status": status,
    }
    return f.created(caller.post("/api/v1/training-sessions", json=body))


def test_import_attendance_earns_session_rules(admin: f.Caller) -> None:
    provider = f.provider(admin)
    caller = f.caller_for(admin, "provider", provider_id=provider["id"])
    session = _session(caller, credit=3)
    mentors = [f.mentor(admin, provider_ids=[provider["id"]]) for _ in range(3)]
    rows = [
        {"training_session_id": session["id"], "mentor_id": mentors[0]["id"], "status": "attended"},
        {
            "training_session_id": session["id"],
            "mentor_id": mentors[1]["id"],
            "status": "partial",
            "hours": "1.5",
        },
        {"training_session_id": session["id"], "mentor_id": mentors[2]["id"], "status": "absent"},
    ]
    body = csv_body(["training_session_id", "mentor_id", "status", "hours"], rows)
    r = post_csv(caller, "attendance", body)
    assert r.status_code == 201, r.text
    assert r.json()["counts"]["created"] == 3
    got = caller.get("/api/v1/attendance", params={"training_session_id": session["id"]}).json()["items"]
    assert {(a["mentor_id"], a["status"], a["hours"]) for a in got} == {
        (mentors[0]["id"], "attended", 3.0),
        (mentors[1]["id"], "partial", 1.5),
        (mentors[2]["id"], "absent", 0.0),
    }
    assert post_csv(caller, "attendance", body).json()["counts"]["unchanged"] == 3
    assert admin.get(f"/api/v1/mentors/{mentors[0]['id']}").json()["provider_ids"] == [provider["id"]]


def test_import_attendance_rule_breaks_and_other_providers_sessions_are_named(admin: f.Caller) -> None:
    provider, other = f.provider(admin), f.provider(admin)
    caller = f.caller_for(admin, "provider", provider_id=provider["id"])
    mine = _session(caller, credit=2)
    theirs = _session(f.caller_for(admin, "provider", provider_id=other["id"]))
    mentor, second = (f.mentor(admin, provider_ids=[provider["id"]]) for _ in range(2))
    rows = [
        {"training_session_id": mine["id"], "mentor_id": mentor["id"], "status": "partial", "hours": "2.5"},
        {"training_session_id": theirs["id"], "mentor_id": mentor["id"], "status": "attended"},
        {"training_session_id": mine["id"], "mentor_id": second["id"], "status": "excused", "hours": "1"},
    ]
    r = post_csv(
        caller, "attendance", csv_body(["training_session_id", "mentor_id", "status", "hours"], rows)
    )
    assert r.status_code == 422
    assert _errors(r) == [(1, "hours"), (2, "training_session_id"), (3, "hours")]
    assert "duration (2)" in r.json()["job"]["errors"][0]["msg"]
    assert caller.get("/api/v1/attendance", params={"mentor_id": mentor["id"]}).json()["items"] == []


def test_import_mentor_matched_by_trn_changes_email(admin: f.Caller) -> None:
    mentor = f.mentor(admin)
    email = f"moved{f.unique_digits(8)}@example.org"
    rows = [
        {
            "first_name": mentor["first_name"],
            "last_name": mentor["last_name"],
            "email": email,
            "trn": mentor["trn"],
        }
    ]
    r = admin.post("/api/v1/imports", params={"kind": "mentors"}, json=rows)
    assert r.status_code == 201, r.text
    assert r.json()["counts"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert admin.get(f"/api/v1/mentors/{mentor['id']}").json()["email"] == email
