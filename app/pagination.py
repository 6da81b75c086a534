"""Cursor pagination ordered by (updated_at, id), so an MIS can sync incrementally."""

import base64
import json
import uuid
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import and_, or_
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import InvalidInput
from app.schemas import UTCDateTime, aware_utc

T = TypeVar("T")
MAX_LIMIT = 500


class ListQuery(BaseModel):
    """``limit``, ``cursor`` and ``updated_since``, shared by every list."""

    limit: int = 50
    cursor: str | None = None
    updated_since: datetime | None = None


def list_query(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page, 1-500.")] = 50,
    cursor: Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page.")] = None,
    updated_since: Annotated[UTCDateTime | None, Query(description="Only rows changed at or after this time.")] = None,
) -> ListQuery:
    return ListQuery(limit=limit, cursor=cursor,
                     updated_since=aware_utc(updated_since) if updated_since else None)


ListParams = Annotated[ListQuery, Depends(list_query)]


def encode_cursor(updated_at: datetime, id_: uuid.UUID) -> str:
    raw = json.dumps([updated_at.isoformat(), str(id_)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, id_ = json.loads(raw)
        return aware_utc(datetime.fromisoformat(stamp)), uuid.UUID(id_)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidInput(["query", "cursor"], "not a cursor returned by this list") from None


def paginate(session: Session, stmt: SelectOfScalar[Any], model: Any, query: ListQuery) -> tuple[list[Any], str | None]:
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


