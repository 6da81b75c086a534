"""Field checks for award definitions read from JSON: each returns the value or raises.

In the dicts hours are numbers of hours with at most two decimals; in the
definitions they are integers of hundredths.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .criteria import HOLDS_BEFORE
from .facts import MODES
from .units import hours_in

__all__ = [
    "REQUIRED",
    "AwardDefinitionError",
    "Check",
    "Path",
    "Spec",
    "award_code",
    "before",
    "boolean",
    "by_year",
    "day",
    "hours",
    "integer",
    "modes",
    "read",
    "snake",
    "text",
    "window",
]

Path = list[str | int]
Check = Callable[[Any, Path], Any]
Spec = dict[str, tuple[Check, Any]]  # field -> (check, default); the default REQUIRED means required

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


award_code = _pattern(AWARD_CODE, "an award code")
snake = _pattern(SNAKE_CODE, "a snake_case code")


def text(max_len: int, allow_empty: bool = False) -> Check:
    """A check that the value is a string of bounded length without NUL characters."""

    def check(value: Any, path: Path) -> str:
        if not isinstance(value, str) or "\x00" in value:
            raise AwardDefinitionError(path, "must be a string without NUL characters")
        if len(value) > max_len or (not allow_empty and not value.strip()):
            raise AwardDefinitionError(path, f"must be 1 to {max_len} characters")
        return value

    return check


def integer(lo: int, hi: int) -> Check:
    """A check that the value is an integer within [lo, hi]."""

    def check(value: Any, path: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise AwardDefinitionError(path, f"must be an integer from {lo} to {hi}")
        return value

    return check


def boolean(value: Any, path: Path) -> bool:
    """Check a boolean."""
    if not isinstance(value, bool):
        raise AwardDefinitionError(path, "must be true or false")
    return value


def hours(value: Any, path: Path) -> int:
    """Check a number of hours (at most two decimals) and return hundredths."""
    try:
        hundredths = hours_in(value)
    except ValueError as exc:
        raise AwardDefinitionError(path, str(exc)) from None
    if not 0 <= hundredths <= MAX_HOURS:
        raise AwardDefinitionError(path, f"must be from 0 to {MAX_HOURS // 100} hours")
    return hundredths


def day(value: Any, path: Path) -> date:
    """Check an ISO date string YYYY-MM-DD."""
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise AwardDefinitionError(path, "must be a date YYYY-MM-DD") from None


def modes(value: Any, path: Path) -> frozenset[str]:
    """Check a non-empty list of distinct training-session modes."""
    if not isinstance(value, list) or not value:
        raise AwardDefinitionError(path, "must be a non-empty list of modes, or null for any")
    for i, mode in enumerate(value):
        if not isinstance(mode, str) or mode not in MODES or value.index(mode) != i:
            raise AwardDefinitionError([*path, i], f"must be a distinct mode in {sorted(MODES)}")
    return frozenset(value)


def window(value: Any, path: Path) -> str:
    """Check a training window: all_time, academic_year or since_award:<code>."""
    if value in ("all_time", "academic_year"):
        return str(value)
    prefix, _, award = value.partition(":") if isinstance(value, str) else ("", "", "")
    if prefix == "since_award" and AWARD_CODE.fullmatch(award):
        return str(value)
    raise AwardDefinitionError(path, 'must be "all_time", "academic_year" or "since_award:<award code>"')


def by_year(value: Any, path: Path) -> tuple[tuple[int, int], ...]:
    """Check a table [{"from_year", "min_hours"}, ...] with strictly increasing years."""
    if not isinstance(value, list) or len(value) > 50:
        raise AwardDefinitionError(path, "must be a list of at most 50 entries")
    rows: list[tuple[int, int]] = []
    spec: Spec = {"from_year": (integer(2000, 2100), REQUIRED), "min_hours": (hours, REQUIRED)}
    for i, entry in enumerate(value):
        row = read(entry, [*path, i], spec)
        if rows and row["from_year"] <= rows[-1][0]:
            raise AwardDefinitionError([*path, i, "from_year"], "years must increase")
        rows.append((row["from_year"], row["min_hours"]))
    return tuple(rows)


def before(value: Any, path: Path) -> str:
    """Check a holds_award reference point."""
    if value not in HOLDS_BEFORE:
        raise AwardDefinitionError(path, f"must be one of {list(HOLDS_BEFORE)}")
    return str(value)


def read(data: Any, path: Path, spec: Spec) -> dict[str, Any]:
    """Check a dict against `spec`; unknown fields are errors."""
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
