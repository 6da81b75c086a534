"""Trainee bodies."""

import uuid

from pydantic import Field

from app.enums import Phase, Route
from app.schemas import APIModel, UTCDateTime

REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$"
REFERENCE = Field(min_length=1, max_length=50, pattern=REFERENCE_PATTERN,
                  description="The provider's own reference; unique per provider.")


class TraineeCreate(APIModel):
    provider_id: uuid.UUID = Field(description="The provider the trainee trains with.")
    reference: str = REFERENCE
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    route: Route | None = None
    phase: Phase | None = None


class TraineeUpdate(APIModel):
    """Fields to change; absent fields stay as they are."""

    reference: str = Field(None, min_length=1, max_length=50, pattern=REFERENCE_PATTERN)  # type: ignore[assignment]  # absent or set, never null
    first_name: str = Field(None, min_length=1, max_length=100)  # type: ignore[assignment]  # absent or set, never null
    last_name: str = Field(None, min_length=1, max_length=100)  # type: ignore[assignment]  # absent or set, never null
    route: Route | None = None
    phase: Phase | None = None


class TraineePublic(TraineeCreate):
    id: uuid.UUID
    reference: str
    created_at: UTCDateTime
    updated_at: UTCDateTime
