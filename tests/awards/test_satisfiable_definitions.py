"""POST /awards refuses definitions that could never be issued, naming the criterion's field."""

from typing import Any

import pytest

from tests import factories as f

PROBLEM = "application/problem+json"


def _code() -> str:
    return f"acme-lead-{f.unique_digits(6)}"


def _c(kind: str, code: str = "c", **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "code": code, "description": "A criterion.", **fields}


QTS = _c("has_qts", "qts")
OWN = "<own>"  # replaced by the new award's code

# (case, criteria, errors[0].loc after "body")
INVALID = [
    ("holds_itself", [QTS, QTS | {"code": "q2"}, _c("holds_award", award=OWN)], ["criteria", 2, "award"]),
    ("since_itself", [_c("mentoring_hours", min_hours=12, since_award=OWN)], ["criteria", 0, "since_award"]),
    (
        "window_since_itself",
        [_c("training_hours", tag="lp-stage-1", min_hours=3, window=f"since_award:{OWN}")],
        ["criteria", 0, "window"],
    ),
    ("unknown_declaration", [_c("declaration", declaration="made_up")], ["criteria", 0, "declaration"]),
    ("unknown_portfolio_kind", [_c("portfolio_passed", portfolio_kind="x-kind")], ["criteria", 0, "portfolio_kind"]),
    (
        "zero_min_hours",
        [QTS, QTS | {"code": "q2"}, _c("training_hours", tag="lp-stage-1", min_hours=0)],
        ["criteria", 2, "min_hours"],
    ),
    ("zero_min_count", [_c("distinct_trainees", min_count=0)], ["criteria", 0, "min_count"]),
    ("all_advisory", [QTS | {"advisory": True}], ["criteria"]),
    (
        "any_of_route_all_advisory",
        [_c("any_of", routes=[[QTS], [QTS | {"code": "q2", "advisory": True}]])],
        ["criteria", 0, "routes", 1],
    ),
]


def _own(value: Any, code: str) -> Any:
    """The criteria with OWN replaced by the award's code."""
    if isinstance(value, str):
        return value.replace(OWN, code)
    if isinstance(value, list):
        return [_own(v, code) for v in value]
    if isinstance(value, dict):
        return {k: _own(v, code) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("case", "criteria", "loc"), INVALID, ids=[row[0] for row in INVALID])
def test_create_award_never_issuable_422_naming_criterion(
    admin: f.Caller, case: str, criteria: list, loc: list
) -> None:
    caller = f.caller_for(admin, "provider", provider_id=f.provider(admin)["id"])
    code = _code()
    r = caller.post("/api/v1/awards", json={"code": code, "name": "Acme", "criteria": _own(criteria, code)})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert r.json()["errors"][0]["loc"] == ["body", *loc]
    assert caller.get(f"/api/v1/awards/{code}").status_code == 404


def test_create_award_satisfiable_201(admin: f.Caller) -> None:
    caller = f.caller_for(admin, "provider", provider_id=f.provider(admin)["id"])
    code = _code()
    criteria = [
        _c("holds_award", "stage_1", award="lp-stage-1"),
        _c("declaration", "declared", declaration="professional_standards_2007", advisory=True),
        _c("training_hours", "lead", tag=code, min_hours=3),
    ]
    r = caller.post("/api/v1/awards", json={"code": code, "name": "Acme", "criteria": criteria})
    assert r.status_code == 201, r.text
