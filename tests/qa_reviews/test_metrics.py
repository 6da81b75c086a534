"""GET /providers/{id}/metrics: exactly the certificates, feedback and portfolios made here."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import sqlalchemy
from fastapi.testclient import TestClient

from tests.factories import Caller, provider
from tests.qa_reviews.rows import (
    certificate,
    event,
    feedback,
    insert,
    mentor_row,
    moderation,
    portfolio,
    programme,
    provider_pair,
    training_session,
)

YEARS = ["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]


def url(provider_id: str) -> str:
    return f"/api/v1/providers/{provider_id}/metrics"


def counts(*values: int) -> list[dict[str, Any]]:
    return [{"academic_year": y, "count": c} for y, c in zip(YEARS, values, strict=True)]


def seed_certificates(client: TestClient, p: dict[str, Any], other: dict[str, Any]) -> None:
    m = [mentor_row(client) for _ in range(5)]
    insert(client,
           certificate(p["id"], m[0], "lp-stage-1", date(2021, 10, 1)),
           certificate(p["id"], m[1], "lp-stage-1", date(2023, 11, 1)),
           certificate(p["id"], m[2], "lp-stage-1", date(2024, 9, 1)),
           certificate(p["id"], m[3], "lp-stage-1", date(2025, 9, 1)),
           certificate(p["id"], m[3], "dfe-initial", date(2026, 7, 1)),
           certificate(p["id"], m[4], "lp-stage-1", date(2025, 12, 1), revoked_on=date(2026, 1, 5)),
           certificate(p["id"], m[4], "lp-stage-1", date(2020, 12, 1)),
           certificate(p["id"], m[4], "lp-stage-1", date(2025, 12, 1), external=True, evidence="Seen"),
           certificate(other["id"], m[4], "lp-stage-1", date(2025, 12, 1)))


def seed_feedback(client: TestClient, p: dict[str, Any], other: dict[str, Any]) -> str:
    m = [mentor_row(client) for _ in range(3)]
    [prog_id] = insert(client, programme(p["id"]))
    in_prog, loose, last_year, elsewhere = insert(
        client, training_session(p["id"], datetime(2025, 10, 1, 16), prog_id),
        training_session(p["id"], datetime(2026, 8, 31, 16)),
        training_session(p["id"], datetime(2025, 8, 31, 16), prog_id),
        training_session(other["id"], datetime(2025, 10, 1, 16)))
    insert(client, feedback(in_prog, m[0], 5, "Moved to a bigger room"), feedback(in_prog, m[1], 4),
           feedback(in_prog, m[2], 2, "   "), feedback(loose, m[0], 4, "Shared the slides"),
           feedback(last_year, m[0], 1, "Too late to count"), feedback(elsewhere, m[0], 1))
    return str(prog_id)


def seed_portfolios(client: TestClient, p: dict[str, Any], other: dict[str, Any]) -> None:
    m = [mentor_row(client) for _ in range(4)]
    resubmitted, waiting, last_year, elsewhere = (portfolio(p["id"], m[0]), portfolio(p["id"], m[1]),
                                                  portfolio(p["id"], m[2]), portfolio(other["id"], m[3]))
    passed = event(resubmitted, "passed", datetime(2026, 2, 1, 10))
    passed_elsewhere = event(elsewhere, "passed", datetime(2026, 2, 1, 10))
    insert(client, resubmitted, waiting, last_year, elsewhere,
           event(resubmitted, "submitted", datetime(2025, 10, 1, 10)),
           event(resubmitted, "referred", datetime(2025, 11, 1, 10)),
           event(resubmitted, "draft", datetime(2025, 11, 1, 10)),
           event(resubmitted, "submitted", datetime(2026, 1, 10, 10)), passed,
           moderation(passed, datetime(2026, 2, 10, 10)),
           event(waiting, "submitted", datetime(2026, 8, 31, 23)),
           event(last_year, "submitted", datetime(2025, 8, 31, 23)),
           event(elsewhere, "submitted", datetime(2026, 1, 10, 10)), passed_elsewhere,
           moderation(passed_elsewhere, datetime(2026, 2, 10, 10)))


def test_metrics_portfolio_steps_counted_for_the_year(admin: Caller, client: TestClient) -> None:
    p, other = provider(admin), provider(admin)
    seed_portfolios(client, p, other)
    figures = admin.get(url(p["id"]), params={"academic_year": "2025/26"}).json()["portfolios"]
    assert figures == {"academic_year": "2025/26", "submitted": 3, "passed": 1, "referred": 1, "moderated": 1}
    earlier = admin.get(url(p["id"]), params={"academic_year": "2024/25"}).json()["portfolios"]
    assert earlier == {"academic_year": "2024/25", "submitted": 1, "passed": 0, "referred": 0, "moderated": 0}


def test_metrics_certificates_counted_per_award_and_year(admin: Caller, client: TestClient) -> None:
    p, other = provider(admin), provider(admin)
    seed_certificates(client, p, other)
    r = admin.get(url(p["id"]), params={"academic_year": "2025/26"})
    assert r.status_code == 200, r.text
    figures = r.json()["certificates"]
    assert figures["academic_years"] == YEARS
    assert figures["by_award"] == [
        {"award": "dfe-initial", "counts": counts(0, 0, 0, 0, 1), "total": 1, "trend": "increasing"},
        {"award": "lp-stage-1", "counts": counts(1, 0, 1, 1, 1), "total": 4, "trend": "increasing"}]
    assert figures["certified_mentors"] == {"counts": counts(1, 0, 1, 1, 1), "trend": "increasing"}
    earlier = admin.get(url(p["id"]), params={"academic_year": "2021/22"}).json()["certificates"]
    assert [a["total"] for a in earlier["by_award"]] == [2]
    assert [c["count"] for c in earlier["certified_mentors"]["counts"]] == [0, 0, 0, 1, 1]


def test_metrics_feedback_summarised_for_the_year(admin: Caller, client: TestClient) -> None:
    p, other = provider(admin), provider(admin)
    prog_id = seed_feedback(client, p, other)
    summary = admin.get(url(p["id"]), params={"academic_year": "2025/26"}).json()["session_feedback"]
    expected = {"academic_year": "2025/26", "responses": 4, "mean_rating": 3.75, "with_action": 2,
                "action_share": 0.5}
    assert {k: summary[k] for k in expected} == expected
    by_programme = {row["programme_id"]: row for row in summary["by_programme"]}
    assert by_programme[prog_id]["responses"] == 3 and by_programme[prog_id]["with_action"] == 1
    assert by_programme[prog_id]["mean_rating"] == 3.67 and by_programme[None]["responses"] == 1
    empty = admin.get(url(p["id"]), params={"academic_year": "2019/20"}).json()["session_feedback"]
    assert empty["responses"] == 0 and empty["mean_rating"] is None and empty["by_programme"] == []


def test_metrics_scope_own_and_reviewed_provider_only(admin: Caller) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    assert as_b.get(url(b["id"])).status_code == 200
    assert as_a.get(url(b["id"])).status_code == 404
    review = as_a.post("/api/v1/qa-reviews", json={"reviewer_provider_id": a["id"],
                                                    "reviewed_provider_id": b["id"]}).json()
    assert as_a.get(url(b["id"])).status_code == 404, "a proposed review shows no figures"
    assert as_b.post(f"/api/v1/qa-reviews/{review['id']}/accept").status_code == 200
    assert as_a.get(url(b["id"])).status_code == 200
    assert as_b.get(url(a["id"])).status_code == 404
    assert admin.get(url("00000000-0000-4000-8000-000000000000")).status_code == 404


def test_metrics_bad_academic_year_answers_422(admin: Caller) -> None:
    p = provider(admin)
    for year in ("2025/27", "2025-26", "25/26"):
        r = admin.get(url(p["id"]), params={"academic_year": year})
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


@contextmanager
def counting(client: TestClient) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = client.app.state.engine  # type: ignore[attr-defined]

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    sqlalchemy.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", count)


def test_metrics_query_count_bounded_whatever_the_rows(admin: Caller, client: TestClient) -> None:
    p, other = provider(admin), provider(admin)
    with counting(client) as few:
        assert admin.get(url(p["id"])).status_code == 200
    seed_certificates(client, p, other)
    seed_feedback(client, p, other)
    seed_portfolios(client, p, other)
    with counting(client) as many:
        assert admin.get(url(p["id"]), params={"academic_year": "2025/26"}).status_code == 200
    assert len(many) == len(few) <= 8


def test_accept_review_prefills_figures_for_criteria_3_4_6(admin: Caller, client: TestClient) -> None:
    a, as_a, b, as_b = provider_pair(admin)
    seed_certificates(client, b, a)
    seed_feedback(client, b, a)
    seed_portfolios(client, b, a)
    body = {"reviewer_provider_id": a["id"], "reviewed_provider_id": b["id"], "visit_on": "2026-03-10"}
    r = as_a.post("/api/v1/qa-reviews", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["criteria"]["portfolio_rigour"]["figures"] is None, "figures come once accepted"
    r = as_b.post(f"/api/v1/qa-reviews/{r.json()['id']}/accept")
    assert r.status_code == 200, r.text
    criteria = r.json()["criteria"]
    metrics = as_a.get(url(b["id"]), params={"academic_year": "2025/26"}).json()
    assert criteria["certified_mentors_increasing"]["figures"] == metrics["certificates"]
    assert criteria["evaluation_and_review"]["figures"] == metrics["session_feedback"]
    assert criteria["portfolio_rigour"]["figures"] == metrics["portfolios"]
    assert criteria["evaluation_and_review"]["met"] is None
    assert "figures" not in criteria["pedagogy_consistent"]
