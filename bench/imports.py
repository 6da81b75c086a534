"""Bulk import of mentoring logs through the HTTP endpoint, against the raw database driver.

For SQLite and (when reachable) PostgreSQL: a scratch database with 200 mentors of one school and 500
trainees; the raw driver inserts 100,000 mentoring-log rows (sqlite3 ``executemany`` / psycopg ``COPY``,
in one transaction, rows prepared beforehand); the table is emptied; then the school's client POSTs the
same rows as CSV to a uvicorn server (a subprocess on a loopback port) and polls the job until it
succeeds. Figures are rows per second end to end; ratio = ours / raw. Targets: 30,000 rows/s and 0.25.
Then the peak resident memory (ru_maxrss) of a server process that imports 500,000 rows (target 500 MB).
"""

import csv
import io
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from app.db import migrate
from app.imports.kinds.base import table_of
from app.models.registry import Mentor, Provider, School, Trainee, TraineePlacement
from bench._common import bearer, serve_process

ROWS, BIG_ROWS, MENTORS, TRAINEES = 100_000, 500_000, 200, 500
TARGET_RATE, TARGET_RATIO, TARGET_MB = 30_000, 0.25, 500
ACTIVITIES = ("meeting", "observation", "feedback", "joint_planning", "co_teaching")
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
START = date(2022, 1, 3)  # 500,000 rows reach 2024-04: every log in the past, inside the placements



def _fill(url: str) -> dict[str, Any]:
    """One provider, one school, its mentors and the provider's trainees, inserted directly."""
    now = datetime.now(UTC)
    base = {"created_at": now, "updated_at": now}
    provider, school = uuid.uuid4(), uuid.uuid4()
    mentors = [uuid.uuid4() for _ in range(MENTORS)]
    trainees = [uuid.uuid4() for _ in range(TRAINEES)]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(table_of(Provider)),
            [{"id": provider, "name": "Bench HEI", "kind": "hei", **base}],
        )
        conn.execute(
            insert(table_of(School)), [{"id": school, "urn": "999001", "name": "Bench School", **base}]
        )
        conn.execute(
            insert(table_of(Mentor)),
            [
                {
                    "id": m,
                    "first_name": "M",
                    "last_name": str(i),
                    "email": f"m{i}@bench.example",
                    "school_id": school,
                    "roles": [],
                    "declarations": [],
                    **base,
                }
                for i, m in enumerate(mentors)
            ],
        )
        conn.execute(
            insert(table_of(Trainee)),
            [
                {
                    "id": t,
                    "provider_id": provider,
                    "reference": f"T{i}",
                    "first_name": "T",
                    "last_name": str(i),
                    **base,
                }
                for i, t in enumerate(trainees)
            ],
        )
        conn.execute(  # the school logs only against trainees placed with it
            insert(table_of(TraineePlacement)),
            [{"id": uuid.uuid4(), "trainee_id": t, "school_id": school, "starts_on": START, **base} for t in trainees],
        )
    engine.dispose()
    return {"school": school, "mentors": mentors, "trainees": trainees}


def _rows(world: dict[str, Any], n: int) -> Iterator[tuple[uuid.UUID, uuid.UUID, date, int, str]]:
    """Each mentor's k-th log: three a day (at most 4 h each: a day stays within 12 h), trainee k mod 500."""
    for i in range(n):
        mentor, k = i % MENTORS, i // MENTORS
        yield (
            world["mentors"][mentor],
            world["trainees"][k % TRAINEES],
            START + timedelta(days=k // 3),
            25 * (1 + i % 16),
            ACTIVITIES[i % len(ACTIVITIES)],
        )


def _csv(world: dict[str, Any], n: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["mentor_id", "trainee_id", "occurred_on", "hours", "activity", "notes"])
    writer.writerows(
        (str(m), str(t), d.isoformat(), f"{c / 100:.2f}", a, "") for m, t, d, c, a in _rows(world, n)
    )
    return out.getvalue().encode()


def _raw(url: str, world: dict[str, Any]) -> float:
    """Seconds for the raw driver to insert the rows in one transaction (rows prepared beforehand)."""
    now = datetime.now(UTC)
    columns = "id, created_at, updated_at, mentor_id, trainee_id, occurred_on, hours_centi, activity, notes"
    if url.startswith("sqlite"):
        stamp = now.replace(tzinfo=None).isoformat(" ", "microseconds")
        rows = [
            (uuid.uuid4().hex, stamp, stamp, m.hex, t.hex, d.isoformat(), c, a, None)
            for m, t, d, c, a in _rows(world, ROWS)
        ]
        db = sqlite3.connect(make_url(url).database or "", isolation_level=None)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=30000", "synchronous=NORMAL"):
            db.execute(f"PRAGMA {pragma}")
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.executemany(f"INSERT INTO mentoring_log ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        elapsed = time.perf_counter() - started
        db.close()
        return elapsed
    import psycopg

    stamp = now.isoformat()
    data = "".join(
        f"{uuid.uuid4()}\t{stamp}\t{stamp}\t{m}\t{t}\t{d}\t{c}\t{a}\t\\N\n"
        for m, t, d, c, a in _rows(world, ROWS)
    )
    with psycopg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    ) as conn:
        started = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy(f"COPY mentoring_log ({columns}) FROM STDIN") as copy:
            copy.write(data)
        conn.commit()
        return time.perf_counter() - started


def _empty(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if url.startswith("sqlite"):
            conn.execute(text("DELETE FROM mentoring_log"))
            conn.execute(text("VACUUM"))
        else:
            conn.execute(text("TRUNCATE mentoring_log"))
            conn.execute(text("VACUUM ANALYZE mentoring_log"))
    engine.dispose()


def _school_client(base: str, school: uuid.UUID) -> httpx.Client:
    made = httpx.post(
        f"{base}/api/v1/api-clients",
        headers=bearer(base),
        json={"name": "bench school", "role": "school", "school_id": str(school)},
    ).json()
    return httpx.Client(base_url=base, headers=bearer(base, made["client_id"], made["client_secret"]), timeout=600)


def _import(client: httpx.Client, body: bytes, rows: int) -> float:
    """Seconds from the POST to the job's success (which must report every row created)."""
    started = time.perf_counter()
    r = client.post(
        "/api/v1/imports",
        params={"kind": "mentoring-logs"},
        content=body,
        headers={"Content-Type": "text/csv"},
    )
    job = r.json()
    while job.get("status") in ("queued", "running"):
        time.sleep(0.05)
        job = client.get(f"/api/v1/imports/{job['id']}").json()
    elapsed = time.perf_counter() - started
    if job.get("status") != "succeeded" or job["counts"]["created"] != rows:
        raise RuntimeError(f"import did not create every row: {str(job)[:500]}")
    return elapsed


def _count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM mentoring_log")).scalar_one()
    engine.dispose()
    return int(count)


def _measure(url: str, label: str, tmp: Path) -> dict[str, Any]:
    migrate(url)
    world = _fill(url)
    body = _csv(world, ROWS)
    raw = ROWS / _raw(url, world)
    _empty(url)
    with serve_process(tmp / label, url) as server, _school_client(server.base, world["school"]) as client:
        ours = ROWS / _import(client, body, ROWS)
    if _count(url) != ROWS:
        raise RuntimeError("the table does not hold every imported row")
    return {
        "operation": f"import {ROWS:,} mentoring logs via HTTP, {label} (target ratio >= {TARGET_RATIO})",
        "figure": round(ours),
        "unit": "rows/s",
        "baseline": round(raw),
        "ratio": round(ours / raw, 2),
        "target": f">= {TARGET_RATE}",
    }


def _memory(tmp: Path) -> dict[str, Any]:
    url = f"sqlite:///{tmp / 'memory.db'}"
    migrate(url)
    world = _fill(url)
    body = _csv(world, BIG_ROWS)
    with serve_process(tmp / "memory", url) as server, _school_client(server.base, world["school"]) as client:
        _import(client, body, BIG_ROWS)
    return {
        "operation": f"peak server memory importing {BIG_ROWS:,} rows (sqlite)",
        "figure": round(server.peak_kib / 1024),
        "unit": "MB",
        "baseline": None,
        "ratio": None,
        "target": f"< {TARGET_MB}",
    }


@contextmanager
def _postgres() -> Iterator[str | None]:
    base = make_url(os.environ.get("MP_TEST_DATABASE_URL") or PG_DEFAULT)
    name = f"mp_bench_{uuid.uuid4().hex[:12]}"
    try:
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # no PostgreSQL here: measure SQLite only
        yield None
        return
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rows = [_measure(f"sqlite:///{tmp / 'bench.db'}", "sqlite", tmp)]
        with _postgres() as pg:
            if pg is not None:
                rows.append(_measure(pg, "postgresql", tmp))
        rows.append(_memory(tmp))
        return rows


if __name__ == "__main__":
    for row in run():
        print(row)
