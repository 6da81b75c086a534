"""Attendance register bodies."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from app.enums import AttendanceStatus, SessionStatus
from app.schemas import APIModel, Hours, UTCDateTime

MAX_REGISTER = 10_000

if TYPE_CHECKING:  # Hours() builds its Annotated type at run time, which mypy cannot follow
    RegisterHours = Decimal
else:
    RegisterHours = Hours(ge=0, le=24)


class AttendanceEntry(APIModel):
    """One mentor's line of the register."""

    mentor_id: uuid.UUID = Field(
        description="Any registered mentor; registering links it to the session's provider."
    )
    status: AttendanceStatus = Field(description="`attended`, `partial`, `absent` or `excused`.")
    hours: RegisterHours | None = Field(
        None,
        description="Clock time attended. partial: required, above 0 and at most the session's "
        "`duration_hours`; it earns `hours × credit_hours / duration_hours`, rounded down to the hundredth. "
        "attended: omit (or give the duration; the credit hours are also accepted); it earns `credit_hours`. "
        "absent/excused: omit. On a cancelled session 0 is also accepted. `attended` and `partial` only once "
        "the session has started, and at most one overlapping live session per mentor (409).",
    )


class AttendancePublic(APIModel):
    id: uuid.UUID
    training_session_id: uuid.UUID
    mentor_id: uuid.UUID
    status: AttendanceStatus
    hours: RegisterHours = Field(
        description="Clock time attended: the session's `duration_hours` (attended), the hours given "
        "(partial), else 0; always 0 on a cancelled session. (Before version 1.1: the hours credited.)"
    )
    credited_hours: RegisterHours = Field(
        description="Hours that count: `credit_hours` (attended), `hours × credit_hours / duration_hours` "
        "rounded down to the hundredth (partial), else 0; always 0 on a cancelled session."
    )
    provider_id: uuid.UUID = Field(description="The session's provider.")
    starts_at: UTCDateTime = Field(description="When the session starts.")
    session_status: SessionStatus = Field(description="The session's status (`cancelled` earns nothing).")
    created_at: UTCDateTime
    updated_at: UTCDateTime


class AttendanceRegister(APIModel):
    """A session's register (the rows the caller may see)."""

    items: list[AttendancePublic]
