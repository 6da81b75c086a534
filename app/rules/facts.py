"""What a mentor has done: the plain, immutable facts the rules are evaluated on.

Hours are integers of hundredths of an hour everywhere (600 means 6 hours),
never floats, so every sum and threshold is exact. Facts are named tuples:
a mentor may have hundreds of records, and a tuple is built several times
faster than a frozen dataclass.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

__all__ = [
    "MODES",
    "Attendance",
    "Certificate",
    "Declaration",
    "MentorFacts",
    "MentoringLog",
    "Portfolio",
    "UpcomingSession",
]

MODES = frozenset({"in_person", "live_online", "self_study", "visit"})


class Attendance(NamedTuple):
    """Hours credited to the mentor (hundredths) for attending one training session.

    `provider_accredited`: the provider was accredited on the session's date (accreditation is dated).
    """

    id: str
    provider_id: str
    provider_accredited: bool
    on: date
    mode: str
    counts_toward: frozenset[str]
    hours: int


class MentoringLog(NamedTuple):
    """Hours (hundredths) of mentoring one trainee on one day."""

    id: str
    trainee_id: str
    on: date
    hours: int


class Certificate(NamedTuple):
    """An award certificate; held from `issued_on` until the day before `revoked_on`."""

    id: str
    award: str
    issued_on: date
    revoked_on: date | None = None
    provider_id: str | None = None

    def held_on(self, d: date) -> bool:
        """Whether the certificate is held on date `d` (not held on or after revocation)."""
        return self.issued_on <= d and (self.revoked_on is None or self.revoked_on > d)


class Declaration(NamedTuple):
    """A signed, dated declaration by the mentor, e.g. `professional_standards_2007`."""

    code: str
    made_on: date


class Portfolio(NamedTuple):
    """A portfolio of the given kind and its assessment status."""

    id: str
    kind: str
    status: str
    decided_on: date | None = None

    def passed_on(self, d: date) -> bool:
        """Whether the portfolio had been assessed as passed by date `d`."""
        return self.status == "passed" and self.decided_on is not None and self.decided_on <= d


class UpcomingSession(NamedTuple):
    """A scheduled training session (credit hours in hundredths), used for hints.

    `provider_accredited`: the provider will be accredited on the session's date, as recorded today.
    """

    id: str
    title: str
    starts_on: date
    provider_id: str
    mode: str
    counts_toward: frozenset[str]
    credit_hours: int
    provider_accredited: bool


class MentorFacts(NamedTuple):
    """Everything the rules need to know about one mentor."""

    mentor_id: str
    qts_awarded_on: date | None
    teaching_since: date | None
    attendance: tuple[Attendance, ...] = ()
    logs: tuple[MentoringLog, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    portfolios: tuple[Portfolio, ...] = ()
    upcoming: tuple[UpcomingSession, ...] = ()
