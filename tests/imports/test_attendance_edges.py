"""Importing attendance keeps the register's edges: only once started, one live place at a time."""

from datetime import UTC, datetime, timedelta
from typing import Any

from tests import factories as f
from tests.imports.helpers import csv_body, post_csv

COLUMNS = ["training_session_id", "mentor_id", "status", "hours"]


def _world(admin: f.Caller) -> tuple[f.Caller, dict[str, Any]]:
    provider = f.provider(admin)
    caller = f.caller_for(admin, "provider", provider_id=provider["id"])
    return caller, f.mentor(admin, provider_ids=[provider["id"]])


def _session(caller: f.Caller, starts_at: str, title: str = "Session", duration: float = 2) -> dict[str, Any]:
    body = {"title": title, "starts_at": starts_at, "duration_hours": duration, "mode": "in_person"}
    return f.created(caller.post("/api/v1/training-sessions", json=body))


def _row(session: dict[str, Any], mentor: dict[str, Any], status: str = "attended", hours: Any = None) -> dict:
    return {"training_session_id": session["id"], "mentor_id": mentor["id"], "status": status, "hours": hours}


def _errors(r: Any) -> list[tuple[int, str | None]]:
    assert r.status_code == 422, r.text
    return [(e["row"], e["field"]) for e in r.json()["job"]["errors"]]


def test_import_attendance_session_not_started_names_status(admin: f.Caller) -> None:
    caller, mentor = _world(admin)
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat().replace("+00:00", "Z")
    future, past = _session(caller, soon), _session(caller, "2025-10-01T09:00:00Z")
    rows = [_row(past, mentor), _row(future, mentor, "partial", "0.5")]
    assert _errors(post_csv(caller, "attendance", csv_body(COLUMNS, rows))) == [(2, "status")]
    absent = [_row(past, mentor), _row(future, mentor, "excused")]
    assert post_csv(caller, "attendance", csv_body(COLUMNS, absent)).status_code == 201


def test_import_attendance_partial_credited_in_proportion(admin: f.Caller) -> None:
    caller, mentor = _world(admin)
    body = {"title": "Short", "starts_at": "2025-10-01T09:00:00Z", "duration_hours": 1, "credit_hours": "0.86",
            "mode": "live_online"}
    s = f.created(caller.post("/api/v1/training-sessions", json=body))
    r = post_csv(caller, "attendance", csv_body(COLUMNS, [_row(s, mentor, "partial", "0.5")]))
    assert r.status_code == 201, r.text
    row = caller.get("/api/v1/attendance", params={"mentor_id": mentor["id"]}).json()["items"][0]
    assert (row["hours"], row["credited_hours"]) == (0.5, 0.43)


def test_import_attendance_overlapping_recorded_session_names_mentor(admin: f.Caller) -> None:
    caller, mentor = _world(admin)
    first = _session(caller, "2025-10-01T09:00:00Z", "Morning")
    touching, inside = _session(caller, "2025-10-01T11:00:00Z"), _session(caller, "2025-10-01T10:59:00Z")
    assert post_csv(caller, "attendance", csv_body(COLUMNS, [_row(first, mentor)])).status_code == 201
    assert post_csv(caller, "attendance", csv_body(COLUMNS, [_row(touching, mentor)])).status_code == 201
    r = post_csv(caller, "attendance", csv_body(COLUMNS, [_row(inside, mentor, "partial", "0.5")]))
    assert _errors(r) == [(1, "mentor_id")]
    assert first["id"] in r.json()["job"]["errors"][0]["msg"]
    resent = [_row(first, mentor, "absent"), _row(inside, mentor, "partial", "0.5")]
    r = post_csv(caller, "attendance", csv_body(COLUMNS, resent))
    assert _errors(r) == [(2, "mentor_id")]  # the touching session still overlaps the one inside


def test_import_attendance_overlapping_rows_of_one_file_names_later_row(admin: f.Caller) -> None:
    caller, mentor = _world(admin)
    a, b = _session(caller, "2025-10-02T09:00:00Z"), _session(caller, "2025-10-02T10:00:00Z")
    r = post_csv(caller, "attendance", csv_body(COLUMNS, [_row(a, mentor), _row(b, mentor)]))
    assert _errors(r) == [(2, "mentor_id")]
    ok = post_csv(caller, "attendance", csv_body(COLUMNS, [_row(a, mentor), _row(b, mentor, "absent")]))
    assert ok.status_code == 201, ok.text
