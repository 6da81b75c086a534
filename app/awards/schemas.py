"""Award bodies: definitions as data (criteria are checked by ``app.rules.parse_award``)."""

import uuid
from typing import Any

from pydantic import Field

from app.schemas import APIModel, UTCDateTime

CRITERIA_DOC = (
    "Criteria, each an object with `kind` (`has_qts`, `teaching_experience`, `training_hours`, "
    "`mentoring_hours`, `distinct_trainees`, `holds_award`, `declaration`, `portfolio_passed`, `any_of`), "
    "a snake_case `code`, a `description`, `advisory` (default false) and the kind's parameters "
    "(as in the built-in awards: hours as numbers with at most two decimals). Award codes a criterion names "
    "(`award`, `since_award`, a `since_award:` window, a training `tag`) must exist; a training `tag` may "
    "also be the new award's own code. An award that could never be issued is refused (422): one requiring "
    "or counting from itself, an unknown `declaration` or `portfolio_kind`, a `min_hours` or `min_count` "
    "of 0, or an award or `any_of` route made only of advisory criteria."
)


class AwardCreate(APIModel):
    """A provider's own award, built from the criterion kinds."""

    code: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]{1,62}$",
        max_length=63,
        description="Unique award code, lower case with hyphens, e.g. `acme-lead-mentor`.",
    )
    name: str = Field(min_length=1, max_length=200, description="The award's name.")
    description: str = Field("", max_length=2000, description="What the award recognises.")
    criteria: list[dict[str, Any]] = Field(min_length=1, max_length=50, description=CRITERIA_DOC)
    valid_from_year: int | None = Field(
        None, ge=2000, le=2100, description="Start year of the first academic year it can be gained."
    )
    once_per_academic_year: bool = Field(
        False, description="Held only within its certificate's academic year."
    )
    provider_id: uuid.UUID | None = Field(
        None, description="The defining provider (admins only; a provider defines its own)."
    )


class AwardPublic(APIModel):
    id: uuid.UUID = Field(description="Built-in awards have a fixed id derived from their code.")
    code: str = Field(max_length=63)
    name: str = Field(max_length=200)
    description: str = Field(max_length=2000)
    built_in: bool = Field(description="Defined by the service rather than by a provider.")
    provider_id: uuid.UUID | None = Field(
        None, description="The defining provider; null for built-in awards."
    )
    valid_from_year: int | None = Field(None, ge=2000, le=2100)
    once_per_academic_year: bool
    criteria: list[dict[str, Any]] = Field(description=CRITERIA_DOC)
    created_at: UTCDateTime
    updated_at: UTCDateTime
