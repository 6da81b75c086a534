"""Table-driven tests of the DfE awards and academic-year boundaries."""

from __future__ import annotations

import pytest

from app.rules import BUILT_IN, academic_year, academic_year_start, evaluate

from .factories import assert_criteria, att, cert, d, mentor

INI = "dfe-initial"
REF = "dfe-refresher"


def initial(actual: int, required: int, available: bool = True) -> dict:
    """Expected dfe-initial criteria (the award exists from 2024/25)."""
    return {"award_available": available, "initial_training": (actual >= required, actual, required)}


def hours(*rows: tuple[str, int], **kw) -> list:
    """Attendance rows tagged dfe-initial: (on, hundredths)."""
    tags = kw.pop("tags", (INI,))
    return [att(f"a{i}", on, h, tags=tags, **kw) for i, (on, h) in enumerate(rows)]


@pytest.mark.parametrize(
    ("attendance", "as_of", "eligible", "expected"),
    [
        pytest.param(
            hours(("2025-06-01", 2000)),
            "2025-08-31",
            True,
            initial(2000, 2000),
            id="2024-25-20h-on-31-aug-met",
        ),
        pytest.param(
            hours(("2025-06-01", 1999)), "2025-08-31", False, initial(1999, 2000), id="2024-25-19.99h-short"
        ),
        pytest.param(
            hours(("2025-06-01", 1600)),
            "2025-08-31",
            False,
            initial(1600, 2000),
            id="2024-25-16h-on-31-aug-short",
        ),
        pytest.param(
            hours(("2025-06-01", 1600)),
            "2025-09-01",
            True,
            initial(1600, 1600),
            id="2025-26-16h-on-1-sep-met",
        ),
        pytest.param(
            hours(("2025-06-01", 1599)), "2025-09-01", False, initial(1599, 1600), id="2025-26-15.99h-short"
        ),
        pytest.param(
            hours(("2024-01-10", 1600)),
            "2024-06-01",
            False,
            initial(1600, 2000, available=False),
            id="before-2024-25-not-available-uses-20h",
        ),
        pytest.param(
            hours(("2024-08-10", 2000)),
            "2024-08-31",
            False,
            initial(2000, 2000, available=False),
            id="20h-as-of-2024-08-31-not-available",
        ),
        pytest.param(
            hours(("2024-08-10", 2000)),
            "2024-09-01",
            True,
            initial(2000, 2000),
            id="20h-as-of-2024-09-01-met",
        ),
        pytest.param(
            [
                att("a1", "2025-06-30", 1000, tags=(INI,), accredited=True),
                att("a2", "2025-07-01", 1000, tags=(INI,), accredited=False),
            ],
            "2025-08-31",
            False,
            initial(1000, 2000),
            id="accreditation-ending-2025-06-30-counts-06-30-not-07-01",
        ),
        pytest.param(
            [
                att("a1", "2025-06-01", 1000, tags=(INI,)),
                att("a2", "2025-06-02", 1000, tags=(INI,), accredited=False),
            ],
            "2025-08-31",
            False,
            initial(1000, 2000),
            id="non-accredited-hours-not-counted",
        ),
        pytest.param(
            [
                att("a1", "2025-06-01", 1000, tags=(INI,)),
                att("a2", "2025-07-01", 1000, tags=(INI,), provider="p2"),
            ],
            "2025-08-31",
            True,
            initial(2000, 2000),
            id="passport-two-accredited-providers",
        ),
        pytest.param(
            [
                att("a1", "2025-06-01", 800, tags=(INI,), mode="self_study"),
                att("a2", "2025-06-02", 200, tags=(INI,), mode="visit"),
                att("a3", "2025-06-03", 600, tags=(INI,), mode="live_online"),
            ],
            "2025-09-01",
            True,
            initial(1600, 1600),
            id="every-mode-counts",
        ),
        pytest.param(
            hours(("2025-06-01", 2000), tags=(REF,)),
            "2025-09-01",
            False,
            initial(0, 1600),
            id="refresher-tag-not-counted",
        ),
        pytest.param(
            hours(("2025-09-02", 1600)),
            "2025-09-01",
            False,
            initial(0, 1600),
            id="session-after-as-of-not-counted",
        ),
    ],
)
def test_evaluate_dfe_initial_case_matches_table(attendance, as_of, eligible, expected) -> None:
    """DfE initial: accredited training hours against the threshold of the as_of academic year."""
    decision = evaluate(mentor(attendance=attendance), BUILT_IN[INI], d(as_of))
    assert decision.eligible is eligible
    assert_criteria(decision, expected)


def refresher(available: bool = True, initial_held: bool = True, actual: int = 600) -> dict:
    """Expected dfe-refresher criteria."""
    return {
        "award_available": available,
        "initial_held_before_year": initial_held,
        "refresher_training": (actual >= 600, actual, 600),
    }


def ref_mentor(
    issued: str = "2025-06-01", revoked: str | None = None, on: str = "2025-09-15", h: int = 600, **kw
):
    """A refresher candidate: dfe-initial certificate and one refresher session."""
    return mentor(
        certificates=[cert("i1", INI, issued, revoked)], attendance=[att("r1", on, h, tags=(REF,), **kw)]
    )


@pytest.mark.parametrize(
    ("facts", "as_of", "eligible", "expected"),
    [
        pytest.param(
            ref_mentor(issued="2024-06-01", on="2025-08-01"),
            "2025-08-31",
            False,
            refresher(available=False),
            id="not-available-on-31-aug-2025",
        ),
        pytest.param(
            ref_mentor(on="2025-09-01"), "2025-09-01", True, refresher(), id="available-on-1-sep-2025-6h-met"
        ),
        pytest.param(ref_mentor(h=599), "2025-10-01", False, refresher(actual=599), id="5.99h-short"),
        pytest.param(
            ref_mentor(on="2025-08-31"),
            "2025-10-01",
            False,
            refresher(actual=0),
            id="previous-year-hours-not-counted",
        ),
        pytest.param(
            ref_mentor(on="2025-10-02"),
            "2025-10-01",
            False,
            refresher(actual=0),
            id="session-after-as-of-not-counted",
        ),
        pytest.param(
            ref_mentor(on="2025-10-01"),
            "2026-09-01",
            False,
            refresher(actual=0),
            id="next-year-starts-afresh",
        ),
        pytest.param(
            ref_mentor(on="2026-08-31"), "2026-08-31", True, refresher(), id="last-day-of-year-counted"
        ),
        pytest.param(
            ref_mentor(issued="2025-09-01"),
            "2025-10-01",
            False,
            refresher(initial_held=False),
            id="initial-issued-on-year-start-not-before",
        ),
        pytest.param(
            ref_mentor(issued="2025-08-31"),
            "2025-10-01",
            True,
            refresher(),
            id="initial-issued-31-aug-before-year",
        ),
        pytest.param(
            ref_mentor(revoked="2025-09-10"),
            "2025-10-01",
            False,
            refresher(initial_held=False),
            id="initial-revoked-not-held",
        ),
        pytest.param(
            ref_mentor(accredited=False),
            "2025-10-01",
            False,
            refresher(actual=0),
            id="non-accredited-not-counted",
        ),
        pytest.param(
            mentor(certificates=[cert("i1", INI, "2025-06-01")], attendance=hours(("2025-09-15", 600))),
            "2025-10-01",
            False,
            refresher(actual=0),
            id="initial-tag-not-counted",
        ),
    ],
)
def test_evaluate_dfe_refresher_case_matches_table(facts, as_of, eligible, expected) -> None:
    """DfE refresher: from 2025/26, initial held before the year, 6 accredited hours in the year."""
    decision = evaluate(facts, BUILT_IN[REF], d(as_of))
    assert decision.eligible is eligible
    assert_criteria(decision, expected)


@pytest.mark.parametrize(
    ("on", "label", "start"),
    [
        ("2025-08-31", "2024/25", "2024-09-01"),
        ("2025-09-01", "2025/26", "2025-09-01"),
        ("2026-01-01", "2025/26", "2025-09-01"),
        ("1999-09-01", "1999/00", "1999-09-01"),
    ],
)
def test_academic_year_boundary_date_labels_year(on, label, start) -> None:
    """31 August belongs to the year that started the previous 1 September."""
    assert academic_year(d(on)) == label
    assert academic_year_start(d(on)) == d(start)
