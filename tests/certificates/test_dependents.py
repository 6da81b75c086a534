"""Revocation reaches what was built on it: dependents issued on or after `revoked_on` are flagged."""

import uuid

from fastapi.testclient import TestClient
from sqlmodel import select

from app.db import open_session
from app.models.awarding import Certificate
from tests import factories as f
from tests.certificates.conftest import Passport
from tests.certificates.helpers import issue, revoke, stage_1, stage_2
from tests.eligibility import builders as b

FLAG = "prerequisite_revoked"


def _flags(caller: f.Caller, certificate_id: str) -> list[dict]:
    r = caller.get(f"/api/v1/certificates/{certificate_id}")
    assert r.status_code == 200, r.text
    return r.json()["flags"]


def test_revoke_on_dependents_issue_date_flags_it_and_answers_dependents(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    s1 = stage_1(client, world)
    s2 = stage_2(client, admin, world, issued_on="2026-02-01")
    assert s2["flags"] == [] and s2["decision"]["relies_on"][0]["certificate_id"] == s1["id"]
    r = revoke(world.pa, s1["id"], "2026-02-01")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == s1["id"] and body["status"] == "revoked" and body["flags"] == []
    flag = {"code": FLAG, "certificate_id": s1["id"], "award": "lp-stage-1", "revoked_on": "2026-02-01"}
    assert [(d["id"], d["flags"], d["status"]) for d in body["dependents"]] == [(s2["id"], [flag], "valid")]
    assert _flags(world.pb, s2["id"]) == [flag]  # a flag does not revoke


def test_revoke_after_dependents_issue_date_flags_nothing(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    s1 = stage_1(client, world)
    s2 = stage_2(client, admin, world, issued_on="2026-02-01")
    r = revoke(world.pa, s1["id"], "2026-02-02")
    assert r.status_code == 200 and r.json()["dependents"] == []
    assert _flags(world.pb, s2["id"]) == []


def test_revoke_back_to_issue_date_flags_dependent_and_its_credential(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    s1 = stage_1(client, world, issued_on="2025-10-15")
    s2 = stage_2(client, admin, world)
    credential = world.pb.get(f"/api/v1/certificates/{s2['id']}/credential").json()["credential"]
    assert revoke(world.pa, s1["id"], "2025-10-15").status_code == 200
    answer = client.post("/api/v1/credentials/verify", json={"credential": credential}).json()
    assert answer["status"] == "valid"
    assert [(x["code"], x["certificate_id"]) for x in answer["flags"]] == [(FLAG, s1["id"])]


def test_list_flagged_filters_flagged_certificates(client: TestClient, admin: f.Caller, world: Passport) -> None:
    s1 = stage_1(client, world)
    s2 = stage_2(client, admin, world)
    revoke(world.pa, s1["id"], "2026-01-20")
    url, m = "/api/v1/certificates", world.mentor["id"]
    flagged = world.pb.get(url, params={"mentor_id": m, "flagged": "true"}).json()["items"]
    unflagged = world.pb.get(url, params={"mentor_id": m, "flagged": "false"}).json()["items"]
    assert [c["id"] for c in flagged] == [s2["id"]]
    assert [c["id"] for c in unflagged] == [s1["id"]]
    assert all(c["flags"] == [] for c in unflagged)


def test_revoke_certificate_not_relied_on_flags_nothing(client: TestClient, world: Passport) -> None:
    """A later DfE initial certificate relies on no Stage 1: revoking Stage 1 leaves it unflagged."""
    s1 = stage_1(client, world)
    b.trained(client, world.a["id"], world.mentor["id"], "2025-11-01", hours=20, tags=["dfe-initial"])
    dfe = issue(world.pa, world.mentor["id"], "dfe-initial", "2025-11-02")
    assert dfe.status_code == 201, dfe.text
    r = revoke(world.pa, s1["id"], "2025-10-15")
    assert r.status_code == 200 and r.json()["dependents"] == []
    assert _flags(world.pa, dfe.json()["id"]) == []


def test_revoke_flags_decision_stored_before_relies_on_was_recorded(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    """Older certificates (no `relies_on`) fall back to the holds_award criterion that counted it."""
    s1 = stage_1(client, world)
    s2 = stage_2(client, admin, world)
    with open_session(client.app.state.engine, write=True) as session:
        row = session.exec(select(Certificate).where(Certificate.id == uuid.UUID(s2["id"]))).one()
        row.decision = {k: v for k, v in (row.decision or {}).items() if k != "relies_on"}
        session.add(row)
        session.commit()
    r = revoke(world.pa, s1["id"], "2026-01-01")
    assert [d["id"] for d in r.json()["dependents"]] == [s2["id"]]


def test_revoke_twice_flags_dependent_once(client: TestClient, admin: f.Caller, world: Passport) -> None:
    s1 = stage_1(client, world)
    s2 = stage_2(client, admin, world)
    assert revoke(world.pa, s1["id"], "2026-01-01").status_code == 200
    assert revoke(admin, s1["id"], "2026-01-01").status_code == 409
    assert len(_flags(world.pb, s2["id"])) == 1


def test_revoke_flags_award_counting_a_window_from_it(client: TestClient, admin: f.Caller, world: Passport) -> None:
    """An award counting mentoring `since_award` Stage 1 (no holds_award) relied on the Stage 1 certificate."""
    code = f"acme-since-{f.unique_digits(6)}"
    window = {"kind": "mentoring_hours", "code": "since", "description": "12 h since Stage 1.", "min_hours": 12}
    r = world.pa.post(
        "/api/v1/awards",
        json={"code": code, "name": "Acme", "criteria": [window | {"since_award": "lp-stage-1"}]},
    )
    assert r.status_code == 201, r.text
    s1 = stage_1(client, world)
    stage_2(client, admin, world)
    acme = issue(world.pa, world.mentor["id"], code, "2026-02-01")
    assert acme.status_code == 201, acme.text
    assert acme.json()["decision"]["relies_on"] == [
        {"certificate_id": s1["id"], "award": "lp-stage-1", "criterion": "since"}
    ]
    dependents = revoke(world.pa, s1["id"], "2026-01-01").json()["dependents"]
    assert sorted(d["award"] for d in dependents) == sorted(["lp-stage-2-attendance", code])
