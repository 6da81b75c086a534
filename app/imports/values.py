"""Row values as they are staged: UUIDs as 32 hex digits, dates ISO, hours as hundredths, enums as their
value, lists as JSON text. The same form is written by SQLite's executemany and PostgreSQL's COPY.

The fast converters read a CSV cell straight into that form when it is written canonically (a hyphenated
UUID, ``YYYY-MM-DD``, ``1.25``...). They accept only what the row's pydantic schema accepts, with the same
result (a test compares them); anything else raises ``Fallback`` and the row goes through the schema,
which names the error. Low-cardinality cells (ids, dates, hours) are cached.
"""

import enum
import json
import re
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from app.schemas import hours_to_centi

CACHE_LIMIT = 200_000
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HOURS = re.compile(r"\d{1,6}(\.\d{1,2})?")

Converter = Callable[[str], Any]


class Fallback(Exception):
    """This cell is not in canonical form: validate the row with its schema."""


def plain(value: Any) -> Any:
    """A validated field value in staged form (hours are converted by the caller)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return json.dumps([_jsonable(v) for v in value])
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | uuid.UUID):
        return str(value)
    return value


def centi(value: Decimal | None) -> int | None:
    return None if value is None else hours_to_centi(value)


BAD = object()  # a cell the fast converter does not take


class CellColumn:
    """One CSV column's converter applied to a whole batch at once: each distinct cell is converted once
    (and remembered across batches when ``cached``), then the column is mapped in C."""

    def __init__(self, convert: Converter, cached: bool) -> None:
        self.convert = convert
        self.cache: dict[str, Any] | None = {} if cached else None

    def _one(self, cell: str) -> Any:
        try:
            return self.convert(cell)
        except Fallback:
            return BAD

    def many(self, cells: tuple[str, ...]) -> tuple[list[Any], bool]:
        """The staged values (BAD where the cell needs the schema) and whether any is BAD."""
        cache = self.cache if self.cache is not None else {}
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        distinct = set(cells)
        for cell in distinct.difference(cache):
            cache[cell] = self._one(cell)
        return list(map(cache.__getitem__, cells)), any(cache[c] is BAD for c in distinct)


def _uuid(cell: str) -> str:
    if not _UUID.fullmatch(cell):
        raise Fallback
    return cell.replace("-", "").lower()


def uuid_cell(required: bool) -> Converter:
    """A UUID (required: an empty cell falls back so the schema reports it missing)."""
    return _uuid if required else _optional(_uuid)


def past_date_cell(today: date) -> Converter:
    """A required date, today or earlier."""

    def convert(cell: str) -> str:
        if not _DATE.fullmatch(cell):
            raise Fallback
        try:
            value = date.fromisoformat(cell)
        except ValueError:
            raise Fallback from None
        if value > today:
            raise Fallback
        return cell

    return convert


def hours_cell(*, gt: float | None = None, ge: float | None = None, le: float, required: bool) -> Converter:
    """Hours with at most two decimals, within the bounds, as hundredths."""

    def convert(cell: str) -> int:
        if not _HOURS.fullmatch(cell):
            raise Fallback
        value = Decimal(cell)
        if (
            (gt is not None and not value > Decimal(str(gt)))
            or (ge is not None and not value >= Decimal(str(ge)))
            or value > Decimal(str(le))
        ):
            raise Fallback
        return hours_to_centi(value)

    return convert if required else _optional(convert)


def enum_cell(kind: type[enum.Enum]) -> Converter:
    """A required enumeration value."""
    values = {str(m.value) for m in kind}

    def convert(cell: str) -> str:
        if cell not in values:
            raise Fallback
        return cell

    return convert


def text_cell(max_length: int) -> Converter:
    """Optional free text: empty is absent."""

    def convert(cell: str) -> str | None:
        if not cell:
            return None
        if len(cell) > max_length or "\x00" in cell:
            raise Fallback
        return cell

    return convert


def _optional(convert: Converter) -> Converter:
    def optional(cell: str) -> Any:
        return convert(cell) if cell else None

    return optional
