"""Schools reach the trainees placed with them: placements are written by the trainee's provider, and a
school reads, and logs mentoring against, only trainees placed with it, on dates inside a placement."""

import uuid
from typing import Any

from httpx import Response

from tests import factories as f
from tests.imports.helpers import csv_body, post_csv

LOGS = "/api/v1/mentoring-logs"


class World:
    """A provider with a trainee placed at a school for the autumn term, the school's mentor, and callers."""

    def __init__(self, admin: f.Caller) -> None:
        self.provider, self.school = f.provider(admin), f.school(admin)
        self.as_provider = f.caller_for(admin, "provider", provider_id=self.provider["id"])
        self.as_school = f.caller_for(admin, "school", school_id=self.school["id"])
        self.mentor = f.mentor(self.as_school)
        self.placed = f.trainee(self.as_provider, self.provider["id"], placements=[
            {"school_id": self.school["id"], "from": "2025-09-01", "until": "2025-12-19"}])
        self.unplaced = f.trainee(self.as_provider, self.provider["id"])

    def log(self, trainee_id: str, occurred_on: str = "2025-10-01") -> Response:
        return self.as_school.post(LOGS, json={"mentor_id": self.mentor["id"], "trainee_id": trainee_id,
                                               "occurred_on": occurred_on, "hours": 1, "activity": "meeting"})


def _import(w: World, columns: list[str], row: dict[str, Any]) -> Response:
    base = {"mentor_id": w.mentor["id"], "occurred_on": "2025-10-01", "hours": "1", "activity": "meeting"}
    return post_csv(w.as_school, "mentoring-logs", csv_body([*base, *columns], [{**base, **row}]))


def _errors(r: Response) -> list[tuple[Any, Any, Any]]:
    assert r.status_code == 422, r.text
    return [(e["row"], e["field"], e["msg"]) for e in r.json()["job"]["errors"]]


def test_create_trainee_with_placements_answers_them(admin: f.Caller) -> None:
    w = World(admin)
    assert w.placed["placements"] == [{"school_id": w.school["id"], "from": "2025-09-01", "until": "2025-12-19"}]
    assert w.unplaced["placements"] == []
    got = w.as_provider.get(f"/api/v1/trainees/{w.placed['id']}").json()
    assert got["placements"] == w.placed["placements"]


def test_update_trainee_placements_replaces_them(admin: f.Caller) -> None:
    w = World(admin)
    other = f.school(admin)
    new = [{"school_id": other["id"], "from": "2026-01-05", "until": None}]
    r = w.as_provider.patch(f"/api/v1/trainees/{w.placed['id']}", json={"placements": new})
    assert r.status_code == 200 and r.json()["placements"] == new, r.text
    assert w.as_school.get(f"/api/v1/trainees/{w.placed['id']}").status_code == 404


def test_create_trainee_placement_bad_school_or_dates_answers_422(admin: f.Caller) -> None:
    w = World(admin)
    for placement, loc in (
        ({"school_id": str(uuid.uuid4()), "from": "2025-09-01"}, ["body", "placements", 0, "school_id"]),
        ({"school_id": w.school["id"], "from": "2025-09-01", "until": "2025-08-31"},
         ["body", "placements", 0, "until"]),
        ({"school_id": w.school["id"]}, ["body", "placements", 0, "from"]),
    ):
        r = w.as_provider.post("/api/v1/trainees", json={
            "provider_id": w.provider["id"], "reference": f"T-{uuid.uuid4().hex[:8]}", "first_name": "Sam",
            "last_name": "S", "placements": [placement]})
        # schema errors name the field without "body" (app.problems), service errors with it
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] in (loc, loc[1:]), r.text


def test_update_trainee_placements_by_school_answers_403(admin: f.Caller) -> None:
    w = World(admin)
    r = w.as_school.patch(f"/api/v1/trainees/{w.placed['id']}", json={"placements": []})
    assert r.status_code == 403
    assert len(w.as_provider.get(f"/api/v1/trainees/{w.placed['id']}").json()["placements"]) == 1


def test_school_reads_placed_trainee_only(admin: f.Caller) -> None:
    w = World(admin)
    assert w.as_school.get(f"/api/v1/trainees/{w.placed['id']}").status_code == 200
    assert w.as_school.get(f"/api/v1/trainees/{w.unplaced['id']}").status_code == 404
    listed = w.as_school.get("/api/v1/trainees", params={"provider_id": w.provider["id"]}).json()["items"]
    assert [t["id"] for t in listed] == [w.placed["id"]]
    by_reference = w.as_school.get("/api/v1/trainees", params={"reference": w.unplaced["reference"]})
    assert by_reference.json()["items"] == []


def test_school_logs_against_unplaced_trainee_answers_like_unknown(admin: f.Caller) -> None:
    w = World(admin)
    unplaced, unknown = w.log(w.unplaced["id"]), w.log(str(uuid.uuid4()))
    assert unplaced.status_code == 422 and unplaced.json()["errors"] == unknown.json()["errors"]
    assert unplaced.json()["errors"][0]["loc"] == ["body", "trainee_id"]
    assert w.as_school.get(f"/api/v1/trainees/{w.unplaced['id']}").status_code == 404


def test_school_logs_outside_placement_answers_422_naming_occurred_on(admin: f.Caller) -> None:
    w = World(admin)
    for day in ("2025-08-31", "2025-12-20"):
        r = w.log(w.placed["id"], day)
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "occurred_on"], r.text
    for day in ("2025-09-01", "2025-12-19"):
        assert w.log(w.placed["id"], day).status_code == 201
    assert len(w.as_school.get(LOGS, params={"mentor_id": w.mentor["id"]}).json()["items"]) == 2


def test_school_logs_inside_open_placement_is_201(admin: f.Caller) -> None:
    w = World(admin)
    r = w.as_provider.patch(f"/api/v1/trainees/{w.unplaced['id']}", json={
        "placements": [{"school_id": w.school["id"], "from": "2024-09-01", "until": None}]})
    assert r.status_code == 200, r.text
    assert w.log(w.unplaced["id"], "2025-11-11").status_code == 201


def test_school_import_logs_unplaced_trainee_answers_like_unknown(admin: f.Caller) -> None:
    w = World(admin)
    by_id = [_errors(_import(w, ["trainee_id"], {"trainee_id": t})) for t in (w.unplaced["id"], str(uuid.uuid4()))]
    assert by_id[0] == by_id[1] and by_id[0][0][:2] == (1, "trainee_id")
    by_reference = [_errors(_import(w, ["trainee_reference", "provider_id"],
                                    {"trainee_reference": ref, "provider_id": w.provider["id"]}))
                    for ref in (w.unplaced["reference"], "NO-SUCH-REF")]
    assert by_reference[0] == by_reference[1] and by_reference[0][0][:2] == (1, "trainee_reference")
    assert w.as_school.get(LOGS, params={"mentor_id": w.mentor["id"]}).json()["items"] == []


def test_school_import_logs_outside_placement_names_occurred_on(admin: f.Caller) -> None:
    w = World(admin)
    r = _import(w, ["trainee_id"], {"trainee_id": w.placed["id"], "occurred_on": "2026-01-05"})
    assert [e[:2] for e in _errors(r)] == [(1, "occurred_on")]
    r = _import(w, ["trainee_reference", "provider_id"], {"trainee_reference": w.placed["reference"],
                                                          "provider_id": w.provider["id"]})
    assert r.status_code == 201 and r.json()["counts"]["created"] == 1, r.text


def test_mentor_reads_trainee_it_logged_with_unplaced(admin: f.Caller) -> None:
    w = World(admin)
    as_mentor = f.caller_for(admin, "mentor", mentor_id=w.mentor["id"])
    r = as_mentor.post(LOGS, json={"mentor_id": w.mentor["id"], "trainee_id": w.unplaced["id"],
                                   "occurred_on": "2025-10-01", "hours": 1, "activity": "meeting"})
    assert r.status_code == 201, r.text
    assert as_mentor.get(f"/api/v1/trainees/{w.unplaced['id']}").status_code == 200


def test_school_patch_log_to_unplaced_trainee_or_outside_placement_answers_422(admin: f.Caller) -> None:
    """A correction keeps the placement rule: no moving a log onto another trainee or out of the placement."""
    w = World(admin)
    log = w.log(w.placed["id"]).json()
    for change, loc, msg in (
        ({"trainee_id": w.unplaced["id"]}, ["body", "trainee_id"], "no trainee with this id"),
        ({"occurred_on": "2025-12-20"}, ["body", "occurred_on"], "outside the trainee's placements at this school"),
    ):
        r = w.as_school.patch(f"{LOGS}/{log['id']}", json=change)
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["loc"] == loc and r.json()["errors"][0]["msg"] == msg
    assert w.as_school.get(f"{LOGS}/{log['id']}").json()["occurred_on"] == "2025-10-01"
    moved = w.as_school.patch(f"{LOGS}/{log['id']}", json={"occurred_on": "2025-12-19"})
    assert moved.status_code == 200 and moved.json()["occurred_on"] == "2025-12-19"
