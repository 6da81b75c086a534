"""Every field of an import kind's schema is imported, or the kind says why not; a field added to a schema
(and to its table) is imported with no edit to the import's code."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import Field
from sqlalchemy import Column, MetaData, String, create_engine, select, text

from app.imports.kinds import IMPORT_KINDS
from app.imports.kinds.base import Kind
from app.imports.kinds.mentoring_logs import MentoringLogRow, MentoringLogs
from app.imports.kinds.mentors import Mentors
from app.imports.schemas import ImportKind
from app.mentors.schemas import MentorCreate
from tests import factories as f
from tests.imports.helpers import LOG_COLUMNS, csv_body, log_rows, post_csv, school_world

EVERY_KIND = list(IMPORT_KINDS.values())


@pytest.mark.parametrize("kind", EVERY_KIND, ids=[k.name for k in EVERY_KIND])
def test_kind_imports_every_schema_field_or_says_why_not(kind: Kind) -> None:
    fields = set(kind.schema.model_fields)
    missing = [c for c in kind.writes() if c not in kind.target.c]
    assert not missing, (
        f"{kind.name}: no column {missing} in {kind.target.name}: add it to the model and a migration, "
        "or say in the kind's not_written why the field is not written"
    )
    staged = {c.name for c in kind.stage("t").columns}
    written = set(kind.writes())
    imported = {
        name
        for name in fields
        if {kind.field_column(name)} <= staged & written & set(kind.target.c.keys())
    }
    excluded = {name for name, why in kind.not_written.items() if why.strip()}
    assert fields == imported | excluded, (
        f"{kind.name}: {sorted(fields - imported - excluded)} neither written to a column of "
        f"{kind.target.name} nor explained in not_written; {sorted(excluded - fields)} not in the schema"
    )
    assert not imported & excluded, f"{kind.name}: written and said not to be"
    assert set(kind.not_written) == excluded, f"{kind.name}: a not_written field without a reason"


@pytest.mark.parametrize("kind", EVERY_KIND, ids=[k.name for k in EVERY_KIND])
def test_kind_keeps_unwritten_fields_staged_or_handled(kind: Kind) -> None:
    """A field not written to its own column still reaches the import: staged, or rows of its own."""
    staged = {c.name for c in kind.stage("t").columns}
    for name in kind.not_written:
        assert name in staged or kind.extra_tables("t"), f"{kind.name}: {name} is dropped"


def test_import_kind_values_are_the_registry() -> None:
    assert [k.value for k in ImportKind] == list(IMPORT_KINDS)


# -- a new field, end to end ------------------------------------------------------------------------
# The schema gains a field and its table a column, as a change to the model, the create schema and a
# migration would make them; the kinds' code is left as it is. The column is added to the test database
# for the test and dropped after it; the kind is pointed at the schema and table that have the field.


def _with_column(
    db_url: str, monkeypatch: pytest.MonkeyPatch, kind: type[Kind], schema: type[Any], column: Column[Any]
) -> Iterator[None]:
    table = kind.target.to_metadata(MetaData())
    table.append_column(column)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        ddl = f"{column.name} {column.type.compile(engine.dialect)}"
        conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {ddl}"))
    monkeypatch.setattr(kind, "schema", schema)
    monkeypatch.setattr(kind, "target", table)
    try:
        yield
    finally:
        monkeypatch.undo()
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE {table.name} DROP COLUMN {column.name}"))
        engine.dispose()


class MentorCreateWithPronouns(MentorCreate):
    pronouns: str | None = Field(None, max_length=40)


class MentoringLogRowWithPlace(MentoringLogRow):
    place: str = Field("school", max_length=40)  # a default the fast CSV path must not lose


@pytest.fixture
def pronouns(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from _with_column(db_url, monkeypatch, Mentors, MentorCreateWithPronouns, Column("pronouns", String(40)))


@pytest.fixture
def place(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from _with_column(db_url, monkeypatch, MentoringLogs, MentoringLogRowWithPlace, Column("place", String(40)))


def _stored(db_url: str, kind: type[Kind], column: str, where: Any) -> list[Any]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        t = kind.target
        values = conn.execute(select(t.c[column]).where(where(t)).order_by(t.c[column])).scalars().all()
    engine.dispose()
    return list(values)


def test_import_mentors_new_schema_field_is_stored_then_updated(
    admin: f.Caller, db_url: str, pronouns: None
) -> None:
    columns = ["first_name", "last_name", "email", "pronouns"]
    rows = [{"first_name": "Ada", "last_name": "L", "email": f"ada{f.unique_digits(8)}@example.org"}]
    rows[0]["pronouns"] = "she/her"
    r = post_csv(admin, "mentors", csv_body(columns, rows))
    assert r.status_code == 201, r.text
    assert r.json()["counts"] == {"created": 1, "updated": 0, "unchanged": 0}
    email = rows[0]["email"].lower()
    assert _stored(db_url, Mentors, "pronouns", lambda t: t.c.email == email) == ["she/her"]
    assert post_csv(admin, "mentors", csv_body(columns, rows)).json()["counts"]["unchanged"] == 1
    rows[0]["pronouns"] = "they/them"
    assert post_csv(admin, "mentors", csv_body(columns, rows)).json()["counts"]["updated"] == 1
    assert _stored(db_url, Mentors, "pronouns", lambda t: t.c.email == email) == ["they/them"]
    r = admin.post("/api/v1/imports", params={"kind": "mentors"}, json=[{**rows[0], "pronouns": "x" * 41}])
    assert r.status_code == 422 and r.json()["job"]["errors"][0]["field"] == "pronouns"


def test_import_logs_new_schema_field_is_stored_given_or_defaulted(
    admin: f.Caller, db_url: str, place: None
) -> None:
    world = school_world(admin)
    mentor = uuid.UUID(world["mentors"][0]["id"])
    rows = log_rows(world, 4)
    r = post_csv(world["caller"], "mentoring-logs", csv_body(LOG_COLUMNS, rows))  # the fast path's columns
    assert r.status_code == 201, r.text
    assert _stored(db_url, MentoringLogs, "place", lambda t: t.c.mentor_id == mentor) == ["school"] * 2
    rows = [{**row, "place": "home"} for row in rows]
    job = post_csv(world["caller"], "mentoring-logs", csv_body([*LOG_COLUMNS, "place"], rows)).json()
    assert job["counts"] == {"created": 0, "updated": 4, "unchanged": 0}
    assert _stored(db_url, MentoringLogs, "place", lambda t: t.c.mentor_id == mentor) == ["home"] * 2
