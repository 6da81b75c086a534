"""Tests of award definitions as data: parsing, validation errors and the round trip."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from app.rules import (
    BUILT_IN,
    AwardDefinitionError,
    HoldsAward,
    TrainingHours,
    award_to_dict,
    evaluate,
    parse_award,
)

from .factories import AS_OF, att, cert, decl, mentor


@pytest.mark.parametrize("code", list(BUILT_IN))
def test_award_to_dict_built_in_round_trips_through_json(code) -> None:
    """Every built-in award survives award_to_dict -> JSON -> parse_award unchanged."""
    award = BUILT_IN[code]
    assert parse_award(json.loads(json.dumps(award_to_dict(award)))) == award


def lead_mentor() -> dict[str, Any]:
    """A provider-defined award, as a provider would POST it."""
    return {
        "code": "kingston-lead-mentor",
        "name": "Kingston lead mentor",
        "provider_id": "p1",
        "criteria": [
            {
                "kind": "holds_award",
                "code": "stage_2_held",
                "description": "Holds Stage 2.",
                "award": "lp-stage-2-attendance",
            },
            {
                "kind": "training_hours",
                "code": "lead_training",
                "description": "10.5 hours in person.",
                "tag": "kingston-lead-mentor",
                "modes": ["in_person"],
                "min_hours": 10.5,
            },
            {
                "kind": "any_of",
                "code": "experience",
                "description": "Trainees or declaration.",
                "routes": [
                    [
                        {
                            "kind": "distinct_trainees",
                            "code": "trainees",
                            "description": "Four trainees.",
                            "min_count": 4,
                            "since_date": "2020-09-01",
                        }
                    ],
                    [
                        {
                            "kind": "declaration",
                            "code": "declared",
                            "description": "Declared.",
                            "declaration": "lead_experience",
                            "advisory": False,
                        }
                    ],
                ],
            },
        ],
    }


def test_parse_award_provider_definition_builds_criteria() -> None:
    """A provider's JSON definition becomes typed criteria with hours in hundredths."""
    award = parse_award(lead_mentor())
    held, training, _ = award.criteria
    assert held == HoldsAward(
        code="stage_2_held", description="Holds Stage 2.", award="lp-stage-2-attendance"
    )
    assert isinstance(training, TrainingHours)
    assert (training.min_hours, training.modes, training.window) == (
        1050,
        frozenset({"in_person"}),
        "all_time",
    )
    assert (award.provider_id, award.once_per_academic_year, award.valid_from_year) == ("p1", False, None)


@pytest.mark.parametrize(
    ("hours", "eligible"),
    [pytest.param(1050, True, id="10.50h-met"), pytest.param(1049, False, id="10.49h-short")],
)
def test_evaluate_provider_award_threshold_decides(hours, eligible) -> None:
    """A provider-defined award is evaluated like a built-in one."""
    facts = mentor(
        certificates=[cert("c2", "lp-stage-2-attendance", "2025-01-01")],
        attendance=[att("a1", "2026-01-10", hours, tags=("kingston-lead-mentor",))],
        declarations=[decl("2026-01-01", code="lead_experience")],
    )
    assert evaluate(facts, parse_award(lead_mentor()), AS_OF).eligible is eligible


@pytest.mark.parametrize(
    ("value", "hundredths"),
    [(6, 600), (5.99, 599), (0.01, 1), (16.5, 1650), (0, 0), (10000, 1_000_000)],
)
def test_parse_award_hours_convert_exactly(value, hundredths) -> None:
    """Hours with at most two decimals convert to exact hundredths."""
    data = lead_mentor()
    data["criteria"][1]["min_hours"] = value
    assert parse_award(data).criteria[1].min_hours == hundredths


def _set(path: list, value: Any) -> dict[str, Any]:
    """The lead-mentor definition with the field at `path` set (or removed when value is DELETE)."""
    data = copy.deepcopy(lead_mentor())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


DELETE = object()
R0 = ["criteria", 2, "routes", 0, 0]


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        pytest.param([], [], "object", id="not-an-object"),
        pytest.param(_set(["code"], DELETE), ["code"], "required", id="code-missing"),
        pytest.param(_set(["code"], "Lead Mentor"), ["code"], "award code", id="code-bad-pattern"),
        pytest.param(_set(["code"], "x"), ["code"], "award code", id="code-too-short"),
        pytest.param(_set(["name"], ""), ["name"], "characters", id="name-empty"),
        pytest.param(_set(["name"], "a\x00b"), ["name"], "NUL", id="name-with-nul"),
        pytest.param(_set(["colour"], "red"), ["colour"], "unknown", id="unknown-award-field"),
        pytest.param(_set(["criteria"], {}), ["criteria"], "list", id="criteria-not-list"),
        pytest.param(_set(["criteria"], []), ["criteria"], "list", id="criteria-empty"),
        pytest.param(_set(["criteria", 0], "qts"), ["criteria", 0], "object", id="criterion-not-object"),
        pytest.param(
            _set(["criteria", 0, "kind"], "magic"), ["criteria", 0, "kind"], "one of", id="kind-unknown"
        ),
        pytest.param(
            _set(["criteria", 0, "kind"], ["x"]), ["criteria", 0, "kind"], "one of", id="kind-not-string"
        ),
        pytest.param(
            _set(["criteria", 0, "code"], "Held"), ["criteria", 0, "code"], "snake_case", id="code-not-snake"
        ),
        pytest.param(
            _set(["criteria", 0, "description"], DELETE),
            ["criteria", 0, "description"],
            "required",
            id="description-missing",
        ),
        pytest.param(
            _set(["criteria", 0, "advisory"], "yes"),
            ["criteria", 0, "advisory"],
            "true or false",
            id="advisory-not-bool",
        ),
        pytest.param(
            _set(["criteria", 0, "colour"], 1),
            ["criteria", 0, "colour"],
            "unknown",
            id="unknown-criterion-field",
        ),
        pytest.param(
            _set(["criteria", 0, "before"], "yesterday"), ["criteria", 0, "before"], "one of", id="before-bad"
        ),
        pytest.param(
            _set(["criteria", 1, "min_hours"], 6.001),
            ["criteria", 1, "min_hours"],
            "two decimal",
            id="hours-three-decimals",
        ),
        pytest.param(
            _set(["criteria", 1, "min_hours"], -1),
            ["criteria", 1, "min_hours"],
            "from 0",
            id="hours-negative",
        ),
        pytest.param(
            _set(["criteria", 1, "min_hours"], "6"), ["criteria", 1, "min_hours"], "number", id="hours-string"
        ),
        pytest.param(
            _set(["criteria", 1, "min_hours"], True), ["criteria", 1, "min_hours"], "number", id="hours-bool"
        ),
        pytest.param(
            _set(["criteria", 1, "min_hours"], float("nan")),
            ["criteria", 1, "min_hours"],
            "finite",
            id="hours-nan",
        ),
        pytest.param(
            _set(["criteria", 1, "min_hours"], DELETE),
            ["criteria", 1, "min_hours"],
            "required",
            id="hours-missing",
        ),
        pytest.param(
            _set(["criteria", 1, "modes"], ["in_person", "telepathy"]),
            ["criteria", 1, "modes", 1],
            "mode",
            id="mode-unknown",
        ),
        pytest.param(
            _set(["criteria", 1, "modes"], ["visit", "visit"]),
            ["criteria", 1, "modes", 1],
            "distinct",
            id="mode-repeated",
        ),
        pytest.param(
            _set(["criteria", 1, "modes"], []), ["criteria", 1, "modes"], "non-empty", id="modes-empty"
        ),
        pytest.param(
            _set(["criteria", 1, "window"], "weekly"), ["criteria", 1, "window"], "all_time", id="window-bad"
        ),
        pytest.param(
            _set(["criteria", 1, "window"], "since_award:BAD"),
            ["criteria", 1, "window"],
            "since_award",
            id="window-bad-award",
        ),
        pytest.param(
            _set(
                ["criteria", 1, "min_hours_by_year"],
                [{"from_year": 2025, "min_hours": 16}, {"from_year": 2024, "min_hours": 20}],
            ),
            ["criteria", 1, "min_hours_by_year", 1, "from_year"],
            "increase",
            id="by-year-not-increasing",
        ),
        pytest.param(
            _set(["criteria", 1, "min_hours_by_year"], [{"from_year": 2025, "min_hours": 1.234}]),
            ["criteria", 1, "min_hours_by_year", 0, "min_hours"],
            "two decimal",
            id="by-year-hours",
        ),
        pytest.param(
            _set(["criteria", 2, "routes"], []), ["criteria", 2, "routes"], "routes", id="routes-empty"
        ),
        pytest.param(
            _set(["criteria", 2, "routes", 1], []), ["criteria", 2, "routes", 1], "list", id="route-empty"
        ),
        pytest.param(_set([*R0, "min_count"], 0), [*R0, "min_count"], "integer", id="nested-min-count-zero"),
        pytest.param(
            _set([*R0, "since_date"], "2020-13-01"), [*R0, "since_date"], "date", id="nested-date-bad"
        ),
        pytest.param(
            _set([*R0, "since_award"], "lp-stage-1"),
            [*R0, "since_award"],
            "not both",
            id="nested-both-window-starts",
        ),
        pytest.param(_set([*R0, "kind"], "any_of"), [*R0, "kind"], "one of", id="nested-any-of"),
        pytest.param(
            _set([*R0, "code"], "stage_2_held"), [*R0, "code"], "duplicate", id="duplicate-code-in-route"
        ),
        pytest.param(
            _set(["criteria", 1, "code"], "stage_2_held"),
            ["criteria", 1, "code"],
            "duplicate",
            id="duplicate-code",
        ),
        pytest.param(
            _set(["valid_from_year"], 1999), ["valid_from_year"], "integer", id="valid-from-year-range"
        ),
    ],
)
def test_parse_award_invalid_field_names_path(data, path, fragment) -> None:
    """Each invalid definition is rejected with the path of the offending field."""
    with pytest.raises(AwardDefinitionError) as caught:
        parse_award(data)
    assert caught.value.path == path
    assert fragment in caught.value.msg
    assert str(caught.value).startswith(".".join(map(str, path)) or "award")
