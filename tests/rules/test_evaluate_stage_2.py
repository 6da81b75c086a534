"""Table-driven tests of the London Providers Stage 2 attendance award (both routes)."""

from __future__ import annotations

import pytest

from app.rules import BUILT_IN, evaluate

from .factories import AS_OF, assert_criteria, att, cert, decl, log, mentor

S1 = "lp-stage-1"
S2 = "lp-stage-2-attendance"
STAGE_1_CERT = cert("c1", S1, "2025-10-01")
STAGE_2_TRAINING = att("s2", "2026-02-01", 1200, tags=(S2,))


def stage_2(
    route: bool = True,
    held: bool = True,
    since_1: tuple[int, int] = (1200, 2),
    declared: bool = False,
    since_2007: tuple[int, int] = (1200, 2),
    training: int = 1200,
) -> dict:
    """Expected Stage 2 attendance criteria (hours in hundredths, trainee counts)."""
    return {
        "stage_2_prerequisite": route,
        "stage_1_held": held,
        "mentoring_since_stage_1": (since_1[0] >= 1200, since_1[0], 1200),
        "trainees_since_stage_1": (since_1[1] >= 2, since_1[1], 2),
        "professional_standards_2007": declared,
        "mentoring_since_2007": (since_2007[0] >= 1200, since_2007[0], 1200),
        "trainees_since_2007": (since_2007[1] >= 2, since_2007[1], 2),
        "stage_2_training": (training >= 1200, training, 1200),
    }


def stage_2_mentor(certs=(STAGE_1_CERT,), logs=None, training=(STAGE_2_TRAINING,), declarations=()):
    """A Stage 2 candidate: Stage 1 held since 2025-10-01, two trainees, 12h Stage 2 training."""
    if logs is None:
        logs = [log("l1", "t1", "2025-11-01", 600), log("l2", "t2", "2025-12-01", 600)]
    return mentor(certificates=certs, logs=logs, attendance=training, declarations=declarations)


TWO_LOGS_2007 = [log("l1", "t1", "2006-12-31", 600), log("l2", "t2", "2007-01-01", 600)]


@pytest.mark.parametrize(
    ("facts", "eligible", "expected"),
    [
        pytest.param(stage_2_mentor(), True, stage_2(), id="route-a-exactly-12h-met"),
        pytest.param(
            stage_2_mentor(logs=[log("l1", "t1", "2025-11-01", 600), log("l2", "t2", "2025-12-01", 599)]),
            False,
            stage_2(route=False, since_1=(1199, 2), since_2007=(1199, 2)),
            id="route-a-11.99h-short",
        ),
        pytest.param(
            stage_2_mentor(logs=[log("l0", "t1", "2025-09-30", 600), log("l2", "t2", "2025-12-01", 600)]),
            False,
            stage_2(route=False, since_1=(600, 1)),
            id="log-day-before-stage-1-issue-excluded",
        ),
        pytest.param(
            stage_2_mentor(logs=[log("l0", "t1", "2025-10-01", 600), log("l2", "t2", "2025-12-01", 600)]),
            True,
            stage_2(),
            id="log-on-stage-1-issue-day-included",
        ),
        pytest.param(
            stage_2_mentor(logs=[log("l1", "t1", "2025-11-01", 600), log("l2", "t1", "2025-12-01", 600)]),
            True,
            stage_2(since_1=(1200, 1), since_2007=(1200, 1)),
            id="route-a-one-trainee-advisory-eligible",
        ),
        pytest.param(
            stage_2_mentor(logs=[log("l1", "t1", "2025-11-01", 600), log("l2", "t2", "2026-03-02", 600)]),
            False,
            stage_2(route=False, since_1=(600, 1), since_2007=(600, 1)),
            id="log-after-as-of-not-counted",
        ),
        pytest.param(
            stage_2_mentor(training=[att("s2", "2026-02-01", 1199, tags=(S2,))]),
            False,
            stage_2(training=1199),
            id="stage-2-training-11.99h-short",
        ),
        pytest.param(
            stage_2_mentor(training=[att("s2", "2026-02-01", 1200, tags=(S2,), mode="self_study")]),
            True,
            stage_2(),
            id="self-study-counts-for-stage-2",
        ),
        pytest.param(
            stage_2_mentor(training=[att("s2", "2026-02-01", 1200, tags=(S1,))]),
            False,
            stage_2(training=0),
            id="stage-1-training-not-counted-for-stage-2",
        ),
        pytest.param(
            stage_2_mentor(certs=(), logs=[], declarations=[decl("2025-06-01")]),
            True,
            stage_2(held=False, since_1=(0, 0), declared=True, since_2007=(0, 0)),
            id="route-b-declaration-met",
        ),
        pytest.param(
            stage_2_mentor(certs=(), logs=[], declarations=[decl("2026-03-01")]),
            True,
            stage_2(held=False, since_1=(0, 0), declared=True, since_2007=(0, 0)),
            id="route-b-declared-on-as-of",
        ),
        pytest.param(
            stage_2_mentor(certs=(), logs=[], declarations=[decl("2026-03-02")]),
            False,
            stage_2(route=False, held=False, since_1=(0, 0), since_2007=(0, 0)),
            id="route-b-declared-after-as-of",
        ),
        pytest.param(
            stage_2_mentor(certs=(), logs=[], declarations=[decl("2025-06-01", code="other")]),
            False,
            stage_2(route=False, held=False, since_1=(0, 0), since_2007=(0, 0)),
            id="route-b-other-declaration",
        ),
        pytest.param(
            stage_2_mentor(certs=(), logs=TWO_LOGS_2007, declarations=[decl("2025-06-01")]),
            True,
            stage_2(held=False, since_1=(0, 0), declared=True, since_2007=(600, 1)),
            id="route-b-logs-from-2007-only",
        ),
        pytest.param(
            stage_2_mentor(certs=()),
            False,
            stage_2(route=False, held=False, since_1=(0, 0)),
            id="neither-route",
        ),
        pytest.param(
            stage_2_mentor(certs=(cert("c1", S1, "2025-10-01", revoked="2026-02-01"),)),
            False,
            stage_2(route=False, held=False, since_1=(0, 0)),
            id="stage-1-revoked-before-as-of",
        ),
        pytest.param(
            stage_2_mentor(certs=(cert("c1", S1, "2025-10-01", revoked="2026-03-01"),)),
            False,
            stage_2(route=False, held=False, since_1=(0, 0)),
            id="stage-1-revoked-on-as-of",
        ),
        pytest.param(
            stage_2_mentor(certs=(cert("c1", S1, "2025-10-01", revoked="2026-03-02"),)),
            True,
            stage_2(),
            id="stage-1-revoked-after-as-of-still-held",
        ),
        pytest.param(
            stage_2_mentor(certs=(cert("c1", S1, "2026-03-02"),)),
            False,
            stage_2(route=False, held=False, since_1=(0, 0)),
            id="stage-1-issued-after-as-of",
        ),
        pytest.param(
            stage_2_mentor(certs=(cert("c2", S1, "2026-01-01"), STAGE_1_CERT)),
            True,
            stage_2(),
            id="earliest-of-two-stage-1-certificates-opens-window",
        ),
    ],
)
def test_evaluate_lp_stage_2_attendance_case_matches_table(facts, eligible, expected) -> None:
    """Stage 2 attendance: route A or B, plus 12 hours of Stage 2 training."""
    decision = evaluate(facts, BUILT_IN[S2], AS_OF)
    assert decision.eligible is eligible
    assert_criteria(decision, expected)


def test_evaluate_counted_records_lists_ids_in_window_oldest_first() -> None:
    """Counted ids are the records inside the window, oldest first, whatever the input order."""
    logs = [
        log("l3", "t2", "2025-12-01", 600),
        log("l0", "t1", "2025-09-30", 600),
        log("l1", "t1", "2025-11-01", 600),
    ]
    decision = evaluate(stage_2_mentor(logs=logs), BUILT_IN[S2], AS_OF)
    route_a = decision.criteria[0].routes[0]
    assert [r.counted for r in route_a] == [("c1",), ("l1", "l3"), ("l1", "l3")]
    assert decision.criteria[1].counted == ("s2",)
