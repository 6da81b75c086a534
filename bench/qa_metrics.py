"""QA figures at scale: provider metrics, review creation (pre-filled) and the overdue list.

Builds a migrated SQLite database in a temporary directory, fills one provider with five years of
certificates, a year of session feedback and portfolio events, and times the routes over HTTP (loopback).
"""

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from app.db import make_engine, migrate, open_session
from app.models.awarding import Certificate
from app.models.portfolio import Portfolio, PortfolioEvent
from app.models.registry import Mentor, Provider
from app.models.training import SessionFeedback, TrainingSession
from app.rules.dates import academic_year
from bench._common import bearer, serve, settings_for

MENTORS, SESSIONS, PROVIDERS = 20_000, 200, 2_000


def _base(**fields: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"id": uuid.uuid4(), "created_at": now, "updated_at": now, **fields}


def _fill(engine: Any, provider_id: uuid.UUID) -> None:
    mentors = [_base(first_name="B", last_name="M", email=f"b{i}@example.org", roles=[], declarations=[])
               for i in range(MENTORS)]
    start = date(2021, 9, 1)
    awards = ("lp-stage-1", "dfe-initial")
    certificates = [_base(mentor_id=m["id"], provider_id=provider_id, award=awards[i % 2],
                          issued_on=(d := start + timedelta(days=i % 1800)), academic_year=academic_year(d),
                          external=False) for i, m in enumerate(mentors)]
    sessions = [_base(provider_id=provider_id, title="S", starts_at=datetime(2025, 10, 1, tzinfo=UTC)
                      + timedelta(days=i), duration_centi=100, credit_centi=100, mode="live_online",
                      counts_toward=[], outcome_codes=[], optional=False, status="completed")
                for i in range(SESSIONS)]
    feedback = [_base(training_session_id=sessions[i % SESSIONS]["id"], mentor_id=m["id"], rating=1 + i % 5,
                      action_taken="noted" if i % 3 else None) for i, m in enumerate(mentors)]
    portfolios = [_base(mentor_id=m["id"], provider_id=provider_id, kind="lp-stage-2", status="passed",
                        sections={}, version=1) for m in mentors[:2000]]
    events = [_base(portfolio_id=p["id"], to_status=s, at=datetime(2026, 1, 10, tzinfo=UTC))
              for p in portfolios for s in ("submitted", "passed")]
    providers = [_base(name=f"P{i}", kind="scitt") for i in range(PROVIDERS)]
    with open_session(engine, write=True) as session:
        for model, rows in ((Mentor, mentors), (Certificate, certificates), (TrainingSession, sessions),
                            (SessionFeedback, feedback), (Portfolio, portfolios), (PortfolioEvent, events),
                            (Provider, providers)):
            session.execute(insert(model), rows)
        session.commit()


def _median_ms(call: Callable[[], Any], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code < 300, response.text
    return round(statistics.median(times), 1)


def _row(operation: str, figure: float, baseline: float, target: float) -> dict[str, Any]:
    return {"operation": operation, "figure": figure, "unit": "ms", "baseline": baseline,
            "ratio": round(figure / baseline, 2) if baseline else None, "target": target}


def _measure(client: httpx.Client, headers: dict[str, str], engine: Any) -> list[dict[str, Any]]:
    def new_provider() -> str:
        body = {"name": "B", "kind": "hei"}
        return client.post("/api/v1/providers", headers=headers, json=body).json()["id"]

    big, empty = new_provider(), new_provider()
    empty_ms = _median_ms(lambda: client.get(f"/api/v1/providers/{empty}/metrics", headers=headers))
    overdue_small = _median_ms(lambda: client.get("/api/v1/qa-reviews/overdue?limit=500", headers=headers))
    _fill(engine, uuid.UUID(big))
    big_ms = _median_ms(lambda: client.get(f"/api/v1/providers/{big}/metrics?academic_year=2025/26",
                                           headers=headers))
    overdue_big = _median_ms(lambda: client.get("/api/v1/qa-reviews/overdue?limit=500", headers=headers))

    reviewers = iter([new_provider() for _ in range(15)])

    def create_review() -> Any:
        return client.post("/api/v1/qa-reviews", headers=headers, json={
            "reviewer_provider_id": next(reviewers), "reviewed_provider_id": big, "visit_on": "2026-03-01"})

    review_ms = _median_ms(create_review)
    return [
        _row(f"GET metrics, {MENTORS} certificates + {MENTORS} feedback + 4000 portfolio events "
             "(baseline: empty provider)", big_ms, empty_ms, 250),
        _row(f"GET qa-reviews/overdue limit=500 over {PROVIDERS}+ providers (baseline: before)", overdue_big,
             overdue_small, 250),
        _row("POST qa-review pre-filled from the large provider (baseline: its metrics GET)", review_ms,
             big_ms, 300),
    ]


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate(url)
        settings = settings_for(Path(tmp), url)
        engine = make_engine(url)
        try:
            with serve(settings) as base, httpx.Client(base_url=base, timeout=120) as client:
                return _measure(client, bearer(base), engine)
        finally:
            engine.dispose()


if __name__ == "__main__":
    for row in run():
        print(row)
