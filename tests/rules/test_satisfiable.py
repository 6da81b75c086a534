"""A new award definition must be satisfiable: each kind's own check, and more than advice."""

from __future__ import annotations

from typing import Any

import pytest

from app.rules import BUILT_IN, REGISTRY, AwardDefinitionError, check_satisfiable, parse_award

OWN = "acme-lead-mentor"


def _award(*criteria: dict[str, Any]) -> dict[str, Any]:
    return {"code": OWN, "name": "Acme lead mentor", "criteria": list(criteria)}


def _c(kind: str, code: str = "c", **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "code": code, "description": "A criterion.", **fields}


QTS = _c("has_qts", "qts")
HOURS = _c("mentoring_hours", "hours", min_hours=12)

# (case, criteria, the refused field's path)
INVALID = [
    ("holds_itself", [_c("holds_award", award=OWN)], ["criteria", 0, "award"]),
    (
        "mentoring_since_itself",
        [QTS, _c("mentoring_hours", min_hours=1, since_award=OWN)],
        ["criteria", 1, "since_award"],
    ),
    (
        "trainees_since_itself",
        [_c("distinct_trainees", min_count=1, since_award=OWN)],
        ["criteria", 0, "since_award"],
    ),
    (
        "training_window_since_itself",
        [QTS, QTS | {"code": "q2"}, _c("training_hours", tag=OWN, min_hours=3, window=f"since_award:{OWN}")],
        ["criteria", 2, "window"],
    ),
    ("unknown_declaration", [_c("declaration", declaration="made_up")], ["criteria", 0, "declaration"]),
    (
        "unknown_portfolio_kind",
        [_c("portfolio_passed", portfolio_kind="made-up")],
        ["criteria", 0, "portfolio_kind"],
    ),
    (
        "training_zero_hours",
        [QTS, QTS | {"code": "q2"}, _c("training_hours", tag=OWN, min_hours=0)],
        ["criteria", 2, "min_hours"],
    ),
    (
        "training_zero_hours_by_year",
        [_c("training_hours", tag=OWN, min_hours=3, min_hours_by_year=[{"from_year": 2025, "min_hours": 0}])],
        ["criteria", 0, "min_hours_by_year", 0, "min_hours"],
    ),
    ("mentoring_zero_hours", [_c("mentoring_hours", min_hours=0)], ["criteria", 0, "min_hours"]),
    ("all_advisory", [QTS | {"advisory": True}, HOURS | {"advisory": True}], ["criteria"]),
    (
        "any_of_route_all_advisory",
        [_c("any_of", routes=[[QTS], [HOURS | {"advisory": True}]])],
        ["criteria", 0, "routes", 1],
    ),
    (
        "any_of_route_holds_itself",
        [_c("any_of", routes=[[QTS], [_c("holds_award", "h", award=OWN)]])],
        ["criteria", 0, "routes", 1, 0, "award"],
    ),
]


@pytest.mark.parametrize(("case", "criteria", "path"), INVALID, ids=[row[0] for row in INVALID])
def test_check_satisfiable_never_issuable_award_refused_at_path(case: str, criteria: list, path: list) -> None:
    """Each definition parses but could never be issued: refused naming the criterion's field."""
    award = parse_award(_award(*criteria))
    with pytest.raises(AwardDefinitionError) as caught:
        check_satisfiable(award)
    assert caught.value.path == path, case


def test_check_satisfiable_distinct_trainees_zero_refused_by_parser() -> None:
    """A count of zero trainees is already refused when read."""
    with pytest.raises(AwardDefinitionError) as caught:
        parse_award(_award(_c("distinct_trainees", min_count=0)))
    assert caught.value.path == ["criteria", 0, "min_count"]


VALID = [
    ("training_tag_own_code", [_c("training_hours", tag=OWN, min_hours=3)]),
    ("holds_other_award", [_c("holds_award", award="lp-stage-1"), HOURS | {"since_award": "lp-stage-1"}]),
    ("known_declaration", [_c("declaration", declaration="professional_standards_2007")]),
    ("known_portfolio", [_c("portfolio_passed", portfolio_kind="lp-stage-2")]),
    ("advisory_beside_blocking", [QTS, HOURS | {"advisory": True}]),
    ("any_of_each_route_blocking", [_c("any_of", routes=[[QTS], [HOURS, _c("has_qts", "q2", advisory=True)]])]),
]


@pytest.mark.parametrize(("case", "criteria"), VALID, ids=[row[0] for row in VALID])
def test_check_satisfiable_issuable_award_accepted(case: str, criteria: list) -> None:
    check_satisfiable(parse_award(_award(*criteria)))


@pytest.mark.parametrize("code", list(BUILT_IN))
def test_check_satisfiable_built_in_awards_pass(code: str) -> None:
    check_satisfiable(BUILT_IN[code])


def test_registry_every_kind_states_its_satisfiability_check() -> None:
    """A new kind states its own check beside its parser and evaluator (one place)."""
    assert all(callable(kind.satisfiable) for kind in REGISTRY.values())
