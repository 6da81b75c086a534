"""Columns every table shares."""

import secrets
import time
import uuid
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def uuid7_start() -> tuple[str, int]:
    """UUIDv7 ids: the high 16 hex digits for now, and a random low-64-bit start to count up from."""
    # High: 48-bit Unix milliseconds, version 7, 12 random bits. Low: variant 10, then 61 random bits.
    ms = int(time.time() * 1000) & (2**48 - 1)
    return f"{ms:012x}7{secrets.randbits(12):03x}", (1 << 63) | secrets.randbits(61)


class Row(SQLModel):
    """``id``, ``created_at`` and ``updated_at``."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False, index=True,
                                 sa_column_kwargs={"onupdate": utcnow})
