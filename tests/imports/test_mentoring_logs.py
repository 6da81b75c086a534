"""Importing mentoring logs: all or nothing, dry runs, idempotent re-imports, scope."""

from tests import factories as f
from tests.imports.helpers import LOG_COLUMNS, csv_body, log_rows, post_csv, school_world


def _logs(caller: f.Caller, mentor_id: str) -> list[dict]:
    return caller.get("/api/v1/mentoring-logs", params={"mentor_id": mentor_id, "limit": 500}).json()["items"]


def test_import_valid_file_creates_every_row(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = log_rows(world, 10)
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))
    assert r.status_code == 201, r.text
    job = r.json()
    assert job["status"] == "succeeded" and job["kind"] == "mentoring-logs" and job["dry_run"] is False
    assert job["counts"] == {"created": 10, "updated": 0, "unchanged": 0}
    assert job["progress"] == {"validated": 10, "written": 10, "total": 10}
    assert len(_logs(world["caller"], world["mentors"][0]["id"])) == 5
    assert world["caller"].get(f"/api/v1/imports/{job['id']}").json() == job


def test_import_one_bad_row_in_middle_writes_nothing_and_names_it(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = log_rows(world, 9)
    rows[4]["hours"] = "13"
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    job = r.json()["job"]
    assert job["status"] == "failed"
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(5, "hours")]
    assert job["counts"] == {"created": 0, "updated": 0, "unchanged": 0}
    assert _logs(world["caller"], world["mentors"][0]["id"]) == []


def test_import_dry_run_writes_nothing_and_counts(admin: f.Caller) -> None:
    world = school_world(admin)
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, log_rows(world, 4)), dry_run=True)
    assert r.status_code == 201, r.text
    job = r.json()
    assert job["dry_run"] is True and job["status"] == "succeeded"
    assert job["counts"]["created"] == 4 and job["progress"]["written"] == 0
    assert _logs(world["caller"], world["mentors"][0]["id"]) == []


def test_import_same_file_twice_reports_all_unchanged(admin: f.Caller) -> None:
    world = school_world(admin)
    body = csv_body(LOG_COLUMNS, log_rows(world, 6))
    assert post_csv(world["caller"], "mentoring-logs", body).status_code == 201
    before = _logs(world["caller"], world["mentors"][0]["id"])
    again = post_csv(world["caller"], "mentoring-logs", body).json()
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 6}
    assert again["progress"]["written"] == 0
    assert _logs(world["caller"], world["mentors"][0]["id"]) == before


def test_import_changed_hours_updates_rows(admin: f.Caller) -> None:
    world = school_world(admin)
    assert (
        post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, log_rows(world, 4))).status_code
        == 201
    )
    rows = log_rows(world, 5, hours="2.25")
    job = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows)).json()
    assert job["counts"] == {"created": 1, "updated": 4, "unchanged": 0}
    assert {log["hours"] for log in _logs(world["caller"], world["mentors"][0]["id"])} == {2.25}


def test_import_other_schools_mentor_writes_nothing(admin: f.Caller) -> None:
    world, other = school_world(admin), school_world(admin)
    rows = log_rows(world, 3)
    rows[1]["mentor_id"] = other["mentors"][0]["id"]
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))
    assert r.status_code == 422
    assert [(e["row"], e["field"]) for e in r.json()["job"]["errors"]] == [(2, "mentor_id")]
    assert _logs(admin, other["mentors"][0]["id"]) == [] and _logs(admin, world["mentors"][0]["id"]) == []
