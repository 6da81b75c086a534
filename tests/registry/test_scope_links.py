"""Links come from the mentor's side: a provider reaches only mentors linked to it, and naming any other
mentor (register, attendance import, certificate) answers exactly as for a mentor that does not exist."""

import uuid
from typing import Any

from httpx import Response

from tests import factories as f
from tests.imports.helpers import csv_body, post_csv

ATTENDANCE = ["training_session_id", "mentor_id", "mentor_email", "status"]


def _provider(admin: f.Caller) -> tuple[dict[str, Any], f.Caller]:
    p = f.provider(admin)
    return p, f.caller_for(admin, "provider", provider_id=p["id"])


def _unlinked(admin: f.Caller) -> dict[str, Any]:
    """A mentor of a school, training with another provider only."""
    return f.mentor(admin, school_id=f.school(admin)["id"], provider_ids=[f.provider(admin)["id"]])


def _session(caller: f.Caller) -> str:
    body = {"title": "Core", "starts_at": "2025-10-07T15:30:00Z", "duration_hours": 1, "mode": "live_online"}
    return str(f.created(caller.post("/api/v1/training-sessions", json=body))["id"])


def _answer(r: Response) -> tuple[int, str, list[Any]]:
    """What the caller learns: status, detail and the errors."""
    body = r.json()
    return r.status_code, body["detail"], body.get("errors", [])


def _import_errors(r: Response) -> list[tuple[Any, Any, Any]]:
    assert r.status_code == 422, r.text
    return [(e["row"], e["field"], e["msg"]) for e in r.json()["job"]["errors"]]


def test_put_register_unlinked_mentor_answers_like_unknown_and_links_nothing(admin: f.Caller) -> None:
    p, caller = _provider(admin)
    m, session_id = _unlinked(admin), _session(caller)
    url = f"/api/v1/training-sessions/{session_id}/attendance"
    for status in ("absent", "attended"):
        unlinked = caller.put(url, json=[{"mentor_id": m["id"], "status": status}])
        unknown = caller.put(url, json=[{"mentor_id": str(uuid.uuid4()), "status": status}])
        assert unlinked.status_code == 422 and _answer(unlinked) == _answer(unknown)
        assert unlinked.json()["errors"][0]["loc"] == ["body", 0, "mentor_id"]
    assert caller.get(f"/api/v1/mentors/{m['id']}").status_code == 404
    assert p["id"] not in admin.get(f"/api/v1/mentors/{m['id']}").json()["provider_ids"]
    assert caller.get(url).json()["items"] == []


def test_put_register_linked_mentor_keeps_links_unchanged(admin: f.Caller) -> None:
    p, caller = _provider(admin)
    other = f.provider(admin)
    m = f.mentor(admin, provider_ids=[other["id"], p["id"]])
    r = caller.put(f"/api/v1/training-sessions/{_session(caller)}/attendance",
                   json=[{"mentor_id": m["id"], "status": "attended"}])
    assert r.status_code == 200, r.text
    assert admin.get(f"/api/v1/mentors/{m['id']}").json()["provider_ids"] == [other["id"], p["id"]]


def test_import_attendance_unlinked_mentor_answers_like_unknown_and_links_nothing(admin: f.Caller) -> None:
    p, caller = _provider(admin)
    m, session_id = _unlinked(admin), _session(caller)
    for field, unlinked, unknown in (("mentor_id", m["id"], str(uuid.uuid4())),
                                     ("mentor_email", m["email"], f"nobody-{uuid.uuid4().hex[:8]}@example.org")):
        answers = []
        for value in (unlinked, unknown):
            row = {"training_session_id": session_id, field: value, "status": "absent"}
            columns = ["training_session_id", field, "status"]
            answers.append(_import_errors(post_csv(caller, "attendance", csv_body(columns, [row]))))
        assert answers[0] == answers[1] == [(1, field, answers[0][0][2])], answers
    assert caller.get(f"/api/v1/mentors/{m['id']}").status_code == 404
    assert p["id"] not in admin.get(f"/api/v1/mentors/{m['id']}").json()["provider_ids"]
    assert admin.get("/api/v1/attendance", params={"mentor_id": m["id"]}).json()["items"] == []


def test_import_attendance_linked_mentor_by_email_is_written(admin: f.Caller) -> None:
    p, caller = _provider(admin)
    m = f.mentor(admin, provider_ids=[p["id"]])
    row = {"training_session_id": _session(caller), "mentor_email": m["email"], "status": "attended"}
    r = post_csv(caller, "attendance", csv_body(ATTENDANCE, [row]))
    assert r.status_code == 201 and r.json()["counts"]["created"] == 1, r.text


def test_issue_certificate_unlinked_mentor_answers_like_unknown(admin: f.Caller) -> None:
    _, caller = _provider(admin)
    m = _unlinked(admin)
    body = {"award": "lp-stage-1", "external": True, "evidence": "certificate seen"}
    unlinked = caller.post("/api/v1/certificates", json={**body, "mentor_id": m["id"]})
    unknown = caller.post("/api/v1/certificates", json={**body, "mentor_id": str(uuid.uuid4())})
    assert unlinked.status_code == 404 and _answer(unlinked) == _answer(unknown)
    assert admin.get("/api/v1/certificates", params={"mentor_id": m["id"]}).json()["items"] == []


def test_create_mentor_as_provider_naming_other_provider_answers_422(admin: f.Caller) -> None:
    p, caller = _provider(admin)
    other = f.provider(admin)
    body = {"first_name": "Ada", "last_name": "L", "email": f"m-{uuid.uuid4().hex[:10]}@example.org",
            "provider_ids": [p["id"], other["id"]]}
    r = caller.post("/api/v1/mentors", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "provider_ids", 1]
    assert admin.get("/api/v1/mentors", params={"email": body["email"]}).json()["items"] == []


def test_create_mentor_as_provider_naming_itself_links_only_it(admin: f.Caller) -> None:
    p, caller = _provider(admin)
    assert f.mentor(caller, provider_ids=[p["id"]])["provider_ids"] == [p["id"]]
    assert f.mentor(caller)["provider_ids"] == [p["id"]]
