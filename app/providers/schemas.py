"""Provider bodies."""

import uuid
from datetime import date

from pydantic import Field

from app.enums import ProviderKind
from app.schemas import APIModel, Email, UTCDateTime

UKPRN = Field(None, pattern=r"^1\d{7}$", description="UK provider reference number: 8 digits starting with 1.")

MAX_PERIODS = 50


class AccreditationPeriod(APIModel):
    """England's days ``from`` to ``until`` inclusive; ``until`` null: still accredited."""

    from_: date = Field(alias="from", description="First day accredited.")
    until: date | None = Field(None, description="Last day accredited; null while it lasts.")


ACCREDITATIONS = Field(
    None, max_length=MAX_PERIODS,
    description="Periods of accreditation as an ITT provider (admins only; no overlaps). Training counts "
    "toward DfE awards when its provider was accredited on the session's date. On create, absent: "
    "accredited from 1900-01-01 (open) for `hei` and `scitt`, otherwise none.")


class ProviderCreate(APIModel):
    name: str = Field(min_length=1, max_length=200, description="The provider's name.")
    kind: ProviderKind = Field(description="`hei`, `scitt`, `teaching_school_hub`, `school` or `other`.")
    accredited: bool | None = Field(
        None, description="For compatibility (give `accreditations` or this, not both): true means accredited "
        "from 1900-01-01 (open), false not accredited; absent: true for `hei` and `scitt`.")
    accreditations: list[AccreditationPeriod] | None = ACCREDITATIONS
    ukprn: str | None = UKPRN
    region: str | None = Field(None, max_length=100, description="Region, e.g. 'London'.")
    contact_email: Email | None = Field(None, description="Contact address for mentor training.")


class ProviderUpdate(APIModel):
    """Fields to change; absent fields stay as they are."""

    name: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]  # absent or set, never null
    kind: ProviderKind = Field(None)  # type: ignore[assignment]  # absent or set, never null
    accredited: bool = Field(  # type: ignore[assignment]  # absent or set, never null
        None, description="Read-only (derived from `accreditations`): refused, 403 for a provider, 422 for an "
        "admin.", json_schema_extra={"deprecated": True})
    accreditations: list[AccreditationPeriod] = Field(
        None, max_length=MAX_PERIODS,  # type: ignore[arg-type]  # absent or set, never null
        description="Replaces every period (admins only; no overlaps).")
    ukprn: str | None = UKPRN
    region: str | None = Field(None, max_length=100)
    contact_email: Email | None = None


class ProviderPublic(APIModel):
    id: uuid.UUID
    name: str
    kind: ProviderKind
    accredited: bool = Field(description="Accredited as an ITT provider today (England's date).")
    accreditations: list[AccreditationPeriod] = Field(description="Periods of accreditation, oldest first.")
    ukprn: str | None
    region: str | None
    contact_email: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime
