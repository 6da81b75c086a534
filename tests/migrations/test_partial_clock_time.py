"""Migration 0002: existing partial rows are recomputed as clock time credited in proportion; downgrade undoes it."""

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Integer,
    String,
    Uuid,
    column,
    create_engine,
    insert,
    make_url,
    select,
    table,
    text,
)

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("MP_TEST_DATABASE_URL") else [])
NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture(params=ENGINES)
def scratch_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (this test moves the schema down and up)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    base = make_url(os.environ["MP_TEST_DATABASE_URL"])
    name = f"mp_mig_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def _table(table_name: str, **types: Any) -> Any:
    base = {"id": Uuid(), "created_at": DateTime(), "updated_at": DateTime()}
    return table(table_name, *(column(k, t) for k, t in (base | types).items()))


PROVIDER = _table("provider", name=String(), kind=String(), accredited=Boolean())
MENTOR = _table("mentor", first_name=String(), last_name=String(), email=String(), roles=JSON(), declarations=JSON())
SESSION = _table("training_session", provider_id=Uuid(), title=String(), starts_at=DateTime(),
                 duration_centi=Integer(), credit_centi=Integer(), mode=String(), counts_toward=JSON(),
                 outcome_codes=JSON(), optional=Boolean(), status=String())
ATTENDANCE = _table("attendance", training_session_id=Uuid(), mentor_id=Uuid(), status=String(),
                    hours_centi=Integer(), given_centi=Integer())


def _seed(url: str) -> dict[str, uuid.UUID]:
    """A provider, a mentor, and partial rows as version 1.0 stored them (hours given = hours credited)."""
    ids = {k: uuid.uuid4() for k in ("provider", "mentor", "short", "long", "cancelled", "a", "b", "c")}
    stamp = {"created_at": NOW, "updated_at": NOW}
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(PROVIDER), [{"id": ids["provider"], **stamp, "name": "P", "kind": "hei",
                                         "accredited": True}])
        conn.execute(insert(MENTOR), [{"id": ids["mentor"], **stamp, "first_name": "A", "last_name": "B",
                                       "email": f"{ids['mentor'].hex}@example.org", "roles": [],
                                       "declarations": []}])
        conn.execute(insert(SESSION), [
            {"id": ids[key], **stamp, "provider_id": ids["provider"], "title": "S", "starts_at": NOW,
             "duration_centi": 100, "credit_centi": credit, "mode": "in_person", "counts_toward": [],
             "outcome_codes": [], "optional": False, "status": status}
            for key, credit, status in (("short", 86, "scheduled"), ("long", 250, "completed"),
                                        ("cancelled", 86, "cancelled"))
        ])
        conn.execute(insert(ATTENDANCE), [
            {"id": ids[row], **stamp, "training_session_id": ids[key], "mentor_id": ids["mentor"],
             "status": "partial", "given_centi": given, "hours_centi": 0 if key == "cancelled" else given}
            for row, key, given in (("a", "short", 50), ("b", "long", 200), ("c", "cancelled", 50))
        ])
    engine.dispose()
    return ids


def _rows(url: str, ids: dict[str, uuid.UUID]) -> dict[str, tuple[int, int]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        got = {key: conn.execute(select(ATTENDANCE.c.given_centi, ATTENDANCE.c.hours_centi)
                                 .where(ATTENDANCE.c.id == ids[key])).one() for key in ("a", "b", "c")}
    engine.dispose()
    return {k: (int(v[0]), int(v[1])) for k, v in got.items()}


def test_migrate_partial_rows_recomputes_credit_and_downgrade_restores(scratch_url: str) -> None:
    config = _config(scratch_url)
    command.upgrade(config, "0001")
    ids = _seed(scratch_url)
    command.upgrade(config, "0002_partial_clock_time")
    # 0.5 h of 1 h credited 0.86 earns 0.43; a given above the duration is capped at it; cancelled earns 0
    assert _rows(scratch_url, ids) == {"a": (50, 43), "b": (100, 250), "c": (50, 0)}
    command.downgrade(config, "0001")
    assert _rows(scratch_url, ids) == {"a": (50, 50), "b": (100, 100), "c": (50, 0)}
