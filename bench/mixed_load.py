"""50 clients for 60 s against one service process on SQLite, one request in ten a write.

Reads: a mentor, a page of mentors, a mentor's eligibility; writes: a new mentoring log. Every client sends its
next request as soon as the last is answered. Reported: p50 and p99 latency of all requests, requests per second,
and how many answers were 5xx (the target is none), 503 (busy: allowed, with Retry-After) or
connection errors.
Baseline: the p99 of the same reads from one client on the idle service, measured first in the same run.
Target: p99 under 2 s and no 5xx other than 503. ``MP_BENCH_LOAD_SECONDS`` shortens the run.
"""

import asyncio
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from app.db import migrate
from bench._common import bearer, serve_process

CLIENTS, WRITE_SHARE, TARGET_MS = 50, 0.1, 2000
SECONDS = float(os.environ.get("MP_BENCH_LOAD_SECONDS", "60"))


def _world(base: str, headers: dict[str, str]) -> dict[str, Any]:
    """A provider, a school, 50 mentors and 5 trainees (setup, not measured)."""
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
        provider = http.post("/api/v1/providers", json={"name": "Load HEI", "kind": "hei"}).json()["id"]
        school = http.post("/api/v1/schools", json={"urn": f"{random.randrange(10**5, 10**6)}", "name": "Load School",
                                                     "phase": "primary"}).json()["id"]
        mentors = [http.post("/api/v1/mentors", json={
            "first_name": "Load", "last_name": f"Mentor {i}", "email": f"load-{i}-{time.time_ns()}@example.org",
            "school_id": school, "provider_ids": [provider]}).json()["id"] for i in range(CLIENTS)]
        trainees = [http.post("/api/v1/trainees", json={
            "provider_id": provider, "reference": f"LOAD-{i}-{time.time_ns()}", "first_name": "T",
            "last_name": f"{i}", "route": "pgce"}).json()["id"] for i in range(5)]
    return {"mentors": mentors, "trainees": trainees}


def _request(world: dict[str, Any], client: int, n: int) -> tuple[str, str, dict[str, Any] | None]:
    mentor = world["mentors"][client]
    if random.random() < WRITE_SHARE:
        body = {"mentor_id": mentor, "trainee_id": world["trainees"][n % 5], "hours": 0.5, "activity": "meeting",
                "occurred_on": (date(2000, 1, 1) + timedelta(days=n)).isoformat()}
        return "POST", "/api/v1/mentoring-logs", body
    path = random.choice([f"/api/v1/mentors/{mentor}", "/api/v1/mentors?limit=20",
                          f"/api/v1/mentors/{mentor}/eligibility?award=lp-stage-1"])
    return "GET", path, None


async def _client(http: httpx.AsyncClient, world: dict[str, Any], client: int, until: float,
                  latencies: list[float], statuses: list[int]) -> None:
    n = 0
    while time.monotonic() < until:
        method, path, body = _request(world, client, n)
        n += 1
        began = time.perf_counter()
        try:
            status = (await http.request(method, path, json=body)).status_code
        except httpx.TransportError:  # counted, not fatal: the table says how many
            status = 0
        latencies.append((time.perf_counter() - began) * 1000)
        statuses.append(status)


async def _load(base: str, headers: dict[str, str], world: dict[str, Any], seconds: float,
                clients: int) -> tuple[list[float], list[int]]:
    latencies: list[float] = []
    statuses: list[int] = []
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=limits) as http:
        until = time.monotonic() + seconds
        await asyncio.gather(*(_client(http, world, c, until, latencies, statuses) for c in range(clients)))
    return latencies, statuses


def _p(values: list[float], q: int) -> float:
    return round(statistics.quantiles(values, n=100)[q - 1], 1)


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'load.db'}"
        migrate(url)
        with serve_process(Path(tmp), url) as server:
            headers = bearer(server.base)
            world = _world(server.base, headers)
            idle, _ = asyncio.run(_load(server.base, headers, world, min(10.0, SECONDS / 6), 1))
            latencies, statuses = asyncio.run(_load(server.base, headers, world, SECONDS, CLIENTS))
    errors = sum(1 for s in statuses if s >= 500 and s != 503)
    busy = statuses.count(503)
    baseline = _p(idle, 99)
    p99 = _p(latencies, 99)
    return [
        {"operation": f"{CLIENTS} clients {SECONDS:.0f} s, 10% writes, SQLite: p99", "figure": p99, "unit": "ms",
         "baseline": baseline, "ratio": round(p99 / baseline, 1), "target": f"< {TARGET_MS}"},
        {"operation": "the same: p50", "figure": _p(latencies, 50), "unit": "ms"},
        {"operation": "the same: requests per second", "figure": round(len(statuses) / SECONDS)},
        {"operation": "the same: 5xx answers other than 503 (target 0)", "figure": errors},
        {"operation": "the same: 503 answers (busy, with Retry-After)", "figure": busy},
        {"operation": "the same: connection errors (target 0)", "figure": statuses.count(0)},
    ]
