"""One mentor's eligibility through the API: the as-of window, hints, scope."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from app.eligibility import service as eligibility_service
from tests import factories
from tests.eligibility import builders

PROBLEM = "application/problem+json"


def _linked(admin: factories.Caller) -> tuple[dict, factories.Caller, dict, dict]:
    p, s = factories.provider(admin), factories.school(admin)
    m = factories.mentor(admin, school_id=s["id"], provider_ids=[p["id"]])
    return p, factories.caller_for(admin, "provider", provider_id=p["id"]), s, m


def _answer(caller: factories.Caller, mentor_id: str, **params: str) -> dict:
    r = caller.get(f"/api/v1/mentors/{mentor_id}/eligibility", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_eligibility_counts_only_records_on_or_before_as_of(client: TestClient, admin: factories.Caller) -> None:
    p, caller, _, m = _linked(admin)
    first = builders.trained(client, p["id"], m["id"], "2025-10-01", hours=4, tags=["lp-stage-1"])
    second = builders.trained(client, p["id"], m["id"], "2025-11-01", hours=2, tags=["lp-stage-1"], mode="visit")
    before = _answer(caller, m["id"], as_of="2025-10-31", award="lp-stage-1")
    assert before["as_of"] == "2025-10-31" and [a["award"] for a in before["awards"]] == ["lp-stage-1"]
    training = builders.criterion(builders.award(before, "lp-stage-1"), "face_to_face_training")
    assert (training["actual"], training["shortfall"], training["counted"]) == (4, 2, [first])
    after = _answer(caller, m["id"], as_of="2025-11-01", award="lp-stage-1")
    decision = builders.award(after, "lp-stage-1")
    assert decision["eligible"] is True and decision["held"] is False
    assert builders.criterion(decision, "face_to_face_training")["counted"] == [first, second]


def test_eligibility_counts_partial_attendance_hours_given(client: TestClient, admin: factories.Caller) -> None:
    p, caller, _, m = _linked(admin)
    builders.trained(client, p["id"], m["id"], "2025-10-01", hours=4.5, tags=["lp-stage-1"])
    partial = builders.training_session(
        client, p["id"], "2025-10-08", hours=3, tags=["lp-stage-1"], status="completed"
    )
    builders.attend(client, partial, m["id"], status="partial", hours=1.49)
    answer = _answer(caller, m["id"], as_of="2025-12-01", award="lp-stage-1")
    training = builders.criterion(builders.award(answer, "lp-stage-1"), "face_to_face_training")
    assert (training["actual"], training["shortfall"], training["met"]) == (5.99, 0.01, False)


def test_eligibility_ignores_self_study_absent_and_cancelled(client: TestClient, admin: factories.Caller) -> None:
    p, caller, _, m = _linked(admin)
    builders.trained(client, p["id"], m["id"], "2025-10-01", hours=6, tags=["lp-stage-1"], mode="self_study")
    absent = builders.training_session(
        client, p["id"], "2025-10-02", hours=6, tags=["lp-stage-1"], status="completed"
    )
    builders.attend(client, absent, m["id"], status="absent")
    cancelled = builders.training_session(
        client, p["id"], "2025-10-03", hours=6, tags=["lp-stage-1"], status="cancelled"
    )
    builders.attend(client, cancelled, m["id"])
    training = builders.criterion(
        builders.award(_answer(caller, m["id"], as_of="2025-12-01"), "lp-stage-1"), "face_to_face_training"
    )
    assert training["actual"] == 0 and training["met"] is False


def test_eligibility_unmet_training_lists_upcoming_sessions(
    client: TestClient, admin: factories.Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    p, caller, _, m = _linked(admin)
    monkeypatch.setattr(eligibility_service, "now", lambda: datetime(2025, 10, 15, 9, tzinfo=UTC))  # hints: not started
    builders.trained(client, p["id"], m["id"], "2025-10-01", hours=3, tags=["lp-stage-1"])
    soon = builders.training_session(
        client, p["id"], "2025-10-20", hours=3, tags=["lp-stage-1"], title="SMART targets"
    )
    builders.training_session(client, p["id"], "2025-10-21", hours=3, tags=["lp-stage-1"], mode="self_study")
    builders.training_session(client, p["id"], "2025-09-20", hours=3, tags=["lp-stage-1"])  # before as_of
    builders.training_session(client, p["id"], "2025-10-22", hours=3, tags=["lp-stage-1"], status="cancelled")
    builders.training_session(
        client, factories.provider(admin)["id"], "2025-10-23", hours=3, tags=["lp-stage-1"]
    )  # unlinked
    answer = _answer(caller, m["id"], as_of="2025-10-15", award="lp-stage-1")
    face_to_face = builders.criterion(builders.award(answer, "lp-stage-1"), "face_to_face_training")
    assert face_to_face["upcoming_sessions"] == [soon]
    assert [(s["id"], s["title"], s["credit_hours"]) for s in answer["upcoming_sessions"]] == [
        (soon, "SMART targets", 3)
    ]


def test_eligibility_default_awards_built_in_and_stage_2_certificate_portfolio(
    client: TestClient, admin: factories.Caller
) -> None:
    p, caller, _, m = _linked(admin)
    t1, t2 = factories.trainee(caller, p["id"]), factories.trainee(caller, p["id"])
    cert = caller.post(
        "/api/v1/certificates",
        json={
            "mentor_id": m["id"],
            "award": "lp-stage-2-attendance",
            "issued_on": "2025-01-10",
            "external": True,
            "evidence": "seen",
        },
    ).json()
    builders.log(admin, m["id"], t1["id"], "2025-02-01", 12)
    builders.log(admin, m["id"], t2["id"], "2025-03-01", 12)
    portfolio = builders.portfolio(client, m["id"], p["id"], decided_on="2025-04-01")
    answer = _answer(caller, m["id"], as_of="2025-03-31")
    assert [a["award"] for a in answer["awards"]][:5] == [
        "lp-stage-1",
        "lp-stage-2-attendance",
        "lp-stage-2-certificate",
        "dfe-initial",
        "dfe-refresher",
    ]
    stage_2 = builders.award(answer, "lp-stage-2-certificate")
    assert [(c["code"], c["met"]) for c in stage_2["criteria"]] == [
        ("stage_2_attendance_held", True),
        ("mentoring_since_stage_2", True),
        ("trainees_since_stage_2", True),
        ("portfolio_passed", False),
    ]
    assert builders.criterion(stage_2, "stage_2_attendance_held")["counted"] == [cert["id"]]
    later = builders.award(
        _answer(caller, m["id"], as_of="2025-04-01", award="lp-stage-2-certificate"), "lp-stage-2-certificate"
    )
    assert later["eligible"] is True and builders.criterion(later, "portfolio_passed")["counted"] == [portfolio]


def test_eligibility_route_b_by_declaration(client: TestClient, admin: factories.Caller) -> None:
    p = factories.provider(admin)
    m = factories.mentor(
        admin,
        provider_ids=[p["id"]],
        declarations=[{"code": "professional_standards_2007", "made_on": "2025-09-01"}],
    )
    builders.trained(client, p["id"], m["id"], "2025-10-01", hours=12, tags=["lp-stage-2-attendance"])
    decision = builders.award(
        _answer(admin, m["id"], as_of="2025-10-01", award="lp-stage-2-attendance"), "lp-stage-2-attendance"
    )
    assert decision["eligible"] is True
    prerequisite = builders.criterion(decision, "stage_2_prerequisite")
    assert [[c["met"] for c in route] for route in prerequisite["routes"]] == [
        [False, False, False],
        [True, False, False],
    ]


def test_eligibility_readable_by_mentor_school_linked_provider_only(admin: factories.Caller) -> None:
    _, caller, s, m = _linked(admin)
    school = factories.caller_for(admin, "school", school_id=s["id"])
    mentor = factories.caller_for(admin, "mentor", mentor_id=m["id"])
    for reader in (admin, caller, school, mentor):
        assert reader.get(f"/api/v1/mentors/{m['id']}/eligibility").status_code == 200
    strangers = [
        factories.caller_for(admin, "school", school_id=factories.school(admin)["id"]),
        factories.caller_for(admin, "provider", provider_id=factories.provider(admin)["id"]),
        factories.caller_for(admin, "mentor", mentor_id=factories.mentor(admin)["id"]),
    ]
    for stranger in strangers:
        r = stranger.get(f"/api/v1/mentors/{m['id']}/eligibility")
        assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


def test_eligibility_unknown_award_or_bad_date_422(admin: factories.Caller) -> None:
    _, _, _, m = _linked(admin)
    r = admin.get(f"/api/v1/mentors/{m['id']}/eligibility", params={"award": "no-such-award"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "award"]
    for bad in ("2025-02-30", "0001-01-01", "9999-12-31"):
        r = admin.get(f"/api/v1/mentors/{m['id']}/eligibility", params={"as_of": bad})
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "as_of"]
