"""Trainee bodies."""

import uuid
from datetime import date

from pydantic import Field, ValidationInfo, field_validator

from app.enums import Phase, Route
from app.schemas import APIModel, UTCDateTime

REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$"
REFERENCE = Field(min_length=1, max_length=50, pattern=REFERENCE_PATTERN,
                  description="The provider's own reference; unique per provider.")
PLACEMENTS_DOC = ("Schools the trainee is placed at and when; a school reads, and logs mentoring against, only "
                  "trainees placed with it, on dates inside a placement. Written by the trainee's provider.")


class Placement(APIModel):
    """A trainee's placement at a school."""

    school_id: uuid.UUID = Field(description="The school the trainee is placed at.")
    from_: date = Field(alias="from", description="First day of the placement.")
    until: date | None = Field(None, description="Last day of the placement; null while it runs on.")

    @field_validator("until")
    @classmethod
    def _not_before_from(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("from_")
        if value is not None and start is not None and value < start:
            raise ValueError("must not be before `from`")
        return value


class TraineeFields(APIModel):
    """The trainee's own fields (those a trainees import writes)."""

    provider_id: uuid.UUID = Field(description="The provider the trainee trains with.")
    reference: str = REFERENCE
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    route: Route | None = None
    phase: Phase | None = None


class TraineeCreate(TraineeFields):
    placements: list[Placement] = Field(default_factory=list, max_length=50, description=PLACEMENTS_DOC)


class TraineeUpdate(APIModel):
    """Fields to change; absent fields stay as they are."""

    reference: str = Field(None, min_length=1, max_length=50, pattern=REFERENCE_PATTERN)  # type: ignore[assignment]  # absent or set, never null
    first_name: str = Field(None, min_length=1, max_length=100)  # type: ignore[assignment]  # absent or set, never null
    last_name: str = Field(None, min_length=1, max_length=100)  # type: ignore[assignment]  # absent or set, never null
    route: Route | None = None
    phase: Phase | None = None
    placements: list[Placement] = Field(None, max_length=50,  # type: ignore[arg-type]  # absent or set, never null
                                        description=PLACEMENTS_DOC + " Replaces them all.")


class TraineePublic(TraineeFields):
    id: uuid.UUID
    reference: str
    placements: list[Placement] = Field(description=PLACEMENTS_DOC)
    created_at: UTCDateTime
    updated_at: UTCDateTime
