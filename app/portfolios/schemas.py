"""Portfolio bodies: sections, evidence, the assessment and moderation, and the record of training."""

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from app.catalogue import OUTCOME_CODES
from app.enums import PortfolioStatus
from app.schemas import APIModel, Hours, UTCDateTime

NARRATIVE = 20000
NARRATIVE_DOC = (
    "Reflective narrative: what evidence shows the trainee improved because of my intervention; "
    "what have I learnt; how has this impacted my practice; how will it inform my future practice."
)
HoursOut = Hours(ge=0, le=100000)


class Section(StrEnum):
    tutorial = "tutorial"
    pastoral = "pastoral"
    assessment = "assessment"


class EvidenceKind(StrEnum):
    observation_report = "observation_report"
    meeting_log = "meeting_log"
    training_material = "training_material"
    trainee_evaluation = "trainee_evaluation"
    mapping_exercise = "mapping_exercise"
    other = "other"


class Decision(StrEnum):
    passed = "passed"
    referred = "referred"


class ModerationDecision(StrEnum):
    agree = "agree"
    disagree = "disagree"


class SectionText(APIModel):
    narrative: str | None = Field(None, max_length=NARRATIVE, description=NARRATIVE_DOC)


class Sections(APIModel):
    """The three assessed sections; a section left out stays as it is."""

    tutorial: SectionText | None = None
    pastoral: SectionText | None = None
    assessment: SectionText | None = None


class PortfolioCreate(APIModel):
    mentor_id: uuid.UUID | None = Field(None, description="The mentor; a mentor's own id by default.")
    provider_id: uuid.UUID = Field(description="The provider that assesses and moderates the portfolio.")
    sections: Sections = Field(default_factory=Sections)
    professional_development: str | None = Field(
        None, max_length=NARRATIVE, description="Professional development narrative (no evidence)."
    )


class PortfolioUpdate(APIModel):
    """Changes while draft or referred; sections are merged one section at a time."""

    # Absent means unchanged; an explicit null is refused (the fields are not nullable).
    provider_id: uuid.UUID = Field(None, description="Only while draft.")  # type: ignore[assignment]  # see above
    sections: Sections = Field(None)  # type: ignore[assignment]  # see above
    professional_development: str | None = Field(None, max_length=NARRATIVE)


class EvidenceCreate(APIModel):
    """An evidence item: signposted (outcome codes) and/or annotated; at least one of the two."""

    section: Section = Field(description="`tutorial`, `pastoral` or `assessment`: at most 5 items each.")
    title: str = Field(min_length=1, max_length=200, description="What the item is.")
    kind: EvidenceKind = Field(description="The kind of evidence.")
    annotation: str | None = Field(None, max_length=4000, description="What the item demonstrates.")
    outcome_codes: list[str] = Field(
        default_factory=list,
        max_length=42,
        description="Stage 2 learning outcomes it signposts (`LP2-T01`…`LP2-A18`).",
    )

    @field_validator("outcome_codes")
    @classmethod
    def _stage_2(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not code.startswith("LP2-") or code not in OUTCOME_CODES:
                raise ValueError(f"{code[:20]!r} is not a Stage 2 learning outcome code (LP2-T01 to LP2-A18)")
        return list(dict.fromkeys(codes))

    @model_validator(mode="after")
    def _signposted_or_annotated(self) -> "EvidenceCreate":
        if not self.outcome_codes and not (self.annotation or "").strip():
            raise ValueError("evidence must be signposted (outcome_codes) and/or annotated (annotation)")
        return self


class AssessmentCreate(APIModel):
    decision: Decision = Field(description="`passed`, or `referred` back to the mentor to rework.")
    feedback: str | None = Field(
        None, max_length=NARRATIVE, description="Feedback to the mentor; required when referring."
    )
    assessor_name: str | None = Field(None, max_length=200, description="The person assessing.")


class ModerationCreate(APIModel):
    decision: ModerationDecision = Field(
        description="Whether the second assessor agrees with the assessment."
    )
    notes: str | None = Field(None, max_length=NARRATIVE, description="Moderation notes.")
    moderator_name: str | None = Field(None, max_length=200, description="The person moderating.")


class FileInfo(APIModel):
    name: str | None = Field(max_length=255, description="The uploaded file name.")
    media_type: str = Field(max_length=100, description="Detected from the content.")
    size: int = Field(ge=0, description="Bytes.")
    sha256: str = Field(max_length=64, description="Hex SHA-256 of the content.")


class EvidencePublic(APIModel):
    id: uuid.UUID
    section: Section
    title: str
    kind: EvidenceKind
    annotation: str | None
    outcome_codes: list[str]
    file: FileInfo | None = Field(
        description="Download at `/api/v1/portfolios/{id}/evidence/{evidence_id}/file`."
    )
    created_at: UTCDateTime
    updated_at: UTCDateTime


class AssessmentPublic(APIModel):
    decision: Decision
    feedback: str | None
    assessor_name: str | None
    assessor_api_client_id: uuid.UUID | None = Field(description="The API client that recorded it.")
    assessed_at: UTCDateTime
    decided_on: date


class ModerationPublic(APIModel):
    decision: ModerationDecision
    notes: str | None
    moderator_name: str | None
    moderator_api_client_id: uuid.UUID | None = Field(description="The API client that recorded it.")
    at: UTCDateTime


class EventPublic(APIModel):
    from_status: PortfolioStatus | None
    to_status: PortfolioStatus
    actor_api_client_id: uuid.UUID | None
    actor_name: str | None
    at: UTCDateTime
    notes: str | None


class PortfolioPublic(APIModel):
    id: uuid.UUID
    mentor_id: uuid.UUID
    provider_id: uuid.UUID
    kind: str = Field(max_length=64, description="`lp-stage-2`.")
    status: PortfolioStatus
    sections: dict[Section, SectionText] = Field(
        description="Narratives of `tutorial`, `pastoral`, `assessment`."
    )
    professional_development: str | None
    evidence: list[EvidencePublic]
    submitted_at: UTCDateTime | None
    decided_on: date | None = Field(description="Date of the latest pass or referral.")
    assessment: AssessmentPublic | None = Field(description="The latest pass or referral.")
    moderation: ModerationPublic | None = Field(
        description="Moderation of the latest assessment, once recorded."
    )
    history: list[EventPublic] = Field(description="Every status change, oldest first.")
    version: int = Field(ge=1, description="Increases with every change; the ETag is this number, quoted.")
    created_at: UTCDateTime
    updated_at: UTCDateTime


class CertificateRef(APIModel):
    id: uuid.UUID
    provider_id: uuid.UUID | None
    issued_on: date


class SessionAttended(APIModel):
    training_session_id: uuid.UUID
    title: str
    provider_id: uuid.UUID
    provider_name: str
    on: date = Field(description="The day of the session (in England).")
    hours: HoursOut  # type: ignore[valid-type]  # Hours() builds an Annotated type


class TraineeMentored(APIModel):
    trainee_id: uuid.UUID
    route: str | None = Field(max_length=50, description="The trainee's programme route, e.g. `pgce`.")
    phase: str | None = Field(max_length=30)
    hours: HoursOut  # type: ignore[valid-type]  # Hours() builds an Annotated type


class SchoolRef(APIModel):
    id: uuid.UUID
    urn: str
    name: str
    phase: str | None


class TrainingRecord(APIModel):
    """The record of training and learning, computed from the service's own records."""

    as_of: date
    prerequisite_route: str | None = Field(
        max_length=1,
        description="`A` (holds lp-stage-1), `B` (2007 Professional Standards declaration) or null.",
    )
    stage_1_certificate: CertificateRef | None
    professional_standards_2007_declared_on: date | None
    stage_2_sessions: list[SessionAttended] = Field(
        description="Attended sessions counting toward lp-stage-2-attendance."
    )
    stage_2_training_hours: HoursOut  # type: ignore[valid-type]  # Hours() builds an Annotated type
    stage_2_certificate: CertificateRef | None = Field(description="The lp-stage-2-attendance certificate.")
    mentoring_hours_since_stage_2: HoursOut  # type: ignore[valid-type]  # Hours() builds an Annotated type
    trainees_since_stage_2: list[TraineeMentored] = Field(
        description="Placements since the Stage 2 certificate."
    )
    school: SchoolRef | None
    phase: str | None = Field(max_length=30, description="The mentor's phase.")


class PortfolioDetail(PortfolioPublic):
    record: TrainingRecord
