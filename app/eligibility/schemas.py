"""The eligibility answer: a decision per award with every criterion explained."""

import uuid
from datetime import date
from typing import Any

from pydantic import Field

from app.schemas import APIModel, UTCDateTime


class CriterionAnswer(APIModel):
    """One criterion: met or not, with the figures and the records behind it."""

    code: str = Field(max_length=64, description="The criterion's code within the award.")
    kind: str = Field(max_length=32, description="The criterion kind, e.g. `training_hours`.")
    description: str = Field(max_length=1000)
    met: bool
    advisory: bool = Field(description="Reported but never blocking.")
    actual: float | None = Field(
        None, ge=0, le=10**9, description="What the mentor has (hours, years or trainees)."
    )
    required: float | None = Field(None, ge=0, le=10**9, description="What the criterion requires.")
    unit: str | None = Field(None, max_length=16, description="`hours`, `years` or `trainees`.")
    shortfall: float | None = Field(None, ge=0, le=10**9, description="How much is missing (0 when met).")
    counted: list[str] | None = Field(
        None,
        max_length=100_000,
        description="Ids of the records counted (attendance, mentoring logs, "
        "certificates, portfolios) or the declaration code.",
    )
    upcoming_sessions: list[str] | None = Field(
        None,
        max_length=10_000,
        description="Unmet training-hours criteria: ids of upcoming scheduled sessions "
        "that would count (details under the answer's `upcoming_sessions`).",
    )
    routes: list[list[dict[str, Any]]] | None = Field(
        None,
        max_length=10,
        description="`any_of` criteria: each route a list of criteria of this same shape; "
        "met when one route is fully met.",
    )
    note: str | None = Field(None, max_length=500, description="Why a criterion could not be counted.")


class AwardAnswer(APIModel):
    award: str = Field(max_length=63, description="The award's code.")
    eligible: bool = Field(description="Every non-advisory criterion is met.")
    held: bool = Field(
        description="A valid certificate of the award is held (this academic year, for once-a-year awards)."
    )
    criteria: list[CriterionAnswer] = Field(max_length=100)


class UpcomingSession(APIModel):
    id: uuid.UUID
    title: str = Field(max_length=200)
    starts_at: UTCDateTime
    provider_id: uuid.UUID
    mode: str = Field(max_length=20)
    credit_hours: float = Field(ge=0, le=10**6, description="Hours attending it earns.")
    counts_toward: list[str] = Field(max_length=50, description="Award codes it counts toward.")


class EligibilityAnswer(APIModel):
    mentor_id: uuid.UUID
    as_of: date = Field(description="Only records dated on or before this day count.")
    awards: list[AwardAnswer] = Field(max_length=1000)
    upcoming_sessions: list[UpcomingSession] = Field(
        max_length=10_000, description="The upcoming sessions named by unmet training-hours criteria."
    )


class ReportItem(EligibilityAnswer):
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(max_length=254)


class EligibilityReport(APIModel):
    """One page of a provider's mentors, each with its eligibility answer."""

    items: list[ReportItem]
    next_cursor: str | None = Field(None, description="Cursor of the next page; null on the last page.")
