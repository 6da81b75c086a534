"""Import job bodies. The row schemas are the kinds' (``app.imports.kinds``)."""

import uuid
from enum import StrEnum

from pydantic import Field

from app.imports.kinds import IMPORT_KINDS
from app.schemas import APIModel, UTCDateTime

MAX_COUNT = 10**9


ImportKind = StrEnum(  # type: ignore[misc]  # its members come from the registry, which mypy cannot read
    "ImportKind", [(name.replace("-", "_"), name) for name in IMPORT_KINDS], module=__name__
)


def kinds_description() -> str:
    """One line per kind, for the API's description of an import's body."""
    return "\n".join(f"- `{kind.name}` {kind.about}" for kind in IMPORT_KINDS.values())


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
