"""Each seed's training model built through the API, with the hours a mentor is credited."""

from decimal import Decimal

from tests import factories as f
from tests.training.conftest import Org
from tests.training.helpers import attended, credited, programme, register, training_session

KINGSTON_2022 = [  # seed 000: weekly, with one fortnight gap after 19 October
    ("2022-09-28", "Understanding your role as the mentor"),
    ("2022-10-05", "Building effective relationships"),
    ("2022-10-12", "Constructing SMART targets"),
    ("2022-10-19", "Exploring different observation techniques"),
    ("2022-11-02", "Developing mentor feedback"),
    ("2022-11-09", "Managing difficult conversations"),
    ("2022-11-16", "Evaluating mentor progress"),
    ("2022-11-23", "Moderating best mentor practice"),
]

HALF_TERMS = ["2024-09-30", "2024-11-04", "2025-01-06", "2025-02-24", "2025-04-22", "2025-06-02"]


def test_register_kingston_eight_weekly_live_sessions_credits_eight_hours(admin: f.Caller, org: Org) -> None:
    p = programme(
        org.caller, name="Core mentor training", academic_year="2022/23", phase="primary", level="beginner"
    )
    m = org.mentor(admin)
    for day, title in KINGSTON_2022:
        s = training_session(
            org.caller,
            programme_id=p["id"],
            title=title,
            starts_at=f"{day}T16:00:00Z",
            duration_hours=1,
            mode="live_online",
            counts_toward=["lp-stage-1"],
            join_url="https://teams.microsoft.com/l/meetup-join/x",
            outcome_codes=["LP1-T01"],
        )
        assert s["credit_hours"] == 1 and s["phase"] == "primary" and s["programme_id"] == p["id"]
        register(org.caller, s["id"], attended(m))
    listed = org.caller.get(
        "/api/v1/training-sessions", params={"programme_id": p["id"], "mode": "live_online"}
    )
    assert len(listed.json()["items"]) == 8
    assert credited(org.caller, m["id"]) == Decimal(8)


def test_register_york_st_john_model_credits_twenty_hours(admin: f.Caller, org: Org) -> None:
    p = programme(org.caller, name="Initial mentor training", academic_year="2024/25", phase="secondary")
    m = org.mentor(admin)
    sessions = [
        training_session(
            org.caller,
            programme_id=p["id"],
            title=f"Conference day {i}",
            mode="in_person",
            starts_at=f"2024-09-{10 + i}T09:00:00Z",
            duration_hours=6,
            counts_toward=["dfe-initial"],
        )
        for i in (1, 2)
    ]
    sessions += [
        training_session(
            org.caller,
            programme_id=p["id"],
            title=f"Self-study unit {i}",
            mode="self_study",
            starts_at=f"{day}T00:00:00Z",
            duration_hours=1,
            counts_toward=["dfe-initial"],
        )
        for i, day in enumerate(HALF_TERMS, 1)
    ]
    sessions.append(
        training_session(
            org.caller,
            programme_id=p["id"],
            title="Appraisal visit",
            mode="visit",
            starts_at="2025-05-12T13:00:00Z",
            duration_hours=2,
            counts_toward=["dfe-initial"],
        )
    )
    for s in sessions:
        register(org.caller, s["id"], attended(m))
    assert [s["mode"] for s in sessions].count("self_study") == 6
    assert credited(org.caller, m["id"]) == Decimal(20)
    assert credited(org.caller, m["id"], date_from="2024-09-01", date_to="2024-12-31") == Decimal(14)


def test_register_ljmu_primary_seven_sessions_credits_exactly_six_hours(admin: f.Caller, org: Org) -> None:
    p = programme(
        org.caller,
        name="Primary online mentor development",
        academic_year="2025/26",
        phase="primary",
        level="beginner",
    )
    m = org.mentor(admin)
    credits = ["0.86"] * 6 + ["0.84"]
    for i, credit in enumerate(credits):
        s = training_session(
            org.caller,
            programme_id=p["id"],
            title=f"Primary session {i + 1}",
            starts_at=f"2025-10-{7 + i:02d}T15:45:00Z",
            duration_hours=1,
            credit_hours=credit,
            counts_toward=["dfe-initial", "dfe-refresher"],
        )
        assert s["duration_hours"] == 1 and s["credit_hours"] == float(credit)
        register(org.caller, s["id"], attended(m))
    assert credited(org.caller, m["id"]) == Decimal(6)


def test_register_partial_attendance_credits_given_hours(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=3, mode="in_person")
    full, part, away, sick = (org.mentor(admin) for _ in range(4))
    rows = register(
        org.caller,
        s["id"],
        [
            {"mentor_id": full["id"], "status": "attended"},
            {"mentor_id": part["id"], "status": "partial", "hours": 1.25},
            {"mentor_id": away["id"], "status": "absent"},
            {"mentor_id": sick["id"], "status": "excused"},
        ],
    )
    hours = {r["mentor_id"]: r["hours"] for r in rows}
    assert hours == {full["id"]: 3, part["id"]: 1.25, away["id"]: 0, sick["id"]: 0}
    assert credited(org.caller, part["id"]) == Decimal("1.25")


def test_cancel_session_with_register_earns_nothing_and_reinstating_restores(
    admin: f.Caller, org: Org
) -> None:
    s = training_session(org.caller, duration_hours=2)
    m, p = org.mentor(admin), org.mentor(admin)
    register(
        org.caller,
        s["id"],
        [
            {"mentor_id": m["id"], "status": "attended"},
            {"mentor_id": p["id"], "status": "partial", "hours": 0.5},
        ],
    )
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": "cancelled"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    rows = org.caller.get(f"/api/v1/training-sessions/{s['id']}/attendance").json()["items"]
    assert {(r["status"], r["hours"], r["session_status"]) for r in rows} == {
        ("attended", 0, "cancelled"),
        ("partial", 0, "cancelled"),
    }
    assert credited(org.caller, m["id"]) == 0 and credited(org.caller, p["id"]) == 0
    assert (
        org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": "scheduled"}).status_code
        == 200
    )
    assert credited(org.caller, m["id"]) == 2 and credited(org.caller, p["id"]) == Decimal("0.5")


def test_register_on_cancelled_session_stores_zero_hours(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=2, status="cancelled")
    m = org.mentor(admin)
    rows = register(org.caller, s["id"], [{"mentor_id": m["id"], "status": "partial", "hours": 1}])
    assert rows[0]["hours"] == 0 and rows[0]["session_status"] == "cancelled"
    again = register(org.caller, s["id"], [{"mentor_id": m["id"], "status": "partial", "hours": 0}])
    assert again[0]["id"] == rows[0]["id"] and again[0]["hours"] == 0
    org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"status": "scheduled"})
    assert credited(org.caller, m["id"]) == 1


def test_change_credit_hours_recomputes_attended_rows(admin: f.Caller, org: Org) -> None:
    s = training_session(org.caller, duration_hours=1)
    m = org.mentor(admin)
    register(org.caller, s["id"], attended(m))
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"duration_hours": 1.5})
    assert r.json()["credit_hours"] == 1.5
    assert credited(org.caller, m["id"]) == Decimal("1.5")
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"duration_hours": 2})
    assert r.json()["credit_hours"] == 2 and credited(org.caller, m["id"]) == 2
    r = org.caller.patch(f"/api/v1/training-sessions/{s['id']}", json={"credit_hours": 0.75})
    assert r.json()["duration_hours"] == 2 and credited(org.caller, m["id"]) == Decimal("0.75")
