"""Import files and jobs: headers, encodings, JSON, duplicates, limits, background jobs, who sees them."""

import json

import pytest
from fastapi.testclient import TestClient

from tests import factories as f
from tests.imports.helpers import LOG_COLUMNS, csv_body, log_rows, post_csv, school_world, wait


def _errors(r) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(e["row"], e["field"]) for e in r.json()["job"]["errors"]]


def test_import_unknown_and_missing_columns_reported_before_rows(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = [{**row, "colour": "red"} for row in log_rows(world, 2)]
    r = post_csv(
        world["caller"], "mentoring-logs", csv_body(["mentor_id", "trainee_id", "hours", "colour"], rows)
    )
    assert r.status_code == 422
    assert sorted(_errors(r), key=str) == sorted(
        [(0, "colour"), (0, "occurred_on"), (0, "activity")], key=str
    )
    assert r.json()["job"]["progress"]["validated"] == 0


def test_import_csv_with_bom_and_blank_line_numbers_rows_from_one(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = log_rows(world, 3)
    rows[2]["activity"] = "dancing"
    header, first, *rest = csv_body(LOG_COLUMNS, rows, bom=True).split(b"\n")
    body = b"\n".join([header, first, b"", *rest]).rstrip(b"\n")  # a blank line, no final newline
    r = post_csv(world["caller"], "mentoring-logs", body)
    assert r.status_code == 422, r.text
    assert _errors(r) == [(4, "activity")]  # the blank line counts: row n is the file's line n + 1


def test_import_json_array_creates_rows(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = [{**row, "hours": 2.5} for row in log_rows(world, 3)]
    for row in rows:
        del row["notes"]
    r = world["caller"].post("/api/v1/imports", params={"kind": "mentoring-logs"}, json=rows)
    assert r.status_code == 201, r.text
    assert r.json()["counts"]["created"] == 3


def test_import_json_not_an_array_of_objects_names_rows(admin: f.Caller) -> None:
    world = school_world(admin)
    r = world["caller"].post(
        "/api/v1/imports", params={"kind": "mentoring-logs"}, json=[log_rows(world, 1)[0], 7]
    )
    assert r.status_code == 422
    assert (2, None) in _errors(r)
    r = world["caller"].post("/api/v1/imports", params={"kind": "mentoring-logs"}, json={"rows": []})
    assert r.status_code == 422 and _errors(r) == [(0, None)]


def test_import_invalid_utf8_is_refused(admin: f.Caller) -> None:
    world = school_world(admin)
    body = csv_body(LOG_COLUMNS, log_rows(world, 2)) + b"\xff\xfe,\n"
    r = post_csv(world["caller"], "mentoring-logs", body)
    assert r.status_code == 422
    assert [(e["row"], "UTF-8" in e["msg"]) for e in r.json()["job"]["errors"]] == [(3, True)]


def test_import_repeated_natural_key_names_later_row(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = log_rows(world, 4)
    rows[3] = {**rows[1], "hours": "3"}
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))
    assert r.status_code == 422
    job = r.json()["job"]
    assert [(e["row"], "row 2" in e["msg"]) for e in job["errors"]] == [(4, True)]


def test_import_every_bad_row_is_listed(admin: f.Caller) -> None:
    world, other = school_world(admin), school_world(admin)
    rows = log_rows(world, 6)
    rows[0]["occurred_on"] = "2999-01-01"
    rows[2]["trainee_id"] = "not-a-uuid"
    rows[5]["mentor_id"] = other["mentors"][0]["id"]
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))
    assert _errors(r) == [(1, "occurred_on"), (3, "trainee_id"), (6, "mentor_id")]
    assert r.json()["errors"][0]["loc"] == ["body", 1, "occurred_on"]


def test_import_dry_run_with_bad_row_is_422(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = log_rows(world, 2)
    rows[1]["hours"] = "0"
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows), dry_run=True)
    assert r.status_code == 422 and r.json()["job"]["dry_run"] is True


def test_import_other_content_type_is_415(admin: f.Caller) -> None:
    world = school_world(admin)
    r = world["caller"].post(
        "/api/v1/imports",
        params={"kind": "mentoring-logs"},
        content=b"x",
        headers={"Content-Type": "text/plain"},
    )
    assert r.status_code == 415 and r.headers["content-type"] == "application/problem+json"


def test_import_kind_of_another_role_is_403(admin: f.Caller) -> None:
    provider = f.provider(admin)
    caller = f.caller_for(admin, "provider", provider_id=provider["id"])
    r = post_csv(caller, "mentoring-logs", csv_body(LOG_COLUMNS, []))
    assert r.status_code == 403


def test_import_over_row_or_byte_limit_is_413(
    admin: f.Caller, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = school_world(admin)
    settings = client.app.state.settings  # type: ignore[attr-defined]
    monkeypatch.setattr(settings, "import_max_rows", 3)
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, log_rows(world, 4)))
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    r = world["caller"].post("/api/v1/imports", params={"kind": "mentoring-logs"}, json=log_rows(world, 4))
    assert r.status_code == 413
    monkeypatch.setattr(settings, "import_max_bytes", 100)
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, log_rows(world, 2)))
    assert r.status_code == 413
    assert world["caller"].get("/api/v1/imports", params={"limit": 500}).json()["items"] == []


def test_import_large_file_runs_as_job_and_is_polled(
    admin: f.Caller, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = school_world(admin, mentors=3, trainees=4)
    monkeypatch.setattr(client.app.state.settings, "import_sync_rows", 5)  # type: ignore[attr-defined]
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, log_rows(world, 40)))
    assert r.status_code == 202, r.text
    assert (
        r.json()["status"] in ("queued", "running")
        and r.headers["location"] == f"/api/v1/imports/{r.json()['id']}"
    )
    job = wait(world["caller"], r.json()["id"])
    assert job["status"] == "succeeded"
    assert job["progress"] == {"validated": 40, "written": 40, "total": 40}
    assert job["counts"] == {"created": 40, "updated": 0, "unchanged": 0}


def test_import_large_file_with_bad_row_fails_job(
    admin: f.Caller, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = school_world(admin)
    monkeypatch.setattr(client.app.state.settings, "import_sync_rows", 5)  # type: ignore[attr-defined]
    rows = log_rows(world, 20)
    rows[11]["hours"] = "1.234"
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))
    assert r.status_code == 202
    job = wait(world["caller"], r.json()["id"])
    assert job["status"] == "failed" and [(e["row"], e["field"]) for e in job["errors"]] == [(12, "hours")]
    assert (
        admin.get("/api/v1/mentoring-logs", params={"mentor_id": world["mentors"][0]["id"]}).json()["items"]
        == []
    )


def test_list_imports_shows_only_callers_jobs(admin: f.Caller) -> None:
    world, other = school_world(admin), school_world(admin)
    job = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, log_rows(world, 1))).json()
    items = world["caller"].get("/api/v1/imports", params={"kind": "mentoring-logs"}).json()["items"]
    assert [i["id"] for i in items] == [job["id"]]
    assert other["caller"].get("/api/v1/imports").json()["items"] == []
    r = other["caller"].get(f"/api/v1/imports/{job['id']}")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert admin.get(f"/api/v1/imports/{job['id']}").status_code == 200


def test_import_matches_rows_created_through_the_api(admin: f.Caller) -> None:
    world = school_world(admin)
    row = log_rows(world, 1)[0]
    body = {k: v for k, v in row.items() if v is not None}
    assert world["caller"].post("/api/v1/mentoring-logs", json={**body, "hours": 1.5}).status_code == 201
    job = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, [row])).json()
    assert job["counts"] == {"created": 0, "updated": 0, "unchanged": 1}


def test_import_by_mentor_email_and_trainee_reference(admin: f.Caller) -> None:
    world = school_world(admin)
    mentor, trainee = world["mentors"][0], world["trainees"][0]
    rows = [
        {
            "mentor_email": mentor["email"].upper(),
            "trainee_reference": trainee["reference"],
            "provider_id": trainee["provider_id"],
            "occurred_on": "2025-02-03",
            "hours": 1,
            "activity": "feedback",
        },
        {
            "mentor_email": "nobody@example.org",
            "trainee_reference": "NOPE",
            "provider_id": trainee["provider_id"],
            "occurred_on": "2025-02-03",
            "hours": 1,
            "activity": "feedback",
        },
    ]
    r = world["caller"].post("/api/v1/imports", params={"kind": "mentoring-logs"}, json=rows)
    assert sorted(_errors(r)) == [(2, "mentor_email"), (2, "trainee_reference")]
    r = world["caller"].post("/api/v1/imports", params={"kind": "mentoring-logs"}, json=rows[:1])
    assert r.status_code == 201, r.text
    logs = admin.get("/api/v1/mentoring-logs", params={"mentor_id": mentor["id"]}).json()["items"]
    assert [(log["trainee_id"], log["hours"]) for log in logs] == [(trainee["id"], 1.0)]


def test_import_job_answer_is_json_serialisable_problem(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = log_rows(world, 1)
    rows[0]["notes"] = "x" * 2001
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))
    body = json.loads(r.text)
    assert body["status"] == 422 and body["job"]["errors"][0]["field"] == "notes"


def test_import_quoted_cells_keep_commas_quotes_and_newlines(admin: f.Caller) -> None:
    world = school_world(admin)
    rows = log_rows(world, 2)
    rows[0]["notes"] = 'Met after school, discussed "behaviour"\nand planning'
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows).replace(b"\n", b"\r\n"))
    assert r.status_code == 201, r.text
    logs = admin.get("/api/v1/mentoring-logs", params={"mentor_id": world["mentors"][0]["id"]}).json()[
        "items"
    ]
    assert [log["notes"] for log in logs] == ['Met after school, discussed "behaviour"\r\nand planning']


def test_import_two_large_files_at_once_both_succeed(
    admin: f.Caller, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = school_world(admin), school_world(admin)
    monkeypatch.setattr(client.app.state.settings, "import_sync_rows", 5)  # type: ignore[attr-defined]
    started = [
        post_csv(w["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, log_rows(w, 300))) for w in (one, two)
    ]
    assert [r.status_code for r in started] == [202, 202]
    jobs = [wait(w["caller"], r.json()["id"]) for w, r in zip((one, two), started, strict=True)]
    assert [(j["status"], j["counts"]["created"]) for j in jobs] == [("succeeded", 300), ("succeeded", 300)]


def test_import_long_unknown_header_is_reported_not_500(admin: f.Caller) -> None:
    world = school_world(admin)
    r = post_csv(
        world["caller"], "mentoring-logs", ("x" * 5000 + "," + ",".join(LOG_COLUMNS) + "\n").encode()
    )
    assert r.status_code == 422 and r.json()["job"]["errors"][0]["row"] == 0


def test_import_nul_in_column_name_is_reported_without_nul(admin: f.Caller) -> None:
    world = school_world(admin)
    r = world["caller"].post("/api/v1/imports", params={"kind": "mentoring-logs"}, json=[{"a\u0000b": 1}])
    assert r.status_code == 422
    assert "\x00" not in r.text.replace("\\u0000", "") and "a\\x00b" in {
        e["field"] for e in r.json()["job"]["errors"]
    }
