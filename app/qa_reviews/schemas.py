"""QA review bodies: the seed 004 evidence checklist, six criteria, sign-off."""

import uuid
from datetime import date

from pydantic import Field

from app.enums import ReviewStatus
from app.metrics.schemas import CertificateFigures, FeedbackSummary, PortfolioFigures
from app.schemas import APIModel, UTCDateTime

EVIDENCE_KEYS = ("programme_outline", "trainers", "resources", "evaluation_summaries", "portfolio_samples")
CRITERIA_KEYS = ("programme_meets_outcomes", "pedagogy_consistent", "evaluation_and_review",
                 "certified_mentors_increasing", "resources_appropriate", "portfolio_rigour")


# ``type: ignore[assignment]`` below: a None default on a non-nullable field, so an absent field stays
# as it is while an explicit null is refused.
class EvidenceItemIn(APIModel):
    provided: bool = Field(None, description="The reviewed provider supplied it.")  # type: ignore[assignment]
    notes: str | None = Field(None, max_length=4000, description="What was seen.")


# ``type: ignore[assignment]`` below: a None default on a non-nullable field, so an absent field stays
# as it is while an explicit null is refused.
class EvidenceIn(APIModel):
    """Checklist items to change; absent items stay as they are."""

    programme_outline: EvidenceItemIn = Field(  # type: ignore[assignment]
        None, description="Programme with dates, responsible tutor and links to framework outcomes.")
    trainers: EvidenceItemIn = Field(None, description="Trainers and their experience.")  # type: ignore[assignment]
    resources: EvidenceItemIn = Field(None, description="Resources used.")  # type: ignore[assignment]
    evaluation_summaries: EvidenceItemIn = Field(  # type: ignore[assignment]
        None, description="Summaries of session evaluations with actions taken on feedback.")
    portfolio_samples: EvidenceItemIn = Field(  # type: ignore[assignment]
        None, description="Sample Stage 2 portfolios with internal moderation.")


class CriterionIn(APIModel):
    met: bool | None = Field(None, description="Yes / no; null while not yet answered.")
    comment: str | None = Field(None, max_length=4000, description="The reviewer's comment.")


# ``type: ignore[assignment]`` below: a None default on a non-nullable field, so an absent field stays
# as it is while an explicit null is refused.
class CriteriaIn(APIModel):
    """Criteria to change; absent criteria stay as they are."""

    programme_meets_outcomes: CriterionIn = Field(  # type: ignore[assignment]
        None, description="1. The programme is planned to meet the framework outcomes.")
    pedagogy_consistent: CriterionIn = Field(  # type: ignore[assignment]
        None, description="2. Observed pedagogy is consistent with the framework.")
    evaluation_and_review: CriterionIn = Field(  # type: ignore[assignment]
        None, description="3. Regular and systematic evaluation and review.")
    certified_mentors_increasing: CriterionIn = Field(  # type: ignore[assignment]
        None, description="4. The number of certified mentors is satisfactory / increasing.")
    resources_appropriate: CriterionIn = Field(  # type: ignore[assignment]
        None, description="5. The resource base is appropriate.")
    portfolio_rigour: CriterionIn = Field(  # type: ignore[assignment]
        None, description="6. Sample portfolios show sufficient analytical rigour and depth.")


SIGNED_BY = Field(None, min_length=1, max_length=200, description="Name of the reviewer who signs it.")
SIGNED_ON = Field(None, description="Date signed; not in the future. Required to complete.")
VISIT_ON = Field(None, description="Date of the review visit.")
COMMENTS = Field(None, max_length=8000, description="Additional comments / areas for development.")
STATUS_DOC = ("`proposed` -> `planned` -> `in_progress` -> `completed` (forward only; completed is read-only). "
              "A reviewer's new review is `proposed` until the reviewed provider accepts it (POST …/accept); "
              "an admin's starts as given.")


class QAReviewCreate(APIModel):
    reviewer_provider_id: uuid.UUID = Field(description="The reviewing provider; a provider names itself.")
    reviewed_provider_id: uuid.UUID = Field(description="The provider whose mentor training is reviewed.")
    visit_on: date | None = VISIT_ON
    evidence: EvidenceIn | None = Field(None, description="The evidence checklist.")
    criteria: CriteriaIn | None = Field(None, description="The six criteria.")
    additional_comments: str | None = COMMENTS
    status: ReviewStatus = Field(ReviewStatus.planned, description=STATUS_DOC)
    signed_by: str | None = SIGNED_BY
    signed_on: date | None = SIGNED_ON


# ``type: ignore[assignment]`` below: a None default on a non-nullable field, so an absent field stays
# as it is while an explicit null is refused.
class QAReviewUpdate(APIModel):
    """Fields to change (the reviewer or an admin); absent fields stay as they are."""

    visit_on: date | None = VISIT_ON
    evidence: EvidenceIn = Field(None, description="Checklist items to change.")  # type: ignore[assignment]
    criteria: CriteriaIn = Field(None, description="Criteria to change.")  # type: ignore[assignment]
    additional_comments: str | None = COMMENTS
    status: ReviewStatus = Field(None, description=STATUS_DOC)  # type: ignore[assignment]
    signed_by: str | None = SIGNED_BY
    signed_on: date | None = SIGNED_ON


class EvidenceItem(APIModel):
    provided: bool
    notes: str | None


class Evidence(APIModel):
    programme_outline: EvidenceItem
    trainers: EvidenceItem
    resources: EvidenceItem
    evaluation_summaries: EvidenceItem
    portfolio_samples: EvidenceItem


class Criterion(APIModel):
    met: bool | None = Field(description="Yes / no; null while not yet answered.")
    comment: str | None


class FeedbackCriterion(Criterion):
    figures: FeedbackSummary | None = Field(None, description="Session feedback when the review was created.")


class CertificatesCriterion(Criterion):
    figures: CertificateFigures | None = Field(None, description="Certificates when the review was created.")


class PortfoliosCriterion(Criterion):
    figures: PortfolioFigures | None = Field(None, description="Portfolios when the review was created.")


class Criteria(APIModel):
    """The six criteria; 3, 4 and 6 carry the provider's figures as evidence, taken when the review is agreed."""

    programme_meets_outcomes: Criterion
    pedagogy_consistent: Criterion
    evaluation_and_review: FeedbackCriterion
    certified_mentors_increasing: CertificatesCriterion
    resources_appropriate: Criterion
    portfolio_rigour: PortfoliosCriterion


class QAReviewPublic(APIModel):
    id: uuid.UUID
    reviewer_provider_id: uuid.UUID
    reviewed_provider_id: uuid.UUID
    visit_on: date | None
    evidence: Evidence
    criteria: Criteria
    additional_comments: str | None
    status: ReviewStatus
    signed_by: str | None
    signed_on: date | None
    next_due_on: date | None = Field(description="signed_on + 2 years (29 February -> 28 February), once "
                                                 "completed.")
    version: int = Field(ge=1, description="Changes with every edit; the ETag is this number in quotes.")
    created_at: UTCDateTime
    updated_at: UTCDateTime


class OverdueProvider(APIModel):
    provider_id: uuid.UUID
    provider_name: str = Field(max_length=200)
    last_signed_on: date | None = Field(description="Signing date of its last completed review, if any.")
    due_on: date = Field(description="When its next review fell due (registration date if never reviewed).")
    days_overdue: int = Field(ge=0, description="Days between due_on and as_of.")
