"""Who sees and changes which programmes, sessions and attendance."""

import pytest

from tests import factories as f
from tests.training.conftest import Org
from tests.training.helpers import (
    assert_problem,
    attended,
    programme,
    put_register,
    register,
    training_session,
)


def test_other_provider_cannot_read_or_write_session(admin: f.Caller, org: Org, other_org: Org) -> None:
    s = training_session(org.caller)
    p = programme(org.caller)
    m = org.mentor(admin)
    base = f"/api/v1/training-sessions/{s['id']}"
    assert_problem(other_org.caller.get(base), 404)
    assert_problem(other_org.caller.patch(base, json={"status": "cancelled"}), 404)
    assert_problem(other_org.caller.get(f"{base}/attendance"), 404)
    assert_problem(put_register(other_org.caller, s["id"], attended(m)), 404)
    assert_problem(other_org.caller.get(f"/api/v1/programmes/{p['id']}"), 404)
    assert_problem(other_org.caller.patch(f"/api/v1/programmes/{p['id']}", json={"name": "x"}), 404)
    listed = other_org.caller.get("/api/v1/training-sessions", params={"provider_id": org.id}).json()["items"]
    assert listed == []


@pytest.mark.parametrize("role", ["school", "mentor"])
def test_school_or_mentor_put_register_answers_403(admin: f.Caller, org: Org, role: str) -> None:
    school = f.school(admin)
    m = org.mentor(admin, school_id=school["id"])
    caller = f.caller_for(
        admin, role, **({"school_id": school["id"]} if role == "school" else {"mentor_id": m["id"]})
    )
    s = training_session(org.caller)
    assert_problem(put_register(caller, s["id"], attended(m)), 403)
    assert_problem(
        caller.post(
            "/api/v1/training-sessions",
            json={
                "title": "T",
                "starts_at": "2025-10-01T10:00:00Z",
                "duration_hours": 1,
                "mode": "visit",
                "provider_id": org.id,
            },
        ),
        403,
    )


def test_school_reads_only_its_mentors_attendance(admin: f.Caller, org: Org) -> None:
    mine, theirs = f.school(admin), f.school(admin)
    a = org.mentor(admin, school_id=mine["id"])
    b = org.mentor(admin, school_id=theirs["id"])
    s = training_session(org.caller)
    register(org.caller, s["id"], attended(a, b))
    school = f.caller_for(admin, "school", school_id=mine["id"])
    rows = school.get("/api/v1/attendance", params={"training_session_id": s["id"]}).json()["items"]
    assert [r["mentor_id"] for r in rows] == [a["id"]]
    assert school.get("/api/v1/attendance", params={"mentor_id": b["id"]}).json()["items"] == []
    register_rows = school.get(f"/api/v1/training-sessions/{s['id']}/attendance").json()["items"]
    assert [r["mentor_id"] for r in register_rows] == [a["id"]]


def test_mentor_sees_sessions_of_its_providers_and_own_attendance(
    admin: f.Caller, org: Org, other_org: Org
) -> None:
    me, peer = org.mentor(admin), org.mentor(admin)
    mine = training_session(org.caller)
    elsewhere = training_session(other_org.caller)
    register(org.caller, mine["id"], attended(me, peer))
    mentor = f.caller_for(admin, "mentor", mentor_id=me["id"])
    assert mentor.get(f"/api/v1/training-sessions/{mine['id']}").status_code == 200
    assert_problem(mentor.get(f"/api/v1/training-sessions/{elsewhere['id']}"), 404)
    ids = {s["id"] for s in mentor.get("/api/v1/training-sessions", params={"limit": 500}).json()["items"]}
    assert mine["id"] in ids and elsewhere["id"] not in ids
    rows = mentor.get("/api/v1/attendance").json()["items"]
    assert [r["mentor_id"] for r in rows] == [me["id"]]
    assert [
        r["mentor_id"]
        for r in mentor.get(f"/api/v1/training-sessions/{mine['id']}/attendance").json()["items"]
    ] == [me["id"]]
    assert_problem(mentor.patch(f"/api/v1/training-sessions/{mine['id']}", json={"title": "x"}), 403)


def test_provider_reads_linked_mentors_attendance_elsewhere(
    admin: f.Caller, org: Org, other_org: Org
) -> None:
    shared = f.mentor(admin, provider_ids=[org.id, other_org.id])
    outsider = other_org.mentor(admin)
    s = training_session(other_org.caller, duration_hours=2)
    register(other_org.caller, s["id"], attended(shared, outsider))
    rows = org.caller.get("/api/v1/attendance", params={"training_session_id": s["id"]}).json()["items"]
    assert [(r["mentor_id"], r["hours"]) for r in rows] == [(shared["id"], 2)]
