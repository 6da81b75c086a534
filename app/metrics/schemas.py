"""Provider metrics bodies: the figures a QA review takes as evidence."""

import uuid
from enum import StrEnum

from pydantic import Field

from app.schemas import APIModel

YEAR = Field(max_length=7, pattern=r"^\d{4}/\d{2}$", description="Academic year, e.g. `2025/26`.")


class Trend(StrEnum):
    increasing = "increasing"
    steady = "steady"
    decreasing = "decreasing"


class YearCount(APIModel):
    academic_year: str = YEAR
    count: int = Field(ge=0, description="How many in that academic year.")


class Series(APIModel):
    counts: list[YearCount] = Field(max_length=5, description="One entry per academic year, oldest first.")
    trend: Trend = Field(description="Sign of the least-squares slope of the counts over the five years.")


class AwardSeries(Series):
    award: str = Field(max_length=64, description="Award code.")
    total: int = Field(ge=0, description="Certificates of this award over the five years.")


class CertificateFigures(APIModel):
    """Certificates the provider awarded, per academic year; revoked and external records excluded."""

    academic_years: list[str] = Field(max_length=5, description="The five academic years, oldest first.")
    by_award: list[AwardSeries] = Field(max_length=1000, description="Awards with at least one certificate.")
    certified_mentors: Series = Field(description="Distinct mentors certified per academic year, any award.")


class FeedbackCounts(APIModel):
    responses: int = Field(ge=0, description="Feedback responses on the provider's sessions.")
    mean_rating: float | None = Field(ge=1, le=5,
                                      description="Mean rating (1-5), two decimals; null without responses.")
    with_action: int = Field(ge=0, description="Responses with an action recorded by the provider.")
    action_share: float | None = Field(ge=0, le=1, description="with_action / responses, three decimals.")


class ProgrammeFeedback(FeedbackCounts):
    programme_id: uuid.UUID | None = Field(description="Null for sessions outside a programme.")
    programme_name: str | None = Field(max_length=200)


class FeedbackSummary(FeedbackCounts):
    """Session feedback on the provider's sessions held in the academic year."""

    academic_year: str = YEAR
    by_programme: list[ProgrammeFeedback] = Field(max_length=10000,
                                                  description="The same figures per programme.")


class PortfolioFigures(APIModel):
    """Stage 2 portfolios at the provider with each step recorded in the academic year."""

    academic_year: str = YEAR
    submitted: int = Field(ge=0, description="Submissions in the year (a resubmission counts again).")
    passed: int = Field(ge=0, description="Assessments with decision `passed` in the year.")
    referred: int = Field(ge=0, description="Assessments with decision `referred` in the year.")
    moderated: int = Field(ge=0, description="Assessments internally moderated in the year.")


class ProviderMetrics(APIModel):
    provider_id: uuid.UUID
    academic_year: str = YEAR
    certificates: CertificateFigures
    session_feedback: FeedbackSummary
    portfolios: PortfolioFigures
