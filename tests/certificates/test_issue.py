"""Issuing certificates: the passport, eligibility as of the issue date, never twice, external records."""

from fastapi.testclient import TestClient

from tests import factories as f
from tests.certificates.conftest import Passport
from tests.eligibility import builders as b

PROBLEM = "application/problem+json"


def _issue(caller: f.Caller, mentor_id: str, award: str, issued_on: str, **extra: object):
    return caller.post(
        "/api/v1/certificates", json={"mentor_id": mentor_id, "award": award, "issued_on": issued_on, **extra}
    )


def _stage_1(client: TestClient, w: Passport) -> dict:
    """Provider A trains the mentor for 6 face-to-face hours and issues Stage 1 on 2025-10-15."""
    b.trained(client, w.a["id"], w.mentor["id"], "2025-10-01", hours=4, tags=["lp-stage-1"])
    b.trained(
        client, w.a["id"], w.mentor["id"], "2025-10-08", hours=2, tags=["lp-stage-1"], mode="live_online"
    )
    r = _issue(w.pa, w.mentor["id"], "lp-stage-1", "2025-10-15")
    assert r.status_code == 201, r.text
    return r.json()


def test_issue_stage_2_after_other_providers_stage_1_counts_passport(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    w = world
    stage_1 = _stage_1(client, w)
    t1, t2 = f.trainee(w.pb, w.b["id"]), f.trainee(w.pb, w.b["id"])
    b.log(admin, w.mentor["id"], t1["id"], "2025-11-01", 6)
    b.log(admin, w.mentor["id"], t2["id"], "2025-12-01", 6)
    b.trained(client, w.b["id"], w.mentor["id"], "2026-01-10", hours=12, tags=["lp-stage-2-attendance"])

    answer = w.pb.get(
        f"/api/v1/mentors/{w.mentor['id']}/eligibility",
        params={"as_of": "2026-02-01", "award": "lp-stage-2-attendance"},
    ).json()
    decision = b.award(answer, "lp-stage-2-attendance")
    assert decision["eligible"] is True
    assert b.criterion(decision, "stage_1_held")["counted"] == [stage_1["id"]]
    assert b.criterion(decision, "mentoring_since_stage_1")["actual"] == 12

    r = _issue(w.pb, w.mentor["id"], "lp-stage-2-attendance", "2026-02-01")
    assert r.status_code == 201, r.text
    body = r.json()
    assert (
        body["provider_id"] == w.b["id"] and body["status"] == "valid" and body["academic_year"] == "2025/26"
    )
    assert body["decision"]["eligible"] is True and body["decision"]["as_of"] == "2026-02-01"
    seen = w.pb.get("/api/v1/certificates", params={"mentor_id": w.mentor["id"]}).json()["items"]
    assert {c["award"] for c in seen} == {"lp-stage-1", "lp-stage-2-attendance"}


def test_issue_when_not_eligible_422_lists_unmet_criteria(client: TestClient, world: Passport) -> None:
    b.trained(client, world.a["id"], world.mentor["id"], "2025-10-01", hours=4.5, tags=["lp-stage-1"])
    r = _issue(world.pa, world.mentor["id"], "lp-stage-1", "2025-10-15")
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    body = r.json()
    assert [c["code"] for c in body["criteria"]] == ["face_to_face_training"]
    unmet = body["criteria"][0]
    assert (unmet["actual"], unmet["required"], unmet["shortfall"], unmet["met"]) == (4.5, 6, 1.5, False)
    assert (
        world.pa.get("/api/v1/certificates", params={"mentor_id": world.mentor["id"]}).json()["items"] == []
    )


def test_issue_before_training_date_counts_only_earlier_records_422(
    client: TestClient, world: Passport
) -> None:
    b.trained(client, world.a["id"], world.mentor["id"], "2025-10-01", hours=6, tags=["lp-stage-1"])
    assert _issue(world.pa, world.mentor["id"], "lp-stage-1", "2025-09-30").status_code == 422
    assert _issue(world.pa, world.mentor["id"], "lp-stage-1", "2025-10-01").status_code == 201


def test_issue_twice_same_award_409(client: TestClient, world: Passport) -> None:
    _stage_1(client, world)
    r = _issue(world.pb, world.mentor["id"], "lp-stage-1", "2025-11-01")
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    assert "already holds" in r.json()["detail"]


def test_issue_refresher_once_per_academic_year(client: TestClient, world: Passport) -> None:
    w, m = world, world.mentor["id"]
    b.trained(client, w.a["id"], m, "2025-03-01", hours=20, tags=["dfe-initial"])
    assert _issue(w.pa, m, "dfe-initial", "2025-06-01").status_code == 201
    b.trained(client, w.a["id"], m, "2025-10-01", hours=6, tags=["dfe-refresher"])
    first = _issue(w.pa, m, "dfe-refresher", "2025-11-01")
    assert first.status_code == 201, first.text
    assert first.json()["academic_year"] == "2025/26"
    assert _issue(w.pb, m, "dfe-refresher", "2026-01-10").status_code == 409
    assert _issue(w.pa, m, "dfe-refresher", "2026-09-15").status_code == 422  # 2026/27: no hours yet
    b.trained(client, w.b["id"], m, "2026-09-20", hours=6, tags=["dfe-refresher"])
    again = _issue(w.pb, m, "dfe-refresher", "2026-10-01")
    assert again.status_code == 201, again.text
    assert again.json()["academic_year"] == "2026/27"


def test_record_external_certificate_without_training_201_then_409(world: Passport) -> None:
    m = world.mentor["id"]
    r = _issue(
        world.pb,
        m,
        "lp-stage-1",
        "2019-06-01",
        external=True,
        evidence="Paper Stage 1 certificate from Old College, seen 2025-09-10",
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["external"] is True and body["decision"] is None and body["provider_id"] == world.b["id"]
    assert body["evidence"].startswith("Paper Stage 1")
    again = _issue(world.pa, m, "lp-stage-1", "2020-01-01", external=True, evidence="another copy")
    assert again.status_code == 409
    answer = world.pa.get(f"/api/v1/mentors/{m}/eligibility", params={"award": "lp-stage-1"}).json()
    assert b.award(answer, "lp-stage-1")["held"] is True


def test_record_external_without_evidence_422(world: Passport) -> None:
    r = _issue(world.pb, world.mentor["id"], "lp-stage-1", "2019-06-01", external=True)
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "evidence"]


def test_issue_unknown_award_or_future_date_422(world: Passport) -> None:
    m = world.mentor["id"]
    r = _issue(world.pa, m, "no-such-award", "2025-10-01")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "award"]
    r = _issue(world.pa, m, "lp-stage-1", "2999-01-01")
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["issued_on"]


def test_issue_by_school_mentor_or_unlinked_provider_refused(admin: f.Caller, world: Passport) -> None:
    m = world.mentor["id"]
    school = f.caller_for(admin, "school", school_id=world.school["id"])
    mentor = f.caller_for(admin, "mentor", mentor_id=m)
    assert _issue(school, m, "lp-stage-1", "2025-10-01").status_code == 403
    assert _issue(mentor, m, "lp-stage-1", "2025-10-01").status_code == 403
    other = f.caller_for(admin, "provider", provider_id=f.provider(admin)["id"])
    r = _issue(other, m, "lp-stage-1", "2025-10-01", external=True, evidence="seen")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_issue_as_another_provider_422(world: Passport) -> None:
    r = _issue(
        world.pa,
        world.mentor["id"],
        "lp-stage-1",
        "2019-01-01",
        external=True,
        evidence="seen",
        provider_id=world.b["id"],
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "provider_id"]


def test_issue_by_admin_names_provider(client: TestClient, admin: f.Caller, world: Passport) -> None:
    b.trained(client, world.a["id"], world.mentor["id"], "2025-10-01", hours=6, tags=["lp-stage-1"])
    assert _issue(admin, world.mentor["id"], "lp-stage-1", "2025-10-02").status_code == 422
    r = _issue(admin, world.mentor["id"], "lp-stage-1", "2025-10-02", provider_id=world.a["id"])
    assert r.status_code == 201 and r.json()["provider_id"] == world.a["id"]
