"""Building import files and the organisations they name."""

import csv
import io
import time
from typing import Any

from tests import factories as f

LOG_COLUMNS = ["mentor_id", "trainee_id", "occurred_on", "hours", "activity", "notes"]


def placed_at(school: dict[str, Any]) -> dict[str, Any]:
    """A placement at ``school`` from the start of 2024/25, open-ended (a school logs only against those)."""
    return {"school_id": school["id"], "from": "2024-09-01", "until": None}


def csv_body(columns: list[str], rows: list[dict[str, Any]], bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def post_csv(caller: f.Caller, kind: str, body: bytes, dry_run: bool = False) -> Any:
    params = {"kind": kind, **({"dry_run": "true"} if dry_run else {})}
    return caller.post("/api/v1/imports", params=params, content=body, headers={"Content-Type": "text/csv"})


def wait(caller: f.Caller, job_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll a job until it ends."""
    deadline = time.monotonic() + timeout
    while True:
        job = caller.get(f"/api/v1/imports/{job_id}").json()
        if job["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def school_world(admin: f.Caller, mentors: int = 2, trainees: int = 2) -> dict[str, Any]:
    """A school with its own caller, mentors and trainees of one provider placed with it since 2024/25."""
    provider = f.provider(admin)
    school = f.school(admin)
    caller = f.caller_for(admin, "school", school_id=school["id"])
    return {
        "provider": provider,
        "school": school,
        "caller": caller,
        "mentors": [f.mentor(caller) for _ in range(mentors)],
        "trainees": [f.trainee(admin, provider["id"], placements=[placed_at(school)]) for _ in range(trainees)],
    }


def log_rows(world: dict[str, Any], n: int, hours: str = "1.5") -> list[dict[str, Any]]:
    mentors, trainees = world["mentors"], world["trainees"]
    return [
        {
            "mentor_id": mentors[i % len(mentors)]["id"],
            "trainee_id": trainees[i % len(trainees)]["id"],
            "occurred_on": f"2025-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}",
            "hours": hours,
            "activity": "meeting",
            "notes": None,
        }
        for i in range(n)
    ]
