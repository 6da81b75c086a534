"""Mentoring logs: a day holds at most 12 hours; the mentor's school and admins correct and remove logs."""

from typing import Any

from tests import factories as f
from tests.imports.helpers import LOG_COLUMNS, csv_body, post_csv, school_world
from tests.training.helpers import assert_problem

DAY = "2025-03-04"


def _log(caller: f.Caller, world: dict[str, Any], hours: Any, **fields: Any) -> Any:
    body = {"mentor_id": world["mentors"][0]["id"], "trainee_id": world["trainees"][0]["id"],
            "occurred_on": DAY, "hours": hours, "activity": "meeting", **fields}
    return caller.post("/api/v1/mentoring-logs", json=body)


def test_create_logs_twelve_hours_in_a_day_are_accepted(admin: f.Caller) -> None:
    w = school_world(admin)
    assert _log(w["caller"], w, 8).status_code == 201
    assert _log(w["caller"], w, 4, activity="feedback").status_code == 201


def test_create_logs_twelve_point_zero_one_hours_in_a_day_answers_422(admin: f.Caller) -> None:
    w = school_world(admin)
    assert _log(w["caller"], w, 8).status_code == 201
    body = assert_problem(_log(w["caller"], w, "4.01", activity="feedback"), 422, "hours")
    assert "12" in body["errors"][0]["msg"]
    other_day = _log(w["caller"], w, "4.01", activity="feedback", occurred_on="2025-03-05")
    assert other_day.status_code == 201


def test_patch_log_changes_fields_and_keeps_day_limit(admin: f.Caller) -> None:
    w = school_world(admin)
    first = f.created(_log(w["caller"], w, 6))
    f.created(_log(w["caller"], w, 6, activity="feedback"))
    path = f"/api/v1/mentoring-logs/{first['id']}"
    assert_problem(w["caller"].patch(path, json={"hours": "6.01"}), 422, "hours")
    r = w["caller"].patch(path, json={"hours": 5, "notes": "corrected", "trainee_id": w["trainees"][1]["id"]})
    assert r.status_code == 200, r.text
    assert (r.json()["hours"], r.json()["notes"], r.json()["trainee_id"]) == (5, "corrected", w["trainees"][1]["id"])
    moved = w["caller"].patch(path, json={"occurred_on": "2025-03-05", "hours": 12})
    assert moved.status_code == 200 and moved.json()["occurred_on"] == "2025-03-05"


def test_patch_log_onto_another_logs_key_answers_409(admin: f.Caller) -> None:
    w = school_world(admin)
    first = f.created(_log(w["caller"], w, 1))
    f.created(_log(w["caller"], w, 1, activity="feedback"))
    r = w["caller"].patch(f"/api/v1/mentoring-logs/{first['id']}", json={"activity": "feedback"})
    assert_problem(r, 409)
    assert w["caller"].get(f"/api/v1/mentoring-logs/{first['id']}").json()["activity"] == "meeting"


def test_patch_log_null_hours_answers_422(admin: f.Caller) -> None:
    w = school_world(admin)
    log = f.created(_log(w["caller"], w, 1))
    assert_problem(w["caller"].patch(f"/api/v1/mentoring-logs/{log['id']}", json={"hours": None}), 422, "hours")


def test_delete_log_by_school_answers_204_then_404(admin: f.Caller) -> None:
    w = school_world(admin)
    log = f.created(_log(w["caller"], w, 12))
    path = f"/api/v1/mentoring-logs/{log['id']}"
    r = w["caller"].delete(path)
    assert r.status_code == 204 and r.content == b""
    assert_problem(w["caller"].get(path), 404)
    assert_problem(w["caller"].delete(path), 404)
    assert _log(w["caller"], w, 12).status_code == 201  # the day's hours are free again


def test_patch_delete_log_by_admin_succeed(admin: f.Caller) -> None:
    w = school_world(admin)
    log = f.created(_log(w["caller"], w, 2))
    path = f"/api/v1/mentoring-logs/{log['id']}"
    assert admin.patch(path, json={"hours": 3}).json()["hours"] == 3
    assert admin.delete(path).status_code == 204


def test_patch_delete_log_other_school_answers_404(admin: f.Caller) -> None:
    w, other = school_world(admin), school_world(admin)
    log = f.created(_log(w["caller"], w, 2))
    path = f"/api/v1/mentoring-logs/{log['id']}"
    assert_problem(other["caller"].patch(path, json={"hours": 3}), 404)
    assert_problem(other["caller"].delete(path), 404)
    assert w["caller"].get(path).json()["hours"] == 2


def test_patch_delete_log_by_its_mentor_answers_403(admin: f.Caller) -> None:
    w = school_world(admin)
    log = f.created(_log(w["caller"], w, 2))
    mentor = f.caller_for(admin, "mentor", mentor_id=w["mentors"][0]["id"])
    path = f"/api/v1/mentoring-logs/{log['id']}"
    assert mentor.get(path).status_code == 200
    assert_problem(mentor.patch(path, json={"hours": 3}), 403)
    assert_problem(mentor.delete(path), 403)
    assert w["caller"].get(path).json()["hours"] == 2


def _rows(w: dict[str, Any], *hours: str) -> list[dict[str, Any]]:
    activities = ["meeting", "feedback", "observation", "joint_planning"]
    return [{"mentor_id": w["mentors"][0]["id"], "trainee_id": w["trainees"][0]["id"], "occurred_on": DAY,
             "hours": h, "activity": activities[i], "notes": None} for i, h in enumerate(hours)]


def test_import_logs_twelve_hours_in_file_and_database_are_accepted(admin: f.Caller) -> None:
    w = school_world(admin)
    f.created(_log(w["caller"], w, 4, activity="co_teaching"))
    r = post_csv(w["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, _rows(w, "4", "4")))
    assert r.status_code == 201, r.text


def test_import_logs_past_twelve_hours_answers_422_naming_row(admin: f.Caller) -> None:
    w = school_world(admin)
    f.created(_log(w["caller"], w, 4, activity="co_teaching"))
    r = post_csv(w["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, _rows(w, "4", "4.01", "1")))
    assert r.status_code == 422, r.text
    assert [(e["row"], e["field"]) for e in r.json()["job"]["errors"]] == [(2, "hours"), (3, "hours")]


def test_import_logs_resent_row_replaces_its_hours_in_day_total(admin: f.Caller) -> None:
    w = school_world(admin)
    f.created(_log(w["caller"], w, 10))
    r = post_csv(w["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, _rows(w, "8", "4")))
    assert r.status_code == 201, r.text
    assert r.json()["counts"] == {"created": 1, "updated": 1, "unchanged": 0}
