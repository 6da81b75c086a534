"""What every import kind shares: the staged table, matching rows to existing ones by natural key,
duplicates within the file, change detection and the set-based insert and update.

A kind says which schema validates a row (its fields are what is staged and written, each to the target's
column of its name, unless the kind says why not), which natural key identifies it, and which checks
(existence, scope) find bad rows in SQL.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Index,
    Table,
    Uuid,
    and_,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel

from app.enums import Role
from app.imports.stage import stage_table
from app.imports.values import CellColumn, centi, plain
from app.models.base import uuid7_start
from app.principal import Principal


class RowProblem(Exception):
    """A valid row the caller may not import as it is."""

    def __init__(self, field: str | None, msg: str) -> None:
        super().__init__(msg)
        self.field, self.msg = field, msg


@dataclass
class Check:
    """Rows selected by ``query`` (whose first column is ``row``) are bad; ``msg`` may format the others."""

    field: str | None
    query: Any
    msg: str | Callable[[Sequence[Any]], str]


@dataclass
class Job:
    """What the SQL steps need to know about the import being run."""

    principal: Principal
    present: set[str]
    now: datetime
    extra: dict[str, Table] = field(default_factory=dict)


class Kind:
    """One import kind. The fields of ``schema`` (the resource's create schema, or a row schema built on it)
    are what a file may carry; each is written to ``target``'s column of the same name (hours: to their
    hundredths column, per ``hours``) unless ``not_written`` says why not. The staged table holds the
    written columns, typed as the target's, then the kind's own ``staged``."""

    name: str
    about: str  # the API's description of the kind, after its name: who imports what, matched by what
    roles: frozenset[Role] = frozenset()
    schema: type[BaseModel]
    target: Table
    hours: dict[str, str] = {}  # schema field -> the target's column holding it in hundredths
    not_written: dict[str, str] = {}  # schema field -> why no target column of its name is written from it
    staged: Sequence[Column[Any]] = ()  # staged columns besides the written ones (natural keys, looked-up values)
    derived: Sequence[str] = ()  # target columns computed in SQL from the staged row (typed as the target's)
    list_fields: frozenset[str] = frozenset()  # CSV cells holding lists
    alternatives: dict[str, tuple[str, ...]] = {}  # a required field -> columns that may stand in for it
    caller_defaults: frozenset[str] = frozenset()  # fields the caller's scope may fill
    keys: Sequence[Sequence[str]] = ()  # natural keys (staged columns); the first matches existing rows
    sort: Sequence[str] = ()  # insertion order (the unique index's), so index pages fill in order
    python_ids: bool = False  # new rows' ids made while reading (when other staged rows refer to them)

    # -- what is imported, from the schema ----------------------------------------------------------
    def field_column(self, name: str) -> str:
        return self.hours.get(name, name)

    def written_fields(self) -> list[str]:
        """The schema's fields written to the target: every one but those ``not_written`` explains."""
        return [f for f in self.schema.model_fields if f not in self.not_written]

    def writes(self) -> list[str]:
        """The target's columns an import writes: the written fields' and the derived ones."""
        return [*(self.field_column(f) for f in self.written_fields()), *self.derived]

    def columns(self) -> list[Column[Any]]:
        """Staged columns besides row, new_id, target_id and changed."""
        written = [Column(c, self.target.c[c].type) for c in self.writes()]
        return [*written, *(c._copy() for c in self.staged)]

    # -- the file -----------------------------------------------------------------------------------
    def accepted(self) -> set[str]:
        return set(self.schema.model_fields)

    def required(self, principal: Principal) -> list[tuple[str, ...]]:
        """Required columns, each with the columns that may stand in for it."""
        out = []
        for name, info in self.schema.model_fields.items():
            if name in self.alternatives:
                out.append((name, *self.alternatives[name]))
            elif info.is_required() and not (
                name in self.caller_defaults and self.default_for(principal, name)
            ):
                out.append((name,))
        return out

    def default_for(self, principal: Principal, name: str) -> Any:
        """What the caller's scope fills in for ``name`` when a row leaves it empty (None: nothing)."""
        return None

    def prepare(self, data: dict[str, Any], principal: Principal) -> dict[str, Any]:
        """A row before validation: fields the caller's scope fills in."""
        for name in self.caller_defaults:
            default = self.default_for(principal, name)
            if data.get(name) is None and default is not None:
                data[name] = default
        return data

    def fast(self, today: date) -> dict[str, CellColumn]:
        """Converters from a canonical CSV cell to the staged value, per column (none: always the schema)."""
        return {}

    def stage_values(self, values: dict[str, Any], principal: Principal) -> dict[str, Any]:
        """A validated row (field -> value) in staged form; RowProblem if the caller may not import it."""
        out = {}
        for name, value in values.items():
            if name in self.hours:
                out[self.hours[name]] = centi(value)
            else:
                out[name] = plain(value)
        return out

    def extra_rows(self, row: int, values: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
        """Rows for the kind's other staged tables (e.g. a mentor's provider links)."""
        return {}

    # -- the staged tables --------------------------------------------------------------------------
    def stage(self, name: str) -> Table:
        return stage_table(name, self.columns())

    def extra_tables(self, name: str) -> dict[str, Table]:
        return {}

    # -- SQL steps, in order ------------------------------------------------------------------------
    def resolve(self, conn: Connection, s: Table, job: Job) -> None:
        """Fill ids named by natural keys (e.g. a mentor's e-mail)."""

    def match(self, conn: Connection, s: Table, job: Job) -> None:
        """Set ``target_id`` to the existing row with the same natural key."""
        t = self.target
        conn.execute(update(s).values(target_id=t.c.id).where(*(t.c[k] == s.c[k] for k in self.keys[0])))

    def checks(self, s: Table, job: Job) -> list[Check]:
        return []

    def duplicates(self, conn: Connection, s: Table) -> list[Check]:
        """Rows repeating an earlier row's natural key. A unique index per key finds out whether any do
        (and then orders the insert); only when one fails are the repeating rows listed."""
        out = []
        for n, key in enumerate(self.keys):
            cols = [s.c[k] for k in key]
            try:
                with conn.begin_nested():
                    Index(f"{s.name}_key{n}", *cols, unique=True).create(conn)
                continue
            except IntegrityError:
                pass
            first = func.min(s.c.row).over(partition_by=cols).label("first")
            inner = select(s.c.row, first).where(*(c.is_not(None) for c in cols)).subquery()
            query = select(inner.c.row, inner.c.first).where(inner.c.row != inner.c.first)
            out.append(Check("+".join(key), query, lambda r: f"repeats row {r[1]} (the same natural key)"))
        return out

    def compared(self, job: Job) -> list[str]:
        """Written columns the file carries: only these are compared and updated."""
        present = {self.field_column(p) for p in job.present}
        return [c for c in self.writes() if c in present and c not in self.keys[0]]

    def mark_changed(self, conn: Connection, s: Table, job: Job) -> None:
        t, cols = self.target, self.compared(job)
        if cols and conn.execute(select(s.c.row).where(s.c.target_id.is_not(None)).limit(1)).first():
            differs = or_(*(_differs(conn, t.c[c], s.c[c]) for c in cols))
            conn.execute(update(s).values(changed=1).where(t.c.id == s.c.target_id, differs))

    def write(self, conn: Connection, s: Table, job: Job) -> None:
        t, cols = self.target, self.writes()
        order = [s.c[c] for c in self.sort]
        ids = s.c.new_id if self.python_ids else new_ids(conn, order)
        rows = (
            select(
                ids,
                literal(job.now, t.c.created_at.type),
                literal(job.now, t.c.updated_at.type),
                *(s.c[c] for c in cols),
            )
            .where(s.c.target_id.is_(None))
            .order_by(*order)
        )
        conn.execute(insert(t).from_select(["id", "created_at", "updated_at", *cols], rows))
        changed = self.compared(job)
        if changed:
            values = {c: s.c[c] for c in changed}
            conn.execute(
                update(t)
                .values(**values, updated_at=job.now)
                .where(t.c.id == s.c.target_id, s.c.changed == 1)
            )


def new_ids(conn: Connection, order: Sequence[Any]) -> Any:
    """Ids for inserted rows made in SQL, time-ordered (version 7 layout) and ascending in insertion order,
    so the primary-key index grows at its end instead of splitting pages at random."""
    prefix, start = uuid7_start()
    base = start - 2**64  # the same low 64 bits as a signed BIGINT, counting up
    low = literal(base, BigInteger) + func.row_number().over(order_by=order)
    if conn.dialect.name == "postgresql":
        return cast(literal(prefix).concat(func.lpad(func.to_hex(low), 16, "0")), Uuid)
    return literal(prefix).concat(func.printf("%016x", low))


def _differs(conn: Connection, a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[bool]:
    if isinstance(a.type, JSON) and conn.dialect.name == "postgresql":
        return cast(a, JSONB).is_distinct_from(cast(b, JSONB))
    return a.is_distinct_from(b)


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table."""
    table: Table = model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass; not in its stubs
    return table


def not_in(column: ColumnElement[Any], ids: Any) -> ColumnElement[bool]:
    """``column`` is set and not among ``ids`` (a subquery)."""
    return and_(column.is_not(None), column.not_in(ids))
