"""Training session and session feedback bodies."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, ConfigDict, Field

from app.catalogue import OUTCOME_CODES
from app.enums import Mode, Phase, SessionStatus
from app.schemas import APIModel, Hours, UTCDateTime

if TYPE_CHECKING:  # Hours() builds its Annotated type at run time, which mypy cannot follow
    SessionHours = Decimal
    CreditHours = Decimal
else:
    SessionHours = Hours(gt=0, le=24)
    CreditHours = Hours(ge=0, le=24)


def _known_outcome(value: str) -> str:
    if value not in OUTCOME_CODES:
        raise ValueError("not a London Providers outcome code (see GET /api/v1/outcomes)")
    return value


AwardCode = Annotated[
    str, Field(min_length=1, max_length=64, description="An award code (GET /api/v1/awards).")
]
OutcomeCode = Annotated[
    str,
    Field(
        min_length=7,
        max_length=7,
        pattern=r"^LP[12]-[TPA]\d{2}$",
        description="A learning outcome code, e.g. `LP1-T01`.",
    ),
    AfterValidator(_known_outcome),
]
AwardCodes = Annotated[
    list[AwardCode],
    Field(
        max_length=20,
        description=(
            "Award codes whose training hours this session contributes to, e.g. `lp-stage-1`, `dfe-initial`; "
            "each must be a built-in or provider-defined award."
        ),
    ),
]
OutcomeCodes = Annotated[
    list[OutcomeCode], Field(max_length=73, description="Learning outcomes it addresses.")
]
JoinUrl = Annotated[
    str, Field(max_length=2000, pattern=r"^https?://\S+$", description="Link to join (http/https).")
]
STATUS_DOC = "`scheduled`, `cancelled` (attendance then earns nothing) or `completed`."


class TrainingSessionCreate(APIModel):
    provider_id: uuid.UUID | None = Field(
        None, description="The provider running it; defaults to the calling provider (an admin must give it)."
    )
    programme_id: uuid.UUID | None = Field(None, description="A programme of the same provider.")
    title: str = Field(min_length=1, max_length=200, description="e.g. 'Constructing SMART targets'.")
    starts_at: UTCDateTime = Field(description="When it starts (self-study units: when they open).")
    duration_hours: SessionHours = Field(
        description="Clock time, above 0 and at most 24, two decimals at most."
    )
    credit_hours: CreditHours | None = Field(
        None, description="Hours attendance earns (0-24); defaults to `duration_hours`."
    )
    mode: Mode = Field(description="`in_person`, `live_online`, `self_study` or `visit`.")
    counts_toward: AwardCodes = Field(default_factory=list)
    outcome_codes: OutcomeCodes = Field(default_factory=list)
    phase: Phase | None = Field(None, description="Defaults to the programme's phase.")
    optional: bool = Field(False, description="An optional session of its programme.")
    capacity: int | None = Field(None, ge=1, le=100_000, description="Places available (informative).")
    join_url: JoinUrl | None = None
    status: SessionStatus = Field(SessionStatus.scheduled, description=STATUS_DOC)


class TrainingSessionUpdate(APIModel):
    """Fields to change; absent fields stay as they are. Cancel with `{"status": "cancelled"}`.

    `credit_hours` keeps following `duration_hours` when they were equal and only the duration changes.
    """

    programme_id: uuid.UUID | None = None
    title: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]  # absent or set, never null
    starts_at: UTCDateTime = Field(None)  # type: ignore[assignment]  # absent or set, never null
    duration_hours: SessionHours = Field(None)  # type: ignore[assignment]  # absent or set, never null
    credit_hours: CreditHours = Field(None)  # type: ignore[assignment]  # absent or set, never null
    mode: Mode = Field(None)  # type: ignore[assignment]  # absent or set, never null
    counts_toward: AwardCodes = Field(None)  # type: ignore[arg-type]  # absent or set, never null
    outcome_codes: OutcomeCodes = Field(None)  # type: ignore[arg-type]  # absent or set, never null
    phase: Phase | None = None
    optional: bool = Field(None)  # type: ignore[assignment]  # absent or set, never null
    capacity: int | None = Field(None, ge=1, le=100_000)
    join_url: JoinUrl | None = None
    status: SessionStatus = Field(None, description=STATUS_DOC)  # type: ignore[assignment]  # absent or set, never null


class TrainingSessionPublic(APIModel):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    provider_id: uuid.UUID
    programme_id: uuid.UUID | None
    title: str
    starts_at: UTCDateTime
    duration_hours: SessionHours
    credit_hours: CreditHours
    mode: Mode
    counts_toward: list[str]
    outcome_codes: list[str]
    phase: Phase | None
    optional: bool
    capacity: int | None
    join_url: str | None
    status: SessionStatus
    created_at: UTCDateTime
    updated_at: UTCDateTime


class FeedbackCreate(APIModel):
    rating: int = Field(ge=1, le=5, description="1 (poor) to 5 (excellent).")
    comment: str | None = Field(None, max_length=4000)
    mentor_id: uuid.UUID | None = Field(
        None, description="Defaults to the calling mentor; an admin must give it."
    )


class FeedbackUpdate(APIModel):
    """The mentor edits `rating` and `comment`; the session's provider records `action_taken`."""

    rating: int = Field(None, ge=1, le=5)  # type: ignore[assignment]  # absent or set, never null
    comment: str | None = Field(None, max_length=4000)
    action_taken: str | None = Field(None, max_length=4000, description="What the provider did in response.")


class FeedbackPublic(APIModel):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    training_session_id: uuid.UUID
    mentor_id: uuid.UUID
    rating: int = Field(ge=1, le=5)
    comment: str | None
    action_taken: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime
