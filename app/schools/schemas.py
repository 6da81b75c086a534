"""School bodies."""

import uuid

from pydantic import Field

from app.enums import Phase
from app.schemas import APIModel, UTCDateTime

URN = Field(pattern=r"^\d{6}$", description="School unique reference number: 6 digits.")
POSTCODE = Field(None, max_length=10, pattern=r"^[A-Za-z0-9 ]{2,10}$", description="Postcode, e.g. 'KT1 2EE'.")


class SchoolCreate(APIModel):
    urn: str = URN
    name: str = Field(min_length=1, max_length=200)
    phase: Phase | None = None
    postcode: str | None = POSTCODE


class SchoolUpdate(APIModel):
    """Fields to change; absent fields stay as they are."""

    urn: str = Field(None, pattern=r"^\d{6}$")  # type: ignore[assignment]  # absent or set, never null
    name: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]  # absent or set, never null
    phase: Phase | None = None
    postcode: str | None = POSTCODE


class SchoolPublic(APIModel):
    id: uuid.UUID
    urn: str
    name: str
    phase: Phase | None
    postcode: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime
