"""Provider-defined awards, certificates and credential signing keys."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from app.models.base import Row


class Award(Row, table=True):
    """A provider-defined award (built-in awards live in ``app.rules.awards``)."""

    code: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    provider_id: uuid.UUID | None = Field(default=None, foreign_key="provider.id", index=True)
    definition: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Certificate(Row, table=True):
    """An award held by a mentor: issued on eligibility (the decision kept), or recorded as `external`.

    Never deleted: revoked with a date and a reason (not held on or after `revoked_on`).
    `decision["relies_on"]` names the certificates the decision relied on (revocation flags it).
    """

    mentor_id: uuid.UUID = Field(foreign_key="mentor.id", index=True)
    provider_id: uuid.UUID | None = Field(default=None, foreign_key="provider.id", index=True)
    award: str = Field(max_length=64, index=True)
    issued_on: date
    academic_year: str = Field(max_length=7)
    external: bool = False
    evidence: str | None = Field(default=None, max_length=4000)
    decision: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    revoked_on: date | None = None
    revoked_reason: str | None = Field(default=None, max_length=2000)
    # An issued certificate supersedes an external record of the same award: no longer held.
    superseded_by: uuid.UUID | None = Field(default=None, foreign_key="certificate.id")
    # Warnings (e.g. a prerequisite revoked); `flagged` mirrors `flags != []` so lists filter in SQL.
    flags: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    flagged: bool = Field(default=False, index=True)


class SigningKey(Row, table=True):
    """An asymmetric key credentials are signed with; the newest signs, all verify."""

    __tablename__ = "signing_key"
    kid: str = Field(max_length=100, unique=True)
    algorithm: str = Field(max_length=10)
    private_pem: str = Field(max_length=10000)
    public_jwk: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
