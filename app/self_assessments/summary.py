"""The derived view of a self-assessment: counts, development needs and the change since the last one."""

from datetime import datetime
from typing import Any

from app.catalogue import load_standards
from app.schemas import aware_utc

STANDARDS = load_standards()
CODES = [s["code"] for s in STANDARDS]
STANDARD_OF = {s["code"]: s["standard"] for s in STANDARDS}
TEXT_OF = {s["code"]: s["text"] for s in STANDARDS}
RANK = {"red": 0, "amber": 1, "green": 2}


def _counts() -> dict[str, int]:
    return {"red": 0, "amber": 0, "green": 0, "unrated": 0}


def counts(ratings: dict[str, str]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Counts per standard and colour, and overall."""
    by_standard: dict[str, dict[str, int]] = {}
    totals = _counts()
    for code in CODES:
        colour = ratings.get(code, "unrated")
        by_standard.setdefault(STANDARD_OF[code], _counts())[colour] += 1
        totals[colour] += 1
    return by_standard, totals


def needs(ratings: dict[str, str], comments: dict[str, str]) -> list[dict[str, Any]]:
    """The red and amber expectations, in catalogue order."""
    return [
        {
            "code": c,
            "standard": STANDARD_OF[c],
            "text": TEXT_OF[c],
            "rating": ratings[c],
            "comment": comments.get(c),
        }
        for c in CODES
        if ratings.get(c) in ("red", "amber")
    ]


def _direction(before: str | None, after: str | None) -> str:
    if before is None or after is None:
        return "changed"
    return "improved" if RANK[after] > RANK[before] else "declined"


def compare(ratings: dict[str, str], previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """The change against ``previous`` ({id, submitted_at, ratings}), or None without one."""
    if previous is None:
        return None
    old = previous["ratings"]
    changes = [
        {
            "code": c,
            "previous": old.get(c),
            "current": ratings.get(c),
            "direction": _direction(old.get(c), ratings.get(c)),
        }
        for c in CODES
        if old.get(c) != ratings.get(c)
    ]
    return {
        "previous_id": previous["id"],
        "previous_submitted_at": previous["submitted_at"],
        "improved": sum(ch["direction"] == "improved" for ch in changes),
        "declined": sum(ch["direction"] == "declined" for ch in changes),
        "unchanged": len(CODES) - len(changes),
        "changes": changes,
    }


def previous_of(
    submitted_at: datetime | None, history: list[dict[str, Any]], own_id: Any
) -> dict[str, Any] | None:
    """The latest submitted snapshot before this one (any, for a draft) from the mentor's ``history``."""
    before = aware_utc(submitted_at) if submitted_at is not None else None
    earlier = [
        h for h in history if h["id"] != own_id and (before is None or aware_utc(h["submitted_at"]) < before)
    ]
    return max(earlier, key=lambda h: (aware_utc(h["submitted_at"]), str(h["id"])), default=None)


def summary(
    ratings: dict[str, str], comments: dict[str, str], previous: dict[str, Any] | None
) -> dict[str, Any]:
    """The whole derived view."""
    by_standard, totals = counts(ratings)
    return {
        "by_standard": by_standard,
        "totals": totals,
        "development_needs": needs(ratings, comments),
        "change": compare(ratings, previous),
    }
