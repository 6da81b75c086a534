"""Who may issue what: DfE awards by a provider accredited on the issue date, the Stage 2 Certificate by a
QA-reviewed provider; attendance certificates and external records have no issuer rule."""

import uuid
from datetime import date, timedelta

from fastapi.testclient import TestClient

from app import clock
from app.models.qa_review import QAReview
from app.qa_reviews.service import add_years
from tests import factories as f
from tests.certificates.conftest import Passport
from tests.eligibility import builders as b
from tests.qa_reviews.rows import insert

INI, CERT = "dfe-initial", "lp-stage-2-certificate"


def _issue(caller: f.Caller, mentor_id: str, award: str, issued_on: str, **extra: object):
    return caller.post(
        "/api/v1/certificates", json={"mentor_id": mentor_id, "award": award, "issued_on": issued_on, **extra}
    )


def _refused_at_award(r) -> str:  # type: ignore[no-untyped-def]
    """The 422's message at ["body", "award"]."""
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert [e["loc"] for e in errors] == [["body", "award"]]
    return str(errors[0]["msg"])


def _initial_trained(client: TestClient, w: Passport) -> None:
    """20 h of dfe-initial training from provider A (accredited HEI) in 2024/25."""
    b.trained(client, w.a["id"], w.mentor["id"], "2025-03-01", hours=20, tags=[INI])


def test_issue_dfe_initial_by_unaccredited_provider_refused(client: TestClient, admin: f.Caller) -> None:
    trainer, hub = f.provider(admin, kind="hei"), f.provider(admin, kind="teaching_school_hub")
    m = f.mentor(admin, provider_ids=[trainer["id"], hub["id"]])
    b.trained(client, trainer["id"], m["id"], "2025-03-01", hours=20, tags=[INI])
    as_hub = f.caller_for(admin, "provider", provider_id=hub["id"])
    assert "accredited" in _refused_at_award(_issue(as_hub, m["id"], INI, "2025-06-01"))
    assert as_hub.get(f"/api/v1/certificates?mentor_id={m['id']}").json()["items"] == []


def test_issue_dfe_initial_after_accreditation_ended_refused_before_issued(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    w = world
    _initial_trained(client, w)
    r = admin.patch(f"/api/v1/providers/{w.b['id']}",
                    json={"accreditations": [{"from": "2020-01-01", "until": "2025-06-30"}]})
    assert r.status_code == 200, r.text
    assert "2025-07-01" in _refused_at_award(_issue(w.pb, w.mentor["id"], INI, "2025-07-01"))
    assert _issue(w.pb, w.mentor["id"], INI, "2025-06-30").status_code == 201


def test_issue_external_dfe_initial_by_unaccredited_provider_recorded(admin: f.Caller) -> None:
    hub = f.provider(admin, kind="teaching_school_hub")
    m = f.mentor(admin, provider_ids=[hub["id"]])
    as_hub = f.caller_for(admin, "provider", provider_id=hub["id"])
    r = _issue(as_hub, m["id"], INI, "2025-06-01", external=True, evidence="Certificate seen")
    assert r.status_code == 201, r.text


def test_issue_attendance_certificate_by_unreviewed_unaccredited_provider(
    client: TestClient, admin: f.Caller
) -> None:
    hub = f.provider(admin, kind="teaching_school_hub")
    m = f.mentor(admin, provider_ids=[hub["id"]])
    b.trained(client, hub["id"], m["id"], "2025-10-01", hours=6, tags=["lp-stage-1"])
    as_hub = f.caller_for(admin, "provider", provider_id=hub["id"])
    assert _issue(as_hub, m["id"], "lp-stage-1", "2025-10-02").status_code == 201


def _stage_2_done(client: TestClient, admin: f.Caller, w: Passport, passed_on: date) -> None:
    """The mentor meets every Stage 2 Certificate criterion by `passed_on`."""
    t1, t2 = f.trainee(w.pa, w.a["id"]), f.trainee(w.pa, w.a["id"])
    r = _issue(w.pa, w.mentor["id"], "lp-stage-2-attendance", "2024-01-10", external=True, evidence="seen")
    assert r.status_code == 201, r.text
    b.log(admin, w.mentor["id"], t1["id"], "2024-02-01", 12)
    b.log(admin, w.mentor["id"], t2["id"], "2024-03-01", 12)
    b.portfolio(client, w.mentor["id"], w.a["id"], decided_on=passed_on.isoformat())


def _reviewed(client: TestClient, reviewer: str, reviewed: str, signed_on: date) -> None:
    """A completed QA review of `reviewed`, signed on `signed_on` (due two years later)."""
    insert(client, QAReview(reviewer_provider_id=uuid.UUID(reviewer), reviewed_provider_id=uuid.UUID(reviewed),
                            status="completed", signed_by="Reviewer", signed_on=signed_on,
                            next_due_on=add_years(signed_on, 2)))


def test_issue_stage_2_certificate_qa_review_due_day_before_refused(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    w, today = world, clock.today()
    _stage_2_done(client, admin, w, today - timedelta(days=1))
    _reviewed(client, w.b["id"], w.a["id"], add_years(today - timedelta(days=1), -2))  # due yesterday
    assert "QA review" in _refused_at_award(_issue(w.pa, w.mentor["id"], CERT, today.isoformat()))


def test_issue_stage_2_certificate_qa_review_due_day_of_issue_issued(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    w, today = world, clock.today()
    _stage_2_done(client, admin, w, today - timedelta(days=1))
    _reviewed(client, w.b["id"], w.a["id"], add_years(today, -2))  # due today
    r = _issue(w.pa, w.mentor["id"], CERT, today.isoformat())
    assert r.status_code == 201, r.text


def test_issue_stage_2_certificate_never_reviewed_or_only_as_reviewer_refused(
    client: TestClient, admin: f.Caller, world: Passport
) -> None:
    w, today = world, clock.today()
    _stage_2_done(client, admin, w, today - timedelta(days=1))
    _reviewed(client, w.a["id"], w.b["id"], today - timedelta(days=30))  # A reviewed B: A itself is unreviewed
    assert "QA review" in _refused_at_award(_issue(w.pa, w.mentor["id"], CERT, today.isoformat()))
