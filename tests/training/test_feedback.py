"""Session feedback: a mentor who attended rates a session; its provider records the action taken."""

from typing import Any

from tests import factories as f
from tests.training.conftest import Org
from tests.training.helpers import assert_problem, register, training_session


def _attended_session(admin: f.Caller, org: Org, status: str = "attended") -> tuple[dict[str, Any], f.Caller]:
    s = training_session(org.caller, duration_hours=2)
    m = org.mentor(admin)
    entry = {"mentor_id": m["id"], "status": status, **({"hours": 1} if status == "partial" else {})}
    register(org.caller, s["id"], [entry])
    return s, f.caller_for(admin, "mentor", mentor_id=m["id"])


def test_give_feedback_after_attending_answers_201_then_200(admin: f.Caller, org: Org) -> None:
    s, mentor = _attended_session(admin, org, "partial")
    url = f"/api/v1/training-sessions/{s['id']}/feedback"
    first = mentor.post(url, json={"rating": 4, "comment": "Useful role play."})
    assert first.status_code == 201, first.text
    again = mentor.post(url, json={"rating": 5, "comment": "Even better on reflection."})
    assert (
        again.status_code == 200 and again.json()["id"] == first.json()["id"] and again.json()["rating"] == 5
    )
    assert [r["rating"] for r in org.caller.get(url).json()["items"]] == [5]


def test_give_feedback_without_attending_answers_422(admin: f.Caller, org: Org) -> None:
    s, _ = _attended_session(admin, org)
    stranger = org.mentor(admin)
    absent = org.mentor(admin)
    register(org.caller, s["id"], [{"mentor_id": absent["id"], "status": "absent"}])
    for m in (stranger, absent):
        caller = f.caller_for(admin, "mentor", mentor_id=m["id"])
        r = caller.post(f"/api/v1/training-sessions/{s['id']}/feedback", json={"rating": 3})
        assert_problem(r, 422, "mentor_id")


def test_give_feedback_rating_outside_range_answers_422(admin: f.Caller, org: Org) -> None:
    s, mentor = _attended_session(admin, org)
    for rating in (0, 6, 3.5):
        assert_problem(
            mentor.post(f"/api/v1/training-sessions/{s['id']}/feedback", json={"rating": rating}),
            422,
            "rating",
        )


def test_give_feedback_as_provider_answers_403(admin: f.Caller, org: Org) -> None:
    s, _ = _attended_session(admin, org)
    assert_problem(org.caller.post(f"/api/v1/training-sessions/{s['id']}/feedback", json={"rating": 3}), 403)


def test_provider_records_action_taken_and_mentor_reads_it(admin: f.Caller, org: Org) -> None:
    s, mentor = _attended_session(admin, org)
    url = f"/api/v1/training-sessions/{s['id']}/feedback"
    fb = mentor.post(url, json={"rating": 2, "comment": "Too fast."}).json()
    r = org.caller.patch(f"{url}/{fb['id']}", json={"action_taken": "Split into two sessions."})
    assert r.status_code == 200 and r.json()["action_taken"] == "Split into two sessions."
    assert r.json()["rating"] == 2
    assert_problem(org.caller.patch(f"{url}/{fb['id']}", json={"rating": 5}), 403)
    assert_problem(mentor.patch(f"{url}/{fb['id']}", json={"action_taken": "none"}), 403)
    edited = mentor.patch(f"{url}/{fb['id']}", json={"comment": "Too fast, but clear."})
    assert edited.json()["comment"] == "Too fast, but clear."
    assert edited.json()["action_taken"] == "Split into two sessions."


def test_list_feedback_mentor_sees_only_its_own(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller)
    a, b = org.mentor(admin), org.mentor(admin)
    register(
        org.caller,
        s["id"],
        [{"mentor_id": a["id"], "status": "attended"}, {"mentor_id": b["id"], "status": "attended"}],
    )
    url = f"/api/v1/training-sessions/{s['id']}/feedback"
    ca, cb = (f.caller_for(admin, "mentor", mentor_id=m["id"]) for m in (a, b))
    fa = ca.post(url, json={"rating": 5}).json()
    cb.post(url, json={"rating": 1})
    assert [x["mentor_id"] for x in ca.get(url).json()["items"]] == [a["id"]]
    assert len(org.caller.get(url).json()["items"]) == 2
    assert_problem(cb.patch(f"{url}/{fa['id']}", json={"rating": 1}), 404)


def test_give_feedback_on_cancelled_session_answers_422(admin: f.Caller, org: Org) -> None:
    s, mentor = _attended_session(admin, org)
    org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": "cancelled"})
    assert_problem(mentor.post(f"/api/v1/training-sessions/{s['id']}/feedback", json={"rating": 4}), 422)
