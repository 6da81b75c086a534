"""Concurrent writers against a real server: nothing lost, no 5xx, never "database is locked".

8 writers each make 200 read-modify-write operations on a uvicorn server on a loopback port:
- half on their own provider (GET the counter kept in ``region``, PATCH it to n+1): the final counter
  must equal that writer's successful PATCHes;
- a quarter on one shared QA review without ``If-Match`` (each writer owns one evidence/criteria slot,
  which the server merges into the stored JSON): every slot must hold its writer's last write;
- a quarter on the same review's ``additional_comments`` counter with ``If-Match`` (412 is a fair
  answer to a stale read): the final counter must equal the number of successful PATCHes.
"""

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn

from app.config import Settings
from app.main import create_app
from tests.factories import Caller, caller_for, created, provider

WRITERS, OPERATIONS = 8, 200
SLOTS = [("evidence", "programme_outline", "notes"), ("evidence", "trainers", "notes"),
         ("evidence", "resources", "notes"), ("evidence", "evaluation_summaries", "notes"),
         ("evidence", "portfolio_samples", "notes"), ("criteria", "programme_meets_outcomes", "comment"),
         ("criteria", "pedagogy_consistent", "comment"), ("criteria", "evaluation_and_review", "comment")]


@pytest.fixture(scope="module")
def live_server(settings: Settings) -> Iterator[str]:
    """The service under uvicorn in a background thread, on a free loopback port, on the test database."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=30)
    sock.close()


@dataclass
class Tally:
    """What one writer did and saw."""

    requests: int = 0
    failures: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    own_writes: int = 0
    counter_writes: int = 0
    last_slot_value: str | None = None

    def call(self, http: httpx.Client, method: str, path: str, ok: set[int],
             **kw: Any) -> httpx.Response | None:
        self.requests += 1
        try:
            r = http.request(method, path, **kw)
        except httpx.HTTPError as exc:
            self.failures.append(f"{method} {path}: {exc!r}")
            return None
        self.statuses[r.status_code] += 1
        if r.status_code not in ok or "database is locked" in r.text:
            self.failures.append(f"{method} {path}: {r.status_code} {r.text[:200]}")
        return r


def _own(tally: Tally, http: httpx.Client, provider_id: str) -> None:
    r = tally.call(http, "GET", f"/api/v1/providers/{provider_id}", {200})
    if r is None or r.status_code != 200:
        return
    n = int(r.json()["region"] or 0)
    r = tally.call(http, "PATCH", f"/api/v1/providers/{provider_id}", {200}, json={"region": str(n + 1)})
    tally.own_writes += r is not None and r.status_code == 200


def _slot(tally: Tally, http: httpx.Client, review_id: str, writer: int, i: int) -> None:
    part, key, text = SLOTS[writer]
    value = f"writer {writer} write {i}"
    r = tally.call(http, "PATCH", f"/api/v1/qa-reviews/{review_id}", {200}, json={part: {key: {text: value}}})
    if r is not None and r.status_code == 200:
        tally.last_slot_value = value


def _counter(tally: Tally, http: httpx.Client, review_id: str) -> None:
    r = tally.call(http, "GET", f"/api/v1/qa-reviews/{review_id}", {200})
    if r is None or r.status_code != 200:
        return
    n = int(r.json()["additional_comments"] or 0)
    r = tally.call(http, "PATCH", f"/api/v1/qa-reviews/{review_id}", {200, 412},
                   json={"additional_comments": str(n + 1)}, headers={"If-Match": r.headers["etag"]})
    tally.counter_writes += r is not None and r.status_code == 200


def _writer(base: str, own: Caller, admin: Caller, provider_id: str, review_id: str, writer: int,
            start: threading.Barrier, tally: Tally) -> None:
    with httpx.Client(base_url=base, headers=own.headers, timeout=120) as mine, \
            httpx.Client(base_url=base, headers=admin.headers, timeout=120) as shared:
        start.wait()
        for i in range(OPERATIONS):
            if i % 2 == 0:
                _own(tally, mine, provider_id)
            elif i % 4 == 1:
                _slot(tally, shared, review_id, writer, i)
            else:
                _counter(tally, shared, review_id)


def test_concurrent_read_modify_write_loses_nothing(live_server: str, admin: Caller, db_url: str) -> None:
    orgs = [provider(admin, region="0") for _ in range(WRITERS)]
    owners = [caller_for(admin, "provider", provider_id=o["id"]) for o in orgs]
    review = created(admin.post("/api/v1/qa-reviews", json={
        "reviewer_provider_id": provider(admin)["id"], "reviewed_provider_id": orgs[0]["id"],
        "additional_comments": "0"}))
    tallies = [Tally() for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    threads = [threading.Thread(target=_writer, args=(live_server, owners[w], admin, orgs[w]["id"],
                                                      review["id"], w, start, tallies[w]))
               for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    final = admin.get(f"/api/v1/qa-reviews/{review['id']}").json()
    lost = {
        "own counters": sum(t.own_writes - int(admin.get(f"/api/v1/providers/{o['id']}").json()["region"])
                            for t, o in zip(tallies, orgs, strict=True)),
        "shared slots": sum(final[part][key][text] != t.last_slot_value
                            for t, (part, key, text) in zip(tallies, SLOTS, strict=True)),
        "shared counter": sum(t.counter_writes for t in tallies) - int(final["additional_comments"]),
    }
    failures = [f for t in tallies for f in t.failures]
    statuses = sum((t.statuses for t in tallies), Counter())
    print(f"\nconcurrency [{db_url.split(':')[0]}]: {WRITERS} writers x {OPERATIONS} read-modify-write ops, "
          f"{sum(t.requests for t in tallies)} requests, statuses {dict(sorted(statuses.items()))}, "
          f"{len(failures)} failures, lost updates {sum(lost.values())} {lost}")
    assert failures == [], failures[:5]
    assert lost == {"own counters": 0, "shared slots": 0, "shared counter": 0}
    assert sum(t.counter_writes for t in tallies) > 0
