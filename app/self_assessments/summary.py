"""The derived view of a self-assessment: counts, development needs and the change since the last one."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from app.catalogue import load_standards
from app.schemas import aware_utc
from app.self_assessments.schemas import ColourCounts, Comparison, NeedItem, Rating, RatingChange, Summary

STANDARDS = load_standards()
CODES = [s["code"] for s in STANDARDS]
STANDARD_OF = {s["code"]: s["standard"] for s in STANDARDS}
TEXT_OF = {s["code"]: s["text"] for s in STANDARDS}
RANK = {Rating.red: 0, Rating.amber: 1, Rating.green: 2}
NEEDS = (Rating.red, Rating.amber)


@dataclass(frozen=True)
class Snapshot:
    """A submitted self-assessment of the same mentor, to compare with."""

    id: uuid.UUID
    submitted_at: datetime
    ratings: Mapping[str, str]


def _counts() -> dict[str, int]:
    return {"red": 0, "amber": 0, "green": 0, "unrated": 0}


def counts(ratings: dict[str, str]) -> tuple[dict[str, ColourCounts], ColourCounts]:
    """Counts per standard and colour, and overall."""
    by_standard: dict[str, dict[str, int]] = {}
    totals = _counts()
    for code in CODES:
        colour = ratings.get(code, "unrated")
        by_standard.setdefault(STANDARD_OF[code], _counts())[colour] += 1
        totals[colour] += 1
    return {k: ColourCounts(**v) for k, v in by_standard.items()}, ColourCounts(**totals)


def needs(ratings: dict[str, str], comments: dict[str, str]) -> list[NeedItem]:
    """The red and amber expectations, in catalogue order."""
    return [
        NeedItem(
            code=c, standard=STANDARD_OF[c], text=TEXT_OF[c], rating=Rating(ratings[c]), comment=comments.get(c)
        )
        for c in CODES
        if ratings.get(c) in NEEDS
    ]


def _direction(before: str | None, after: str | None) -> str:
    if before is None or after is None:
        return "changed"
    return "improved" if RANK[Rating(after)] > RANK[Rating(before)] else "declined"


def _rating(value: str | None) -> Rating | None:
    return None if value is None else Rating(value)


def compare(ratings: dict[str, str], previous: Snapshot | None) -> Comparison | None:
    """The change against ``previous``, or None without one."""
    if previous is None:
        return None
    old = previous.ratings
    changes = [
        RatingChange(
            code=c,
            previous=_rating(old.get(c)),
            current=_rating(ratings.get(c)),
            direction=_direction(old.get(c), ratings.get(c)),
        )
        for c in CODES
        if old.get(c) != ratings.get(c)
    ]
    return Comparison(
        previous_id=previous.id,
        previous_submitted_at=previous.submitted_at,
        improved=sum(ch.direction == "improved" for ch in changes),
        declined=sum(ch.direction == "declined" for ch in changes),
        unchanged=len(CODES) - len(changes),
        changes=changes,
    )


def previous_of(submitted_at: datetime | None, history: list[Snapshot], own_id: uuid.UUID) -> Snapshot | None:
    """The latest submitted snapshot before this one (any, for a draft) from the mentor's ``history``."""
    before = aware_utc(submitted_at) if submitted_at is not None else None
    earlier = [h for h in history if h.id != own_id and (before is None or aware_utc(h.submitted_at) < before)]
    return max(earlier, key=lambda h: (aware_utc(h.submitted_at), str(h.id)), default=None)


def summary(ratings: dict[str, str], comments: dict[str, str], previous: Snapshot | None) -> Summary:
    """The whole derived view."""
    by_standard, totals = counts(ratings)
    return Summary(
        by_standard=by_standard,
        totals=totals,
        development_needs=needs(ratings, comments),
        change=compare(ratings, previous),
    )
