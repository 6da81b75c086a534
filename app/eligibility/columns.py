"""Columns read as the driver returns them, converted only as far as the rules need.

SQLAlchemy's per-value processing (UUID objects, date-time regexes, JSON) costs
more than the rules themselves for a mentor with hundreds of records; these
read ids as text and dates with `fromisoformat`, and a `Memo` converts a value
seen many times (a date, a tag list, a mentor id) once.
SQLite hands back text; PostgreSQL's driver hands back UUID, date, datetime and list objects.
"""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String, type_coerce

from app.clock import local_date


def raw(column: Any) -> Any:
    """The column without SQLAlchemy's result processing (labelled, as two tables share names like `id`)."""
    return type_coerce(column, String()).label(f"{column.class_.__tablename__}_{column.key}")


def text_id(value: Any) -> str:
    """A UUID as canonical text, from SQLite's 32 hex digits or a UUID object."""
    if isinstance(value, str):
        if len(value) == 32:
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return value
    return str(value)


def day(value: Any) -> date | None:
    """A date column's value."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def instant(value: Any) -> datetime:
    """A timestamp column's value, aware, in UTC (SQLite stores UTC without an offset)."""
    parsed: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def local_day(value: Any) -> date:
    """The day in England of a timestamp column's value."""
    if isinstance(value, str) and "00" <= value[11:13] < "23":
        return date.fromisoformat(value[:10])  # England is UTC or UTC+1: the same day before 23:00 UTC
    return local_date(instant(value))


def json_list(value: Any) -> list[Any]:
    """A JSON list column's value."""
    return json.loads(value) if isinstance(value, str | bytes) else list(value or ())


class Memo(dict[Any, Any]):
    """Converts each distinct raw value once."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.convert(key)
        return value


def tag_set(value: Any) -> frozenset[str]:
    """A JSON list of award codes as a set."""
    return frozenset(json_list(value))
