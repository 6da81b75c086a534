"""Revoking (never deleting) and who reads certificates: the passport across providers."""

from fastapi.testclient import TestClient

from tests import factories as f
from tests.certificates.conftest import Passport
from tests.eligibility import builders as b

PROBLEM = "application/problem+json"


def _external(
    caller: f.Caller, mentor_id: str, award: str = "lp-stage-1", issued_on: str = "2020-06-01"
) -> dict:
    r = caller.post(
        "/api/v1/certificates",
        json={
            "mentor_id": mentor_id,
            "award": award,
            "issued_on": issued_on,
            "external": True,
            "evidence": "certificate seen",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_revoke_then_not_held_and_reissue_allowed(client: TestClient, world: Passport) -> None:
    m = world.mentor["id"]
    cert = _external(world.pa, m)
    r = world.pa.post(
        f"/api/v1/certificates/{cert['id']}/revoke",
        json={"reason": "issued in error", "revoked_on": "2025-10-01"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["revoked_on"], body["revoked_reason"]) == (
        "revoked",
        "2025-10-01",
        "issued in error",
    )
    url = f"/api/v1/mentors/{m}/eligibility"
    held = {
        d: b.award(world.pa.get(url, params={"as_of": d, "award": "lp-stage-1"}).json(), "lp-stage-1")["held"]
        for d in ("2025-09-30", "2025-10-01")
    }
    assert held == {"2025-09-30": True, "2025-10-01": False}
    assert world.pa.get(f"/api/v1/certificates/{cert['id']}").json()["status"] == "revoked"  # never deleted
    # Not held from 2025-10-01: another record from then on is not the award held twice.
    assert _external(world.pb, m, issued_on="2025-10-01")["status"] == "valid"


def test_revoke_by_reader_not_issuer_403_and_twice_409(admin: f.Caller, world: Passport) -> None:
    cert = _external(world.pa, world.mentor["id"])
    url = f"/api/v1/certificates/{cert['id']}/revoke"
    assert world.pb.post(url, json={"reason": "not ours"}).status_code == 403
    assert world.pa.post(url, json={"reason": "wrong"}).status_code == 200
    r = admin.post(url, json={"reason": "again"})
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM


def test_revoke_before_issue_date_or_without_reason_422(world: Passport) -> None:
    cert = _external(world.pa, world.mentor["id"])
    url = f"/api/v1/certificates/{cert['id']}/revoke"
    assert world.pa.post(url, json={"reason": "x", "revoked_on": "2019-01-01"}).status_code == 422
    assert world.pa.post(url, json={"reason": ""}).status_code == 422


def test_read_certificate_by_school_mentor_and_linked_providers_only(
    admin: f.Caller, world: Passport
) -> None:
    m = world.mentor["id"]
    cert = _external(world.pa, m)
    url = f"/api/v1/certificates/{cert['id']}"
    school = f.caller_for(admin, "school", school_id=world.school["id"])
    mentor = f.caller_for(admin, "mentor", mentor_id=m)
    for reader in (admin, world.pa, world.pb, school, mentor):
        assert reader.get(url).status_code == 200
    other_school = f.caller_for(admin, "school", school_id=f.school(admin)["id"])
    other_provider = f.caller_for(admin, "provider", provider_id=f.provider(admin)["id"])
    for stranger in (other_school, other_provider):
        r = stranger.get(url)
        assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
        assert stranger.get("/api/v1/certificates", params={"mentor_id": m}).json()["items"] == []


def test_read_own_issued_certificate_after_mentor_unlinked(admin: f.Caller, world: Passport) -> None:
    cert = _external(world.pa, world.mentor["id"])
    r = admin.patch(f"/api/v1/mentors/{world.mentor['id']}", json={"provider_ids": [world.b["id"]]})
    assert r.status_code == 200, r.text
    assert world.pa.get(f"/api/v1/certificates/{cert['id']}").status_code == 200
    assert (
        world.pa.get("/api/v1/certificates", params={"provider_id": world.a["id"]}).json()["items"][0]["id"]
        == cert["id"]
    )


def test_list_certificates_filters_and_pages(world: Passport) -> None:
    m = world.mentor["id"]
    first = _external(world.pa, m, "lp-stage-1")
    second = _external(world.pb, m, "dfe-initial")
    ids = {c["id"] for c in world.pa.get("/api/v1/certificates", params={"mentor_id": m}).json()["items"]}
    assert ids == {first["id"], second["id"]}
    by_award = world.pa.get("/api/v1/certificates", params={"mentor_id": m, "award": "dfe-initial"}).json()
    assert [c["id"] for c in by_award["items"]] == [second["id"]]
    page = world.pa.get("/api/v1/certificates", params={"mentor_id": m, "limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = world.pa.get(
        "/api/v1/certificates", params={"mentor_id": m, "limit": 1, "cursor": page["next_cursor"]}
    )
    assert {page["items"][0]["id"], rest.json()["items"][0]["id"]} == ids
