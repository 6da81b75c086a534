"""API clients and idempotency records."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import Row, utcnow


class ApiClient(Row, table=True):
    __tablename__ = "api_client"
    name: str = Field(max_length=200)
    client_id: str = Field(max_length=100, unique=True)
    secret_hash: str = Field(max_length=300)
    role: str = Field(max_length=20)
    provider_id: uuid.UUID | None = Field(default=None, foreign_key="provider.id", index=True)
    school_id: uuid.UUID | None = Field(default=None, foreign_key="school.id", index=True)
    mentor_id: uuid.UUID | None = Field(default=None, foreign_key="mentor.id", index=True)
    disabled: bool = False
    secret_rotated_at: datetime | None = None


class IdempotencyRecord(SQLModel, table=True):
    """A POST carrying an ``Idempotency-Key``: claimed (``status_code`` null: in progress), then its response.

    The unique (client, key) pair is the claim: the first request inserts the row in its own committed
    transaction, runs, and stores its response; concurrent ones find the row and answer 409 or replay.
    ``body_sha256`` hashes the path and the body (the body itself is never kept).
    """

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("client_id", "key"),)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    client_id: str = Field(max_length=100)
    key: str = Field(max_length=200)
    method: str = Field(max_length=10)
    path: str = Field(max_length=2000)
    body_sha256: str | None = Field(default=None, max_length=64)
    status_code: int | None = None
    response_body: bytes | None = None
    response_headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)
