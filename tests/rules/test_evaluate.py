"""Table-driven tests of London Providers Stage 1 and the Stage 2 Certificate (one row per case)."""

from __future__ import annotations

import pytest

from app.rules import BUILT_IN, evaluate

from .factories import AS_OF, assert_criteria, att, cert, folio, log, mentor

S1 = "lp-stage-1"
S2 = "lp-stage-2-attendance"
S2C = "lp-stage-2-certificate"


def stage_1(
    qts: bool = True, years: tuple[bool, int] = (True, 10), f2f: tuple[bool, int] = (True, 600)
) -> dict:
    """Expected Stage 1 criteria."""
    return {"qts": qts, "teaching_experience": (*years, 2), "face_to_face_training": (*f2f, 600)}


@pytest.mark.parametrize(
    ("facts", "as_of", "eligible", "expected"),
    [
        pytest.param(
            mentor(attendance=[att("a1", "2026-01-10", 600)]),
            AS_OF,
            True,
            stage_1(),
            id="6.00h-in-person-met",
        ),
        pytest.param(
            mentor(attendance=[att("a1", "2026-01-10", 599)]),
            AS_OF,
            False,
            stage_1(f2f=(False, 599)),
            id="5.99h-short",
        ),
        pytest.param(
            mentor(
                attendance=[att(f"a{i}", "2026-01-10", 86, mode="live_online") for i in range(6)]
                + [att("a6", "2026-01-17", 84, mode="live_online")]
            ),
            AS_OF,
            True,
            stage_1(),
            id="ljmu-7-live-online-sessions-make-6h",
        ),
        pytest.param(
            mentor(attendance=[att("a1", "2026-01-10", 400), att("a2", "2026-01-11", 200, mode="visit")]),
            AS_OF,
            True,
            stage_1(),
            id="visit-counts-face-to-face",
        ),
        pytest.param(
            mentor(attendance=[att("a1", "2026-01-10", 600, mode="self_study")]),
            AS_OF,
            False,
            stage_1(f2f=(False, 0)),
            id="self-study-not-counted",
        ),
        pytest.param(
            mentor(
                attendance=[att("a1", "2026-01-10", 300), att("a2", "2026-01-11", 300, mode="self_study")]
            ),
            AS_OF,
            False,
            stage_1(f2f=(False, 300)),
            id="self-study-half-not-counted",
        ),
        pytest.param(
            mentor(attendance=[att("a1", "2026-01-10", 600, tags=(S2,))]),
            AS_OF,
            False,
            stage_1(f2f=(False, 0)),
            id="other-award-tag-not-counted",
        ),
        pytest.param(
            mentor(attendance=[att("a1", "2026-01-10", 600, accredited=False)]),
            AS_OF,
            True,
            stage_1(),
            id="non-accredited-provider-counts-for-lp",
        ),
        pytest.param(
            mentor(attendance=[att("a1", "2026-03-01", 600)]),
            AS_OF,
            True,
            stage_1(),
            id="session-on-as-of-counted",
        ),
        pytest.param(
            mentor(attendance=[att("a1", "2026-03-02", 600)]),
            AS_OF,
            False,
            stage_1(f2f=(False, 0)),
            id="session-day-after-as-of-not-counted",
        ),
        pytest.param(
            mentor(qts=None, attendance=[att("a1", "2026-01-10", 600)]),
            AS_OF,
            False,
            stage_1(qts=False),
            id="no-qts-not-eligible",
        ),
        pytest.param(
            mentor(qts="2026-03-02", attendance=[att("a1", "2026-01-10", 600)]),
            AS_OF,
            False,
            stage_1(qts=False),
            id="qts-after-as-of-not-eligible",
        ),
        pytest.param(
            mentor(qts="2026-03-01", attendance=[att("a1", "2026-01-10", 600)]),
            AS_OF,
            True,
            stage_1(),
            id="qts-on-as-of-met",
        ),
        pytest.param(
            mentor(teaching="2024-03-02", attendance=[att("a1", "2026-01-10", 600)]),
            AS_OF,
            True,
            stage_1(years=(False, 1)),
            id="one-year-teaching-advisory-still-eligible",
        ),
        pytest.param(
            mentor(teaching="2024-03-01", attendance=[att("a1", "2026-01-10", 600)]),
            AS_OF,
            True,
            stage_1(years=(True, 2)),
            id="second-anniversary-two-years",
        ),
        pytest.param(
            mentor(teaching=None, attendance=[att("a1", "2026-01-10", 600)]),
            AS_OF,
            True,
            stage_1(years=(False, 0)),
            id="teaching-start-unknown-advisory",
        ),
    ],
)
def test_evaluate_lp_stage_1_case_matches_table(facts, as_of, eligible, expected) -> None:
    """Stage 1: QTS, advisory experience and 6 face-to-face hours."""
    decision = evaluate(facts, BUILT_IN[S1], as_of)
    assert decision.eligible is eligible
    assert_criteria(decision, expected)


def stage_2c(held: bool = True, hours: int = 2400, trainees: int = 2, portfolio: bool = True) -> dict:
    """Expected Stage 2 Certificate criteria."""
    return {
        "stage_2_attendance_held": held,
        "mentoring_since_stage_2": (hours >= 2400, hours, 2400),
        "trainees_since_stage_2": (trainees >= 2, trainees, 2),
        "portfolio_passed": portfolio,
    }


def stage_2c_mentor(certs=None, logs=None, portfolios=None):
    """A Stage 2 Certificate candidate: attendance 2025-09-15, 24h with two trainees, passed portfolio."""
    return mentor(
        certificates=[cert("c2", S2, "2025-09-15")] if certs is None else certs,
        logs=[log("m1", "t1", "2025-10-01", 1200), log("m2", "t2", "2025-11-01", 1200)]
        if logs is None
        else logs,
        portfolios=[folio("pf1", "passed", "2026-02-01")] if portfolios is None else portfolios,
    )


@pytest.mark.parametrize(
    ("facts", "eligible", "expected"),
    [
        pytest.param(stage_2c_mentor(), True, stage_2c(), id="24h-two-trainees-passed-portfolio"),
        pytest.param(
            stage_2c_mentor(logs=[log("m1", "t1", "2025-10-01", 1200), log("m2", "t2", "2025-11-01", 1199)]),
            False,
            stage_2c(hours=2399),
            id="23.99h-short",
        ),
        pytest.param(
            stage_2c_mentor(logs=[log("m1", "t1", "2025-10-01", 1200), log("m2", "t1", "2025-11-01", 1200)]),
            False,
            stage_2c(trainees=1),
            id="one-trainee-required-not-advisory",
        ),
        pytest.param(
            stage_2c_mentor(logs=[log("m0", "t1", "2025-09-14", 1200), log("m2", "t2", "2025-11-01", 1200)]),
            False,
            stage_2c(hours=1200, trainees=1),
            id="log-day-before-issue-excluded",
        ),
        pytest.param(
            stage_2c_mentor(logs=[log("m0", "t1", "2025-09-15", 1200), log("m2", "t2", "2025-11-01", 1200)]),
            True,
            stage_2c(),
            id="log-on-issue-day-included",
        ),
        pytest.param(
            stage_2c_mentor(logs=[log("m1", "t1", "2025-10-01", 1200), log("m2", "t2", "2026-03-02", 1200)]),
            False,
            stage_2c(hours=1200, trainees=1),
            id="log-after-as-of-not-counted",
        ),
        pytest.param(
            stage_2c_mentor(portfolios=[folio("pf1", "submitted")]),
            False,
            stage_2c(portfolio=False),
            id="portfolio-submitted",
        ),
        pytest.param(
            stage_2c_mentor(portfolios=[folio("pf1", "referred", "2026-02-01")]),
            False,
            stage_2c(portfolio=False),
            id="portfolio-referred",
        ),
        pytest.param(
            stage_2c_mentor(portfolios=[folio("pf1", "passed", "2026-03-02")]),
            False,
            stage_2c(portfolio=False),
            id="portfolio-passed-after-as-of",
        ),
        pytest.param(
            stage_2c_mentor(portfolios=[folio("pf1", "passed", "2026-02-01", kind="other")]),
            False,
            stage_2c(portfolio=False),
            id="portfolio-of-other-kind",
        ),
        pytest.param(
            stage_2c_mentor(certs=[cert("c2", S2, "2025-09-15", revoked="2026-01-01")]),
            False,
            stage_2c(held=False, hours=0, trainees=0),
            id="attendance-certificate-revoked",
        ),
        pytest.param(
            stage_2c_mentor(certs=[cert("c2", S1, "2025-09-15")]),
            False,
            stage_2c(held=False, hours=0, trainees=0),
            id="only-stage-1-held",
        ),
    ],
)
def test_evaluate_lp_stage_2_certificate_case_matches_table(facts, eligible, expected) -> None:
    """Stage 2 Certificate: attendance certificate, 24h with two trainees since, passed portfolio."""
    decision = evaluate(facts, BUILT_IN[S2C], AS_OF)
    assert decision.eligible is eligible
    assert_criteria(decision, expected)


def test_evaluate_since_award_not_held_explains_with_note() -> None:
    """A window opened by an award that is not held reports zero and says why."""
    decision = evaluate(stage_2c_mentor(certs=[]), BUILT_IN[S2C], AS_OF)
    mentoring = decision.criteria[1]
    assert (mentoring.actual, mentoring.counted) == (0, ())
    assert "lp-stage-2-attendance" in (mentoring.note or "")
