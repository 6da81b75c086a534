"""Plain factory functions: each call makes new rows through the API and returns their JSON."""

import itertools
import random
import uuid
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

_numbers = itertools.count(random.randrange(10_000, 90_000) * 10)


def unique_digits(width: int) -> str:
    """A number unique in this test run, ``width`` digits long."""
    return str(next(_numbers) % 10**width).zfill(width)


class Caller:
    """A TestClient that sends one API client's bearer token."""

    def __init__(self, client: TestClient, token: str | None, info: dict[str, Any] | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.info = info or {}

    @classmethod
    def login(cls, client: TestClient, client_id: str, secret: str, info: dict[str, Any] | None = None) -> "Caller":
        r = client.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                    "client_secret": secret})
        assert r.status_code == 200, r.text
        return cls(client, r.json()["access_token"], info)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, **kw: Any) -> Response:
        return self.client.request(method, path, headers={**self.headers, **(headers or {})}, **kw)

    def get(self, path: str, **kw: Any) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Response:
        return self.request("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> Response:
        return self.request("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> Response:
        return self.request("DELETE", path, **kw)


def created(response: Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return response.json()


def provider(admin: Caller, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Provider {uuid.uuid4().hex[:6]}", "kind": "hei", "ukprn": "1" + unique_digits(7), **fields}
    return created(admin.post("/api/v1/providers", json=body))


def school(admin: Caller, **fields: Any) -> dict[str, Any]:
    body = {"urn": unique_digits(6), "name": f"School {uuid.uuid4().hex[:6]}", "phase": "primary", **fields}
    return created(admin.post("/api/v1/schools", json=body))


def mentor(caller: Caller, **fields: Any) -> dict[str, Any]:
    body = {"first_name": "Ada", "last_name": "Lovelace", "email": f"m-{uuid.uuid4().hex[:10]}@example.org",
            "trn": unique_digits(7), "qts_awarded_on": "2015-07-01", "teaching_since": "2015-09-01", **fields}
    return created(caller.post("/api/v1/mentors", json=body))


def trainee(caller: Caller, provider_id: str, **fields: Any) -> dict[str, Any]:
    body = {"provider_id": provider_id, "reference": f"T-{uuid.uuid4().hex[:8]}", "first_name": "Sam",
            "last_name": "Student", "route": "pgce", "phase": "primary", **fields}
    return created(caller.post("/api/v1/trainees", json=body))


def caller_for(admin: Caller, role: str, **scope: str) -> Caller:
    """A new API client of this role bound to ``scope`` (provider_id, school_id or mentor_id), logged in."""
    body = created(admin.post("/api/v1/api-clients", json={"name": f"{role} client", "role": role, **scope}))
    return Caller.login(admin.client, body["client_id"], body["client_secret"], info=body)
