"""Mentor bodies."""

import uuid
from typing import TypeVar

from pydantic import ConfigDict, Field, field_validator

from app.clock import today
from app.enums import MentorRole, Phase
from app.schemas import APIModel, Email, PastDate, UTCDateTime

T = TypeVar("T")
TRN = Field(None, pattern=r"^\d{7}$", description="Teacher reference number: 7 digits.")


class Declaration(APIModel):
    code: str = Field(pattern=r"^[a-z0-9_]{1,64}$", description="e.g. `professional_standards_2007`.")
    made_on: PastDate = Field(default_factory=today, description="When the mentor signed it; defaults to today.")


def _unique(values: list[T]) -> list[T]:
    if len(set(values)) != len(values):
        raise ValueError("must not repeat a value")
    return values


class MentorFields(APIModel):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: Email = Field(description="Unique whatever its case; stored in lower case.")
    trn: str | None = TRN
    school_id: uuid.UUID | None = Field(None, description="The mentor's school.")
    phase: Phase | None = None
    roles: list[MentorRole] = Field(default_factory=list, max_length=5)
    qts_awarded_on: PastDate | None = Field(None, description="When QTS was awarded; not in the future.")
    teaching_since: PastDate | None = Field(None, description="When the mentor started teaching; not in the future.")
    declarations: list[Declaration] = Field(default_factory=list, max_length=20)
    provider_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50,
                                          description="Providers the mentor trains with.")

    _distinct = field_validator("roles", "provider_ids")(_unique)


class MentorCreate(MentorFields):
    pass


class MentorUpdate(APIModel):
    """Fields to change; absent fields stay as they are."""

    first_name: str = Field(None, min_length=1, max_length=100)  # type: ignore[assignment]  # absent or set, never null
    last_name: str = Field(None, min_length=1, max_length=100)  # type: ignore[assignment]  # absent or set, never null
    email: Email = Field(None)  # type: ignore[assignment]  # absent or set, never null
    trn: str | None = TRN
    school_id: uuid.UUID | None = None
    phase: Phase | None = None
    roles: list[MentorRole] = Field(None, max_length=5)  # type: ignore[arg-type]  # absent or set, never null
    qts_awarded_on: PastDate | None = None
    teaching_since: PastDate | None = None
    declarations: list[Declaration] = Field(None, max_length=20)  # type: ignore[arg-type]  # absent or set, never null
    provider_ids: list[uuid.UUID] = Field(None, max_length=50)  # type: ignore[arg-type]  # absent or set, never null

    _distinct = field_validator("roles", "provider_ids")(_unique)


class MentorPublic(MentorFields):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    erased_at: UTCDateTime | None = Field(None, description="When personal data was erased, if it was.")
    email: str
    created_at: UTCDateTime
    updated_at: UTCDateTime
