"""Certificate bodies."""

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import Field

from app.clock import today
from app.schemas import APIModel, PastDate, UTCDateTime


class CertificateCreate(APIModel):
    """Issue a certificate (checked against eligibility), or record one issued before the service."""

    mentor_id: uuid.UUID = Field(description="The mentor; a provider issues to mentors linked to it.")
    award: str = Field(min_length=1, max_length=63, description="The award's code, e.g. `lp-stage-1`.")
    issued_on: PastDate = Field(
        default_factory=today,
        ge=date(1900, 1, 1),
        description="Issue date (default today, not in the future): the mentor must be eligible as of it.",
    )
    external: bool = Field(
        False,
        description="Issued elsewhere before the service: recorded without an "
        "eligibility check, with the evidence seen. A record, not a credential: it has no signed "
        "credential, counts for `holds_award`, and is superseded when a provider issues the same award.",
    )
    evidence: str | None = Field(
        None,
        min_length=1,
        max_length=4000,
        description="What was seen (required for `external`), e.g. the certificate and who issued it.",
    )
    provider_id: uuid.UUID | None = Field(
        None,
        description="The issuing provider: a provider issues as itself; "
        "an admin names it (optional for `external`).",
    )


class RevokeRequest(APIModel):
    reason: str = Field(min_length=1, max_length=2000, description="Why the certificate is revoked.")
    revoked_on: PastDate = Field(
        default_factory=today, description="Not held on or after this day (default today)."
    )


class CertificateFlag(APIModel):
    """A warning on a certificate; a flag does not revoke it."""

    code: Literal["prerequisite_revoked"] = Field(
        description="`prerequisite_revoked`: a certificate its eligibility relied on was revoked "
        "on or before its issue date."
    )
    certificate_id: uuid.UUID = Field(description="The revoked certificate it relied on.")
    award: str = Field(max_length=63, description="The revoked certificate's award.")
    revoked_on: date = Field(description="The revoked certificate's revocation day.")


Standing = Literal["valid", "revoked"]
"""Whether a certificate is held today (``revoked`` from its revocation day on)."""


class CertificatePublic(APIModel):
    id: uuid.UUID
    mentor_id: uuid.UUID
    provider_id: uuid.UUID | None = Field(description="The issuing provider.")
    award: str = Field(max_length=63)
    issued_on: date
    academic_year: str = Field(max_length=7, description="e.g. `2025/26`.")
    external: bool = Field(
        description="Issued before the service; recorded with the evidence seen. Not a credential: "
        "it has no signed credential and is superseded when a provider issues the same award."
    )
    evidence: str | None = Field(max_length=4000)
    status: Standing
    revoked_on: date | None = Field(description="Not held on or after this day.")
    revoked_reason: str | None = Field(max_length=2000)
    decision: dict[str, Any] | None = Field(
        description="The eligibility answer for the award as of the issue "
        "date, stored when it was issued (with `relies_on`: the certificates it relied on); null when external."
    )
    superseded_by: uuid.UUID | None = Field(
        description="For an external record: the certificate issued in the service that replaced it "
        "(a superseded record is no longer held)."
    )
    flags: list[CertificateFlag] = Field(description="Warnings, e.g. a prerequisite revoked; empty when none.")
    created_at: UTCDateTime
    updated_at: UTCDateTime


class RevokedCertificate(CertificatePublic):
    """The revoked certificate, with the certificates flagged because they relied on it."""

    dependents: list[CertificatePublic] = Field(
        description="Certificates issued on or after `revoked_on` whose eligibility relied on this one, "
        "now flagged `prerequisite_revoked` (not revoked)."
    )
