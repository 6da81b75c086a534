"""Building blocks for certificate tests: issue, revoke, and the Stage 1 -> Stage 2 passport."""

from fastapi.testclient import TestClient
from httpx import Response

from tests import factories as f
from tests.certificates.conftest import Passport
from tests.eligibility import builders as b

PROBLEM = "application/problem+json"


def issue(caller: f.Caller, mentor_id: str, award: str, issued_on: str, **extra: object) -> Response:
    """POST /certificates."""
    body = {"mentor_id": mentor_id, "award": award, "issued_on": issued_on, **extra}
    return caller.post("/api/v1/certificates", json=body)


def revoke(caller: f.Caller, certificate_id: str, revoked_on: str) -> Response:
    """POST /certificates/{id}/revoke with a reason."""
    return caller.post(
        f"/api/v1/certificates/{certificate_id}/revoke", json={"reason": "issued in error", "revoked_on": revoked_on}
    )


def stage_1_trained(client: TestClient, w: Passport) -> None:
    """6 face-to-face hours of Stage 1 training with provider A by 2025-10-08."""
    b.trained(client, w.a["id"], w.mentor["id"], "2025-10-01", hours=6, tags=["lp-stage-1"])


def stage_1(client: TestClient, w: Passport, issued_on: str = "2025-10-15") -> dict:
    """Provider A trains the mentor and issues Stage 1."""
    stage_1_trained(client, w)
    r = issue(w.pa, w.mentor["id"], "lp-stage-1", issued_on)
    assert r.status_code == 201, r.text
    return r.json()


def stage_2_ready(client: TestClient, admin: f.Caller, w: Passport) -> None:
    """12 h of mentoring with two trainees (Nov-Dec 2025) and 12 h of Stage 2 training (2026-01-10)."""
    t1, t2 = f.trainee(w.pb, w.b["id"]), f.trainee(w.pb, w.b["id"])
    b.log(admin, w.mentor["id"], t1["id"], "2025-11-01", 6)
    b.log(admin, w.mentor["id"], t2["id"], "2025-12-01", 6)
    b.trained(client, w.b["id"], w.mentor["id"], "2026-01-10", hours=12, tags=["lp-stage-2-attendance"])


def stage_2(client: TestClient, admin: f.Caller, w: Passport, issued_on: str = "2026-02-01") -> dict:
    """Provider B issues the Stage 2 attendance certificate (route A: relies on Stage 1)."""
    stage_2_ready(client, admin, w)
    r = issue(w.pb, w.mentor["id"], "lp-stage-2-attendance", issued_on)
    assert r.status_code == 201, r.text
    return r.json()
