"""Portfolio evidence through the HTTP API (uvicorn, loopback, SQLite).

- Upload of a 10 MB PDF as multipart/form-data (streamed to disk, hashed, sniffed, stored by SHA-256),
  median of several runs, each with new content. Baseline: hashing and writing the same bytes to a file
  in the same directory (what the service cannot avoid). Target: under a second.
- GET of a portfolio with 15 evidence items, its history and record of training (median of 20).
  Baseline: GET of the mentor it belongs to. Target: 100 ms.
"""

import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from app.db import migrate
from bench._common import bearer, serve, settings_for

SIZE, UPLOADS, READS = 10 * 1024 * 1024, 5, 20




def _client(http: httpx.Client, admin: dict[str, str], **scope: str) -> dict[str, str]:
    made = http.post("/api/v1/api-clients", headers=admin, json={"name": "bench", **scope}).json()
    return bearer(str(http.base_url), made["client_id"], made["client_secret"])


def _timed(call: Callable[[], httpx.Response], status: int) -> float:
    began = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == status, response.text
    return elapsed


def _baseline_upload(directory: Path) -> float:
    times = []
    for i in range(UPLOADS):
        content = b"%PDF-1.7\n" + os.urandom(SIZE - 9)
        began = time.perf_counter()
        digest = hashlib.sha256(content).hexdigest()
        (directory / f"baseline-{i}-{digest}").write_bytes(content)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _row(operation: str, times: list[float], baseline: float, target: int) -> dict[str, Any]:
    figure = round(statistics.median(times), 1)
    return {
        "operation": operation,
        "figure": figure,
        "unit": "ms",
        "baseline": round(baseline, 1),
        "ratio": round(figure / baseline, 1),
        "target": target,
    }


def _measure(http: httpx.Client, data_dir: Path) -> list[dict[str, Any]]:
    admin = bearer(str(http.base_url))
    provider = http.post("/api/v1/providers", headers=admin, json={"name": "Bench", "kind": "hei"}).json()[
        "id"
    ]
    mentor = http.post(
        "/api/v1/mentors",
        headers=admin,
        json={
            "first_name": "B",
            "last_name": "M",
            "email": "bench-portfolio@example.org",
            "provider_ids": [provider],
        },
    ).json()["id"]
    as_mentor = _client(http, admin, role="mentor", mentor_id=mentor)
    portfolio = http.post("/api/v1/portfolios", headers=as_mentor, json={"provider_id": provider}).json()[
        "id"
    ]
    evidence = f"/api/v1/portfolios/{portfolio}/evidence"
    fields = {
        "section": "tutorial",
        "title": "Observation",
        "kind": "observation_report",
        "annotation": "What it shows",
        "outcome_codes": "LP2-T01",
    }

    def upload(section: str) -> httpx.Response:
        content = b"%PDF-1.7\n" + os.urandom(SIZE - 9)
        return http.post(
            evidence,
            headers=as_mentor,
            data={**fields, "section": section},
            files={"file": ("evidence.pdf", content, "application/pdf")},
        )

    uploads = [
        _timed(lambda s=s: upload(s), 201)
        for s in ("tutorial", "tutorial", "pastoral", "pastoral", "assessment")[:UPLOADS]
    ]
    for section in ("tutorial", "pastoral", "assessment"):
        while (
            http.post(
                evidence, headers=as_mentor, json={**fields, "section": section, "outcome_codes": ["LP2-T01"]}
            ).status_code
            == 201
        ):
            pass
    reads = [
        _timed(lambda: http.get(f"/api/v1/portfolios/{portfolio}", headers=as_mentor), 200)
        for _ in range(READS)
    ]
    mentor_reads = [
        _timed(lambda: http.get(f"/api/v1/mentors/{mentor}", headers=as_mentor), 200) for _ in range(READS)
    ]
    return [
        _row(
            "POST evidence with a 10 MB PDF, multipart (HTTP, SQLite)",
            uploads,
            _baseline_upload(data_dir),
            1000,
        ),
        _row(
            "GET portfolio, 15 evidence items + record (HTTP, SQLite)",
            reads,
            statistics.median(mentor_reads),
            100,
        ),
    ]


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate(url)
        settings = settings_for(Path(tmp), url)
        with serve(settings) as base, httpx.Client(base_url=base, timeout=120) as http:
            return _measure(http, Path(tmp))


if __name__ == "__main__":
    for result in run():
        print(result)
