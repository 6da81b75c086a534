"""Self-assessments against the 21 national-standard expectations: rules, summary, scope and ETags."""

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.catalogue import load_standards
from tests import factories as f

CODES = [s["code"] for s in load_standards()]
PATH = "/api/v1/self-assessments"
PROBLEM = "application/problem+json"


def all_rated(colour: str = "green", **overrides: str) -> dict[str, str]:
    return {c: overrides.get(c.replace(".", "_"), colour) for c in CODES}


@dataclass
class World:
    mentor: dict
    as_mentor: f.Caller
    as_school: f.Caller
    as_provider: f.Caller
    as_other_provider: f.Caller
    as_other_school: f.Caller
    as_other_mentor: f.Caller


@pytest.fixture
def w(admin: f.Caller) -> World:
    p, other_p = f.provider(admin), f.provider(admin)
    s, other_s = f.school(admin), f.school(admin)
    m = f.mentor(admin, school_id=s["id"], provider_ids=[p["id"]])
    other_m = f.mentor(admin, school_id=other_s["id"], provider_ids=[other_p["id"]])
    return World(
        m,
        f.caller_for(admin, "mentor", mentor_id=m["id"]),
        f.caller_for(admin, "school", school_id=s["id"]),
        f.caller_for(admin, "provider", provider_id=p["id"]),
        f.caller_for(admin, "provider", provider_id=other_p["id"]),
        f.caller_for(admin, "school", school_id=other_s["id"]),
        f.caller_for(admin, "mentor", mentor_id=other_m["id"]),
    )


def submit(caller: f.Caller, ratings: dict[str, str], **body: object) -> dict:
    r = caller.post(PATH, json={"status": "submitted", "ratings": ratings, **body})
    assert r.status_code == 201, r.text
    return r.json()


def test_submit_all_21_rated_returns_summary_and_etag(w: World) -> None:
    ratings = all_rated("green", NS1_2="amber", NS2_3="red", NS4_2="amber")
    r = w.as_mentor.post(
        PATH, json={"status": "submitted", "ratings": ratings, "comments": {"NS2.3": "new to it"}}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["etag"] == '"1"' and body["version"] == 1
    assert body["mentor_id"] == w.mentor["id"] and body["status"] == "submitted" and body["submitted_at"]
    summary = body["summary"]
    assert summary["totals"] == {"red": 1, "amber": 2, "green": 18, "unrated": 0}
    assert summary["by_standard"]["NS1"] == {"red": 0, "amber": 1, "green": 4, "unrated": 0}
    assert summary["by_standard"]["NS2"] == {"red": 1, "amber": 0, "green": 8, "unrated": 0}
    assert summary["by_standard"]["NS4"] == {"red": 0, "amber": 1, "green": 1, "unrated": 0}
    needs = summary["development_needs"]
    assert [(n["code"], n["rating"]) for n in needs] == [
        ("NS1.2", "amber"),
        ("NS2.3", "red"),
        ("NS4.2", "amber"),
    ]
    assert needs[1]["comment"] == "new to it" and needs[1]["standard"] == "NS2" and needs[1]["text"]
    assert summary["change"] is None


def test_submit_with_an_expectation_missing_is_422_listing_it(w: World) -> None:
    ratings = all_rated()
    del ratings["NS3.4"], ratings["NS1.1"]
    r = w.as_mentor.post(PATH, json={"status": "submitted", "ratings": ratings})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["missing"] == ["NS1.1", "NS3.4"]
    assert [e["loc"] for e in r.json()["errors"]] == [
        ["body", "ratings", "NS1.1"],
        ["body", "ratings", "NS3.4"],
    ]
    assert w.as_mentor.get(PATH).json()["items"] == []


@pytest.mark.parametrize("colour", ["blue", "GREEN", "", None, 1])
def test_submit_with_a_colour_other_than_rag_is_422(w: World, colour: object) -> None:
    ratings: dict[str, object] = {**all_rated(), "NS2.1": colour}
    r = w.as_mentor.post(PATH, json={"status": "submitted", "ratings": ratings})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("field", ["ratings", "comments"])
def test_create_with_unknown_expectation_code_is_422(w: World, field: str) -> None:
    r = w.as_mentor.post(PATH, json={field: {"NS5.1": "green" if field == "ratings" else "text"}})
    assert r.status_code == 422 and "NS5.1" in r.text


def test_draft_partial_then_submitted_by_patch(w: World) -> None:
    r = w.as_mentor.post(PATH, json={"ratings": {"NS1.1": "red"}, "comments": {"NS1.1": "no time yet"}})
    assert r.status_code == 201 and r.json()["status"] == "draft" and r.json()["submitted_at"] is None
    draft = r.json()
    assert draft["summary"]["totals"] == {"red": 1, "amber": 0, "green": 0, "unrated": 20}
    r = w.as_mentor.patch(
        f"{PATH}/{draft['id']}",
        json={"ratings": {"NS1.2": "amber"}, "comments": {"NS1.1": None}},
        headers={"If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    assert r.json()["ratings"] == {"NS1.1": "red", "NS1.2": "amber"} and r.json()["comments"] == {}
    assert r.headers["etag"] == '"2"'
    r = w.as_mentor.patch(f"{PATH}/{draft['id']}", json={"status": "submitted"})
    assert r.status_code == 422 and len(r.json()["missing"]) == 19
    body = {"status": "submitted", "ratings": all_rated("amber")}
    r = w.as_mentor.patch(f"{PATH}/{draft['id']}", json=body)
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["submitted_at"]


def test_second_submission_shows_change_against_previous(w: World) -> None:
    first = submit(w.as_mentor, all_rated("amber", NS1_1="red", NS2_2="green"))
    second = submit(w.as_mentor, all_rated("amber", NS1_1="green", NS2_2="red"))
    change = second["summary"]["change"]
    assert change["previous_id"] == first["id"]
    assert (change["improved"], change["declined"], change["unchanged"]) == (1, 1, 19)
    assert change["changes"] == [
        {"code": "NS1.1", "previous": "red", "current": "green", "direction": "improved"},
        {"code": "NS2.2", "previous": "green", "current": "red", "direction": "declined"},
    ]
    # the first keeps comparing with nothing before it; a later draft compares with the latest
    assert w.as_mentor.get(f"{PATH}/{first['id']}").json()["summary"]["change"] is None
    draft = w.as_mentor.post(PATH, json={"ratings": {"NS1.1": "green"}}).json()
    assert draft["summary"]["change"]["previous_id"] == second["id"]
    assert draft["summary"]["change"]["unchanged"] == 1


def test_patch_submitted_self_assessment_is_409(w: World) -> None:
    done = submit(w.as_mentor, all_rated())
    r = w.as_mentor.patch(f"{PATH}/{done['id']}", json={"ratings": {"NS1.1": "red"}})
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    assert w.as_mentor.get(f"{PATH}/{done['id']}").json()["ratings"]["NS1.1"] == "green"


def test_two_writers_with_the_same_etag_one_wins_one_gets_412(w: World) -> None:
    r = w.as_mentor.post(PATH, json={"ratings": {"NS1.1": "red"}})
    url, tag = f"{PATH}/{r.json()['id']}", r.headers["etag"]
    first = w.as_mentor.patch(url, json={"ratings": {"NS1.1": "green"}}, headers={"If-Match": tag})
    second = w.as_mentor.patch(url, json={"ratings": {"NS1.1": "amber"}}, headers={"If-Match": tag})
    assert first.status_code == 200 and first.headers["etag"] != tag
    assert second.status_code == 412 and second.headers["content-type"] == PROBLEM
    got = w.as_mentor.get(url)
    assert got.json()["ratings"] == {"NS1.1": "green"} and got.headers["etag"] == first.headers["etag"]
    r = w.as_mentor.patch(url, json={"ratings": {"NS1.2": "red"}}, headers={"If-Match": "*"})
    assert r.status_code == 200


def test_school_and_provider_read_their_mentors_self_assessments(w: World) -> None:
    done = submit(w.as_mentor, all_rated())
    for caller in (w.as_school, w.as_provider):
        assert caller.get(f"{PATH}/{done['id']}").status_code == 200
        listed = caller.get(PATH, params={"mentor_id": w.mentor["id"], "status": "submitted"}).json()["items"]
        assert [i["id"] for i in listed] == [done["id"]]
        assert caller.get(PATH, params={"mentor_id": w.mentor["id"], "status": "draft"}).json()["items"] == []


def test_other_organisations_and_mentors_get_404_and_empty_lists(w: World) -> None:
    done = submit(w.as_mentor, all_rated())
    for caller in (w.as_other_provider, w.as_other_school, w.as_other_mentor):
        assert caller.get(f"{PATH}/{done['id']}").status_code == 404
        assert caller.get(PATH, params={"mentor_id": w.mentor["id"]}).json()["items"] == []
    r = w.as_other_mentor.patch(f"{PATH}/{done['id']}", json={"ratings": {"NS1.1": "red"}})
    assert r.status_code == 404


def test_providers_and_schools_cannot_write_self_assessments(w: World) -> None:
    draft = w.as_mentor.post(PATH, json={}).json()
    for caller in (w.as_provider, w.as_school):
        assert caller.post(PATH, json={"mentor_id": w.mentor["id"]}).status_code == 403
        assert caller.patch(f"{PATH}/{draft['id']}", json={"ratings": {"NS1.1": "red"}}).status_code == 403


def test_mentor_writing_for_another_mentor_is_403(w: World, admin: f.Caller) -> None:
    other = f.mentor(admin)
    assert w.as_mentor.post(PATH, json={"mentor_id": other["id"]}).status_code == 403


def test_admin_writes_for_a_named_mentor_only(w: World, admin: f.Caller) -> None:
    assert admin.post(PATH, json={}).status_code == 422
    r = admin.post(PATH, json={"mentor_id": w.mentor["id"], "ratings": {"NS4.1": "amber"}})
    assert r.status_code == 201 and r.json()["mentor_id"] == w.mentor["id"]
    assert w.as_mentor.get(f"{PATH}/{r.json()['id']}").status_code == 200


def test_list_pages_with_cursor(w: World) -> None:
    ids = {w.as_mentor.post(PATH, json={}).json()["id"] for _ in range(3)}
    page = w.as_mentor.get(PATH, params={"limit": 2}).json()
    rest = w.as_mentor.get(PATH, params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert {i["id"] for i in page["items"] + rest["items"]} == ids and rest["next_cursor"] is None


def test_list_runs_the_same_number_of_queries_for_more_mentors(admin: f.Caller, client: TestClient) -> None:
    s = f.school(admin)
    as_school = f.caller_for(admin, "school", school_id=s["id"])
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    def add_mentor() -> None:
        m = f.mentor(admin, school_id=s["id"])
        submit(f.caller_for(admin, "mentor", mentor_id=m["id"]), all_rated())

    def queries() -> int:
        statements.clear()
        event.listen(client.app.state.engine, "before_cursor_execute", count)
        try:
            assert as_school.get(PATH, params={"limit": 100}).status_code == 200
        finally:
            event.remove(client.app.state.engine, "before_cursor_execute", count)
        return len(statements)

    add_mentor()
    one = queries()
    for _ in range(3):
        add_mentor()
    assert len(as_school.get(PATH).json()["items"]) == 4
    assert queries() == one
