"""DfE awards through the API: accreditation is dated (England's date of the session), and starts in 2024/25."""

from fastapi.testclient import TestClient

from app import clock
from tests import factories as f
from tests.eligibility import builders as b

INI = "dfe-initial"


def _session_at(admin: f.Caller, provider_id: str, starts_at: str, hours: float) -> str:
    """A completed dfe-initial session starting at the instant `starts_at`; its id."""
    body = {"provider_id": provider_id, "title": "DfE initial", "starts_at": starts_at, "duration_hours": hours,
            "mode": "in_person", "counts_toward": [INI], "status": "completed"}
    r = admin.post("/api/v1/training-sessions", json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _initial(admin: f.Caller, mentor_id: str, as_of: str) -> dict:
    r = admin.get(f"/api/v1/mentors/{mentor_id}/eligibility", params={"as_of": as_of, "award": INI})
    assert r.status_code == 200, r.text
    return b.award(r.json(), INI)


def test_eligibility_accreditation_ending_2025_06_30_counts_that_day_not_next(
    client: TestClient, admin: f.Caller
) -> None:
    p = f.provider(admin, kind="scitt", accreditations=[{"from": "2020-09-01", "until": "2025-06-30"}])
    m = f.mentor(admin, provider_ids=[p["id"]])
    day = b.attend(client, _session_at(admin, p["id"], "2025-06-30T08:00:00Z", 10), m["id"])
    late = b.attend(client, _session_at(admin, p["id"], "2025-06-30T22:30:00Z", 0.5), m["id"])  # 23:30 BST
    b.attend(client, _session_at(admin, p["id"], "2025-06-30T23:30:00Z", 0.5), m["id"])  # 00:30 BST on 07-01
    b.attend(client, _session_at(admin, p["id"], "2025-07-01T10:00:00Z", 8), m["id"])
    training = b.criterion(_initial(admin, m["id"], "2025-08-31"), "initial_training")
    assert (training["actual"], sorted(training["counted"]), training["met"]) == (10.5, sorted([day, late]), False)


def test_eligibility_accreditation_granted_today_does_not_count_past_training(
    client: TestClient, admin: f.Caller
) -> None:
    p = f.provider(admin, kind="other")
    m = f.mentor(admin, provider_ids=[p["id"]])
    b.trained(client, p["id"], m["id"], "2024-10-01", hours=20, tags=[INI])
    today = clock.today().isoformat()
    r = admin.patch(f"/api/v1/providers/{p['id']}", json={"accreditations": [{"from": today, "until": None}]})
    assert r.status_code == 200 and r.json()["accredited"] is True
    decision = _initial(admin, m["id"], today)
    assert decision["eligible"] is False and b.criterion(decision, "initial_training")["actual"] == 0


def test_eligibility_dfe_initial_as_of_2024_08_31_not_available_2024_09_01_eligible(
    client: TestClient, admin: f.Caller
) -> None:
    p = f.provider(admin, kind="hei")
    m = f.mentor(admin, provider_ids=[p["id"]])
    b.trained(client, p["id"], m["id"], "2024-08-20", hours=20, tags=[INI])
    before = _initial(admin, m["id"], "2024-08-31")
    assert before["eligible"] is False
    assert [(c["code"], c["met"]) for c in before["criteria"]] == [("award_available", False),
                                                                   ("initial_training", True)]
    after = _initial(admin, m["id"], "2024-09-01")
    assert after["eligible"] is True
    assert [(c["code"], c["met"]) for c in after["criteria"]] == [("award_available", True),
                                                                  ("initial_training", True)]


def test_issue_dfe_initial_on_2024_08_31_refused_on_2024_09_01_issued(client: TestClient, admin: f.Caller) -> None:
    p = f.provider(admin, kind="hei")
    m = f.mentor(admin, provider_ids=[p["id"]])
    b.trained(client, p["id"], m["id"], "2024-08-20", hours=20, tags=[INI])
    own = f.caller_for(admin, "provider", provider_id=p["id"])
    early = own.post("/api/v1/certificates", json={"mentor_id": m["id"], "award": INI, "issued_on": "2024-08-31"})
    assert early.status_code == 422
    assert [c["code"] for c in early.json()["criteria"]] == ["award_available"]
    ok = own.post("/api/v1/certificates", json={"mentor_id": m["id"], "award": INI, "issued_on": "2024-09-01"})
    assert ok.status_code == 201, ok.text
