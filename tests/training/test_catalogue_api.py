"""GET /api/v1/standards and /api/v1/outcomes: the shipped catalogues, paged and filtered."""

from tests import factories as f
from tests.training.helpers import assert_problem


def test_list_standards_returns_all_21_in_order(admin: f.Caller) -> None:
    r = admin.get("/api/v1/standards")
    assert r.status_code == 200
    body = r.json()
    assert len(body["items"]) == 21 and body["next_cursor"] is None
    assert body["items"][0]["code"] == "NS1.1" and body["items"][-1]["code"] == "NS4.2"
    assert [
        s["code"] for s in admin.get("/api/v1/standards", params={"standard": "NS4"}).json()["items"]
    ] == ["NS4.1", "NS4.2"]


def test_list_outcomes_pages_through_all_73(admin: f.Caller) -> None:
    first = admin.get("/api/v1/outcomes").json()
    assert len(first["items"]) == 50 and first["next_cursor"] is not None
    second = admin.get("/api/v1/outcomes", params={"cursor": first["next_cursor"]}).json()
    codes = [o["code"] for o in first["items"] + second["items"]]
    assert len(codes) == 73 == len(set(codes)) and second["next_cursor"] is None
    assert codes[0] == "LP1-T01" and codes[-1] == "LP2-A18"


def test_list_outcomes_filters_stage_and_area(admin: f.Caller) -> None:
    items = admin.get("/api/v1/outcomes", params={"stage": 2, "area": "assessment"}).json()["items"]
    assert len(items) == 18 and {(o["stage"], o["area"]) for o in items} == {(2, "assessment")}


def test_list_outcomes_bad_cursor_or_area_answers_422(admin: f.Caller) -> None:
    assert_problem(admin.get("/api/v1/outcomes", params={"cursor": "LP9-X99"}), 422, "query", "cursor")
    assert_problem(admin.get("/api/v1/outcomes", params={"area": "coaching"}), 422)


def test_get_standard_and_outcome_by_code(admin: f.Caller) -> None:
    assert admin.get("/api/v1/standards/NS2.4").json()["standard_title"] == "Teaching"
    assert admin.get("/api/v1/outcomes/LP2-A13").json()["stage"] == 2
    assert_problem(admin.get("/api/v1/outcomes/LP3-T01"), 404)


def test_list_standards_without_token_answers_401(admin: f.Caller) -> None:
    assert_problem(admin.client.get("/api/v1/standards"), 401)
