"""Schemathesis over every operation of our own OpenAPI document, authenticated as the admin.

Its engine runs as the CLI does (examples, coverage, fuzzing and stateful phases) with its default checks:
no server errors; status codes, content types, headers and response bodies as the document declares;
schema-violating input rejected; requests without or with a bad token refused; ``Allow`` on 405. Examples
per operation are bounded and generation is deterministic, so the run is repeatable and short.

It runs on a database of its own (same engine): it creates, disables and rotates API clients it finds
(the audit trail names them), which must not touch the clients other tests log in with. When it
disables or rotates its own admin, the admin is restored before the next case, so every case is sent
with a working token.

One check is tuned, not disabled: ``positive_data_acceptance`` also accepts 422. A schema says what is
well formed; our contract answers 422 to well-formed input that the domain refuses (a referenced id
that does not exist, hours with three decimals, a submitted self-assessment missing ratings), and a 400
for a schema-valid request would still fail.
"""

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from app.config import Settings
from app.main import create_app
from app.models.auth import ApiClient
from app.security import hash_secret
from tests.conftest import ADMIN_ID, ADMIN_SECRET, migrate
from tests.factories import Caller

MAX_EXAMPLES = 20
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]


def _failures(event: events.ScenarioFinished) -> list[str]:
    out = []
    for checks in event.recorder.checks.values():
        for check in checks:
            if check.status == Status.FAILURE and check.failure_info is not None:
                info = check.failure_info
                out.append(f"{event.label} [{check.name}] {info.failure.title}: "
                           f"{info.failure.message[:300]}\n    {info.code_sample[:500]}")
    return out


def _admin_auth(client: TestClient) -> type:
    """A schemathesis auth provider: the run's admin, restored whenever the run disabled or rotated it."""
    engine = client.app.state.engine  # type: ignore[attr-defined]

    class Admin:
        token: str | None = None
        kept_hash: str | None = None

        def get(self, case: Any, context: Any) -> str:
            with Session(engine) as session:
                row = session.exec(select(ApiClient).where(ApiClient.client_id == ADMIN_ID)).one()
                if row.disabled or row.secret_hash != Admin.kept_hash:
                    row.disabled, row.secret_hash = False, hash_secret(ADMIN_SECRET, n=1024)
                    session.add(row)
                    session.commit()
                    Admin.kept_hash, Admin.token = row.secret_hash, None
            if Admin.token is None:
                Admin.token = Caller.login(client, ADMIN_ID, ADMIN_SECRET).headers["Authorization"]
            return Admin.token

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": data}

    return Admin


def run(client: TestClient) -> tuple[Counter[str], Counter[int], list[str], list[str]]:
    """Cases per phase, responses per status, failures and engine errors of one full run."""
    config = SchemathesisConfig.from_dict({
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
    })
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app, config=config)
    schema.auth(refresh_interval=None)(_admin_auth(client))
    cases: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    errors: list[str] = []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
            cases[str(event.phase.value)] += len(event.recorder.cases)
            statuses.update(i.response.status_code for i in event.recorder.interactions.values()
                            if i.response is not None)
            failures.extend(_failures(event))
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.info.title}: {str(event.info)[:300]}")
        elif isinstance(event, events.FatalError):
            errors.append(f"fatal: {event.exception!r}"[:500])
    return cases, statuses, sorted(set(failures)), errors


@pytest.fixture
def own_client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    """The service on a fresh, migrated database of the same engine as this run's."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        fresh = f"sqlite:///{tmp_path / 'schemathesis.db'}"
        admin_engine = None
    else:
        name = f"mp_st_{uuid.uuid4().hex[:12]}"
        admin_engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        fresh = url.set(database=name).render_as_string(hide_password=False)
    try:
        migrate(fresh)
        with TestClient(create_app(settings.model_copy(update={"database_url": fresh})),
                        raise_server_exceptions=False) as client:
            yield client
    finally:
        if admin_engine is not None:
            with admin_engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin_engine.dispose()


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # e.g. a large generated body
def test_schemathesis_every_operation_passes_default_checks(own_client: TestClient, db_url: str) -> None:
    cases, statuses, failures, errors = run(own_client)
    operations = sum(len(ops) for ops in own_client.get("/openapi.json").json()["paths"].values())
    print(f"\nschemathesis [{db_url.split(':')[0]}]: {operations} operations, {sum(cases.values())} cases "
          f"{dict(cases)}, responses {dict(sorted(statuses.items()))}, {len(failures)} failures, "
          f"{len(errors)} errors")
    for line in failures[:40] + errors[:10]:
        print(" ", line)
    assert errors == []
    assert failures == []
    assert sum(cases.values()) > operations * 5
