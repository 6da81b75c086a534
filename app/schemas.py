"""Base schema, shared field types and the page envelope."""

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, ClassVar, Generic, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from app.clock import today

T = TypeVar("T")
MAX_STR = 2000


# Characters no human text may hold: C0 and C1 controls (tab, LF and CR aside) and the bidirectional
# embeddings, overrides and isolates, which make text display other than it reads.
BIDI = "\u202a-\u202e\u2066-\u2069"
BAD_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI}]")
BAD_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}]")  # names and titles: one line
MIN_YEAR, MAX_YEAR = 1900, 2999  # dates and timestamps the database and date arithmetic all handle
DATE_RANGE = f"must be between {MIN_YEAR}-01-01 and {MAX_YEAR}-12-31"


def _single_line(field: str | None) -> bool:
    return field is not None and (field in ("name", "title") or field.endswith("_name"))


def _check_text(value: Any, field: str | None, *, top: bool = True) -> None:
    """Refuse blank strings (directly or in a list), control characters and bidirectional overrides."""
    if isinstance(value, str):
        if top and not value.strip():
            raise ValueError("must not be blank")
        if (BAD_LINE if _single_line(field) else BAD_TEXT).search(value):
            raise ValueError("must not contain control characters or bidirectional overrides")
    elif isinstance(value, list | tuple):
        for v in value:
            _check_text(v, field, top=top)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(k, None, top=False)
            _check_text(v, None, top=False)


def _no_nul(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
    elif isinstance(value, list | tuple):
        for v in value:
            _no_nul(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            _no_nul(k)
            _no_nul(v)
    return value


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$")


def _in_range(value: Any) -> Any:
    if isinstance(value, str) and not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        raise ValueError(DATE_RANGE)
    if isinstance(value, date) and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(DATE_RANGE)
    return value


def iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (pydantic alone also takes numbers as Unix times, and whole timestamps),
    1900-01-01 to 2999-12-31: never a date whose arithmetic or storage could fail."""
    if isinstance(value, int | float | Decimal) or (isinstance(value, str) and not ISO_DATE.fullmatch(value)):
        raise ValueError("must be a date, YYYY-MM-DD")
    return _in_range(value)


def iso_datetime(value: Any) -> Any:
    """Only an ISO 8601 timestamp (pydantic alone also takes numbers as Unix times), in the years
    1900-2999: with any offset its UTC instant is a valid timestamp."""
    if isinstance(value, int | float | Decimal) or (isinstance(value, str)
                                                    and not ISO_DATETIME.fullmatch(value)):
        raise ValueError("must be an ISO 8601 timestamp, e.g. 2026-03-01T09:30:00Z")
    return _in_range(value)


def _kinds(annotation: Any) -> set[type]:
    if annotation in (date, datetime, bool):
        return {annotation}
    return set().union(*(_kinds(a) for a in get_args(annotation))) if get_args(annotation) else set()


@cache
def _checked_kind(model: type[BaseModel], field: str) -> type | None:
    """``date``, ``datetime`` or ``bool`` when a field holds exactly one of them (alone, optional, listed)."""
    info = model.model_fields.get(field)
    kinds = _kinds(info.annotation) if info is not None else set()
    return kinds.pop() if len(kinds) == 1 else None


def _strict_bool(value: Any) -> Any:
    """No numbers for a boolean (pydantic alone takes 0 and 1); words stay accepted for CSV imports."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


CHECKS = {date: iso_date, datetime: iso_datetime, bool: _strict_bool}


def query_value_error(annotation: Any, name: str, value: str) -> dict[str, Any] | None:
    """The error of a raw query value when it should be a date or timestamp and is not ISO 8601."""
    kinds = _kinds(annotation)
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind not in (date, datetime):
        return None
    try:
        CHECKS[kind](value)
    except ValueError as exc:
        return {"type": "value_error", "loc": ("query", name), "msg": str(exc), "input": value}
    return None


class APIModel(BaseModel):
    """Every request and response body: unknown fields refused, strings bounded and NUL-free,
    dates and timestamps only in ISO 8601 (1900-2999), booleans never numbers.

    Request bodies (every model a route reads, and the models they hold: see ``check_text_of``) also
    refuse blank strings, control characters (tab, LF and CR aside; in names and titles those too) and
    bidirectional overrides. Responses are not checked for those: stored text is answered as it is.
    """

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_STR, from_attributes=True)
    _text_checked: ClassVar[bool] = False

    @field_validator("*", mode="before")
    @classmethod
    def _reject_nul(cls, value: Any, info: ValidationInfo) -> Any:
        kind = _checked_kind(cls, info.field_name) if info.field_name else None
        if kind is not None:
            for item in value if isinstance(value, list | tuple) else (value,):
                if item is not None and not isinstance(item, date | dict):
                    CHECKS[kind](item)
        if cls.__dict__.get("_text_checked") and kind is None:
            _check_text(value, info.field_name)
        return _no_nul(value)


def _models_in(annotation: Any) -> Iterator[type[APIModel]]:
    if isinstance(annotation, type) and issubclass(annotation, APIModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models_in(field.annotation)
    for arg in get_args(annotation):
        yield from _models_in(arg)


def check_text_of(*annotations: Any) -> None:
    """Request input: these models, and every model they hold, refuse blank and unsafe text."""
    for annotation in annotations:
        for model in _models_in(annotation):
            model._text_checked = True


class Problem(BaseModel):
    """An RFC 9457 problem."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] = []


def _utc_iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def aware_utc(value: datetime) -> datetime:
    """The same instant in UTC; a timestamp without an offset is taken as UTC."""
    try:
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except OverflowError:  # e.g. 9999-12-31T23:59:59-14:00: a ValueError, so a 422
        raise ValueError("is out of range in UTC") from None


UTCDateTime = Annotated[
    datetime,
    BeforeValidator(iso_datetime),
    AfterValidator(aware_utc),
    PlainSerializer(_utc_iso, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A timestamp, exchanged as ISO 8601 UTC with ``Z``."""


def hours_to_centi(value: Decimal) -> int:
    """Exact hundredths of an hour."""
    return int(value * 100)


def centi_to_hours(value: int) -> Decimal:
    """Hours from hundredths, two decimals."""
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


S = TypeVar("S", bound=BaseModel)


def from_row(schema: type[S], row: object, **extra: Any) -> S:
    """``schema`` validated once from ``row``'s attributes; ``extra`` gives the fields ``row`` lacks."""
    return schema.model_validate({name: extra[name] if name in extra else getattr(row, name)
                                  for name in schema.model_fields})


def _two_decimals(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a number")
    if isinstance(value, int | float | str | Decimal):
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            raise ValueError("must be a number") from None
        if not d.is_finite():
            raise ValueError("must be a finite number")
        if abs(d) >= 10**9:
            raise ValueError("is out of range")
        if d != d.quantize(Decimal("0.01")):
            raise ValueError("must have at most two decimal places")
        return d
    return value


def Hours(gt: float | None = None, ge: float | None = None, le: float = 1000) -> Any:  # noqa: N802
    """A JSON number of hours with at most two decimals, kept exact."""
    bounds: dict[str, Any] = {"maximum": le}
    if gt is not None:
        bounds["exclusiveMinimum"] = gt
    if ge is not None:
        bounds["minimum"] = ge
    return Annotated[
        Decimal,
        BeforeValidator(_two_decimals),
        Field(gt=gt, ge=ge, le=le),
        PlainSerializer(float, return_type=float, when_used="json"),
        WithJsonSchema({"type": "number", **bounds}),
    ]




class Page(APIModel, Generic[T]):
    """One page of a list; pass ``next_cursor`` back as ``cursor`` for the next."""

    items: list[T]
    next_cursor: str | None = Field(None, description="Cursor of the next page; null on the last page.")


Email = Annotated[EmailStr, AfterValidator(str.lower), Field(max_length=254)]
"""An e-mail address, stored in lower case."""


def _not_future(value: date) -> date:
    if value > today():
        raise ValueError("must not be in the future")
    return value


PastDate = Annotated[date, BeforeValidator(iso_date), AfterValidator(_not_future)]
"""A real date, today or earlier."""

ISODate = Annotated[date, BeforeValidator(iso_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A date as ``YYYY-MM-DD`` only: for query parameters (bodies get the same check from APIModel)."""
