"""The app as a whole: health, problem+json, the committed OpenAPI document, migrations in step with models."""

import json
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import app.models  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


def test_healthz_database_up_answers_ok(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_openapi_committed_document_matches_served(client: TestClient) -> None:
    committed = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    assert committed == client.get("/openapi.json").json(), "run `make openapi` and commit openapi/openapi.json"


def test_migrations_head_matches_models(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    engine.dispose()
    assert diff == [], "models and migrations drift: run `make migration`"


def test_unknown_path_answers_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 404


def test_wrong_method_answers_problem_json(client: TestClient) -> None:
    r = client.delete("/healthz")
    assert r.status_code == 405 and r.headers["content-type"] == "application/problem+json"


def test_missing_token_answers_401_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/providers")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
