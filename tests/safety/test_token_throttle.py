"""The token endpoint: failed attempts throttled per client id and per address (429 with Retry-After),
successes never counted, the same time for a known and an unknown client id."""

import statistics
import time
import uuid

from fastapi.testclient import TestClient

from tests.conftest import ADMIN_ID, ADMIN_SECRET
from tests.factories import Caller, created
from tests.safety.conftest import Start

PROBLEM = "application/problem+json"


def _token(client: TestClient, client_id: str, secret: str) -> int:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return client.post("/api/v1/auth/token", data=form).status_code


def test_failed_attempts_past_default_client_limit_answer_429(start: Start) -> None:
    client = start()
    limit = client.app.state.settings.token_failures_per_client  # type: ignore[attr-defined]
    assert limit == 10  # the default
    admin = Caller.login(client, ADMIN_ID, ADMIN_SECRET)
    someone = created(admin.post("/api/v1/api-clients", json={"name": "throttled", "role": "admin"}))
    statuses = [_token(start(), someone["client_id"], "wrong-secret") for _ in range(limit)]
    assert statuses == [401] * limit  # each from another address: the client id's count
    form = {"grant_type": "client_credentials", "client_id": someone["client_id"], "client_secret": "wrong"}
    r = start().post("/api/v1/auth/token", data=form)
    assert r.status_code == 429 and r.headers["content-type"] == PROBLEM
    assert 1 <= int(r.headers["retry-after"]) <= 300 and r.headers["cache-control"] == "no-store"
    # Past the limit even the right secret waits (else guessing would go on at full speed).
    assert _token(start(), someone["client_id"], someone["client_secret"]) == 429
    assert _token(client, ADMIN_ID, ADMIN_SECRET) == 200  # other client ids are not held back


def test_failed_attempts_past_address_limit_answer_429(start: Start) -> None:
    client = start(token_failures_per_address=5)
    statuses = [_token(client, f"mp_nobody_{uuid.uuid4().hex[:8]}", "wrong") for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert _token(start(token_failures_per_address=5), f"mp_{uuid.uuid4().hex[:8]}", "x") == 401


def test_successes_from_a_busy_address_are_not_held_back(start: Start) -> None:
    client = start(token_failures_per_address=3, token_failures_per_client=3)
    assert [_token(client, ADMIN_ID, ADMIN_SECRET) for _ in range(20)] == [200] * 20


def test_unknown_and_known_client_ids_take_the_same_time(start: Start) -> None:
    # The deployed secret cost, so a skipped hash check would show; throttling off to time every attempt.
    client = start(secret_hash_iterations=2**12, token_failures_per_client=0, token_failures_per_address=0)
    admin = Caller.login(client, ADMIN_ID, ADMIN_SECRET)
    known = created(admin.post("/api/v1/api-clients", json={"name": "timed", "role": "admin"}))["client_id"]
    _token(client, f"mp_{uuid.uuid4().hex[:16]}", "warm-up")
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for _ in range(50):
        for kind, client_id in (("known", known), ("unknown", f"mp_{uuid.uuid4().hex[:16]}")):
            started = time.perf_counter()
            assert _token(client, client_id, "wrong-secret-0123456789") == 401
            timings[kind].append(time.perf_counter() - started)
    known_ms, unknown_ms = (statistics.median(timings[k]) * 1000 for k in ("known", "unknown"))
    print(f"\ntoken: median known {known_ms:.1f} ms, unknown {unknown_ms:.1f} ms")
    assert abs(known_ms - unknown_ms) < 5
