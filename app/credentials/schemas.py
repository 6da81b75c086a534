"""Credential bodies."""

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from app.certificates.schemas import CertificateFlag
from app.schemas import APIModel

MAX_CREDENTIAL = 16_384


class CredentialOut(APIModel):
    credential: str = Field(
        max_length=MAX_CREDENTIAL,
        description="Compact JWS (ES256) whose payload is an Open Badges 3.0 credential; "
        "the header's `kid` names the key in /.well-known/jwks.json.",
    )


class VerifyRequest(APIModel):
    credential: str = Field(max_length=MAX_CREDENTIAL, description="Any string; a credential to check.")

    @field_validator("*", mode="before")
    @classmethod
    def _reject_nul(cls, value: Any, info: ValidationInfo) -> Any:
        return value  # any string is answered (a NUL simply makes it invalid)


class CertificateSummary(APIModel):
    id: uuid.UUID
    award: str = Field(max_length=63)
    award_name: str = Field(max_length=200)
    mentor_id: uuid.UUID
    provider_id: uuid.UUID | None = Field(description="The issuing provider.")
    provider_name: str | None = Field(max_length=200)
    issued_on: date
    academic_year: str = Field(max_length=7)
    external: bool
    revoked_on: date | None


class VerifyResult(APIModel):
    status: Literal["valid", "invalid", "revoked"] = Field(
        description="`valid`: signed by this service and the certificate stands; `revoked`: signed, revoked; "
        "`invalid`: anything else (forged, altered, malformed, unknown, or naming an external record)."
    )
    certificate: CertificateSummary | None = Field(description="The certificate, unless invalid.")
    flags: list[CertificateFlag] = Field(
        description="The certificate's warnings (e.g. `prerequisite_revoked`; a flag does not revoke); "
        "empty when none or invalid."
    )


class Jwk(APIModel):
    kty: str = Field(max_length=10)
    crv: str = Field(max_length=10)
    x: str = Field(max_length=100)
    y: str = Field(max_length=100)
    kid: str = Field(max_length=100)
    alg: str = Field(max_length=10)
    use: str = Field(max_length=10)


class Jwks(APIModel):
    keys: list[Jwk]
