"""A provider's eligibility report over its linked mentors: JSON pages, CSV, a bounded number of queries."""

import csv
import io
import uuid
from datetime import UTC, date, datetime, time

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from app.models.awarding import Certificate
from app.models.registry import Mentor, MentoringLog, MentorProvider, Trainee
from app.models.training import Attendance, TrainingSession
from tests import factories
from tests.eligibility import builders

PROBLEM = "application/problem+json"


def _report(caller: factories.Caller, provider_id: str, headers: dict[str, str] | None = None, **params: object):
    return caller.get(f"/api/v1/providers/{provider_id}/eligibility", params=params, headers=headers)


def test_report_lists_linked_mentors_with_answers(client: TestClient, admin: factories.Caller) -> None:
    p, other = factories.provider(admin), factories.provider(admin)
    caller = factories.caller_for(admin, "provider", provider_id=p["id"])
    ready = factories.mentor(admin, provider_ids=[p["id"]], first_name="Ready")
    waiting = factories.mentor(admin, provider_ids=[p["id"], other["id"]], first_name="Waiting")
    factories.mentor(admin, provider_ids=[other["id"]])  # not linked to p
    builders.trained(client, other["id"], ready["id"], "2025-10-01", hours=6, tags=["lp-stage-1"])  # passport
    r = _report(caller, p["id"], as_of="2025-12-01", award="lp-stage-1")
    assert r.status_code == 200, r.text
    items = {i["mentor_id"]: i for i in r.json()["items"]}
    assert set(items) == {ready["id"], waiting["id"]}
    assert items[ready["id"]]["first_name"] == "Ready" and items[ready["id"]]["as_of"] == "2025-12-01"
    assert [(a["award"], a["eligible"]) for a in items[ready["id"]]["awards"]] == [("lp-stage-1", True)]
    assert [(a["award"], a["eligible"]) for a in items[waiting["id"]]["awards"]] == [("lp-stage-1", False)]


def test_report_pages_over_mentors(admin: factories.Caller) -> None:
    p = factories.provider(admin)
    ids = {factories.mentor(admin, provider_ids=[p["id"]])["id"] for _ in range(3)}
    first = _report(admin, p["id"], limit=2).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = _report(admin, p["id"], limit=2, cursor=first["next_cursor"]).json()
    assert rest["next_cursor"] is None
    assert {i["mentor_id"] for i in first["items"] + rest["items"]} == ids


def test_report_csv_one_row_per_mentor_and_award(client: TestClient, admin: factories.Caller) -> None:
    p = factories.provider(admin)
    caller = factories.caller_for(admin, "provider", provider_id=p["id"])
    m = factories.mentor(admin, provider_ids=[p["id"]], first_name="=cmd", last_name="Jones")
    builders.trained(client, p["id"], m["id"], "2025-10-01", hours=5, tags=["lp-stage-1"])
    r = _report(caller, p["id"], as_of="2025-12-01", headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == ["mentor_id", "name", "email", "award", "eligible", "held", "unmet_criteria"]
    assert [row["award"] for row in rows] == [
        "lp-stage-1",
        "lp-stage-2-attendance",
        "lp-stage-2-certificate",
        "dfe-initial",
        "dfe-refresher",
    ]
    stage_1 = rows[0]
    assert (stage_1["mentor_id"], stage_1["email"], stage_1["eligible"], stage_1["held"]) == (
        m["id"],
        m["email"],
        "false",
        "false",
    )
    assert stage_1["unmet_criteria"] == "face_to_face_training" and stage_1["name"] == "'=cmd Jones"
    assert rows[4]["unmet_criteria"] == "initial_held_before_year;refresher_training"


def test_report_by_other_provider_404_by_school_403(admin: factories.Caller) -> None:
    p = factories.provider(admin)
    other = factories.caller_for(admin, "provider", provider_id=factories.provider(admin)["id"])
    school = factories.caller_for(admin, "school", school_id=factories.school(admin)["id"])
    r = _report(other, p["id"])
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    assert _report(other, p["id"], headers={"Accept": "text/csv"}).status_code == 404
    assert _report(school, p["id"]).status_code == 403


def _seed(client: TestClient, provider_id: str, count: int) -> None:
    """`count` linked mentors, each with attendance, a mentoring log and a certificate (set-based inserts)."""
    pid = uuid.UUID(provider_id)
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]  # app is typed as ASGIApp
        ts = TrainingSession(
            provider_id=pid,
            title="S",
            starts_at=datetime.combine(date(2025, 10, 1), time(10), tzinfo=UTC),
            duration_centi=300,
            credit_centi=300,
            mode="in_person",
            counts_toward=["lp-stage-1"],
            status="completed",
        )
        trainee = Trainee(
            provider_id=pid, reference=f"T-{uuid.uuid4().hex[:8]}", first_name="T", last_name="T"
        )
        mentors = [
            Mentor(first_name="M", last_name=str(i), email=f"q-{uuid.uuid4().hex}@example.org")
            for i in range(count)
        ]
        session.add_all([ts, trainee, *mentors])
        session.flush()
        for m in mentors:
            session.add_all(
                [
                    MentorProvider(mentor_id=m.id, provider_id=pid),
                    Attendance(training_session_id=ts.id, mentor_id=m.id, status="attended", hours_centi=300),
                    MentoringLog(
                        mentor_id=m.id,
                        trainee_id=trainee.id,
                        occurred_on=date(2025, 11, 1),
                        hours_centi=100,
                        activity="meeting",
                    ),
                    Certificate(
                        mentor_id=m.id,
                        provider_id=pid,
                        award="dfe-initial",
                        issued_on=date(2025, 1, 1),
                        academic_year="2024/25",
                    ),
                ]
            )
        session.commit()


def _statements(client: TestClient, caller: factories.Caller, url: str, **kw: object) -> int:
    engine = client.app.state.engine  # type: ignore[attr-defined]  # app is typed as ASGIApp
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]  # SQLAlchemy event hook
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        r = caller.get(url, **kw)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert r.status_code == 200, r.text
    return len(seen)


def test_report_query_count_same_for_5_and_50_mentors(client: TestClient, admin: factories.Caller) -> None:
    counts = {}
    for n in (5, 50):
        p = factories.provider(admin)
        caller = factories.caller_for(admin, "provider", provider_id=p["id"])
        _seed(client, p["id"], n)
        url = f"/api/v1/providers/{p['id']}/eligibility"
        builders.training_session(client, p["id"], "2030-12-01", hours=3, tags=["lp-stage-1"])  # an upcoming hint
        page = caller.get(url, params={"as_of": "2025-12-01", "limit": 500}).json()
        assert len(page["items"]) == n and page["items"][0]["upcoming_sessions"]
        json_count = _statements(client, caller, url, params={"as_of": "2025-12-01", "limit": 500})
        csv_count = _statements(
            client, caller, url, params={"as_of": "2025-12-01"}, headers={"Accept": "text/csv"}
        )
        counts[n] = (json_count, csv_count)
    assert counts[5] == counts[50]
