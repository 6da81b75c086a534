"""Fixtures: a migrated database per engine (SQLite always, PostgreSQL when MP_TEST_DATABASE_URL is set),
the app on it, and an admin caller. Tests own their data: each makes the organisations it asserts on."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import migrate
from app.main import create_app
from tests.factories import Caller

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("MP_TEST_DATABASE_URL") else [])
ADMIN_ID, ADMIN_SECRET = "test-admin", "test-admin-secret-0123456789"



@pytest.fixture(scope="session", params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, migrated database for this test run, dropped afterwards."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        migrate(url)
        yield url
        return
    base = make_url(os.environ["MP_TEST_DATABASE_URL"])
    name = f"mp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def settings(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"), database_url=db_url,
                    secret_key="test-secret-key-" + "x" * 40, secret_hash_iterations=1024,
                    bootstrap_client_id=ADMIN_ID, bootstrap_client_secret=ADMIN_SECRET)


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def admin(client: TestClient) -> Caller:
    """The bootstrap admin."""
    return Caller.login(client, ADMIN_ID, ADMIN_SECRET)
