"""Upcoming-session hints point only at sessions that would help (domain: "Hints point only at ...")."""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.eligibility import service as eligibility_service
from tests import factories as f
from tests.eligibility import builders as b

AS_OF = "2030-03-01"
NOW = datetime(2030, 3, 1, 12, tzinfo=UTC)


def _session(admin: f.Caller, provider_id: str, starts_at: str, **fields: Any) -> str:
    """A scheduled 3-hour in-person session; its id."""
    body = {"provider_id": provider_id, "title": f"Session {starts_at}", "starts_at": starts_at,
            "duration_hours": 3, "mode": "in_person", "counts_toward": ["lp-stage-1"], **fields}
    r = admin.post("/api/v1/training-sessions", json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _hints(admin: f.Caller, mentor_id: str, award: str, code: str) -> list[str]:
    r = admin.get(f"/api/v1/mentors/{mentor_id}/eligibility", params={"as_of": AS_OF, "award": award})
    assert r.status_code == 200, r.text
    listed = [s["id"] for s in r.json()["upcoming_sessions"]]
    hinted: list[str] = b.criterion(b.award(r.json(), award), code)["upcoming_sessions"]
    assert sorted(listed) == sorted(hinted)
    return hinted


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's clock at noon (UTC) on the as_of day."""
    monkeypatch.setattr(eligibility_service, "now", lambda: NOW)


def test_hints_only_unstarted_live_credited_unregistered_same_phase_sessions(
    client: TestClient, admin: f.Caller, frozen_now: None
) -> None:
    p = f.provider(admin, kind="hei")
    m = f.mentor(admin, phase="primary", provider_ids=[p["id"]])
    later_today = _session(admin, p["id"], "2030-03-01T15:00:00Z")
    _session(admin, p["id"], "2030-03-01T09:00:00Z")  # started this morning
    _session(admin, p["id"], "2030-03-05T10:00:00Z", status="cancelled")
    _session(admin, p["id"], "2030-03-06T10:00:00Z", credit_hours=0)
    registered = _session(admin, p["id"], "2030-03-07T10:00:00Z")
    b.attend(client, registered, m["id"], status="excused")
    _session(admin, p["id"], "2030-03-08T10:00:00Z", phase="secondary")
    all_through = _session(admin, p["id"], "2030-03-09T10:00:00Z", phase="all_through")
    primary = _session(admin, p["id"], "2030-03-10T10:00:00Z", phase="primary")
    assert _hints(admin, m["id"], "lp-stage-1", "face_to_face_training") == [later_today, all_through, primary]


def test_hints_mentor_without_phase_sees_every_phase(client: TestClient, admin: f.Caller, frozen_now: None) -> None:
    p = f.provider(admin, kind="hei")
    m = f.mentor(admin, provider_ids=[p["id"]])
    secondary = _session(admin, p["id"], "2030-03-08T10:00:00Z", phase="secondary")
    assert _hints(admin, m["id"], "lp-stage-1", "face_to_face_training") == [secondary]


def test_hints_dfe_only_sessions_of_providers_accredited_on_their_date(
    client: TestClient, admin: f.Caller, frozen_now: None
) -> None:
    accredited = f.provider(admin, kind="hei")
    ending = f.provider(admin, kind="scitt", accreditations=[{"from": "2020-01-01", "until": "2030-03-15"}])
    never = f.provider(admin, kind="other")
    m = f.mentor(admin, provider_ids=[accredited["id"], ending["id"], never["id"]])
    dfe = {"counts_toward": ["dfe-initial"]}
    ok = _session(admin, accredited["id"], "2030-03-20T10:00:00Z", **dfe)
    before_end = _session(admin, ending["id"], "2030-03-15T10:00:00Z", **dfe)
    _session(admin, ending["id"], "2030-03-16T10:00:00Z", **dfe)
    _session(admin, never["id"], "2030-03-17T10:00:00Z", **dfe)
    assert _hints(admin, m["id"], "dfe-initial", "initial_training") == [before_end, ok]
