"""Provider bodies."""

import uuid

from pydantic import Field

from app.enums import ProviderKind
from app.schemas import APIModel, Email, UTCDateTime

UKPRN = Field(None, pattern=r"^1\d{7}$", description="UK provider reference number: 8 digits starting with 1.")


class ProviderCreate(APIModel):
    name: str = Field(min_length=1, max_length=200, description="The provider's name.")
    kind: ProviderKind = Field(description="`hei`, `scitt`, `teaching_school_hub`, `school` or `other`.")
    accredited: bool | None = Field(
        None, description="An accredited ITT provider; defaults to true for `hei` and `scitt`.")
    ukprn: str | None = UKPRN
    region: str | None = Field(None, max_length=100, description="Region, e.g. 'London'.")
    contact_email: Email | None = Field(None, description="Contact address for mentor training.")


class ProviderUpdate(APIModel):
    """Fields to change; absent fields stay as they are."""

    name: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]  # absent or set, never null
    kind: ProviderKind = Field(None)  # type: ignore[assignment]  # absent or set, never null
    accredited: bool = Field(None, description="Only an admin may change it.")  # type: ignore[assignment]  # absent or set, never null
    ukprn: str | None = UKPRN
    region: str | None = Field(None, max_length=100)
    contact_email: Email | None = None


class ProviderPublic(APIModel):
    id: uuid.UUID
    name: str
    kind: ProviderKind
    accredited: bool = Field(description="Accredited ITT provider: only its training counts for DfE awards.")
    ukprn: str | None
    region: str | None
    contact_email: str | None
    created_at: UTCDateTime
    updated_at: UTCDateTime
