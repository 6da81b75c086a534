"""QA reviews are by agreement: a reviewer's review is proposed until the reviewed provider accepts it, and
until then the reviewer sees none of the reviewed provider's figures and the review cannot progress."""

from typing import Any

from tests.factories import Caller, caller_for, provider
from tests.qa_reviews.rows import provider_pair
from tests.qa_reviews.test_qa_reviews import ALL_MET, URL, plan

PREFILLED = ("evaluation_and_review", "certified_mentors_increasing", "portfolio_rigour")


def _metrics(caller: Caller, provider_id: str) -> int:
    return caller.get(f"/api/v1/providers/{provider_id}/metrics").status_code


def _figures(review: dict[str, Any]) -> list[Any]:
    return [review["criteria"][key]["figures"] for key in PREFILLED]


def test_create_review_as_reviewer_is_proposed_without_figures(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b, visit_on="2025-06-10")
    assert review["status"] == "proposed" and _figures(review) == [None, None, None]
    assert _metrics(as_a, b["id"]) == 404
    assert b["id"] not in {e["provider_id"] for e in as_a.get(f"{URL}/overdue").json()["items"]}


def test_create_review_as_reviewer_naming_later_status_answers_409(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    body = {"reviewer_provider_id": a["id"], "reviewed_provider_id": b["id"]}
    for status in ("in_progress", "completed"):
        r = as_a.post(URL, json={**body, "status": status, "criteria": ALL_MET, "signed_by": "R. Viewer",
                                 "signed_on": "2025-06-15"})
        assert r.status_code == 409 and r.json()["errors"][0]["loc"] == ["body", "status"], r.text
    assert as_a.get(URL, params={"reviewer_provider_id": a["id"]}).json()["items"] == []
    assert _metrics(as_a, b["id"]) == 404


def test_accept_review_by_reviewed_provider_plans_it_with_figures(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    review = plan(as_a, a, b)
    r = as_b.post(f"{URL}/{review['id']}/accept")
    assert r.status_code == 200, r.text
    accepted = r.json()
    assert accepted["status"] == "planned" and all(f is not None for f in _figures(accepted))
    assert _metrics(as_a, b["id"]) == 200
    assert as_a.get(f"{URL}/{review['id']}").json()["status"] == "planned"


def test_accept_review_by_reviewer_or_stranger_refused(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b)
    stranger = caller_for(admin, "provider", provider_id=provider(admin)["id"])
    assert as_a.post(f"{URL}/{review['id']}/accept").status_code == 403
    assert stranger.post(f"{URL}/{review['id']}/accept").status_code == 404
    assert as_a.get(f"{URL}/{review['id']}").json()["status"] == "proposed"
    assert _metrics(as_a, b["id"]) == 404


def test_accept_review_not_proposed_answers_409(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    review = plan(as_a, a, b)
    assert as_b.post(f"{URL}/{review['id']}/accept").status_code == 200
    again = as_b.post(f"{URL}/{review['id']}/accept")
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
    by_admin = plan(admin, a, provider(admin), status="in_progress")
    assert admin.post(f"{URL}/{by_admin['id']}/accept").status_code == 409


def test_accept_review_by_admin_plans_it(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b)
    r = admin.post(f"{URL}/{review['id']}/accept")
    assert r.status_code == 200 and r.json()["status"] == "planned"


def test_update_proposed_review_progress_answers_409(admin: Caller) -> None:
    a, as_a, b, _ = provider_pair(admin)
    review = plan(as_a, a, b)
    url = f"{URL}/{review['id']}"
    for body in ({"status": "in_progress"}, {"status": "completed", "criteria": ALL_MET,
                                             "signed_by": "R. Viewer", "signed_on": "2025-06-15"}):
        r = as_a.patch(url, json=body)
        assert r.status_code == 409 and r.json()["errors"][0]["loc"] == ["body", "status"], r.text
    got = as_a.get(url).json()
    assert got["status"] == "proposed" and got["signed_by"] is None
    assert as_a.patch(url, json={"visit_on": "2025-07-01"}).status_code == 200


def test_create_review_by_admin_keeps_status_given(admin: Caller) -> None:
    a, _, b, _ = provider_pair(admin)
    planned = plan(admin, a, b)
    assert planned["status"] == "planned" and all(f is not None for f in _figures(planned))
    proposed = plan(admin, b, a, status="proposed")
    assert proposed["status"] == "proposed" and _figures(proposed) == [None, None, None]
