"""QA reviews: lifecycle, completion rules, who may write, ETags."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from app import clock
from tests.factories import Caller, caller_for, provider
from tests.qa_reviews.rows import mentor_row, provider_pair, school_row

URL = "/api/v1/qa-reviews"
CRITERIA = ("programme_meets_outcomes", "pedagogy_consistent", "evaluation_and_review",
            "certified_mentors_increasing", "resources_appropriate", "portfolio_rigour")
ALL_MET = {k: {"met": True, "comment": "Seen on the visit."} for k in CRITERIA}


def plan(caller: Caller, reviewer: dict[str, Any], reviewed: dict[str, Any], **fields: Any) -> dict[str, Any]:
    r = caller.post(URL, json={"reviewer_provider_id": reviewer["id"], "reviewed_provider_id": reviewed["id"],
                               **fields})
    assert r.status_code == 201, r.text
    return r.json()


def test_complete_review_planned_to_completed_sets_next_due_on(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    review = plan(as_a, a, b, visit_on="2025-06-10")
    assert review["status"] == "proposed" and review["next_due_on"] is None and review["version"] == 1
    assert review["evidence"]["trainers"] == {"provided": False, "notes": None}
    url = f"{URL}/{review['id']}"
    accepted = as_b.post(f"{url}/accept")
    assert accepted.json()["status"] == "planned" and accepted.headers["etag"] == '"2"'
    r = as_a.patch(url, json={"status": "in_progress", "evidence": {"trainers": {"provided": True}}})
    assert r.status_code == 200 and r.json()["status"] == "in_progress" and r.headers["etag"] == '"3"'
    r = as_a.patch(url, json={"criteria": ALL_MET, "additional_comments": "Grow the resource bank.",
                              "signed_by": "Dr R. Viewer", "signed_on": "2025-06-15", "status": "completed"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "completed" and body["signed_on"] == "2025-06-15"
    assert body["next_due_on"] == "2027-06-15"
    assert body["criteria"]["portfolio_rigour"]["met"] is True
    assert body["evidence"]["trainers"] == {"provided": True, "notes": None}


def test_complete_review_signed_on_29_february_due_28_february(admin: Caller) -> None:
    a, _, b, _ = provider_pair(admin)
    review = plan(admin, a, b, visit_on="2024-02-28", criteria=ALL_MET, signed_by="R. Viewer",
                  signed_on="2024-02-29", status="completed")
    assert review["status"] == "completed" and review["next_due_on"] == "2026-02-28"


def test_complete_review_unanswered_criteria_answers_422_naming_them(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    review = plan(as_a, a, b)
    assert as_b.post(f"{URL}/{review['id']}/accept").status_code == 200
    partial = {k: v for k, v in ALL_MET.items() if k not in ("pedagogy_consistent", "portfolio_rigour")}
    r = as_a.patch(f"{URL}/{review['id']}", json={"criteria": partial, "signed_by": "R. Viewer",
                                                 "status": "completed"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["missing_criteria"] == ["pedagogy_consistent", "portfolio_rigour"]
    assert problem["missing_fields"] == ["signed_on"]
    assert "pedagogy_consistent" in problem["detail"] and "portfolio_rigour" in problem["detail"]
    assert ["body", "criteria", "portfolio_rigour", "met"] in [e["loc"] for e in problem["errors"]]
    assert as_a.get(f"{URL}/{review['id']}").json()["status"] == "planned"


def test_update_review_by_reviewed_provider_answers_403(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    review = plan(as_a, a, b)
    r = as_b.patch(f"{URL}/{review['id']}", json={"additional_comments": "We disagree."})
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    read = as_b.get(f"{URL}/{review['id']}")
    assert read.status_code == 200 and read.json()["additional_comments"] is None


def test_create_review_as_reviewed_provider_answers_403(admin: Caller) -> None:
    a, _, b, as_b = provider_pair(admin)
    r = as_b.post(URL, json={"reviewer_provider_id": a["id"], "reviewed_provider_id": b["id"]})
    assert r.status_code == 403


def test_get_review_other_provider_answers_404(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b)
    other = caller_for(admin, "provider", provider_id=provider(admin)["id"])
    assert other.get(f"{URL}/{review['id']}").status_code == 404
    assert other.patch(f"{URL}/{review['id']}", json={"visit_on": "2025-01-01"}).status_code == 404
    assert review["id"] not in [i["id"] for i in other.get(URL, params={"limit": 500}).json()["items"]]


def test_qa_routes_school_and_mentor_answer_403(admin: Caller, client: TestClient) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b)
    for caller in (caller_for(admin, "school", school_id=str(school_row(client))),
                   caller_for(admin, "mentor", mentor_id=str(mentor_row(client)))):
        for r in (caller.get(URL), caller.get(f"{URL}/{review['id']}"), caller.get(f"{URL}/overdue"),
                  caller.patch(f"{URL}/{review['id']}", json={"visit_on": "2025-01-01"}),
                  caller.post(URL, json={"reviewer_provider_id": a["id"], "reviewed_provider_id": b["id"]}),
                  caller.get(f"/api/v1/providers/{b['id']}/metrics")):
            assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"


def test_update_completed_review_answers_409(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(admin, a, b, criteria=ALL_MET, signed_by="R. Viewer", signed_on="2025-01-10",
                  status="completed")
    for caller in (as_a, admin):
        r = caller.patch(f"{URL}/{review['id']}", json={"additional_comments": "An afterthought."})
        assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"


def test_update_review_stale_if_match_answers_412(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b)
    url = f"{URL}/{review['id']}"
    etag = as_a.get(url).headers["etag"]
    assert etag == '"1"'
    first = as_a.patch(url, json={"visit_on": "2025-03-01"}, headers={"If-Match": etag})
    assert first.status_code == 200 and first.headers["etag"] == '"2"'
    stale = as_a.patch(url, json={"visit_on": "2025-03-02"}, headers={"If-Match": etag})
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    assert as_a.get(url).json()["visit_on"] == "2025-03-01"
    assert as_a.patch(url, json={"visit_on": "2025-03-03"}).status_code == 200


def test_update_review_status_backwards_answers_409(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(admin, a, b, status="in_progress")
    r = as_a.patch(f"{URL}/{review['id']}", json={"status": "planned"})
    assert r.status_code == 409


def test_create_review_bad_parties_answers_422(admin: Caller) -> None:
    a, as_a, _, _ = provider_pair(admin)
    itself = as_a.post(URL, json={"reviewer_provider_id": a["id"], "reviewed_provider_id": a["id"]})
    unknown = as_a.post(URL, json={"reviewer_provider_id": a["id"],
                                   "reviewed_provider_id": "00000000-0000-4000-8000-000000000000"})
    for r in (itself, unknown):
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "reviewed_provider_id"]


def test_create_review_bad_dates_answers_422(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    body = {"reviewer_provider_id": a["id"], "reviewed_provider_id": b["id"]}
    future = as_a.post(URL, json={**body, "signed_on": tomorrow})
    assert future.status_code == 422 and future.json()["errors"][0]["loc"] == ["body", "signed_on"]
    assert as_a.post(URL, json={**body, "visit_on": "2025-02-30"}).status_code == 422
    before_visit = as_a.post(URL, json={**body, "visit_on": "2025-03-02", "signed_on": "2025-03-01"})
    assert before_visit.status_code == 422


def test_update_review_explicit_null_status_answers_422(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b)
    assert as_a.patch(f"{URL}/{review['id']}", json={"status": None}).status_code == 422
    unknown = as_a.patch(f"{URL}/{review['id']}", json={"criteria": {"nonsense": {"met": True}}})
    assert unknown.status_code == 422


def test_create_review_second_open_one_answers_409(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    plan(as_a, a, b)
    r = as_a.post(URL, json={"reviewer_provider_id": a["id"], "reviewed_provider_id": b["id"]})
    assert r.status_code == 409


def test_list_reviews_party_filters_answer_their_reviews(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    c = provider(admin)
    by_a = plan(as_a, a, b)
    of_a = plan(admin, c, a, status="in_progress")
    mine = as_a.get(URL, params={"limit": 500}).json()["items"]
    assert {r["id"] for r in mine} == {by_a["id"], of_a["id"]}
    reviewing = as_a.get(URL, params={"reviewer_provider_id": a["id"]}).json()["items"]
    assert [r["id"] for r in reviewing] == [by_a["id"]]
    in_progress = as_a.get(URL, params={"status": "in_progress"}).json()["items"]
    assert [r["id"] for r in in_progress] == [of_a["id"]]
    assert [r["id"] for r in as_b.get(URL).json()["items"]] == [by_a["id"]]
