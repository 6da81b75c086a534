"""Self-assessment bodies: RAG ratings of the 21 national-standard expectations and the derived summary."""

import uuid
from enum import StrEnum

from pydantic import Field, field_validator

from app.catalogue import STANDARD_CODES
from app.enums import AssessmentStatus
from app.schemas import APIModel, UTCDateTime

CODES_DOC = "Keys are expectation codes `NS1.1`…`NS4.2` (see GET /api/v1/standards)."


class Rating(StrEnum):
    red = "red"
    amber = "amber"
    green = "green"


def _known_codes(value: dict[str, object] | None) -> dict[str, object] | None:
    for code in value or {}:
        if code not in STANDARD_CODES:
            raise ValueError(f"{code!r} is not a national-standard expectation code (NS1.1 to NS4.2)")
    return value


class SelfAssessmentCreate(APIModel):
    mentor_id: uuid.UUID | None = Field(None, description="The mentor; a mentor's own id by default.")
    status: AssessmentStatus = Field(
        AssessmentStatus.draft, description="`draft` (may be partial) or `submitted` (rates all 21)."
    )
    ratings: dict[str, Rating] = Field(
        default_factory=dict,
        max_length=21,
        description=f"`red`, `amber` or `green` per expectation. {CODES_DOC}",
    )
    comments: dict[str, str] = Field(
        default_factory=dict,
        max_length=21,
        description="An optional comment per expectation (at most 2000 characters). " + CODES_DOC,
    )

    _codes = field_validator("ratings", "comments")(_known_codes)


class SelfAssessmentUpdate(APIModel):
    """Changes to a draft; ratings and comments are merged key by key, a null removes one."""

    # Absent means unchanged; an explicit null is refused (the fields are not nullable).
    status: AssessmentStatus = Field(  # type: ignore[assignment]  # see above
        None, description="`submitted` submits the draft; a submitted self-assessment cannot change."
    )
    ratings: dict[str, Rating | None] = Field(
        None,  # type: ignore[arg-type]  # see above
        max_length=21,
        description=f"Ratings to set (null removes one). {CODES_DOC}",
    )
    comments: dict[str, str | None] = Field(
        None,  # type: ignore[arg-type]  # see above
        max_length=21,
        description=f"Comments to set (null removes one). {CODES_DOC}",
    )

    _codes = field_validator("ratings", "comments")(_known_codes)


class ColourCounts(APIModel):
    red: int = Field(ge=0, le=21)
    amber: int = Field(ge=0, le=21)
    green: int = Field(ge=0, le=21)
    unrated: int = Field(ge=0, le=21)


class NeedItem(APIModel):
    code: str = Field(max_length=10, description="Expectation code.")
    standard: str = Field(max_length=10, description="Standard code, e.g. `NS2`.")
    text: str = Field(max_length=2000, description="The expectation.")
    rating: Rating
    comment: str | None = Field(None, max_length=2000)


class RatingChange(APIModel):
    code: str = Field(max_length=10)
    previous: Rating | None = Field(description="Rating in the previous submitted self-assessment.")
    current: Rating | None = Field(description="Rating now.")
    direction: str = Field(
        max_length=10, description="`improved`, `declined` or `changed` (rated or unrated)."
    )


class Comparison(APIModel):
    previous_id: uuid.UUID = Field(description="The mentor's previous submitted self-assessment.")
    previous_submitted_at: UTCDateTime
    improved: int = Field(ge=0, le=21)
    declined: int = Field(ge=0, le=21)
    unchanged: int = Field(ge=0, le=21)
    changes: list[RatingChange] = Field(max_length=21, description="Expectations whose rating changed.")


class Summary(APIModel):
    by_standard: dict[str, ColourCounts] = Field(description="Counts per standard (`NS1`…`NS4`) and colour.")
    totals: ColourCounts
    development_needs: list[NeedItem] = Field(
        max_length=21, description="Red and amber expectations, in order."
    )
    change: Comparison | None = Field(
        description="Against the mentor's previous submitted self-assessment; null when there is none."
    )


class SelfAssessmentPublic(APIModel):
    id: uuid.UUID
    mentor_id: uuid.UUID
    status: AssessmentStatus
    ratings: dict[str, Rating]
    comments: dict[str, str]
    submitted_at: UTCDateTime | None = Field(description="When it was submitted: the snapshot's date.")
    version: int = Field(ge=1, description="Increases with every change; the ETag is this number, quoted.")
    summary: Summary
    created_at: UTCDateTime
    updated_at: UTCDateTime
