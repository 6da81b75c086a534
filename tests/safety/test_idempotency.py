"""Idempotency under concurrency, against the service as deployed (its own uvicorn process) and in-process:
one record per key, replays or 409 for the others, 401 for a disabled or rotated client's replay,
a failed request releases its key, a database outage answers 503; /healthz stays fast throughout."""

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import Settings
from app.main import create_app
from app.models.auth import IdempotencyRecord
from app.security import decode_access_token, issue_access_token
from tests.conftest import ADMIN_ID, ADMIN_SECRET
from tests.factories import Caller, caller_for, created, unique_digits
from tests.safety.conftest import Start

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = "application/problem+json"
SENDERS = 50


@pytest.fixture(scope="module")
def server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service in its own uvicorn process on the test database (no GIL shared with the senders)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "MP_DATA_DIR": str(tmp_path_factory.mktemp("live")), "MP_DATABASE_URL": settings.database_url,
           "MP_SECRET_KEY": settings.secret_key, "MP_SECRET_HASH_ITERATIONS": "1024",
           "MP_BOOTSTRAP_CLIENT_ID": ADMIN_ID, "MP_BOOTSTRAP_CLIENT_SECRET": ADMIN_SECRET}
    command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "the service did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _bearer(base: str) -> dict[str, str]:
    form = {"grant_type": "client_credentials", "client_id": ADMIN_ID, "client_secret": ADMIN_SECRET}
    r = httpx.post(f"{base}/api/v1/auth/token", data=form)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_identical_keyed_posts_at_once_create_one_record_and_healthz_stays_fast(server: str) -> None:
    headers = {**_bearer(server), "Idempotency-Key": f"burst-{uuid.uuid4()}"}
    body = {"urn": unique_digits(6), "name": f"Burst {uuid.uuid4().hex[:6]}"}
    answers: list[httpx.Response | BaseException] = []
    done = threading.Event()
    health: list[float] = []

    async def burst() -> None:  # one thread, one event loop: the senders take no GIL from the prober
        limits = httpx.Limits(max_connections=SENDERS)
        async with httpx.AsyncClient(base_url=server, timeout=60, limits=limits) as http:
            await asyncio.gather(*(http.get("/healthz") for _ in range(SENDERS)))  # connections first
            sent = [http.post("/api/v1/schools", json=body, headers=headers) for _ in range(SENDERS)]
            answers.extend(await asyncio.gather(*sent, return_exceptions=True))

    def probe() -> None:
        with httpx.Client(base_url=server, timeout=10) as http:
            http.get("/healthz")  # the connection made before timing
            while not done.is_set():
                started = time.perf_counter()
                assert http.get("/healthz").status_code == 200
                health.append(time.perf_counter() - started)
                time.sleep(0.01)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        asyncio.run(burst())
    finally:
        done.set()
        prober.join()

    failures = [a for a in answers if isinstance(a, Exception) or a.status_code not in (201, 409)]
    assert failures == [], [f"{a.status_code} {a.text[:200]}" if isinstance(a, httpx.Response) else repr(a)
                            for a in failures]
    responses = [a for a in answers if isinstance(a, httpx.Response)]
    statuses = Counter(r.status_code for r in responses)
    originals = [r for r in responses if r.status_code == 201 and "idempotent-replayed" not in r.headers]
    replays = [r for r in responses if r.headers.get("idempotent-replayed") == "true"]
    assert len(originals) == 1, statuses
    assert all(r.json() == originals[0].json() for r in replays)
    assert all(r.headers["content-type"] == PROBLEM and r.json()["detail"] == "a request with this key is in progress"
               for r in responses if r.status_code == 409)
    with httpx.Client(base_url=server, headers=_bearer(server)) as http:
        found = http.get("/api/v1/schools", params={"urn": body["urn"]}).json()["items"]
        again = http.post("/api/v1/schools", json=body, headers={"Idempotency-Key": headers["Idempotency-Key"]})
    assert len(found) == 1
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert health, "healthz was never probed"
    print(f"\n{SENDERS} keyed POSTs: {dict(statuses)}, replayed {len(replays)}; healthz x{len(health)} "
          f"median {statistics.median(health) * 1000:.1f} ms, max {max(health) * 1000:.1f} ms")
    # Every probe within 100 ms on a quiet machine (measured: max 16-40 ms); on a loaded shared runner the
    # scheduler alone can hold a process for longer, so the bound is on the 95th percentile, with a ceiling.
    ordered = sorted(health)
    assert ordered[int(len(ordered) * 0.95) - 1] < 0.1, f"healthz p95 {ordered[int(len(ordered) * 0.95) - 1]:.3f} s"
    assert max(health) < 0.5, f"healthz took {max(health) * 1000:.0f} ms"


def _school(admin: Caller, key: str) -> tuple[dict[str, str], dict[str, str]]:
    return {"urn": unique_digits(6), "name": f"Key {uuid.uuid4().hex[:6]}"}, {"Idempotency-Key": key}


def test_disabled_client_replay_answers_401(admin: Caller) -> None:
    someone = caller_for(admin, "admin")
    body, key = _school(admin, f"dis-{uuid.uuid4()}")
    created(someone.post("/api/v1/schools", json=body, headers=key))
    assert admin.patch(f"/api/v1/api-clients/{someone.info['id']}", json={"disabled": True}).status_code == 200
    r = someone.post("/api/v1/schools", json=body, headers=key)
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
    assert "idempotent-replayed" not in r.headers


def test_rotated_client_replay_answers_401(admin: Caller) -> None:
    someone = caller_for(admin, "admin")
    body, key = _school(admin, f"rot-{uuid.uuid4()}")
    created(someone.post("/api/v1/schools", json=body, headers=key))
    assert admin.post(f"/api/v1/api-clients/{someone.info['id']}/rotate-secret").status_code == 200
    r = someone.post("/api/v1/schools", json=body, headers=key)
    assert r.status_code == 401 and "idempotent-replayed" not in r.headers


def test_key_in_progress_answers_409(client: TestClient, admin: Caller) -> None:
    key = f"busy-{uuid.uuid4()}"
    token = admin.headers["Authorization"][7:]
    settings = client.app.state.settings  # type: ignore[attr-defined]
    claims = decode_access_token(token, key=settings.secret_key, issuer=settings.jwt_issuer,
                                 audience=settings.jwt_audience)
    claim_id = uuid.uuid4()
    claim = IdempotencyRecord(id=claim_id, client_id=claims["sub"], key=key, method="POST", path="/api/v1/schools")
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        session.add(claim)
        session.commit()
    body, _ = _school(admin, key)
    try:
        r = admin.post("/api/v1/schools", json=body, headers={"Idempotency-Key": key})
    finally:
        with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
            session.delete(session.get(IdempotencyRecord, claim_id))
            session.commit()
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    assert r.json()["detail"] == "a request with this key is in progress" and r.headers["retry-after"]
    assert admin.get("/api/v1/schools", params={"urn": body["urn"]}).json()["items"] == []


def test_failed_request_releases_its_key(start: Start) -> None:
    client = start()
    calls: list[int] = []

    def flaky() -> dict[str, int]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return {"calls": len(calls)}

    client.app.add_api_route("/api/v1/test-flaky", flaky, methods=["POST"], status_code=201)  # type: ignore[attr-defined]
    admin = Caller.login(client, ADMIN_ID, ADMIN_SECRET)
    key = {"Idempotency-Key": f"flaky-{uuid.uuid4()}"}
    first = admin.post("/api/v1/test-flaky", json={}, headers=key)
    assert first.status_code == 500
    assert first.headers["x-content-type-options"] == "nosniff"
    second = admin.post("/api/v1/test-flaky", json={}, headers=key)
    assert second.status_code == 201 and "idempotent-replayed" not in second.headers
    third = admin.post("/api/v1/test-flaky", json={}, headers=key)
    assert third.status_code == 201 and third.headers["idempotent-replayed"] == "true"
    assert third.json() == second.json() == {"calls": 2} and len(calls) == 2


def test_stored_request_keeps_a_hash_not_the_body(client: TestClient, admin: Caller) -> None:
    body, key = _school(admin, f"hash-{uuid.uuid4()}")
    created(admin.post("/api/v1/schools", json=body, headers=key))
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        record = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == key["Idempotency-Key"])).one()
    assert record.body_sha256 is not None and len(record.body_sha256) == 64
    assert body["urn"].encode() not in repr(record.model_dump()).encode().replace(record.response_body or b"", b"")


def test_keyed_post_during_database_outage_answers_503(settings: Settings, tmp_path: Path) -> None:
    gone = tmp_path / "no-such-dir" / "mp.db"
    app = create_app(settings.model_copy(update={"database_url": f"sqlite:///{gone}"}))
    token = issue_access_token({"sub": str(uuid.uuid4()), "role": "admin", "sv": "x"}, key=settings.secret_key,
                               issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl=60)
    client = TestClient(app, raise_server_exceptions=False)  # no lifespan: the database is not there
    r = client.post("/api/v1/schools", json={"urn": "123456", "name": "Outage"},
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "outage-1"})
    assert r.status_code == 503 and r.headers["content-type"] == PROBLEM and r.headers["retry-after"]
    assert client.get("/healthz").status_code == 503
