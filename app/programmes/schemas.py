"""Programme bodies."""

import uuid
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field

from app.enums import Level, Phase
from app.schemas import APIModel, UTCDateTime


def _consecutive_years(value: str) -> str:
    start, end = value.split("/")
    if (int(start) + 1) % 100 != int(end):
        raise ValueError("must be two consecutive years, e.g. 2025/26")
    return value


AcademicYear = Annotated[
    str,
    Field(
        pattern=r"^\d{4}/\d{2}$",
        min_length=7,
        max_length=7,
        examples=["2025/26"],
        description="Academic year (1 September to 31 August), e.g. `2025/26`.",
    ),
    AfterValidator(_consecutive_years),
]


class ProgrammeCreate(APIModel):
    provider_id: uuid.UUID | None = Field(
        None, description="The provider running it; defaults to the calling provider (an admin must give it)."
    )
    name: str = Field(min_length=1, max_length=200, description="e.g. 'Primary mentor development'.")
    academic_year: AcademicYear
    phase: Phase | None = Field(None, description="Phase of the mentors it is for; sessions inherit it.")
    level: Level | None = Field(
        None, description="`beginner` (new to mentoring), `intermediate` or `extending`."
    )


class ProgrammeUpdate(APIModel):
    """Fields to change; absent fields stay as they are. The provider cannot change."""

    name: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]  # absent or set, never null
    academic_year: AcademicYear = Field(None)  # type: ignore[assignment]  # absent or set, never null
    phase: Phase | None = None
    level: Level | None = None


class ProgrammePublic(APIModel):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    provider_id: uuid.UUID
    name: str
    academic_year: str = Field(description="e.g. `2025/26`.")
    phase: Phase | None
    level: Level | None
    created_at: UTCDateTime
    updated_at: UTCDateTime
