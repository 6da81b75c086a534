"""External certificate records are not credentials: evidence, no signature, superseded, revoked by the recorder."""

import uuid

from fastapi.testclient import TestClient

from app.credentials import service as credential_service
from app.db import open_session
from app.models.awarding import Certificate
from app.models.registry import Mentor
from app.rules import BUILT_IN
from app.security import sign_credential
from tests import factories as f
from tests.certificates.conftest import Passport
from tests.certificates.helpers import PROBLEM, issue, revoke, stage_1_trained
from tests.eligibility import builders as b

EVIDENCE = "Paper Stage 1 certificate from Old College, seen 2025-09-10"


def _external(caller: f.Caller, w: Passport, award: str = "lp-stage-1", on: str = "2019-06-01") -> dict:
    r = issue(caller, w.mentor["id"], award, on, external=True, evidence=EVIDENCE)
    assert r.status_code == 201, r.text
    return r.json()


def test_record_external_without_or_with_blank_evidence_422_at_evidence(world: Passport) -> None:
    m = world.mentor["id"]
    for extra in ({}, {"evidence": None}, {"evidence": "   "}):
        r = issue(world.pb, m, "lp-stage-1", "2019-06-01", external=True, **extra)
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
        assert r.json()["errors"][0]["loc"][-1] == "evidence", extra
    assert world.pb.get("/api/v1/certificates", params={"mentor_id": m}).json()["items"] == []


def test_get_credential_of_external_record_409(world: Passport) -> None:
    ext = _external(world.pb, world)
    assert ext["external"] is True and ext["superseded_by"] is None and ext["flags"] == []
    r = world.pb.get(f"/api/v1/certificates/{ext['id']}/credential")
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM


def test_issue_after_external_record_supersedes_it_not_blocked(client: TestClient, world: Passport) -> None:
    """Provider B's record never blocks provider A issuing; the record points at A's certificate."""
    ext = _external(world.pb, world)
    stage_1_trained(client, world)
    r = issue(world.pa, world.mentor["id"], "lp-stage-1", "2025-10-15")
    assert r.status_code == 201, r.text
    issued = r.json()
    record = world.pb.get(f"/api/v1/certificates/{ext['id']}").json()
    assert record["superseded_by"] == issued["id"] and record["external"] is True
    answer = world.pa.get(
        f"/api/v1/mentors/{world.mentor['id']}/eligibility", params={"award": "lp-stage-1", "as_of": "2025-10-15"}
    ).json()
    assert b.criterion(b.award(answer, "lp-stage-1"), "face_to_face_training")["met"] is True
    assert b.award(answer, "lp-stage-1")["held"] is True


def test_superseded_record_no_longer_held(client: TestClient, world: Passport) -> None:
    """After the issued certificate replaces it, only the issued one counts for holds_award."""
    ext = _external(world.pb, world)
    stage_1_trained(client, world)
    issued = issue(world.pa, world.mentor["id"], "lp-stage-1", "2025-10-15").json()
    answer = world.pa.get(
        f"/api/v1/mentors/{world.mentor['id']}/eligibility",
        params={"award": "lp-stage-2-attendance", "as_of": "2025-10-20"},
    ).json()
    counted = b.criterion(b.award(answer, "lp-stage-2-attendance"), "stage_1_held")["counted"]
    assert counted == [issued["id"]] and ext["id"] not in counted


def test_revoke_external_by_issuer_of_same_award_403_by_recorder_200(client: TestClient, world: Passport) -> None:
    ext = _external(world.pb, world)
    stage_1_trained(client, world)
    assert issue(world.pa, world.mentor["id"], "lp-stage-1", "2025-10-15").status_code == 201
    r = revoke(world.pa, ext["id"], "2025-10-20")
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
    assert revoke(world.pb, ext["id"], "2025-10-20").status_code == 200


def test_verify_credential_naming_external_record_invalid(client: TestClient, world: Passport) -> None:
    """A credential signed for an external record (before this rule) no longer verifies."""
    ext = _external(world.pb, world)
    with open_session(client.app.state.engine) as session:
        cert = session.get(Certificate, uuid.UUID(ext["id"]))
        assert cert is not None
        mentor = session.get(Mentor, cert.mentor_id)
        assert mentor is not None
        key = credential_service._signer(session)
        payload = credential_service._payload(cert, BUILT_IN["lp-stage-1"], None, mentor)
        token = sign_credential(payload, key.private_pem, key.kid)
    answer = client.post("/api/v1/credentials/verify", json={"credential": token}).json()
    assert answer == {"status": "invalid", "certificate": None, "flags": []}
