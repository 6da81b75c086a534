"""PUT of a 500-mentor attendance register by its provider through the HTTP API (uvicorn, loopback, SQLite).

Three cases, each the median of several runs: a first register (500 inserts and 500 new provider links),
rewriting every row of an existing register (attended <-> partial), and repeating an unchanged register.
Baseline: the raw sqlite3 ``executemany`` insert of the same 500 rows into the same table, in one transaction.
Target: under a second.
"""

import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from app.db import make_engine, migrate
from app.models.registry import Mentor
from bench._common import bearer, serve, settings_for

SIZE, RUNS, TARGET_MS = 500, 7, 1000




def _mentors(url: str, count: int) -> list[str]:
    """Mentors inserted directly (setup, not measured)."""
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "created_at": now,
            "updated_at": now,
            "first_name": "B",
            "last_name": f"M{i}",
            "email": f"bench-{uuid.uuid4().hex}@example.org",
            "roles": [],
            "declarations": [],
        }
        for i in range(count)
    ]
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Mentor), rows)
    engine.dispose()
    return [str(r["id"]) for r in rows]


def _timed(call: Callable[[], httpx.Response]) -> float:
    began = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == SIZE
    return elapsed


def _baseline_ms(db: Path, session_ids: list[str], mentor_ids: list[str]) -> float:
    """Raw sqlite3 executemany of 500 attendance rows, one transaction per run."""
    times = []
    conn = sqlite3.connect(db, isolation_level=None)
    now = datetime.now(UTC).isoformat(sep=" ")
    for session_id in session_ids:
        rows = [
            (uuid.uuid4().hex, now, now, uuid.UUID(session_id).hex, uuid.UUID(m).hex, "attended", 100, None)
            for m in mentor_ids
        ]
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO attendance (id, created_at, updated_at, training_session_id, mentor_id, "
            "status, hours_centi, given_centi) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")
        times.append((time.perf_counter() - began) * 1000)
    conn.close()
    return statistics.median(times)


def _as_provider(http: httpx.Client) -> str:
    """Create a provider and switch the client to that provider's token; its id."""
    provider = http.post("/api/v1/providers", json={"name": "Bench provider", "kind": "hei"}).json()["id"]
    client = http.post(
        "/api/v1/api-clients", json={"name": "bench", "role": "provider", "provider_id": provider}
    )
    http.headers.update(bearer(str(http.base_url), client.json()["client_id"], client.json()["client_secret"]))
    return provider


def _measure(http: httpx.Client, url: str, db: Path) -> list[dict[str, Any]]:
    provider = _as_provider(http)

    def new_session() -> str:
        body = {
            "provider_id": provider,
            "title": "Bench session",
            "starts_at": "2025-10-07T15:30:00Z",
            "duration_hours": 2,
            "mode": "live_online",
            "counts_toward": ["dfe-initial"],
        }
        return http.post("/api/v1/training-sessions", json=body).json()["id"]

    def put(session_id: str, entries: list[dict[str, Any]]) -> httpx.Response:
        return http.put(f"/api/v1/training-sessions/{session_id}/attendance", json=entries)

    def entries(mentors: list[str], status: str = "attended") -> list[dict[str, Any]]:
        extra = {"hours": 1.5} if status == "partial" else {}
        return [{"mentor_id": m, "status": status, **extra} for m in mentors]

    first = [_timed(lambda m=_mentors(url, SIZE): put(new_session(), entries(m))) for _ in range(RUNS)]
    mentors, again = _mentors(url, SIZE), new_session()
    put(again, entries(mentors))
    rewrite = [
        _timed(lambda i=i: put(again, entries(mentors, ("partial", "attended")[i % 2]))) for i in range(RUNS)
    ]
    repeat = [_timed(lambda: put(again, entries(mentors))) for _ in range(RUNS)]
    baseline = round(_baseline_ms(db, [new_session() for _ in range(RUNS)], mentors), 1)

    def row(operation: str, times: list[float]) -> dict[str, Any]:
        figure = round(statistics.median(times), 1)
        return {
            "operation": operation,
            "figure": figure,
            "unit": "ms",
            "baseline": baseline,
            "ratio": round(figure / baseline, 1),
            "target": TARGET_MS,
        }

    return [
        row(f"PUT register, {SIZE} new rows + provider links (HTTP, SQLite)", first),
        row(f"PUT register, {SIZE} rows changed (HTTP, SQLite)", rewrite),
        row(f"PUT register, {SIZE} rows repeated unchanged (HTTP, SQLite)", repeat),
    ]


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        url = f"sqlite:///{db}"
        migrate(url)
        settings = settings_for(Path(tmp), url)
        with serve(settings) as base, httpx.Client(base_url=base, headers=bearer(base), timeout=60) as http:
            return _measure(http, url, db)


if __name__ == "__main__":
    for result in run():
        print(result)
