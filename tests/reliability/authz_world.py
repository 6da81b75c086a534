"""Organisation A's records, one per resource type, for the authorisation matrix.

``FACTORIES`` maps the path up to an id parameter (``/api/v1/mentors/{id}``) to a function that makes
A's record of that type and returns its id. A new route whose resource is not here makes the matrix
fail, naming it: add a factory, never skip the route.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import Caller, caller_for, created, provider, school, trainee, unique_digits


class World:
    """Organisation A (a provider, a school, a mentor of both and their records) built lazily as admin."""

    def __init__(self, admin: Caller) -> None:
        self.admin = admin
        self._made: dict[str, str] = {}

    def get(self, prefix: str) -> str:
        if prefix not in self._made:
            self._made[prefix] = FACTORIES[prefix](self)
        return self._made[prefix]

    def post(self, path: str, body: dict[str, Any]) -> str:
        return created(self.admin.post(path, json=body))["id"]


def _mentor(w: World) -> str:
    return w.post("/api/v1/mentors", {
        "first_name": "Alice", "last_name": "A", "email": f"a-{uuid.uuid4().hex[:10]}@example.org",
        "trn": unique_digits(7), "school_id": w.get("/api/v1/schools/{id}"), "qts_awarded_on": "2015-07-01",
        "teaching_since": "2015-09-01", "provider_ids": [w.get("/api/v1/providers/{id}")]})


def _session(w: World) -> str:
    starts = (datetime.now(UTC) - timedelta(days=7)).isoformat()
    return w.post("/api/v1/training-sessions", {
        "provider_id": w.get("/api/v1/providers/{id}"), "title": "Session A", "starts_at": starts,
        "duration_hours": 2, "credit_hours": 2, "mode": "in_person"})


def _feedback(w: World) -> str:
    path = f"/api/v1/training-sessions/{w.get('/api/v1/training-sessions/{id}')}"
    mentor_id = w.get("/api/v1/mentors/{id}")
    r = w.admin.put(f"{path}/attendance", json=[{"mentor_id": mentor_id, "status": "attended"}])
    assert r.status_code == 200, r.text
    return w.post(f"{path}/feedback", {"rating": 4, "mentor_id": mentor_id})


def _portfolio(w: World) -> str:
    return w.post("/api/v1/portfolios", {"mentor_id": w.get("/api/v1/mentors/{id}"),
                                         "provider_id": w.get("/api/v1/providers/{id}")})


def _import(w: World) -> str:
    r = w.admin.post("/api/v1/imports", params={"kind": "mentoring-logs", "dry_run": "true"}, json=[{
        "mentor_id": w.get("/api/v1/mentors/{id}"), "trainee_id": w.get("/api/v1/trainees/{id}"),
        "occurred_on": "2025-03-04", "hours": 1, "activity": "meeting"}])
    assert r.status_code in (201, 202), r.text
    return str(r.json()["id"])


def _qa_review(w: World) -> str:
    return w.post("/api/v1/qa-reviews", {"reviewer_provider_id": w.get("/api/v1/providers/{id}"),
                                         "reviewed_provider_id": provider(w.admin)["id"]})


FACTORIES: dict[str, Callable[[World], str]] = {
    "/api/v1/providers/{id}": lambda w: provider(w.admin)["id"],
    "/api/v1/schools/{id}": lambda w: school(w.admin)["id"],
    "/api/v1/mentors/{id}": _mentor,
    "/api/v1/api-clients/{id}": lambda w: caller_for(w.admin, "provider",
                                                      provider_id=w.get("/api/v1/providers/{id}")).info["id"],
    "/api/v1/trainees/{id}": lambda w: trainee(w.admin, w.get("/api/v1/providers/{id}"))["id"],
    "/api/v1/mentoring-logs/{id}": lambda w: w.post("/api/v1/mentoring-logs", {
        "mentor_id": w.get("/api/v1/mentors/{id}"), "trainee_id": w.get("/api/v1/trainees/{id}"),
        "occurred_on": "2025-01-15", "hours": 1.5, "activity": "meeting"}),
    "/api/v1/programmes/{id}": lambda w: w.post("/api/v1/programmes", {
        "provider_id": w.get("/api/v1/providers/{id}"), "name": "Programme A", "academic_year": "2025/26"}),
    "/api/v1/training-sessions/{id}": _session,
    "/api/v1/training-sessions/{id}/feedback/{feedback_id}": _feedback,
    "/api/v1/certificates/{id}": lambda w: w.post("/api/v1/certificates", {
        "mentor_id": w.get("/api/v1/mentors/{id}"), "award": "lp-stage-1", "external": True,
        "evidence": "certificate seen", "provider_id": w.get("/api/v1/providers/{id}")}),
    "/api/v1/self-assessments/{id}": lambda w: w.post("/api/v1/self-assessments",
                                                      {"mentor_id": w.get("/api/v1/mentors/{id}")}),
    "/api/v1/portfolios/{id}": _portfolio,
    "/api/v1/portfolios/{id}/evidence/{evidence_id}": lambda w: w.post(
        f"/api/v1/portfolios/{w.get('/api/v1/portfolios/{id}')}/evidence",
        {"section": "tutorial", "title": "Observation", "kind": "other", "annotation": "shows LP2-T01"}),
    "/api/v1/qa-reviews/{id}": _qa_review,
    "/api/v1/imports/{id}": _import,
}
