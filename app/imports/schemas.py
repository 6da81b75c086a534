"""Import job bodies and the row schemas of the kinds that add natural-key alternatives."""

import uuid
from enum import StrEnum

from pydantic import Field

from app.attendance.schemas import AttendanceEntry
from app.mentoring_logs.schemas import MentoringLogCreate
from app.schemas import APIModel, Email, UTCDateTime

MAX_COUNT = 10**9
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$"  # as a trainee's `reference`


class ImportKind(StrEnum):
    schools = "schools"
    mentors = "mentors"
    trainees = "trainees"
    mentoring_logs = "mentoring-logs"
    attendance = "attendance"


class ImportStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class ImportProgress(APIModel):
    validated: int = Field(ge=0, le=MAX_COUNT, description="Rows validated so far.")
    written: int = Field(
        ge=0, le=MAX_COUNT, description="Rows inserted or updated (set when the write commits)."
    )
    total: int = Field(ge=0, le=MAX_COUNT, description="Data rows in the file (an estimate until validated).")


class ImportCounts(APIModel):
    created: int = Field(ge=0, le=MAX_COUNT, description="New rows (that a dry run would create).")
    updated: int = Field(ge=0, le=MAX_COUNT, description="Existing rows whose values changed.")
    unchanged: int = Field(ge=0, le=MAX_COUNT, description="Rows already recorded exactly so.")


class ImportRowError(APIModel):
    row: int = Field(
        ge=0, le=MAX_COUNT, description="1 for the first data row; 0 for the header or whole file."
    )
    field: str | None = Field(None, max_length=200, description="The column (field) at fault, if one is.")
    msg: str = Field(max_length=2000)


class ImportJobPublic(APIModel):
    id: uuid.UUID
    kind: ImportKind
    status: ImportStatus = Field(description="`queued`, `running`, then `succeeded` or `failed`.")
    dry_run: bool = Field(description="Validated and counted only; nothing written.")
    progress: ImportProgress
    counts: ImportCounts
    errors: list[ImportRowError] = Field(
        description="Every bad row (the first 10,000 errors); when any, nothing was written."
    )
    error_count: int = Field(ge=0, le=MAX_COUNT, description="How many errors were found in all.")
    detail: str | None = Field(None, max_length=2000, description="Why the job failed, beyond its rows.")
    created_at: UTCDateTime
    updated_at: UTCDateTime
    finished_at: UTCDateTime | None = None


class MentoringLogRow(MentoringLogCreate):
    """A mentoring-log row; the mentor and trainee may be named by natural key instead of id."""

    mentor_id: uuid.UUID | None = None  # type: ignore[assignment]
    mentor_email: Email | None = Field(None, description="Instead of `mentor_id`.")
    trainee_id: uuid.UUID | None = None  # type: ignore[assignment]
    trainee_reference: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        pattern=REFERENCE_PATTERN,
        description="Instead of `trainee_id`, with `provider_id`.",
    )
    provider_id: uuid.UUID | None = Field(
        None, description="The trainee's provider, with `trainee_reference`."
    )


class AttendanceRow(AttendanceEntry):
    """An attendance row: one mentor's line of one session's register."""

    training_session_id: uuid.UUID
    mentor_id: uuid.UUID | None = None  # type: ignore[assignment]
    mentor_email: Email | None = Field(None, description="Instead of `mentor_id`.")
