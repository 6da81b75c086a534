"""A provider with two assessors, a mentor of one of its schools, and the way to Stage 2 eligibility."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from datetime import date as Date
from typing import Any

from tests import factories as f

PATH = "/api/v1/portfolios"
PROBLEM = "application/problem+json"
NARRATIVES = {
    s: {"narrative": f"My {s} reflection: what the trainee gained, what I learnt."}
    for s in ("tutorial", "pastoral", "assessment")
}


@dataclass
class World:
    admin: f.Caller
    provider: dict[str, Any]
    mentor: dict[str, Any]
    as_mentor: f.Caller
    as_assessor: f.Caller
    as_moderator: f.Caller
    as_other_provider: f.Caller
    as_school: f.Caller


def world(admin: f.Caller) -> World:
    p, other = f.provider(admin), f.provider(admin)
    s = f.school(admin, phase="secondary")
    m = f.mentor(
        admin,
        school_id=s["id"],
        provider_ids=[p["id"]],
        phase="secondary",
        declarations=[{"code": "professional_standards_2007", "made_on": "2020-01-01"}],
    )
    return World(
        admin,
        p,
        m,
        f.caller_for(admin, "mentor", mentor_id=m["id"]),
        f.caller_for(admin, "provider", provider_id=p["id"]),
        f.caller_for(admin, "provider", provider_id=p["id"]),
        f.caller_for(admin, "provider", provider_id=other["id"]),
        f.caller_for(admin, "school", school_id=s["id"]),
    )


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()


def start(w: World, **body: Any) -> dict[str, Any]:
    """A draft portfolio with all three narratives, naming the world's provider."""
    return ok(
        w.as_mentor.post(PATH, json={"provider_id": w.provider["id"], "sections": NARRATIVES, **body}), 201
    )


def evidence(section: str = "tutorial", **fields: Any) -> dict[str, Any]:
    return {
        "section": section,
        "title": "Observation of a Year 9 lesson",
        "kind": "observation_report",
        "annotation": "Shows how my feedback changed the trainee's questioning.",
        "outcome_codes": ["LP2-T01"],
        **fields,
    }


def days_ago(n: int) -> Date:
    return Date.today() - timedelta(days=n)


def stage_2_training(w: World, *, hours: int = 12) -> list[str]:
    """Sessions counting toward lp-stage-2-attendance, attended by the mentor; their ids."""
    ids = []
    for i in range(hours // 6):
        starts_at = datetime.combine(days_ago(90 - i), time(9), tzinfo=UTC).isoformat()
        ts = ok(
            w.as_assessor.post(
                "/api/v1/training-sessions",
                json={
                    "provider_id": w.provider["id"],
                    "title": f"Stage 2 day {i + 1}",
                    "starts_at": starts_at,
                    "duration_hours": 6,
                    "mode": "in_person",
                    "counts_toward": ["lp-stage-2-attendance"],
                    "outcome_codes": ["LP2-T01"],
                    "status": "completed",
                },
            ),
            201,
        )
        ok(
            w.as_assessor.put(
                f"/api/v1/training-sessions/{ts['id']}/attendance",
                json=[{"mentor_id": w.mentor["id"], "status": "attended"}],
            )
        )
        ids.append(ts["id"])
    return ids


def stage_2_certificate(w: World, issued_on: Date) -> dict[str, Any]:
    """The lp-stage-2-attendance certificate, issued by the provider (eligibility checked)."""
    return ok(
        w.as_assessor.post(
            "/api/v1/certificates",
            json={
                "mentor_id": w.mentor["id"],
                "award": "lp-stage-2-attendance",
                "issued_on": issued_on.isoformat(),
            },
        ),
        201,
    )


def mentoring(w: World, *, since: Date, trainees: int = 2, hours_each: int = 12) -> list[dict[str, Any]]:
    """``hours_each`` hours (in 6-hour logs) with each of ``trainees`` new trainees from ``since``."""
    made = []
    for _ in range(trainees):
        t = f.trainee(w.admin, w.provider["id"], route="pgce", phase="secondary")
        made.append(t)
        for k in range(hours_each // 6):
            ok(
                w.admin.post(
                    "/api/v1/mentoring-logs",
                    json={
                        "mentor_id": w.mentor["id"],
                        "trainee_id": t["id"],
                        "occurred_on": (since + timedelta(days=k)).isoformat(),
                        "hours": 6,
                        "activity": "observation",
                    },
                ),
                201,
            )
    return made


def make_ready_to_submit(w: World) -> None:
    """Everything lp-stage-2-certificate needs except the portfolio."""
    stage_2_training(w)
    stage_2_certificate(w, days_ago(60))
    mentoring(w, since=days_ago(50))


def eligibility(w: World) -> dict[str, Any]:
    answer = ok(
        w.as_assessor.get(
            f"/api/v1/mentors/{w.mentor['id']}/eligibility", params={"award": "lp-stage-2-certificate"}
        )
    )
    return answer["awards"][0]
