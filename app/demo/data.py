"""The demo dataset: providers, programmes and sessions from the seed documents, and mentors at every stage.

Plain data, no logic. Keys (``key``) name rows within the demo; the loader maps them to ids.
"""

from typing import Any

PROVIDERS: list[dict[str, Any]] = [
    {"key": "kingston", "name": "Kingston University", "kind": "hei", "ukprn": "10003678", "region": "London",
     "contact_email": "ite.partnership@kingston.example"},
    {"key": "roehampton", "name": "University of Roehampton", "kind": "hei", "ukprn": "10005553",
     "region": "London"},
    {"key": "st-marys", "name": "St Mary's University, Twickenham", "kind": "hei", "ukprn": "10007843",
     "region": "London"},
    {"key": "wandle", "name": "Wandle Teaching School Hub", "kind": "teaching_school_hub", "region": "London"},
    {"key": "ysj", "name": "York St John University", "kind": "hei", "ukprn": "10007713", "region": "Yorkshire",
     "contact_email": "j.collins@yorks.example"},
    {"key": "ljmu", "name": "Liverpool John Moores University", "kind": "hei", "ukprn": "10003957",
     "region": "North West"},
]

SCHOOLS: list[dict[str, Any]] = [
    {"key": "latchmere", "urn": "102598", "name": "Latchmere School", "phase": "primary", "postcode": "KT2 5TT"},
    {"key": "tolworth", "urn": "136775", "name": "Tolworth Girls' School", "phase": "secondary",
     "postcode": "KT6 7LQ"},
    {"key": "fulford", "urn": "121685", "name": "Fulford School", "phase": "secondary", "postcode": "YO10 4FY"},
    {"key": "dovedale", "urn": "104560", "name": "Dovedale Primary School", "phase": "primary", "postcode": "L18 5EP"},
]

KINGSTON_CORE = [  # seed 000: eight weekly live online sessions with one fortnight gap, autumn 2022
    ("2022-09-28", "Understanding your role as the mentor"),
    ("2022-10-05", "Building effective relationships"),
    ("2022-10-12", "Constructing SMART targets"),
    ("2022-10-19", "Exploring different observation techniques"),
    ("2022-11-02", "Developing mentor feedback"),
    ("2022-11-09", "Managing difficult conversations"),
    ("2022-11-16", "Evaluating mentor progress"),
    ("2022-11-23", "Moderating best mentor practice"),
]
YSJ_UNITS = ["Models of mentoring and coaching", "Professional behaviours", "Behaviour and high expectations",
             "Pedagogy", "Assessment", "Curriculum"]
LJMU_PRIMARY = ["2025-09-23", "2025-11-04", "2025-11-18", "2026-01-06", "2026-03-03", "2026-03-17", "2026-03-24"]
LJMU_SECONDARY = [("2025-09-25", False), ("2025-10-09", False), ("2025-11-06", False), ("2025-11-27", True),
                  ("2026-01-08", False), ("2026-01-15", True), ("2026-02-26", False), ("2026-05-07", True)]


def _kingston_sessions() -> list[dict[str, Any]]:
    return [{"key": f"kingston-{i + 1}", "title": f"Session {i + 1}: {title}", "starts_at": f"{day}T15:30:00Z",
             "duration_hours": 1, "mode": "live_online", "counts_toward": ["lp-stage-1"],
             "outcome_codes": ["LP1-T01"], "join_url": "https://teams.example/kingston-core"}
            for i, (day, title) in enumerate(KINGSTON_CORE)]


def _ysj_sessions() -> list[dict[str, Any]]:
    days = [{"key": f"ysj-conference-{n}", "title": f"Mentor conference day {n}", "starts_at": f"{day}T08:30:00Z",
             "duration_hours": 6, "mode": "in_person", "counts_toward": ["dfe-initial"]}
            for n, day in ((1, "2024-09-19"), (2, "2025-02-06"))]
    units = [{"key": f"ysj-unit-{n}", "title": f"Self-study unit {n}: {title}", "starts_at": f"{day}T00:00:00Z",
              "duration_hours": 1, "mode": "self_study", "counts_toward": ["dfe-initial"]}
             for n, (title, day) in enumerate(zip(YSJ_UNITS, ["2024-09-02", "2024-11-04", "2025-01-06",
                                                              "2025-02-24", "2025-04-22", "2025-06-02"],
                                                  strict=True), start=1)]
    visit = [{"key": "ysj-visit", "title": "Appraisal and feedback visit from a Lead Mentor",
              "starts_at": "2025-05-14T12:30:00Z", "duration_hours": 2, "mode": "visit",
              "counts_toward": ["dfe-initial"]}]
    return days + units + visit


def _ljmu_primary() -> list[dict[str, Any]]:
    # "7 live online sessions equivalent to 6 hours": six credited 0.86 h and one 0.84 h
    return [{"key": f"ljmu-primary-{i + 1}", "title": f"Primary mentor development {i + 1}",
             "starts_at": f"{day}T15:45:00Z", "duration_hours": 1, "credit_hours": 0.84 if i == 6 else 0.86,
             "mode": "live_online", "counts_toward": ["dfe-initial"], "phase": "primary"}
            for i, day in enumerate(LJMU_PRIMARY)]


def _ljmu_secondary() -> list[dict[str, Any]]:
    recorded = [{"key": "ljmu-secondary-0", "title": "Phase 1 mentor development (pre-recorded)",
                 "starts_at": "2025-09-08T08:00:00Z", "duration_hours": 1, "mode": "self_study",
                 "counts_toward": ["dfe-initial"], "phase": "secondary"}]
    return recorded + [{"key": f"ljmu-secondary-{i + 1}", "title": f"Secondary mentor development {i + 1}"
                        + (" (optional)" if optional else ""), "starts_at": f"{day}T15:45:00Z",
                        "duration_hours": 1, "mode": "live_online", "counts_toward": ["dfe-initial"],
                        "optional": optional, "phase": "secondary"}
                       for i, (day, optional) in enumerate(LJMU_SECONDARY)]


def _roehampton_stage_2() -> list[dict[str, Any]]:
    days = ["2023-01-18", "2023-02-15", "2023-03-15", "2023-04-26"]
    return [{"key": f"roehampton-s2-{i + 1}", "title": f"Stage 2 progression day {i + 1}",
             "starts_at": f"{day}T09:00:00Z", "duration_hours": 3, "mode": "in_person",
             "counts_toward": ["lp-stage-2-attendance"], "outcome_codes": ["LP2-T01", "LP2-P01", "LP2-A01"]}
            for i, day in enumerate(days)]


PROGRAMMES: list[dict[str, Any]] = [
    {"key": "kingston-core", "provider": "kingston", "name": "Core mentor training", "academic_year": "2022/23",
     "level": "beginner", "sessions": _kingston_sessions()},
    {"key": "roehampton-s2", "provider": "roehampton", "name": "London Providers Stage 2 progression",
     "academic_year": "2022/23", "level": "extending", "sessions": _roehampton_stage_2()},
    {"key": "ysj-initial", "provider": "ysj", "name": "Initial mentor training", "academic_year": "2024/25",
     "level": "beginner", "sessions": _ysj_sessions()},
    {"key": "ljmu-primary", "provider": "ljmu", "name": "New to Mentoring (Beginner), primary",
     "academic_year": "2025/26", "phase": "primary", "level": "beginner", "sessions": _ljmu_primary()},
    {"key": "ljmu-secondary", "provider": "ljmu", "name": "New to Mentoring (Beginner), secondary",
     "academic_year": "2025/26", "phase": "secondary", "level": "beginner", "sessions": _ljmu_secondary()},
]

_ALL_KINGSTON = [f"kingston-{i}" for i in range(1, 9)]
_ALL_ROEHAMPTON = [f"roehampton-s2-{i}" for i in range(1, 5)]

# Each mentor: where they are, and what they did. ``attended`` lists session keys.
MENTORS: list[dict[str, Any]] = [
    {"key": "new", "first_name": "Olivia", "last_name": "Bennett", "email": "o.bennett@latchmere.example",
     "trn": "2100001", "school": "latchmere", "providers": ["kingston"], "phase": "primary",
     "qts_awarded_on": "2021-07-16", "teaching_since": "2021-09-01", "stage": "no training yet"},
    {"key": "stage-1-in-progress", "first_name": "Tom", "last_name": "Okafor", "email": "t.okafor@latchmere.example",
     "trn": "2100002", "school": "latchmere", "providers": ["kingston"], "phase": "primary",
     "qts_awarded_on": "2019-07-12", "teaching_since": "2019-09-01", "attended": _ALL_KINGSTON[:4],
     "stage": "Stage 1 in progress (4 of 8 sessions)"},
    {"key": "stage-1-ready", "first_name": "Priya", "last_name": "Shah", "email": "p.shah@tolworth.example",
     "trn": "2100003", "school": "tolworth", "providers": ["kingston"], "phase": "secondary",
     "qts_awarded_on": "2016-07-15", "teaching_since": "2016-09-01", "attended": _ALL_KINGSTON,
     "stage": "Stage 1 training done, certificate not yet issued"},
    {"key": "stage-1", "first_name": "James", "last_name": "Whitfield", "email": "j.whitfield@tolworth.example",
     "trn": "2100004", "school": "tolworth", "providers": ["kingston", "roehampton"], "phase": "secondary",
     "qts_awarded_on": "2014-07-18", "teaching_since": "2014-09-01", "attended": _ALL_KINGSTON,
     "certificates": [("kingston", "lp-stage-1", "2022-11-30")], "logs": ("2023-01-09", 6, 1.5),
     "stage": "Stage 1 certificate; mentoring toward Stage 2"},
    {"key": "stage-2", "first_name": "Amara", "last_name": "Nwosu", "email": "a.nwosu@latchmere.example",
     "trn": "2100005", "school": "latchmere", "providers": ["kingston", "roehampton"], "phase": "primary",
     "qts_awarded_on": "2012-07-20", "teaching_since": "2012-09-01", "attended": _ALL_KINGSTON + _ALL_ROEHAMPTON,
     "certificates": [("kingston", "lp-stage-1", "2022-11-30"), ("roehampton", "lp-stage-2-attendance", "2023-05-10")],
     "logs": ("2022-12-05", 20, 1.5), "portfolio": "draft",
     "stage": "Stage 2 attendance certificate; portfolio in draft"},
    {"key": "certified", "first_name": "Helen", "last_name": "Marsh", "email": "h.marsh@tolworth.example",
     "trn": "2100006", "school": "tolworth", "providers": ["kingston", "roehampton"], "phase": "secondary",
     "qts_awarded_on": "2009-07-17", "teaching_since": "2009-09-01", "attended": _ALL_KINGSTON + _ALL_ROEHAMPTON,
     "certificates": [("kingston", "lp-stage-1", "2022-11-30"), ("roehampton", "lp-stage-2-attendance", "2023-05-10")],
     "logs": ("2022-12-05", 40, 1.5), "portfolio": "passed",
     "stage": "London Providers Stage 2 Certificate holder"},
    {"key": "ysj-initial-done", "first_name": "Daniel", "last_name": "Hughes", "email": "d.hughes@fulford.example",
     "trn": "2100007", "school": "fulford", "providers": ["ysj"], "phase": "secondary",
     "qts_awarded_on": "2018-07-13", "teaching_since": "2018-09-01",
     "attended": ["ysj-conference-1", "ysj-conference-2", "ysj-visit"] + [f"ysj-unit-{n}" for n in range(1, 7)],
     "certificates": [("ysj", "dfe-initial", "2025-06-30")], "stage": "DfE initial mentor training (20 h, 2024/25)"},
    {"key": "ljmu-primary-done", "first_name": "Grace", "last_name": "Lam", "email": "g.lam@dovedale.example",
     "trn": "2100008", "school": "dovedale", "providers": ["ljmu"], "phase": "primary",
     "qts_awarded_on": "2020-07-10", "teaching_since": "2020-09-01",
     "attended": [f"ljmu-primary-{n}" for n in range(1, 8)], "stage": "LJMU primary programme (6 h credited)"},
]

TRAINEES = [  # (provider, reference, first name, last name, route, phase)
    ("kingston", "KU-2223-001", "Ella", "Price", "pgce", "primary"),
    ("kingston", "KU-2223-002", "Noah", "Ahmed", "school_direct", "secondary"),
    ("kingston", "KU-2324-003", "Maya", "Patel", "pgce", "secondary"),
    ("ysj", "YSJ-2425-001", "Leo", "Walsh", "pgce", "secondary"),
]

SELF_ASSESSMENT_AMBER = ["NS2.3", "NS2.9", "NS4.1"]
SELF_ASSESSMENT_RED = ["NS2.5"]

QA_REVIEW = {"reviewer": "roehampton", "reviewed": "kingston", "visit_on": "2025-06-18"}

# Roehampton issues the Stage 2 Certificate, so it needs a completed QA review current on the issue date
# (today): the loader signs it today, once (a second load finds it and adds nothing).
QA_ASSURED = {"reviewer": "kingston", "reviewed": "roehampton", "signed_by": "Prof. K. Mensah",
              "comment": "Programme mapped to the Stage 2 outcomes; sample portfolios moderated."}
QA_CRITERIA = ["programme_meets_outcomes", "pedagogy_consistent", "evaluation_and_review",
               "certified_mentors_increasing", "resources_appropriate", "portfolio_rigour"]
