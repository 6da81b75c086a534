"""No award is held twice at once: a certificate is refused while another of its award is held then or later."""

from fastapi.testclient import TestClient

from tests import factories as f
from tests.certificates.conftest import Passport
from tests.certificates.helpers import PROBLEM, issue, revoke, stage_1, stage_1_trained
from tests.eligibility import builders as b


def test_issue_backdated_into_held_period_409_at_award(client: TestClient, world: Passport) -> None:
    """A second Stage 1 backdated before the first (which is held from its date on) is refused."""
    first = stage_1(client, world, issued_on="2025-10-15")
    r = issue(world.pb, world.mentor["id"], "lp-stage-1", "2025-10-10")
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["errors"][0]["loc"] == ["body", "award"] and body["certificate_id"] == first["id"]


def test_issue_later_while_first_held_409(client: TestClient, world: Passport) -> None:
    stage_1(client, world)
    r = issue(world.pb, world.mentor["id"], "lp-stage-1", "2026-03-01")
    assert r.status_code == 409 and r.json()["errors"][0]["loc"] == ["body", "award"]


def test_issue_after_revocation_allowed_but_not_before_it_409(client: TestClient, world: Passport) -> None:
    """Revoked from 2026-01-01: a Stage 1 from then on is allowed; one dated while the first was held is not."""
    first = stage_1(client, world)
    assert revoke(world.pa, first["id"], "2026-01-01").status_code == 200
    assert issue(world.pb, world.mentor["id"], "lp-stage-1", "2025-12-31").status_code == 409
    r = issue(world.pb, world.mentor["id"], "lp-stage-1", "2026-01-01")
    assert r.status_code == 201, r.text


def test_issue_before_certificate_revoked_on_its_issue_date_allowed(client: TestClient, world: Passport) -> None:
    """A certificate revoked back to its issue date was never held: it blocks no date."""
    first = stage_1(client, world, issued_on="2025-10-15")
    assert revoke(world.pa, first["id"], "2025-10-15").status_code == 200
    assert issue(world.pb, world.mentor["id"], "lp-stage-1", "2025-10-10").status_code == 201


def test_issue_refresher_in_another_academic_year_allowed_same_year_backdated_409(
    client: TestClient, world: Passport
) -> None:
    w, m = world, world.mentor["id"]
    b.trained(client, w.a["id"], m, "2025-03-01", hours=20, tags=["dfe-initial"])
    assert issue(w.pa, m, "dfe-initial", "2025-06-01").status_code == 201
    b.trained(client, w.a["id"], m, "2025-09-10", hours=6, tags=["dfe-refresher"])
    b.trained(client, w.a["id"], m, "2026-09-10", hours=6, tags=["dfe-refresher"])
    assert issue(w.pa, m, "dfe-refresher", "2026-09-20").status_code == 201  # 2026/27 first
    assert issue(w.pa, m, "dfe-refresher", "2025-10-01").status_code == 201  # 2025/26: another year
    r = issue(w.pb, m, "dfe-refresher", "2025-09-20")
    assert r.status_code == 409 and r.json()["errors"][0]["loc"] == ["body", "award"]


def test_issue_refused_twice_writes_nothing(client: TestClient, admin: f.Caller, world: Passport) -> None:
    stage_1(client, world)
    assert issue(world.pb, world.mentor["id"], "lp-stage-1", "2025-12-01").status_code == 409
    items = admin.get("/api/v1/certificates", params={"mentor_id": world.mentor["id"]}).json()["items"]
    assert [c["provider_id"] for c in items] == [world.a["id"]]


def test_issue_eligible_when_only_external_record_held_201(client: TestClient, world: Passport) -> None:
    stage_1_trained(client, world)
    ext = issue(world.pb, world.mentor["id"], "lp-stage-1", "2019-06-01", external=True, evidence="paper, seen")
    assert ext.status_code == 201
    assert issue(world.pa, world.mentor["id"], "lp-stage-1", "2025-10-15").status_code == 201
