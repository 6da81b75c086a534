"""Request limits: body size (413) and the per-client rate limit (429 with Retry-After)."""

import json
import random
from collections.abc import Callable, Iterator

import anyio
import pytest
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app import limits
from app.config import Settings
from app.main import create_app
from tests.factories import Caller, caller_for, provider

Start = Callable[..., TestClient]

PROBLEM = "application/problem+json"
LIMIT = 1000


def _big_provider(size: int) -> bytes:
    return json.dumps({"name": "x" * size, "kind": "hei"}).encode()


def _chunks(body: bytes, size: int = 256) -> Iterator[bytes]:
    for i in range(0, len(body), size):
        yield body[i:i + size]


def test_post_content_length_above_limit_answers_413(app_with: Start, admin: Caller) -> None:
    small = app_with(max_body_bytes=LIMIT)
    r = small.post("/api/v1/providers", content=_big_provider(2 * LIMIT),
                   headers={**admin.headers, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == 413 and str(LIMIT) in r.json()["detail"]


def test_post_streamed_body_above_limit_answers_413(app_with: Start, admin: Caller) -> None:
    small = app_with(max_body_bytes=LIMIT)
    r = small.post("/api/v1/providers", content=_chunks(_big_provider(2 * LIMIT)),
                   headers={**admin.headers, "Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM


def test_idempotent_post_streamed_body_above_limit_answers_413(app_with: Start,
                                                                admin: Caller) -> None:
    small = app_with(max_body_bytes=LIMIT)
    r = small.post("/api/v1/providers", content=_chunks(_big_provider(2 * LIMIT)),
                   headers={**admin.headers, "Content-Type": "application/json", "Idempotency-Key": "big-1"})
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM


def test_post_body_under_limit_is_accepted(app_with: Start, admin: Caller) -> None:
    small = app_with(max_body_bytes=LIMIT)
    r = small.post("/api/v1/providers", content=_chunks(_big_provider(50)),
                   headers={**admin.headers, "Content-Type": "application/json"})
    assert r.status_code == 201, r.text


def test_body_limit_declared_too_large_never_calls_the_app() -> None:
    called = []

    async def inner(scope: dict, receive: object, send: object) -> None:
        called.append(scope)

    class State:
        settings = type("S", (), {"max_body_bytes": 10})()

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def receive() -> dict:
        raise AssertionError("the body must not be read")

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"11")],
             "app": type("A", (), {"state": State()})()}
    anyio.run(limits.BodyLimitMiddleware(inner), scope, receive, send)
    assert called == [] and sent[0]["status"] == 413


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The rate limit's clock, fixed at the start of a random minute; tests move it."""
    now = [float(random.randrange(30_000_000, 40_000_000) * 60)]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    return now


def test_requests_above_rate_limit_answer_429_with_retry_after(
        app_with: Start, admin: Caller, frozen_clock: list[float]) -> None:
    limited = app_with(rate_limit_per_minute=3)
    org = provider(admin)
    caller = caller_for(admin, "provider", provider_id=org["id"])
    frozen_clock[0] += 15
    statuses = [limited.get(f"/api/v1/providers/{org['id']}", headers=caller.headers).status_code
                for _ in range(4)]
    r = limited.get(f"/api/v1/providers/{org['id']}", headers=caller.headers)
    assert statuses == [200, 200, 200, 429] and r.status_code == 429
    assert r.headers["content-type"] == PROBLEM and r.json()["status"] == 429
    assert r.headers["retry-after"] == "45"


def test_rate_limit_next_minute_lets_the_client_through(
        app_with: Start, admin: Caller, frozen_clock: list[float]) -> None:
    limited = app_with(rate_limit_per_minute=2)
    caller = caller_for(admin, "provider", provider_id=provider(admin)["id"])
    for _ in range(3):
        limited.get("/api/v1/providers", headers=caller.headers)
    frozen_clock[0] += 60
    assert limited.get("/api/v1/providers", headers=caller.headers).status_code == 200


def test_rate_limit_other_client_is_not_counted(
        app_with: Start, admin: Caller, frozen_clock: list[float]) -> None:
    limited = app_with(rate_limit_per_minute=2)
    first, second = (caller_for(admin, "provider", provider_id=provider(admin)["id"]) for _ in range(2))
    for _ in range(3):
        limited.get("/api/v1/providers", headers=first.headers)
    assert limited.get("/api/v1/providers", headers=first.headers).status_code == 429
    assert limited.get("/api/v1/providers", headers=second.headers).status_code == 200


def test_rate_limit_counts_are_shared_by_every_process(
        app_with: Start, admin: Caller, frozen_clock: list[float]) -> None:
    one, two = app_with(rate_limit_per_minute=4), app_with(rate_limit_per_minute=4)
    caller = caller_for(admin, "provider", provider_id=provider(admin)["id"])
    for process in (one, two, one, two):
        assert process.get("/api/v1/providers", headers=caller.headers).status_code == 200
    assert two.get("/api/v1/providers", headers=caller.headers).status_code == 429
    assert one.get("/api/v1/providers", headers=caller.headers).status_code == 429


def test_rate_limit_token_requests_are_counted_by_address(
        app_with: Start, frozen_clock: list[float]) -> None:
    limited = app_with(rate_limit_per_minute=2)
    form = {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "wrong"}
    statuses = [limited.post("/api/v1/auth/token", data=form).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_rate_limit_behind_a_trusted_proxy_counts_each_forwarded_address(
        settings: Settings, frozen_clock: list[float]) -> None:
    """`python -m app serve` trusts MP_FORWARDED_ALLOW_IPS with uvicorn's proxy-headers middleware (as here)."""
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": 2}))
    form = {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "wrong"}
    first, second = ({"X-Forwarded-For": f"203.0.113.{n}"} for n in (7, 8))
    with TestClient(ProxyHeadersMiddleware(app, trusted_hosts="*"), raise_server_exceptions=False) as proxied:
        statuses = [proxied.post("/api/v1/auth/token", data=form, headers=first).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]
        assert proxied.post("/api/v1/auth/token", data=form, headers=second).status_code == 401


def test_rate_limit_off_by_default_never_answers_429(client: TestClient, admin: Caller) -> None:
    statuses = {admin.get("/api/v1/providers?limit=1").status_code for _ in range(30)}
    assert statuses == {200}
