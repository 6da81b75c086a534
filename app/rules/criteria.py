"""Criterion kinds and the Award they make up: award definitions are data.

Every criterion has a stable snake_case `code`, a plain-English `description`
and an `advisory` flag (advisory criteria are reported but never block).
Hours (`min_hours`) are integers of hundredths of an hour. How each kind is
parsed, evaluated and shown is registered in `kinds.REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

__all__ = [
    "DECLARATIONS",
    "HOLDS_BEFORE",
    "PORTFOLIO_KINDS",
    "AnyOf",
    "Award",
    "Criterion",
    "DistinctTrainees",
    "HasDeclaration",
    "HasQts",
    "HoldsAward",
    "MentoringHours",
    "PortfolioPassed",
    "TeachingExperience",
    "TrainingHours",
]

HOLDS_BEFORE = ("as_of", "academic_year_start")
# What a `declaration` / `portfolio_passed` criterion may name: the declarations a mentor can
# make and the portfolio kinds a provider can assess (a criterion naming another is never met).
DECLARATIONS = frozenset({"professional_standards_2007"})
PORTFOLIO_KINDS = frozenset({"lp-stage-2"})


@dataclass(frozen=True, kw_only=True)
class _Base:
    """Fields shared by every criterion kind."""

    kind: ClassVar[str] = ""
    code: str
    description: str
    advisory: bool = False


@dataclass(frozen=True, kw_only=True)
class HasQts(_Base):
    """The mentor was awarded QTS on or before the evaluation date."""

    kind: ClassVar[str] = "has_qts"


@dataclass(frozen=True, kw_only=True)
class TeachingExperience(_Base):
    """At least `min_years` whole years since the mentor started teaching."""

    kind: ClassVar[str] = "teaching_experience"
    min_years: int


@dataclass(frozen=True, kw_only=True)
class TrainingHours(_Base):
    """Training hours counting toward `tag`, filtered by mode, provider and window.

    The threshold is `min_hours`, unless `min_hours_by_year` has an entry
    `(from_year, hours)` with `from_year` <= the start year of the academic
    year of the evaluation date: then the latest such entry applies.
    `window` is "all_time", "academic_year" (of the evaluation date) or
    "since_award:<award code>" (from the issue date of the earliest held
    certificate of that award). `modes` None means any mode.
    """

    kind: ClassVar[str] = "training_hours"
    tag: str
    min_hours: int
    modes: frozenset[str] | None = None
    min_hours_by_year: tuple[tuple[int, int], ...] = ()
    accredited_only: bool = False
    window: str = "all_time"

    def threshold(self, start_year: int) -> int:
        """Hours required (hundredths) in the academic year starting in `start_year`."""
        required = self.min_hours
        for from_year, hours in self.min_hours_by_year:
            if from_year <= start_year:
                required = hours
        return required


@dataclass(frozen=True, kw_only=True)
class MentoringHours(_Base):
    """Mentoring hours from `since_date` or from `since_award`'s issue date (else all time)."""

    kind: ClassVar[str] = "mentoring_hours"
    min_hours: int
    since_date: date | None = None
    since_award: str | None = None


@dataclass(frozen=True, kw_only=True)
class DistinctTrainees(_Base):
    """Distinct trainees mentored, with the same window options as MentoringHours."""

    kind: ClassVar[str] = "distinct_trainees"
    min_count: int
    since_date: date | None = None
    since_award: str | None = None


@dataclass(frozen=True, kw_only=True)
class HoldsAward(_Base):
    """Holds a certificate of `award` (any provider), issued before `before` if so required.

    `before` is "as_of" (held on the evaluation date) or "academic_year_start"
    (also issued before the academic year of the evaluation date started).
    """

    kind: ClassVar[str] = "holds_award"
    award: str
    before: str = "as_of"


@dataclass(frozen=True, kw_only=True)
class HasDeclaration(_Base):
    """The mentor made the named declaration on or before the evaluation date."""

    kind: ClassVar[str] = "declaration"
    declaration: str


@dataclass(frozen=True, kw_only=True)
class PortfolioPassed(_Base):
    """A portfolio of `portfolio_kind` was assessed as passed."""

    kind: ClassVar[str] = "portfolio_passed"
    portfolio_kind: str


@dataclass(frozen=True, kw_only=True)
class AnyOf(_Base):
    """Met when every non-advisory criterion of at least one route is met."""

    kind: ClassVar[str] = "any_of"
    routes: tuple[tuple[Criterion, ...], ...]


Criterion = (
    HasQts
    | TeachingExperience
    | TrainingHours
    | MentoringHours
    | DistinctTrainees
    | HoldsAward
    | HasDeclaration
    | PortfolioPassed
    | AnyOf
)


@dataclass(frozen=True, kw_only=True)
class Award:
    """An award: its criteria, the first academic year it exists and who defined it.

    `valid_from_year` is the start year of the first academic year the award
    can be gained (2025 for 2025/26); `once_per_academic_year` awards are
    held only within the academic year of their certificate.
    """

    code: str
    name: str
    description: str = ""
    criteria: tuple[Criterion, ...]
    valid_from_year: int | None = None
    once_per_academic_year: bool = False
    provider_id: str | None = None
