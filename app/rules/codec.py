"""Award definitions to and from plain JSON-ready dicts, with validation.

In the dicts hours are numbers of hours with at most two decimals; in the
definitions they are integers of hundredths.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any

from .criteria import HOLDS_BEFORE, KINDS, AnyOf, Award, Criterion
from .facts import MODES
from .units import hours_in, hours_out

__all__ = ["AwardDefinitionError", "award_to_dict", "criterion_to_dict", "parse_award"]

Path = list[str | int]
Check = Callable[[Any, Path], Any]

AWARD_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
SNAKE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_HOURS = 1_000_000  # hundredths: 10,000 hours
REQUIRED = object()


class AwardDefinitionError(ValueError):
    """An invalid award definition; `path` locates the offending field."""

    def __init__(self, path: Path, msg: str) -> None:
        self.path = list(path)
        self.msg = msg
        where = ".".join(str(p) for p in self.path) or "award"
        super().__init__(f"{where}: {msg}")


def _pattern(regex: re.Pattern[str], what: str) -> Check:
    """A check that the value is a string matching `regex`."""

    def check(value: Any, path: Path) -> str:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise AwardDefinitionError(path, f"must be {what} matching {regex.pattern}")
        return value

    return check


def _text(max_len: int, allow_empty: bool = False) -> Check:
    """A check that the value is a string of bounded length without NUL characters."""

    def check(value: Any, path: Path) -> str:
        if not isinstance(value, str) or "\x00" in value:
            raise AwardDefinitionError(path, "must be a string without NUL characters")
        if len(value) > max_len or (not allow_empty and not value.strip()):
            raise AwardDefinitionError(path, f"must be 1 to {max_len} characters")
        return value

    return check


def _int(lo: int, hi: int) -> Check:
    """A check that the value is an integer within [lo, hi]."""

    def check(value: Any, path: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise AwardDefinitionError(path, f"must be an integer from {lo} to {hi}")
        return value

    return check


def _bool(value: Any, path: Path) -> bool:
    """Check a boolean."""
    if not isinstance(value, bool):
        raise AwardDefinitionError(path, "must be true or false")
    return value


def _hours(value: Any, path: Path) -> int:
    """Check a number of hours (at most two decimals) and return hundredths."""
    try:
        hundredths = hours_in(value)
    except ValueError as exc:
        raise AwardDefinitionError(path, str(exc)) from None
    if not 0 <= hundredths <= MAX_HOURS:
        raise AwardDefinitionError(path, f"must be from 0 to {MAX_HOURS // 100} hours")
    return hundredths


def _date(value: Any, path: Path) -> date:
    """Check an ISO date string YYYY-MM-DD."""
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise AwardDefinitionError(path, "must be a date YYYY-MM-DD") from None


def _modes(value: Any, path: Path) -> frozenset[str]:
    """Check a non-empty list of distinct training-session modes."""
    if not isinstance(value, list) or not value:
        raise AwardDefinitionError(path, "must be a non-empty list of modes, or null for any")
    for i, mode in enumerate(value):
        if not isinstance(mode, str) or mode not in MODES or value.index(mode) != i:
            raise AwardDefinitionError([*path, i], f"must be a distinct mode in {sorted(MODES)}")
    return frozenset(value)


def _window(value: Any, path: Path) -> str:
    """Check a training window: all_time, academic_year or since_award:<code>."""
    if value in ("all_time", "academic_year"):
        return str(value)
    prefix, _, award = value.partition(":") if isinstance(value, str) else ("", "", "")
    if prefix == "since_award" and AWARD_CODE.fullmatch(award):
        return str(value)
    raise AwardDefinitionError(path, 'must be "all_time", "academic_year" or "since_award:<award code>"')


def _by_year(value: Any, path: Path) -> tuple[tuple[int, int], ...]:
    """Check a table [{"from_year", "min_hours"}, ...] with strictly increasing years."""
    if not isinstance(value, list) or len(value) > 50:
        raise AwardDefinitionError(path, "must be a list of at most 50 entries")
    rows: list[tuple[int, int]] = []
    spec = {"from_year": (_int(2000, 2100), REQUIRED), "min_hours": (_hours, REQUIRED)}
    for i, entry in enumerate(value):
        row = _read(entry, [*path, i], spec)
        if rows and row["from_year"] <= rows[-1][0]:
            raise AwardDefinitionError([*path, i, "from_year"], "years must increase")
        rows.append((row["from_year"], row["min_hours"]))
    return tuple(rows)


def _before(value: Any, path: Path) -> str:
    """Check a holds_award reference point."""
    if value not in HOLDS_BEFORE:
        raise AwardDefinitionError(path, f"must be one of {list(HOLDS_BEFORE)}")
    return str(value)


def _routes(value: Any, path: Path) -> tuple[tuple[Criterion, ...], ...]:
    """Check any_of routes: a non-empty list of non-empty criteria lists."""
    if not isinstance(value, list) or not 1 <= len(value) <= 10:
        raise AwardDefinitionError(path, "must be a list of 1 to 10 routes")
    return tuple(_criteria(route, [*path, i], nested=True) for i, route in enumerate(value))


_award_code = _pattern(AWARD_CODE, "an award code")
_snake = _pattern(SNAKE_CODE, "a snake_case code")
_WINDOW_START = {"since_date": (_date, None), "since_award": (_award_code, None)}
_COMMON = {
    "kind": (lambda v, p: v, REQUIRED),
    "code": (_snake, REQUIRED),
    "description": (_text(1000), REQUIRED),
    "advisory": (_bool, False),
}
_SPECS: dict[str, dict[str, tuple[Check, Any]]] = {
    "has_qts": {},
    "teaching_experience": {"min_years": (_int(0, 60), REQUIRED)},
    "training_hours": {
        "tag": (_award_code, REQUIRED),
        "min_hours": (_hours, REQUIRED),
        "modes": (_modes, None),
        "min_hours_by_year": (_by_year, ()),
        "accredited_only": (_bool, False),
        "window": (_window, "all_time"),
    },
    "mentoring_hours": {"min_hours": (_hours, REQUIRED), **_WINDOW_START},
    "distinct_trainees": {"min_count": (_int(1, 1000), REQUIRED), **_WINDOW_START},
    "holds_award": {"award": (_award_code, REQUIRED), "before": (_before, "as_of")},
    "declaration": {"declaration": (_snake, REQUIRED)},
    "portfolio_passed": {"portfolio_kind": (_award_code, REQUIRED)},
    "any_of": {"routes": (_routes, REQUIRED)},
}
_AWARD = {
    "code": (_award_code, REQUIRED),
    "name": (_text(200), REQUIRED),
    "description": (_text(2000, allow_empty=True), ""),
    "criteria": (lambda v, p: _criteria(v, p, nested=False), REQUIRED),
    "valid_from_year": (_int(2000, 2100), None),
    "once_per_academic_year": (_bool, False),
    "provider_id": (_text(64), None),
}


def _read(data: Any, path: Path, spec: dict[str, tuple[Check, Any]]) -> dict[str, Any]:
    """Check a dict against `spec` (field -> (check, default)); unknown fields are errors."""
    if not isinstance(data, dict):
        raise AwardDefinitionError(path, "must be an object")
    for key in data:
        if key not in spec:
            raise AwardDefinitionError([*path, str(key)], "unknown field")
    out: dict[str, Any] = {}
    for key, (check, default) in spec.items():
        value = data.get(key)
        if value is None and default is REQUIRED:
            raise AwardDefinitionError([*path, key], "field required")
        out[key] = default if value is None else check(value, [*path, key])
    return out


def _criterion(data: Any, path: Path, nested: bool) -> Criterion:
    """Parse one criterion dict; `nested` forbids any_of inside any_of."""
    if not isinstance(data, dict):
        raise AwardDefinitionError(path, "must be an object")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in _SPECS or (nested and kind == "any_of"):
        allowed = [k for k in _SPECS if not (nested and k == "any_of")]
        raise AwardDefinitionError([*path, "kind"], f"must be one of {allowed}")
    values = _read(data, path, {**_COMMON, **_SPECS[kind]})
    if values.get("since_date") is not None and values.get("since_award") is not None:
        raise AwardDefinitionError([*path, "since_award"], "give since_date or since_award, not both")
    del values["kind"]
    return KINDS[kind](**values)  # type: ignore[return-value]


def _criteria(value: Any, path: Path, nested: bool) -> tuple[Criterion, ...]:
    """Parse a non-empty list of criteria."""
    if not isinstance(value, list) or not 1 <= len(value) <= 50:
        raise AwardDefinitionError(path, "must be a list of 1 to 50 criteria")
    return tuple(_criterion(item, [*path, i], nested) for i, item in enumerate(value))


def _check_unique(criteria: tuple[Criterion, ...], path: Path, seen: set[str]) -> None:
    """Fail on a criterion code used twice anywhere in the award."""
    for i, criterion in enumerate(criteria):
        if criterion.code in seen:
            raise AwardDefinitionError([*path, i, "code"], "duplicate criterion code")
        seen.add(criterion.code)
        if isinstance(criterion, AnyOf):
            for r, route in enumerate(criterion.routes):
                _check_unique(route, [*path, i, "routes", r], seen)


def parse_award(data: dict[str, Any]) -> Award:
    """Validate a JSON-ready award definition and build the Award; AwardDefinitionError if invalid."""
    award = Award(**_read(data, [], _AWARD))
    _check_unique(award.criteria, ["criteria"], set())
    return award


_OUT: dict[str, Callable[[Any], Any]] = {
    "min_hours": hours_out,
    "modes": lambda v: None if v is None else sorted(v),
    "min_hours_by_year": lambda v: [{"from_year": y, "min_hours": hours_out(h)} for y, h in v],
    "since_date": lambda v: None if v is None else v.isoformat(),
    "routes": lambda v: [[criterion_to_dict(c) for c in route] for route in v],
}


def criterion_to_dict(criterion: Criterion) -> dict[str, Any]:
    """One criterion as a JSON-ready dict (hours as numbers)."""
    out: dict[str, Any] = {"kind": criterion.kind}
    for f in fields(criterion):
        value = getattr(criterion, f.name)
        out[f.name] = _OUT[f.name](value) if f.name in _OUT else value
    return out


def award_to_dict(award: Award) -> dict[str, Any]:
    """An award definition as a JSON-ready dict that `parse_award` reads back."""
    return {
        "code": award.code,
        "name": award.name,
        "description": award.description,
        "valid_from_year": award.valid_from_year,
        "once_per_academic_year": award.once_per_academic_year,
        "provider_id": award.provider_id,
        "criteria": [criterion_to_dict(c) for c in award.criteria],
    }
