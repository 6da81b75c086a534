"""Tests of the held flag, upcoming-session hints and the JSON shape of the answer."""

from __future__ import annotations

import pytest

from app.rules import BUILT_IN, LP_STAGE_2_ATTENDANCE, evaluate, evaluate_many, hours_out

from .factories import AS_OF, att, cert, d, mentor, upcoming


@pytest.mark.parametrize(
    ("award", "certificates", "as_of", "held"),
    [
        pytest.param(
            "lp-stage-1", [cert("c1", "lp-stage-1", "2025-10-01")], "2026-03-01", True, id="issued-before"
        ),
        pytest.param(
            "lp-stage-1", [cert("c1", "lp-stage-1", "2026-03-01")], "2026-03-01", True, id="issued-on-as-of"
        ),
        pytest.param(
            "lp-stage-1", [cert("c1", "lp-stage-1", "2026-03-02")], "2026-03-01", False, id="issued-after"
        ),
        pytest.param(
            "lp-stage-1",
            [cert("c1", "lp-stage-1", "2025-10-01", "2026-03-01")],
            "2026-03-01",
            False,
            id="revoked-on-as-of",
        ),
        pytest.param(
            "lp-stage-1",
            [cert("c1", "lp-stage-1", "2025-10-01", "2026-03-02")],
            "2026-03-01",
            True,
            id="revoked-day-after",
        ),
        pytest.param(
            "lp-stage-1",
            [cert("c1", "lp-stage-2-attendance", "2025-10-01")],
            "2026-03-01",
            False,
            id="other-award",
        ),
        pytest.param(
            "dfe-refresher",
            [cert("r1", "dfe-refresher", "2025-10-01")],
            "2026-08-31",
            True,
            id="refresher-same-year",
        ),
        pytest.param(
            "dfe-refresher",
            [cert("r1", "dfe-refresher", "2025-10-01")],
            "2026-09-01",
            False,
            id="refresher-next-year",
        ),
    ],
)
def test_evaluate_certificate_dates_set_held(award, certificates, as_of, held) -> None:
    """Held means a valid certificate as of the date (in its year, for the refresher)."""
    assert evaluate(mentor(certificates=certificates), BUILT_IN[award], d(as_of)).held is held


SESSIONS = [
    upcoming("u3", "2026-04-01"),
    upcoming("u1", "2026-03-02"),
    upcoming("u0", "2026-03-01"),
    upcoming("u2", "2026-03-10", mode="self_study"),
    upcoming("u4", "2026-03-10", tags=("lp-stage-2-attendance",)),
    upcoming("r1", "2026-08-31", tags=("dfe-refresher",)),
    upcoming("r2", "2026-09-01", tags=("dfe-refresher",)),
    upcoming("r3", "2026-05-01", tags=("dfe-refresher",), accredited=False),
]


@pytest.mark.parametrize(
    ("award", "attendance", "expected"),
    [
        pytest.param("lp-stage-1", [], ("u0", "u1", "u3"), id="stage-1-unmet-face-to-face-from-as-of-day"),
        pytest.param("lp-stage-1", [att("a1", "2026-01-10", 600)], (), id="stage-1-met-no-hint"),
        pytest.param("lp-stage-2-attendance", [], ("u4",), id="stage-2-unmet"),
        pytest.param("dfe-refresher", [], ("r1",), id="refresher-this-year-accredited-only"),
    ],
)
def test_evaluate_upcoming_sessions_listed_for_unmet_training(award, attendance, expected) -> None:
    """Unmet training criteria list the scheduled sessions that would count toward them."""
    facts = mentor(attendance=attendance, sessions=SESSIONS)
    decision = evaluate(facts, BUILT_IN[award], AS_OF)
    training = [c for c in decision.criteria if c.kind == "training_hours"]
    assert [c.upcoming for c in training] == [expected]


def test_to_dict_partial_stage_1_matches_api_shape() -> None:
    """The decision renders as the api.md eligibility answer, hours as numbers."""
    facts = mentor(attendance=[att("a1", "2026-01-10", 450)], sessions=[upcoming("u1", "2026-03-02")])
    answer = evaluate(facts, BUILT_IN["lp-stage-1"], AS_OF).to_dict()
    qts, experience, training = answer["criteria"]
    assert (answer["award"], answer["eligible"], answer["held"]) == ("lp-stage-1", False, False)
    assert set(qts) == {"code", "kind", "description", "met", "advisory"}
    assert (experience["actual"], experience["required"], experience["unit"]) == (10, 2, "years")
    assert {
        k: training[k] for k in ("code", "met", "advisory", "actual", "required", "unit", "shortfall")
    } == {
        "code": "face_to_face_training",
        "met": False,
        "advisory": False,
        "actual": 4.5,
        "required": 6,
        "unit": "hours",
        "shortfall": 1.5,
    }
    assert (training["counted"], training["upcoming_sessions"]) == (["a1"], ["u1"])


def test_to_dict_met_training_omits_upcoming_sessions() -> None:
    """Met training criteria carry no upcoming-session hint."""
    answer = evaluate(
        mentor(attendance=[att("a1", "2026-01-10", 600)]), BUILT_IN["lp-stage-1"], AS_OF
    ).to_dict()
    assert "upcoming_sessions" not in answer["criteria"][2]


def test_to_dict_any_of_lists_routes_of_criteria() -> None:
    """any_of renders its routes as lists of criteria."""
    answer = evaluate(mentor(), LP_STAGE_2_ATTENDANCE, AS_OF).to_dict()
    routes = answer["criteria"][0]["routes"]
    assert [[c["code"] for c in route] for route in routes] == [
        ["stage_1_held", "mentoring_since_stage_1", "trainees_since_stage_1"],
        ["professional_standards_2007", "mentoring_since_2007", "trainees_since_2007"],
    ]
    assert routes[0][1]["note"].startswith("Counts from the lp-stage-1")


@pytest.mark.parametrize(
    ("hundredths", "number"), [(0, 0), (1, 0.01), (450, 4.5), (599, 5.99), (600, 6), (2000, 20)]
)
def test_hours_out_hundredths_give_json_number(hundredths, number) -> None:
    """Hundredths become whole numbers when exact, else two-decimal numbers."""
    out = hours_out(hundredths)
    assert out == number and type(out) is type(number)


def test_evaluate_many_built_ins_answers_each_in_order() -> None:
    """Several awards are answered in the order asked, and blocking criteria are listed."""
    decisions = evaluate_many(mentor(), BUILT_IN.values(), AS_OF)
    assert [x.award for x in decisions] == list(BUILT_IN)
    assert [c.code for c in decisions[0].unmet()] == ["face_to_face_training"]


def test_criterion_by_code_finds_results_inside_routes() -> None:
    """A decision's result is found by code at any depth; an unknown code is a KeyError."""
    decision = evaluate(mentor(certificates=[cert("c1", "lp-stage-1", "2025-10-01")]), LP_STAGE_2_ATTENDANCE, AS_OF)
    held = decision.criterion("stage_1_held")
    assert (held.met, held.counted) == (True, ("c1",))
    assert decision.criterion("stage_2_training").kind == "training_hours"
    with pytest.raises(KeyError):
        decision.criterion("no_such_criterion")
