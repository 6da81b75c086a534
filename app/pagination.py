"""Cursor pagination ordered by (updated_at, id), so an MIS can sync incrementally."""

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import and_, or_
from sqlmodel import Session, col
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import InvalidInput
from app.schemas import aware_utc

T = TypeVar("T")
S = TypeVar("S", bound=SelectOfScalar[Any])
MAX_LIMIT = 500
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR = re.compile(r"^\d{1,17}-[0-9a-f]{32}$")  # 17 digits of microseconds stay below the year 9999


class ListQuery(BaseModel):
    """``limit``, ``cursor`` and ``updated_since``, shared by every list."""

    limit: int = 50
    cursor: str | None = None
    updated_since: datetime | None = None


def encode_cursor(updated_at: datetime, id_: uuid.UUID) -> str:
    """``<microseconds since the epoch>-<id hex>``: every string the pattern allows is a position."""
    micros = (aware_utc(updated_at) - EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{id_.hex}"


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    if not CURSOR.fullmatch(cursor):
        raise InvalidInput(["query", "cursor"], "not a cursor returned by this list")
    micros, hex_ = cursor.split("-")
    return EPOCH + timedelta(microseconds=int(micros)), uuid.UUID(hex=hex_)


def id_cursor(id_: uuid.UUID) -> str:
    """A cursor for a list ordered by id alone (same shape as every other cursor)."""
    return encode_cursor(EPOCH, id_)


def cursor_id(cursor: str) -> uuid.UUID:
    """The id an ``id_cursor`` names; 422 for anything else."""
    return decode_cursor(cursor)[1]


def position_cursor(index: int) -> str:
    """A cursor for a fixed list: the index of the next item (same shape as every other cursor)."""
    return id_cursor(uuid.UUID(int=index))


def cursor_position(cursor: str) -> int:
    """The index a ``position_cursor`` names (any well-formed cursor is a position); 422 otherwise."""
    return cursor_id(cursor).int


def paginate(session: Session, stmt: SelectOfScalar[Any], model: Any,
             query: ListQuery) -> tuple[list[Any], str | None]:
    """One page of ``stmt`` (a select of ``model``) and the cursor of the next."""
    if query.updated_since is not None:
        stmt = stmt.where(model.updated_at >= query.updated_since)
    if query.cursor:
        at, id_ = decode_cursor(query.cursor)
        stmt = stmt.where(or_(model.updated_at > at, and_(model.updated_at == at, model.id > id_)))
    rows = list(session.exec(stmt.order_by(model.updated_at, model.id).limit(query.limit + 1)).all())
    if len(rows) <= query.limit:
        return rows, None
    rows = rows[: query.limit]
    return rows, encode_cursor(rows[-1].updated_at, rows[-1].id)


def where_given(stmt: S, *equal: tuple[Any, Any]) -> S:
    """``stmt`` narrowed to rows whose column equals each value given; a ``None`` value filters nothing."""
    for column, value in equal:
        if value is not None:
            stmt = stmt.where(col(column) == value)
    return stmt
