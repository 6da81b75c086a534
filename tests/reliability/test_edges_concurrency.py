"""Edges under concurrency: simultaneous writes cannot together break the 12-hour day or one place at a time."""

import threading
from typing import Any

import httpx

from tests import factories as f
from tests.imports.helpers import school_world
from tests.reliability.test_concurrency import live_server  # noqa: F401  (the fixture)

ACTIVITIES = ["observation", "feedback", "meeting", "joint_planning", "co_teaching", "other"]


def _at_once(base: str, caller: f.Caller, calls: list[tuple[str, str, Any]]) -> list[int]:
    """Send the calls from one thread each, released together; their status codes."""
    codes: list[int] = [0] * len(calls)
    barrier = threading.Barrier(len(calls))

    def send(i: int, method: str, path: str, body: Any) -> None:
        with httpx.Client(base_url=base, headers=caller.headers, timeout=60) as http:
            barrier.wait()
            codes[i] = http.request(method, path, json=body).status_code

    threads = [threading.Thread(target=send, args=(i, *call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def test_create_logs_at_once_never_exceed_twelve_hours(live_server: str, admin: f.Caller) -> None:  # noqa: F811
    w = school_world(admin)
    body = {"mentor_id": w["mentors"][0]["id"], "trainee_id": w["trainees"][0]["id"], "occurred_on": "2025-03-04",
            "hours": 3}
    calls = [("POST", "/api/v1/mentoring-logs", {**body, "activity": a}) for a in ACTIVITIES]
    assert sorted(_at_once(live_server, w["caller"], calls)) == [201] * 4 + [422] * 2


def test_put_overlapping_registers_at_once_accepts_one(live_server: str, admin: f.Caller) -> None:  # noqa: F811
    provider = f.provider(admin)
    caller = f.caller_for(admin, "provider", provider_id=provider["id"])
    mentor = f.mentor(admin, provider_ids=[provider["id"]])
    sessions = [f.created(caller.post("/api/v1/training-sessions", json={
        "title": f"S{i}", "starts_at": "2025-10-07T15:00:00Z", "duration_hours": 1, "mode": "in_person"}))
        for i in range(4)]
    entry = [{"mentor_id": mentor["id"], "status": "attended"}]
    calls = [("PUT", f"/api/v1/training-sessions/{s['id']}/attendance", entry) for s in sessions]
    assert sorted(_at_once(live_server, caller, calls)) == [200] + [409] * 3
