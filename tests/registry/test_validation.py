"""Bad input of every kind is a 4xx problem+json naming the field; nothing is written."""

import pytest

from tests import factories as f

PROBLEM = "application/problem+json"


def _assert_names(r, status: int, field: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    assert any(field in [str(p) for p in e["loc"]] for e in r.json()["errors"]), r.json()


@pytest.mark.parametrize(("field", "value"), [
    ("urn", "12345"), ("urn", "1234567"), ("urn", "12a456"), ("phase", "nursery"), ("name", ""),
    ("name", "x" * 201), ("name", "bad\x00name"), ("postcode", "!!"),
])
def test_create_school_bad_field_is_422_naming_it(admin: f.Caller, field: str, value: str) -> None:
    body = {"urn": f.unique_digits(6), "name": "A school", field: value}
    _assert_names(admin.post("/api/v1/schools", json=body), 422, field)


@pytest.mark.parametrize(("field", "value"), [
    ("ukprn", "01234567"), ("ukprn", "1234567"), ("kind", "university"), ("contact_email", "not-an-email"),
])
def test_create_provider_bad_field_is_422_naming_it(admin: f.Caller, field: str, value: str) -> None:
    _assert_names(admin.post("/api/v1/providers", json={"name": "P", "kind": "hei", field: value}), 422, field)


@pytest.mark.parametrize(("field", "value"), [
    ("trn", "123456"), ("trn", "12345678"), ("email", "nope"), ("qts_awarded_on", "2999-01-01"),
    ("teaching_since", "2999-01-01"), ("qts_awarded_on", "2023-02-30"), ("roles", ["captain"]),
    ("phase", "sixth_form"), ("roles", ["lead_mentor", "lead_mentor"]),
    ("declarations", [{"code": "professional_standards_2007", "made_on": "2999-01-01"}]),
    ("provider_ids", ["00000000-0000-0000-0000-000000000000"]), ("school_id", "00000000-0000-0000-0000-000000000000"),
    ("shoe_size", 9),
])
def test_create_mentor_bad_field_is_422_naming_it(admin: f.Caller, field: str, value: object) -> None:
    body = {"first_name": "A", "last_name": "B", "email": f"v{f.unique_digits(8)}@example.org", field: value}
    r = admin.post("/api/v1/mentors", json=body)
    _assert_names(r, 422, field)
    if field != "email":
        assert admin.get("/api/v1/mentors", params={"email": body["email"]}).json()["items"] == []


def test_create_mentor_same_email_other_case_is_409(admin: f.Caller) -> None:
    m = f.mentor(admin)
    r = admin.post("/api/v1/mentors", json={"first_name": "A", "last_name": "B", "email": m["email"].upper()})
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM


def test_create_mentor_same_trn_is_409(admin: f.Caller) -> None:
    m = f.mentor(admin)
    r = admin.post("/api/v1/mentors", json={"first_name": "A", "last_name": "B",
                                            "email": f"n{f.unique_digits(8)}@example.org", "trn": m["trn"]})
    assert r.status_code == 409


def test_create_school_duplicate_urn_is_409(admin: f.Caller) -> None:
    s = f.school(admin)
    assert admin.post("/api/v1/schools", json={"urn": s["urn"], "name": "Again"}).status_code == 409


def test_create_trainee_duplicate_reference_same_provider_is_409_other_provider_ok(admin: f.Caller) -> None:
    p1, p2 = f.provider(admin), f.provider(admin)
    t = f.trainee(admin, p1["id"])
    again = {k: t[k] for k in ("provider_id", "reference", "first_name", "last_name")}
    assert admin.post("/api/v1/trainees", json=again).status_code == 409
    assert admin.post("/api/v1/trainees", json={**again, "provider_id": p2["id"]}).status_code == 201


@pytest.mark.parametrize(("field", "value"), [
    ("route", "correspondence"), ("phase", "college"), ("reference", ""), ("provider_id", "not-a-uuid"),
])
def test_create_trainee_bad_field_is_422_naming_it(admin: f.Caller, field: str, value: str) -> None:
    p = f.provider(admin)
    body = {"provider_id": p["id"], "reference": "R1", "first_name": "A", "last_name": "B", field: value}
    _assert_names(admin.post("/api/v1/trainees", json=body), 422, field)


@pytest.mark.parametrize(("field", "value"), [
    ("hours", 0), ("hours", -1), ("hours", 12.01), ("hours", 1.234), ("hours", "lots"), ("activity", "lunch"),
    ("occurred_on", "2999-01-01"), ("occurred_on", "2025-13-01"),
    ("trainee_id", "00000000-0000-0000-0000-000000000000"),
])
def test_create_mentoring_log_bad_field_is_422_naming_it(admin: f.Caller, field: str, value: object) -> None:
    p = f.provider(admin)
    m, t = f.mentor(admin), f.trainee(admin, p["id"])
    body = {"mentor_id": m["id"], "trainee_id": t["id"], "occurred_on": "2025-10-01", "hours": 1,
            "activity": "meeting", field: value}
    _assert_names(admin.post("/api/v1/mentoring-logs", json=body), 422, field)
    assert admin.get("/api/v1/mentoring-logs", params={"mentor_id": m["id"]}).json()["items"] == []


def test_create_mentoring_log_twelve_hours_exactly_is_accepted(admin: f.Caller) -> None:
    p = f.provider(admin)
    m, t = f.mentor(admin), f.trainee(admin, p["id"])
    body = {"mentor_id": m["id"], "trainee_id": t["id"], "occurred_on": "2025-10-01", "hours": 12,
            "activity": "co_teaching"}
    r = admin.post("/api/v1/mentoring-logs", json=body)
    assert r.status_code == 201 and r.json()["hours"] == 12
    assert admin.post("/api/v1/mentoring-logs", json=body).status_code == 409


def test_list_limit_outside_range_is_422(admin: f.Caller) -> None:
    for limit in (0, 501):
        _assert_names(admin.get("/api/v1/mentors", params={"limit": limit}), 422, "limit")


def test_list_bad_cursor_is_422(admin: f.Caller) -> None:
    _assert_names(admin.get("/api/v1/schools", params={"cursor": "garbage"}), 422, "cursor")


def test_patch_explicit_null_on_required_field_is_422(admin: f.Caller) -> None:
    s = f.school(admin)
    _assert_names(admin.patch(f"/api/v1/schools/{s['id']}", json={"name": None}), 422, "name")


def test_provider_accredited_defaults_by_kind(admin: f.Caller) -> None:
    assert f.provider(admin, kind="hei")["accredited"] is True
    assert f.provider(admin, kind="scitt")["accredited"] is True
    assert f.provider(admin, kind="teaching_school_hub")["accredited"] is False
    assert f.provider(admin, kind="teaching_school_hub", accredited=True)["accredited"] is True
