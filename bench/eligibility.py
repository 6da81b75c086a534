"""Eligibility through the HTTP API (uvicorn, loopback, SQLite).

1. One mentor's answer for every built-in award, with 200 attendance rows and 200 mentoring logs:
   median of many GETs. Baseline: the pure engine (`app.rules.evaluate_many`) on the same facts.
   Target: 5 ms.
2. A provider-wide report over 2,000 linked mentors (5 attendance rows, 5 logs and a certificate each):
   the CSV in one request, and the JSON in four pages of 500. Baseline: the bare SELECT of those
   mentors. Target: 2 s. Each also as the service process's CPU time, steadier on a busy machine.
Data is inserted set-based, straight into the database (setup, not measured).
"""

import os
import re
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from app import rules
from app.db import make_engine, migrate
from app.eligibility import facts as eligibility_facts
from app.models.awarding import Certificate
from app.models.registry import Mentor, MentoringLog, MentorProvider, Provider, ProviderAccreditation, Trainee
from app.models.training import Attendance, TrainingSession
from bench._common import bearer, serve_process

AS_OF = date(2026, 6, 1)
ONE_RUNS, REPORT_RUNS, REPORT_MENTORS = 300, 3, 2000
TAGS = [["lp-stage-1"], ["lp-stage-2-attendance"], ["dfe-initial"], ["dfe-refresher"]]
MODES = ["in_person", "live_online", "self_study", "visit"]


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far; None where /proc is not available."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stamp() -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"id": uuid.uuid4(), "created_at": now, "updated_at": now}


def _insert(engine: Engine, model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with engine.begin() as conn:
        conn.execute(insert(model), rows)
    return rows


def _provider(engine: Engine) -> uuid.UUID:
    row = {**_stamp(), "name": "Bench provider", "kind": "hei"}
    provider: uuid.UUID = _insert(engine, Provider, [row])[0]["id"]
    since = datetime(1900, 1, 1, tzinfo=UTC)  # accredited from 1900-01-01, open: as an HEI is by default
    period = {"id": uuid.uuid4(), "provider_id": provider, "from_on": since.date(), "from_at": since}
    _insert(engine, ProviderAccreditation, [period])
    return provider


def _mentors(engine: Engine, provider: uuid.UUID, count: int) -> list[uuid.UUID]:
    rows = [
        {
            **_stamp(),
            "first_name": "Bench",
            "last_name": f"M{i}",
            "email": f"b-{uuid.uuid4().hex}@example.org",
            "roles": [],
            "declarations": [],
            "qts_awarded_on": date(2015, 7, 1),
            "teaching_since": date(2015, 9, 1),
        }
        for i in range(count)
    ]
    _insert(engine, Mentor, rows)
    links = [{"mentor_id": r["id"], "provider_id": provider, "created_at": r["created_at"]} for r in rows]
    _insert(engine, MentorProvider, links)
    return [r["id"] for r in rows]


def _sessions(engine: Engine, provider: uuid.UUID, count: int, start: date, status: str) -> list[uuid.UUID]:
    rows = [
        {
            **_stamp(),
            "provider_id": provider,
            "title": f"Session {i}",
            "duration_centi": 150,
            "credit_centi": 150,
            "starts_at": datetime(start.year, start.month, start.day, 10, tzinfo=UTC) + timedelta(days=i),
            "mode": MODES[i % 4],
            "counts_toward": TAGS[i % 4],
            "outcome_codes": [],
            "status": status,
        }
        for i in range(count)
    ]
    return [r["id"] for r in _insert(engine, TrainingSession, rows)]


def _records(engine: Engine, provider: uuid.UUID, mentors: list[uuid.UUID], per_mentor: int) -> None:
    """`per_mentor` attendance rows and mentoring logs for each mentor, and a Stage 1 certificate."""
    sessions = _sessions(engine, provider, per_mentor, date(2025, 9, 1), "completed")
    trainees = [
        {
            **_stamp(),
            "provider_id": provider,
            "reference": f"B-{uuid.uuid4().hex[:10]}",
            "first_name": "T",
            "last_name": str(i),
        }
        for i in range(4)
    ]
    _insert(engine, Trainee, trainees)
    attendance, logs, certificates = [], [], []
    for m in mentors:
        attendance += [
            {**_stamp(), "training_session_id": s, "mentor_id": m, "status": "attended", "hours_centi": 150}
            for s in sessions
        ]
        logs += [
            {
                **_stamp(),
                "mentor_id": m,
                "trainee_id": trainees[i % 4]["id"],
                "activity": "meeting",
                "occurred_on": date(2025, 9, 1) + timedelta(days=i),
                "hours_centi": 100,
            }
            for i in range(per_mentor)
        ]
        certificates.append(
            {
                **_stamp(),
                "mentor_id": m,
                "provider_id": provider,
                "award": "lp-stage-1",
                "issued_on": date(2025, 9, 20),
                "academic_year": "2025/26",
                "external": False,
                "flags": [],
                "flagged": False,
            }
        )
    _insert(engine, Attendance, attendance)
    _insert(engine, MentoringLog, logs)
    _insert(engine, Certificate, certificates)
    _sessions(engine, provider, 20, AS_OF + timedelta(days=1), "scheduled")  # upcoming hints


def _median_ms(call: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _get(http: httpx.Client, url: str, **kw: Any) -> httpx.Response:
    response = http.get(url, **kw)
    assert response.status_code == 200, response.text
    return response


def _engine_ms(engine: Engine, mentor: uuid.UUID) -> float:
    """The pure rules on the same facts (loaded once, not timed)."""
    with Session(engine) as session:
        row = session.get(Mentor, mentor)
        assert row is not None
        basics = eligibility_facts.MentorBasics(str(row.id), row.qts_awarded_on, row.teaching_since, row.declarations)
        facts = eligibility_facts.load(session, [basics], ids=[mentor], as_of=AS_OF)[0]
    assert len(facts.attendance) == 200 and len(facts.logs) == 200
    awards = list(rules.BUILT_IN.values())
    return _median_ms(lambda: rules.evaluate_many(facts, awards, AS_OF), ONE_RUNS)


def _server_cpu_ms(pid: int, call: Callable[[], Any], runs: int) -> float | None:
    """Mean CPU milliseconds the service process spends per call (robust to a busy machine's waits)."""
    before = _cpu_seconds(pid)
    for _ in range(runs):
        call()
    after = _cpu_seconds(pid)
    return None if before is None or after is None else round((after - before) * 1000 / runs, 2)


def _one_mentor(http: httpx.Client, engine: Engine, pid: int) -> list[dict[str, Any]]:
    provider = _provider(engine)
    mentor = _mentors(engine, provider, 1)[0]
    _records(engine, provider, [mentor], 200)
    url, params = f"/api/v1/mentors/{mentor}/eligibility", {"as_of": AS_OF.isoformat()}
    assert len(_get(http, url, params=params).json()["awards"]) == 5
    for _ in range(20):  # warm up
        _get(http, url, params=params)
    figure = round(_median_ms(lambda: _get(http, url, params=params), ONE_RUNS), 2)
    cpu = _server_cpu_ms(pid, lambda: _get(http, url, params=params), ONE_RUNS)
    floor = round(_median_ms(lambda: _get(http, "/api/v1/awards/lp-stage-1"), ONE_RUNS), 2)
    baseline = round(_engine_ms(engine, mentor), 3)
    row = {"unit": "ms", "baseline": baseline, "target": 5}
    rows = [
        {
            **row,
            "operation": "GET mentor eligibility, 5 awards, 200 attendance + 200 logs (HTTP, SQLite), median",
            "figure": figure,
            "ratio": round(figure / baseline, 1),
        },
        {**row, "operation": "  reference: GET /api/v1/awards/{code} (same auth and middleware, no facts)",
         "figure": floor, "ratio": round(floor / baseline, 1), "target": None},
    ]
    if cpu is not None:
        rows.insert(
            1,
            {
                **row,
                "operation": "  the same: service-process CPU per request (mean)",
                "figure": cpu,
                "ratio": round(cpu / baseline, 1),
            },
        )
    return rows


NEXT = re.compile(r'"next_cursor":\s*(null|"([^"]*)")\s*}\s*$')


def _json_pages(http: httpx.Client, url: str) -> int:
    """Every page in turn; the client reads only what it needs (the cursor, the item count), so the
    figure is the service's time and the transfer, not this client's JSON parser."""
    seen, cursor = 0, None
    while True:
        params = {"as_of": AS_OF.isoformat(), "limit": 500, **({"cursor": cursor} if cursor else {})}
        text = _get(http, url, params=params).text
        seen += text.count('"first_name":')
        match = NEXT.search(text[-300:])
        assert match is not None
        cursor = match.group(2)
        if cursor is None:
            return seen


def _report(http: httpx.Client, engine: Engine, pid: int) -> list[dict[str, Any]]:
    provider = _provider(engine)
    _records(engine, provider, _mentors(engine, provider, REPORT_MENTORS), 5)
    url = f"/api/v1/providers/{provider}/eligibility"

    def csv_report() -> None:
        text = _get(http, url, params={"as_of": AS_OF.isoformat()}, headers={"Accept": "text/csv"}).text
        assert text.count("\n") == REPORT_MENTORS * 5 + 1

    def json_report() -> None:
        assert _json_pages(http, url) == REPORT_MENTORS

    def bare_select() -> None:
        with Session(engine) as session:
            linked = select(MentorProvider.mentor_id).where(MentorProvider.provider_id == provider)
            assert len(session.exec(select(Mentor).where(col(Mentor.id).in_(linked))).all()) == REPORT_MENTORS

    baseline = round(_median_ms(bare_select, REPORT_RUNS), 1)
    rows = []
    for name, call in (("CSV, one request", csv_report), ("JSON, 4 pages of 500", json_report)):
        call()  # warm up
        figure = round(_median_ms(call, REPORT_RUNS), 1)
        row = {"unit": "ms", "baseline": baseline, "target": 2000}
        operation = f"provider eligibility report, {REPORT_MENTORS} mentors x 5 awards, {name}"
        rows.append({**row, "operation": operation, "figure": figure, "ratio": round(figure / baseline, 1)})
        cpu = _server_cpu_ms(pid, call, REPORT_RUNS)
        if cpu is not None:
            rows.append({**row, "operation": "  the same: service-process CPU (mean)", "figure": cpu,
                         "ratio": round(cpu / baseline, 1)})
    return rows


def _load_note(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The machine's load average beside the figures: they are wall-clock times on shared cores."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    note = f" [load avg {load:.1f} on {os.cpu_count()} cores]" if load is not None else ""
    return [{**r, "operation": r["operation"] + note} for r in rows]


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate(url)
        engine = make_engine(url)
        try:
            with serve_process(Path(tmp), url) as server, httpx.Client(
                base_url=server.base, headers=bearer(server.base), timeout=120
            ) as http:
                return _load_note([*_one_mentor(http, engine, server.pid), *_report(http, engine, server.pid)])
        finally:
            engine.dispose()


if __name__ == "__main__":
    for result in run():
        print(result)
