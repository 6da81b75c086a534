"""Personal data: a mentor's export holds everything about it; erasure anonymises, certificates verify."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.factories import Caller, caller_for, created, provider, school, trainee, unique_digits

PROBLEM = "application/problem+json"


@pytest.fixture
def held(admin: Caller) -> dict[str, Any]:
    """A mentor with a bit of everything: links, a log, attendance, feedback, self-assessment,
    portfolio evidence and a certificate; and its own API client."""
    org, sch = provider(admin), school(admin)
    email, trn = f"grace-{uuid.uuid4().hex[:8]}@example.org", unique_digits(7)
    mentor = created(admin.post("/api/v1/mentors", json={
        "first_name": "Grace", "last_name": "Hopperfield", "email": email, "trn": trn, "school_id": sch["id"],
        "qts_awarded_on": "2015-07-01", "teaching_since": "2015-09-01", "provider_ids": [org["id"]]}))
    mid = mentor["id"]
    created(admin.post("/api/v1/mentoring-logs", json={
        "mentor_id": mid, "trainee_id": trainee(admin, org["id"])["id"], "occurred_on": "2025-02-03",
        "hours": 2, "activity": "observation"}))
    ts = created(admin.post("/api/v1/training-sessions", json={
        "provider_id": org["id"], "title": "Coaching", "mode": "in_person", "duration_hours": 6,
        "credit_hours": 6, "counts_toward": ["lp-stage-1"],
        "starts_at": (datetime.now(UTC) - timedelta(days=3)).isoformat()}))
    assert admin.put(f"/api/v1/training-sessions/{ts['id']}/attendance",
                     json=[{"mentor_id": mid, "status": "attended"}]).status_code == 200
    created(admin.post(f"/api/v1/training-sessions/{ts['id']}/feedback",
                       json={"rating": 5, "mentor_id": mid}))
    created(admin.post("/api/v1/self-assessments", json={"mentor_id": mid}))
    portfolio = created(admin.post("/api/v1/portfolios", json={"mentor_id": mid, "provider_id": org["id"]}))
    created(admin.post(f"/api/v1/portfolios/{portfolio['id']}/evidence", json={
        "section": "tutorial", "title": "Observation notes", "kind": "other", "annotation": "LP2-T01"}))
    certificate = created(admin.post("/api/v1/certificates", json={
        "mentor_id": mid, "award": "lp-stage-1", "provider_id": org["id"]}))  # issued: external has no credential
    return {"mentor": mentor, "email": email, "trn": trn, "certificate": certificate,
            "me": caller_for(admin, "mentor", mentor_id=mid)}


def test_export_by_admin_holds_every_record_about_the_mentor(admin: Caller, held: dict[str, Any]) -> None:
    r = admin.get(f"/api/v1/mentors/{held['mentor']['id']}/export")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mentor"]["email"] == held["email"] and body["mentor"]["trn"] == held["trn"]
    kinds = set(body["records"])
    assert {"mentor_provider", "mentoring_log", "attendance", "session_feedback", "self_assessment",
            "portfolio", "portfolio_evidence", "certificate", "api_client"} <= kinds, kinds
    assert body["records"]["api_client"][0]["secret_hash"] == "[redacted]"
    resources = {e["resource"] for e in body["audit_events"]}
    assert {"mentor", "certificate", "portfolio"} <= resources


def test_export_by_the_mentor_itself_answers_200(held: dict[str, Any]) -> None:
    r = held["me"].get(f"/api/v1/mentors/{held['mentor']['id']}/export")
    assert r.status_code == 200 and r.json()["mentor_id"] == held["mentor"]["id"]


def test_export_by_another_mentor_answers_404(admin: Caller, held: dict[str, Any]) -> None:
    other = created(admin.post("/api/v1/mentors", json={
        "first_name": "Other", "last_name": "Mentor", "email": f"o-{uuid.uuid4().hex[:8]}@example.org"}))
    outsider = caller_for(admin, "mentor", mentor_id=other["id"])
    r = outsider.get(f"/api/v1/mentors/{held['mentor']['id']}/export")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_export_or_erase_by_a_provider_answers_403(admin: Caller, held: dict[str, Any]) -> None:
    linked = caller_for(admin, "provider", provider_id=held["certificate"]["provider_id"])
    for method, action in (("GET", "export"), ("POST", "erase")):
        r = linked.request(method, f"/api/v1/mentors/{held['mentor']['id']}/{action}")
        assert r.status_code == 403 and r.headers["content-type"] == PROBLEM


def test_erase_unknown_mentor_answers_404(admin: Caller) -> None:
    r = admin.post(f"/api/v1/mentors/{uuid.uuid4()}/erase")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_erase_anonymises_personal_fields_everywhere(admin: Caller, held: dict[str, Any]) -> None:
    mid = held["mentor"]["id"]
    r = admin.post(f"/api/v1/mentors/{mid}/erase")
    assert r.status_code == 200, r.text
    assert r.json()["disabled_api_clients"] == 1 and r.json()["scrubbed_audit_events"] >= 1
    mentor = admin.get(f"/api/v1/mentors/{mid}").json()
    assert mentor["email"] == f"erased-{mid}@invalid" and mentor["trn"] is None
    assert (mentor["first_name"], mentor["last_name"]) == ("Erased", "Mentor")
    text = admin.get(f"/api/v1/mentors/{mid}/export").text
    text += admin.get("/api/v1/audit-events", params={"mentor_id": mid, "limit": 500}).text
    for personal in ("Grace", "Hopperfield", held["email"], held["trn"]):
        assert personal not in text
    assert held["me"].get(f"/api/v1/mentors/{mid}").status_code == 401


def test_erase_keeps_certificates_and_their_credentials_valid(admin: Caller, held: dict[str, Any]) -> None:
    certificate = held["certificate"]
    credential = admin.get(f"/api/v1/certificates/{certificate['id']}/credential").json()["credential"]
    first = admin.post(f"/api/v1/mentors/{held['mentor']['id']}/erase").json()
    again = admin.post(f"/api/v1/mentors/{held['mentor']['id']}/erase").json()
    assert again["erased_at"] == first["erased_at"]
    assert admin.get(f"/api/v1/certificates/{certificate['id']}").status_code == 200
    for token in (credential,
                  admin.get(f"/api/v1/certificates/{certificate['id']}/credential").json()["credential"]):
        r = admin.client.post("/api/v1/credentials/verify", json={"credential": token})
        assert r.status_code == 200 and r.json()["status"] == "valid", r.text
