"""Schemathesis over every operation of our own OpenAPI document, authenticated as the admin.

Its engine runs as the CLI does (examples, coverage, fuzzing and stateful phases) with its default checks:
no server errors; status codes, content types, headers and response bodies as the document declares;
schema-violating input rejected; requests without or with a bad token refused; ``Allow`` on 405. Examples
per operation are bounded and generation is deterministic, so the run is repeatable and short.

One check is tuned, not disabled: ``positive_data_acceptance`` also accepts 422. A schema says what is
well formed; our contract answers 422 to well-formed input that the domain refuses (a referenced id
that does not exist, hours with three decimals, a submitted self-assessment missing ratings), and a 400
for a schema-valid request would still fail.
"""

from collections import Counter

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

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


def run(client: TestClient, headers: dict[str, str]) -> tuple[Counter[str], list[str], list[str]]:
    """Cases per phase, failures and engine errors of one full run."""
    config = SchemathesisConfig.from_dict({
        "headers": headers,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
    })
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app, config=config)
    cases: Counter[str] = Counter()
    failures: list[str] = []
    errors: list[str] = []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
            cases[str(event.phase.value)] += len(event.recorder.cases)
            failures.extend(_failures(event))
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.info.title}: {str(event.info)[:300]}")
        elif isinstance(event, events.FatalError):
            errors.append(f"fatal: {event.exception!r}"[:500])
    return cases, sorted(set(failures)), errors


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # e.g. a large generated body
def test_schemathesis_every_operation_passes_default_checks(client: TestClient, admin: Caller,
                                                             db_url: str) -> None:
    cases, failures, errors = run(client, admin.headers)
    operations = sum(len(ops) for ops in client.get("/openapi.json").json()["paths"].values())
    print(f"\nschemathesis [{db_url.split(':')[0]}]: {operations} operations, {sum(cases.values())} cases "
          f"{dict(cases)}, {len(failures)} failures, {len(errors)} errors")
    for line in failures[:40] + errors[:10]:
        print(" ", line)
    assert errors == []
    assert failures == []
    assert sum(cases.values()) > operations * 5
