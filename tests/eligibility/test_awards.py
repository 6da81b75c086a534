"""Awards as data: the built-in awards, and providers' own awards validated field by field."""

from typing import Any

from fastapi.testclient import TestClient

from tests import factories
from tests.eligibility import builders

PROBLEM = "application/problem+json"
BUILT_IN = ["lp-stage-1", "lp-stage-2-attendance", "lp-stage-2-certificate", "dfe-initial", "dfe-refresher"]


def _code() -> str:
    return f"acme-lead-{factories.unique_digits(6)}"


def _definition(code: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": "Acme lead mentor award",
        "description": "Lead mentors at Acme.",
        "criteria": [
            {
                "kind": "holds_award",
                "code": "stage_1",
                "description": "Holds Stage 1.",
                "award": "lp-stage-1",
            },
            {
                "kind": "training_hours",
                "code": "lead_training",
                "description": "3 hours of lead training.",
                "tag": code,
                "min_hours": 3,
                "modes": ["in_person"],
            },
        ],
        **extra,
    }


def test_list_awards_built_in_first_then_provider_defined(admin: factories.Caller) -> None:
    r = admin.get("/api/v1/awards", params={"limit": 500})
    assert r.status_code == 200
    codes = [a["code"] for a in r.json()["items"]]
    assert codes[:5] == BUILT_IN
    stage_1 = r.json()["items"][0]
    assert stage_1["built_in"] is True and stage_1["provider_id"] is None and stage_1["id"]
    training = next(c for c in stage_1["criteria"] if c["code"] == "face_to_face_training")
    assert training["min_hours"] == 6 and training["modes"] == ["in_person", "live_online", "visit"]


def test_list_awards_pages_through_built_in_and_defined(admin: factories.Caller) -> None:
    p = factories.provider(admin)
    caller = factories.caller_for(admin, "provider", provider_id=p["id"])
    code = _code()
    assert caller.post("/api/v1/awards", json=_definition(code)).status_code == 201
    seen, cursor = [], None
    for _ in range(100):
        r = caller.get("/api/v1/awards", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= 2
        seen += [a["code"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen[:5] == BUILT_IN and code in seen and len(seen) == len(set(seen))


def test_get_award_by_code_and_unknown_404(admin: factories.Caller) -> None:
    r = admin.get("/api/v1/awards/dfe-initial")
    assert r.status_code == 200
    criterion = r.json()["criteria"][0]
    assert criterion["min_hours_by_year"] == [
        {"from_year": 2024, "min_hours": 20},
        {"from_year": 2025, "min_hours": 16},
    ]
    missing = admin.get("/api/v1/awards/no-such-award")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM


def test_create_provider_award_then_evaluated_for_linked_mentor(client: TestClient, admin: factories.Caller) -> None:
    p = factories.provider(admin)
    caller = factories.caller_for(admin, "provider", provider_id=p["id"])
    code = _code()
    r = caller.post("/api/v1/awards", json=_definition(code))
    assert r.status_code == 201, r.text
    assert r.json()["provider_id"] == p["id"] and r.json()["built_in"] is False
    assert admin.get(f"/api/v1/awards/{code}").json()["criteria"][1]["min_hours"] == 3
    m = factories.mentor(admin, provider_ids=[p["id"]])
    builders.trained(client, p["id"], m["id"], "2025-10-01", hours=3, tags=[code])
    answer = caller.get(f"/api/v1/mentors/{m['id']}/eligibility", params={"as_of": "2025-10-02"}).json()
    decision = builders.award(answer, code)
    assert decision["eligible"] is False
    assert [c["met"] for c in decision["criteria"]] == [False, True]


def test_create_award_invalid_definition_422_names_field(admin: factories.Caller) -> None:
    caller = factories.caller_for(admin, "provider", provider_id=factories.provider(admin)["id"])
    cases = [
        ({"criteria": [{"kind": "magic", "code": "x", "description": "x"}]}, ["body", "criteria", 0, "kind"]),
        (
            {"criteria": [{"kind": "training_hours", "code": "t", "description": "t", "tag": "lp-stage-1"}]},
            ["body", "criteria", 0, "min_hours"],
        ),
        (
            {
                "criteria": [
                    {
                        "kind": "training_hours",
                        "code": "t",
                        "description": "t",
                        "tag": "lp-stage-1",
                        "min_hours": 1.234,
                    }
                ]
            },
            ["body", "criteria", 0, "min_hours"],
        ),
        (
            {
                "criteria": [
                    {"kind": "holds_award", "code": "h", "description": "h", "award": "nowhere-award"}
                ]
            },
            ["body", "criteria", 0, "award"],
        ),
        (
            {
                "criteria": [
                    {
                        "kind": "any_of",
                        "code": "a",
                        "description": "a",
                        "routes": [[{"kind": "has_qts", "code": "q", "description": "q", "colour": "red"}]],
                    }
                ]
            },
            ["body", "criteria", 0, "routes", 0, 0, "colour"],
        ),
        (
            {
                "criteria": [
                    {"kind": "has_qts", "code": "q", "description": "q"},
                    {"kind": "has_qts", "code": "q", "description": "again"},
                ]
            },
            ["body", "criteria", 1, "code"],
        ),
    ]
    for changes, loc in cases:
        r = caller.post("/api/v1/awards", json={**_definition(_code()), **changes})
        assert r.status_code == 422, (changes, r.text)
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["errors"][0]["loc"] == loc, r.json()


def test_create_award_code_clash_409(admin: factories.Caller) -> None:
    caller = factories.caller_for(admin, "provider", provider_id=factories.provider(admin)["id"])
    assert caller.post("/api/v1/awards", json=_definition("lp-stage-1")).status_code == 409
    code = _code()
    assert caller.post("/api/v1/awards", json=_definition(code)).status_code == 201
    r = caller.post("/api/v1/awards", json=_definition(code))
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM


def test_create_award_by_school_403_admin_names_provider(admin: factories.Caller) -> None:
    school = factories.caller_for(admin, "school", school_id=factories.school(admin)["id"])
    assert school.post("/api/v1/awards", json=_definition(_code())).status_code == 403
    r = admin.post("/api/v1/awards", json=_definition(_code()))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "provider_id"]
    p = factories.provider(admin)
    r = admin.post("/api/v1/awards", json={**_definition(_code()), "provider_id": p["id"]})
    assert r.status_code == 201 and r.json()["provider_id"] == p["id"]


def test_issue_provider_award_by_other_provider_403(client: TestClient, admin: factories.Caller) -> None:
    a, other = factories.provider(admin), factories.provider(admin)
    pa, po = (factories.caller_for(admin, "provider", provider_id=p["id"]) for p in (a, other))
    code = _code()
    assert (
        pa.post(
            "/api/v1/awards",
            json={
                **_definition(code),
                "criteria": [{"kind": "has_qts", "code": "qts", "description": "QTS."}],
            },
        ).status_code
        == 201
    )
    m = factories.mentor(admin, provider_ids=[a["id"], other["id"]])
    body = {"mentor_id": m["id"], "award": code, "issued_on": "2025-10-01"}
    assert po.post("/api/v1/certificates", json=body).status_code == 403
    assert pa.post("/api/v1/certificates", json=body).status_code == 201
