"""GET /qa-reviews/overdue: providers due a review, and how completing one changes the list."""

from datetime import date, timedelta

from app import clock
from tests.factories import Caller, caller_for, provider
from tests.qa_reviews.rows import provider_pair
from tests.qa_reviews.test_qa_reviews import ALL_MET

URL = "/api/v1/qa-reviews/overdue"


def walk(caller: Caller, **params: str) -> list[dict]:
    items, cursor = [], None
    while True:
        page = caller.get(URL, params={**params, "limit": 2, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def test_overdue_completing_review_changes_list(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    today = clock.today()  # the service's today: England's
    [entry] = as_b.get(URL).json()["items"]
    assert entry["provider_id"] == b["id"] and entry["last_signed_on"] is None
    assert entry["due_on"] == b["created_at"][:10] and entry["days_overdue"] == (today - date.fromisoformat(
        b["created_at"][:10])).days
    signed = today - timedelta(days=30)
    body = {"reviewer_provider_id": a["id"], "reviewed_provider_id": b["id"]}
    review = as_a.post("/api/v1/qa-reviews", json=body)
    assert as_b.post(f"/api/v1/qa-reviews/{review.json()['id']}/accept").status_code == 200
    assert as_b.get(URL).json()["items"] != [], "a planned review does not settle it"
    r = as_a.patch(f"/api/v1/qa-reviews/{review.json()['id']}",
                   json={"criteria": ALL_MET, "signed_by": "R. Viewer", "signed_on": signed.isoformat(),
                         "status": "completed"})
    assert r.status_code == 200, r.text
    assert as_b.get(URL).json()["items"] == []
    due = r.json()["next_due_on"]
    assert as_b.get(URL, params={"as_of": due}).json()["items"] == []
    later = (date.fromisoformat(due) + timedelta(days=1)).isoformat()
    [entry] = as_b.get(URL, params={"as_of": later}).json()["items"]
    assert entry == {"provider_id": b["id"], "provider_name": b["name"], "last_signed_on": signed.isoformat(),
                     "due_on": due, "days_overdue": 1}


def test_overdue_reviewer_sees_providers_it_reviewed(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    review = as_a.post("/api/v1/qa-reviews", json={"reviewer_provider_id": a["id"],
                                                    "reviewed_provider_id": b["id"]}).json()
    assert {e["provider_id"] for e in as_a.get(URL).json()["items"]} == {a["id"]}, "not while proposed"
    assert as_b.post(f"/api/v1/qa-reviews/{review['id']}/accept").status_code == 200
    assert {e["provider_id"] for e in as_a.get(URL).json()["items"]} == {a["id"], b["id"]}


def test_overdue_admin_pages_cover_every_new_provider_once(admin: Caller) -> None:
    mine = {provider(admin)["id"] for _ in range(3)}
    items = walk(admin)
    ids = [e["provider_id"] for e in items]
    assert len(ids) == len(set(ids)) and mine <= set(ids)


def test_overdue_before_registration_not_listed(admin: Caller) -> None:
    p = provider(admin)
    as_p = caller_for(admin, "provider", provider_id=p["id"])
    assert as_p.get(URL, params={"as_of": "2020-01-01"}).json()["items"] == []


def test_overdue_bad_cursor_answers_422(admin: Caller) -> None:
    r = admin.get(URL, params={"cursor": "not-a-cursor"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
