"""A portfolio from draft through referral, resubmission, pass and moderation, to the Stage 2 certificate."""

import uuid

import pytest

from app import clock
from app.models.qa_review import QAReview
from app.qa_reviews.service import add_years
from tests import factories as f
from tests.portfolios.helpers import (
    PATH,
    PROBLEM,
    World,
    eligibility,
    evidence,
    make_ready_to_submit,
    ok,
    start,
    world,
)
from tests.qa_reviews.rows import insert


def _quality_assured(w: World) -> None:
    """A completed QA review of the world's provider, signed today."""
    today, reviewer = clock.today(), f.provider(w.admin)
    insert(w.admin.client, QAReview(reviewer_provider_id=uuid.UUID(reviewer["id"]),
                            reviewed_provider_id=uuid.UUID(w.provider["id"]), status="completed",
                            signed_by="Reviewer", signed_on=today, next_due_on=add_years(today, 2)))


@pytest.fixture
def w(admin: f.Caller) -> World:
    return world(admin)


def test_walk_draft_referral_resubmission_pass_moderation_then_eligible(w: World) -> None:
    make_ready_to_submit(w)
    p = start(w, professional_development="Led two department sessions on feedback.")
    url = f"{PATH}/{p['id']}"
    assert p["status"] == "draft" and p["kind"] == "lp-stage-2"
    ok(w.as_mentor.post(f"{url}/evidence", json=evidence()), 201)
    assert eligibility(w)["eligible"] is False

    submitted = ok(w.as_mentor.post(f"{url}/submit"))
    assert submitted["status"] == "submitted" and submitted["submitted_at"]
    referred = ok(
        w.as_assessor.post(
            f"{url}/assessment",
            json={
                "decision": "referred",
                "feedback": "Describes, does not reflect: say what you learnt.",
                "assessor_name": "Dr A. Assessor",
            },
        )
    )
    assert referred["status"] == "referred"
    assert referred["assessment"]["feedback"].startswith("Describes")
    assert referred["assessment"]["assessor_name"] == "Dr A. Assessor"

    # referred is editable again and can be resubmitted
    reworked = ok(w.as_mentor.patch(url, json={"sections": {"tutorial": {"narrative": "Now reflective."}}}))
    assert reworked["sections"]["tutorial"]["narrative"] == "Now reflective."
    assert reworked["sections"]["pastoral"]["narrative"].startswith("My pastoral")
    ok(w.as_mentor.post(f"{url}/evidence", json=evidence("pastoral", outcome_codes=["LP2-P03"])), 201)
    ok(w.as_mentor.post(f"{url}/submit"))
    passed = ok(
        w.as_assessor.post(f"{url}/assessment", json={"decision": "passed", "feedback": "Reflective."})
    )
    assert passed["status"] == "passed" and passed["decided_on"] == passed["assessment"]["decided_on"]
    assert passed["moderation"] is None

    moderated = ok(
        w.as_moderator.post(
            f"{url}/moderation",
            json={"decision": "agree", "notes": "Sound judgement.", "moderator_name": "M. Oderator"},
        )
    )
    assert moderated["moderation"]["decision"] == "agree"
    assert moderated["moderation"]["moderator_api_client_id"] == w.as_moderator.info["id"]
    assert moderated["assessment"]["assessor_api_client_id"] == w.as_assessor.info["id"]
    assert [(e["from_status"], e["to_status"]) for e in moderated["history"]] == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "referred"),
        ("referred", "submitted"),
        ("submitted", "passed"),
    ]
    assert moderated["history"][2]["actor_api_client_id"] == w.as_assessor.info["id"]
    assert moderated["history"][1]["actor_api_client_id"] == w.as_mentor.info["id"]
    assert all(e["at"] for e in moderated["history"])

    award = eligibility(w)
    assert award["eligible"] is True
    assert next(c for c in award["criteria"] if c["code"] == "portfolio_passed")["counted"] == [p["id"]]
    _quality_assured(w)  # only a QA-reviewed provider issues the Stage 2 Certificate
    cert = w.as_assessor.post(
        "/api/v1/certificates", json={"mentor_id": w.mentor["id"], "award": "lp-stage-2-certificate"}
    )
    assert cert.status_code == 201, cert.text


def test_submit_before_other_criteria_met_is_422_listing_them(w: World) -> None:
    p = start(w)
    r = w.as_mentor.post(f"{PATH}/{p['id']}/submit")
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    codes = {c["code"] for c in r.json()["criteria"]}
    assert codes == {"stage_2_attendance_held", "mentoring_since_stage_2", "trainees_since_stage_2"}
    assert "portfolio_passed" not in codes
    assert ok(w.as_mentor.get(f"{PATH}/{p['id']}"))["status"] == "draft"


def test_submit_with_an_empty_narrative_is_422(w: World) -> None:
    p = ok(w.as_mentor.post(PATH, json={"provider_id": w.provider["id"]}), 201)
    r = w.as_mentor.post(f"{PATH}/{p['id']}/submit")
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["errors"]] == [
        ["sections", s, "narrative"] for s in ("tutorial", "pastoral", "assessment")
    ]


def test_mentor_cannot_assess_or_moderate_its_portfolio(w: World) -> None:
    make_ready_to_submit(w)
    p = start(w)
    ok(w.as_mentor.post(f"{PATH}/{p['id']}/submit"))
    r = w.as_mentor.post(f"{PATH}/{p['id']}/assessment", json={"decision": "passed"})
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
    ok(w.as_assessor.post(f"{PATH}/{p['id']}/assessment", json={"decision": "passed"}))
    r = w.as_mentor.post(f"{PATH}/{p['id']}/moderation", json={"decision": "agree"})
    assert r.status_code == 403
    assert ok(w.as_mentor.get(f"{PATH}/{p['id']}"))["moderation"] is None


def test_assessor_cannot_moderate_their_own_assessment(w: World) -> None:
    make_ready_to_submit(w)
    p = start(w)
    ok(w.as_mentor.post(f"{PATH}/{p['id']}/submit"))
    ok(w.as_assessor.post(f"{PATH}/{p['id']}/assessment", json={"decision": "passed"}))
    r = w.as_assessor.post(f"{PATH}/{p['id']}/moderation", json={"decision": "agree"})
    assert r.status_code == 403 and "own assessment" in r.json()["detail"]
    # an admin who is not the assessor may moderate; a second moderation of the same assessment is 409
    ok(w.admin.post(f"{PATH}/{p['id']}/moderation", json={"decision": "disagree", "notes": "Too generous."}))
    assert w.as_moderator.post(f"{PATH}/{p['id']}/moderation", json={"decision": "agree"}).status_code == 409


def test_another_provider_gets_404_and_a_school_403(w: World) -> None:
    make_ready_to_submit(w)
    p = start(w)
    ok(w.as_mentor.post(f"{PATH}/{p['id']}/submit"))
    for path in ("", "/assessment", "/moderation"):
        method = w.as_other_provider.get if not path else w.as_other_provider.post
        body = {"json": {"decision": "passed" if path == "/assessment" else "agree"}} if path else {}
        assert method(f"{PATH}/{p['id']}{path}", **body).status_code == 404
    assert w.as_other_provider.get(PATH, params={"mentor_id": w.mentor["id"]}).json()["items"] == []
    assert w.as_school.get(f"{PATH}/{p['id']}").status_code == 404
    assert w.as_school.post(f"{PATH}/{p['id']}/assessment", json={"decision": "passed"}).status_code == 403


def test_referral_without_feedback_is_422_and_draft_cannot_be_assessed(w: World) -> None:
    make_ready_to_submit(w)
    p = start(w)
    r = w.as_assessor.post(f"{PATH}/{p['id']}/assessment", json={"decision": "passed"})
    assert r.status_code == 409
    ok(w.as_mentor.post(f"{PATH}/{p['id']}/submit"))
    r = w.as_assessor.post(f"{PATH}/{p['id']}/assessment", json={"decision": "referred", "feedback": "  "})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][-1] == "feedback"
    assert w.as_assessor.post(f"{PATH}/{p['id']}/moderation", json={"decision": "agree"}).status_code == 409


def test_submitted_and_passed_portfolios_cannot_be_edited(w: World) -> None:
    make_ready_to_submit(w)
    p = start(w)
    ok(w.as_mentor.post(f"{PATH}/{p['id']}/submit"))
    assert w.as_mentor.patch(f"{PATH}/{p['id']}", json={"professional_development": "x"}).status_code == 409
    assert w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence()).status_code == 409
    assert w.as_mentor.post(f"{PATH}/{p['id']}/submit").status_code == 409


def test_provider_reads_and_lists_portfolios_naming_it(w: World) -> None:
    p = start(w)
    got = ok(w.as_assessor.get(f"{PATH}/{p['id']}"))
    assert got["record"]["prerequisite_route"] == "B"
    items = ok(w.as_assessor.get(PATH, params={"provider_id": w.provider["id"], "status": "draft"}))["items"]
    assert [i["id"] for i in items] == [p["id"]]
    assert (
        ok(w.as_assessor.get(PATH, params={"status": "passed", "mentor_id": w.mentor["id"]}))["items"] == []
    )


def test_second_portfolio_for_the_same_mentor_is_409(w: World) -> None:
    start(w)
    r = w.as_mentor.post(PATH, json={"provider_id": w.provider["id"]})
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM


def test_providers_cannot_create_portfolios_and_unknown_provider_is_422(w: World) -> None:
    body = {"provider_id": w.provider["id"], "mentor_id": w.mentor["id"]}
    assert w.as_assessor.post(PATH, json=body).status_code == 403
    r = w.as_mentor.post(PATH, json={"provider_id": "00000000-0000-4000-8000-000000000000"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "provider_id"]
