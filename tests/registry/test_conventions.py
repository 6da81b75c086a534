"""API conventions: idempotent POST, cursor pagination, incremental sync, API clients and tokens."""

import time
import uuid

from tests import factories as f


def _school_body() -> dict:
    return {"urn": f.unique_digits(6), "name": f"Idem {uuid.uuid4().hex[:6]}"}


def test_post_retried_with_same_key_creates_one_row(admin: f.Caller) -> None:
    body, key = _school_body(), {"Idempotency-Key": uuid.uuid4().hex}
    first = admin.post("/api/v1/schools", json=body, headers=key)
    again = admin.post("/api/v1/schools", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert len(admin.get("/api/v1/schools", params={"urn": body["urn"]}).json()["items"]) == 1


def test_post_same_key_other_body_is_422(admin: f.Caller) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    assert admin.post("/api/v1/schools", json=_school_body(), headers=key).status_code == 201
    other = _school_body()
    r = admin.post("/api/v1/schools", json=other, headers=key)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert admin.get("/api/v1/schools", params={"urn": other["urn"]}).json()["items"] == []


def test_post_same_key_other_client_is_independent(admin: f.Caller) -> None:
    other_admin = f.caller_for(admin, "admin")
    key = {"Idempotency-Key": uuid.uuid4().hex}
    assert admin.post("/api/v1/schools", json=_school_body(), headers=key).status_code == 201
    assert other_admin.post("/api/v1/schools", json=_school_body(), headers=key).status_code == 201


def test_list_pages_with_cursor_cover_every_row_once(admin: f.Caller) -> None:
    p = f.provider(admin)
    made = {f.trainee(admin, p["id"])["id"] for _ in range(7)}
    seen: list[str] = []
    cursor = None
    while True:
        params = {"provider_id": p["id"], "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = admin.get("/api/v1/trainees", params=params).json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 7 and set(seen) == made


def test_list_updated_since_returns_only_changed_rows(admin: f.Caller) -> None:
    p = f.provider(admin)
    old = f.trainee(admin, p["id"])
    time.sleep(0.01)
    stamp = admin.get(f"/api/v1/trainees/{old['id']}").json()["updated_at"]
    time.sleep(0.01)
    changed = admin.patch(f"/api/v1/trainees/{old['id']}", json={"first_name": "Changed"}).json()
    assert changed["updated_at"] > stamp
    params = {"provider_id": p["id"], "updated_since": changed["updated_at"]}
    items = admin.get("/api/v1/trainees", params=params).json()
    assert [t["id"] for t in items["items"]] == [old["id"]]


def test_disabled_client_token_stops_at_once(admin: f.Caller) -> None:
    s = f.school(admin)
    school = f.caller_for(admin, "school", school_id=s["id"])
    assert school.get("/api/v1/schools").status_code == 200
    r = admin.patch(f"/api/v1/api-clients/{school.info['id']}", json={"disabled": True})
    assert r.status_code == 200 and r.json()["disabled"] is True
    assert school.get("/api/v1/schools").status_code == 401


def test_api_client_secret_is_shown_once(admin: f.Caller) -> None:
    made = f.created(admin.post("/api/v1/api-clients", json={"name": "MIS", "role": "admin"}))
    assert made["client_secret"]
    assert "client_secret" not in admin.get(f"/api/v1/api-clients/{made['id']}").json()


def test_create_provider_client_without_provider_is_422(admin: f.Caller) -> None:
    r = admin.post("/api/v1/api-clients", json={"name": "x", "role": "provider"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "provider_id"]


def test_token_wrong_secret_is_401(admin: f.Caller) -> None:
    r = admin.client.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": "test-admin",
                                                      "client_secret": "wrong"})
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"


def test_token_wrong_grant_type_is_422(admin: f.Caller) -> None:
    r = admin.client.post("/api/v1/auth/token", data={"grant_type": "password", "client_id": "test-admin",
                                                      "client_secret": "x"})
    assert r.status_code == 422
