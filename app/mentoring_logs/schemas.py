"""Mentoring log bodies."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field

from app.enums import Activity
from app.schemas import APIModel, Hours, PastDate, UTCDateTime

if TYPE_CHECKING:  # Hours() builds its Annotated type at run time, which mypy cannot follow
    LogHours = Decimal
else:
    LogHours = Hours(gt=0, le=12)


class MentoringLogCreate(APIModel):
    mentor_id: uuid.UUID
    trainee_id: uuid.UUID = Field(description="A trainee of any provider; a school names only trainees placed "
                                              "with it.")
    occurred_on: PastDate = Field(description="When the mentoring took place; not in the future; for a school, "
                                              "inside one of the trainee's placements with it.")
    hours: LogHours = Field(
        description="Above 0, at most 12, two decimals at most; the mentor's logs on one date total at most 12."
    )
    activity: Activity
    notes: str | None = Field(None, max_length=2000)


class MentoringLogPublic(MentoringLogCreate):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    occurred_on: PastDate
    created_at: UTCDateTime
    updated_at: UTCDateTime


class MentoringLogUpdate(APIModel):
    """Fields to change; absent fields stay as they are. The mentor is fixed."""

    trainee_id: uuid.UUID = Field(None)  # type: ignore[assignment]  # absent or set, never null
    occurred_on: PastDate = Field(None, description="Not in the future.")  # type: ignore[assignment]  # absent or set
    hours: LogHours = Field(  # type: ignore[assignment]  # absent or set, never null
        None, description="Above 0, at most 12; the mentor's logs on one date total at most 12."
    )
    activity: Activity = Field(None)  # type: ignore[assignment]  # absent or set, never null
    notes: str | None = Field(None, max_length=2000)
