"""Provider figures for QA: a bounded number of GROUP BY queries whatever the number of rows."""

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app import clock
from app.enums import PortfolioStatus, ReviewStatus
from app.errors import InvalidInput, NotFound
from app.metrics.schemas import (
    AwardSeries,
    CertificateFigures,
    FeedbackSummary,
    PortfolioFigures,
    ProgrammeFeedback,
    ProviderMetrics,
    Series,
    Trend,
    YearCount,
)
from app.models.awarding import Certificate
from app.models.portfolio import Portfolio, PortfolioEvent, PortfolioModeration
from app.models.qa_review import QAReview
from app.models.registry import Provider
from app.models.training import Programme, SessionFeedback, TrainingSession
from app.principal import Principal
from app.rules.dates import academic_year_label, academic_year_start_year

YEARS = 5
STEPS = (PortfolioStatus.submitted, PortfolioStatus.passed, PortfolioStatus.referred)
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def parse_academic_year(value: str | None, *, today: date) -> int:
    """The start year of ``2025/26`` (2025); today's academic year when absent."""
    if value is None:
        return academic_year_start_year(today)
    match = _YEAR.match(value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]) or int(match[1]) < 1900:
        raise InvalidInput(["query", "academic_year"], "must be an academic year such as 2025/26")
    return int(match[1])


def trend(counts: list[int]) -> Trend:
    """``increasing``, ``steady`` or ``decreasing``: the sign of the least-squares slope."""
    mid = (len(counts) - 1) / 2
    slope = sum((i - mid) * c for i, c in enumerate(counts))
    return Trend.increasing if slope > 0 else Trend.decreasing if slope < 0 else Trend.steady


def _year_counts(years: list[str], by_year: dict[str, int]) -> list[YearCount]:
    return [YearCount(academic_year=y, count=by_year.get(y, 0)) for y in years]


def _series(years: list[str], by_year: dict[str, int]) -> Series:
    counts = _year_counts(years, by_year)
    return Series(counts=counts, trend=trend([c.count for c in counts]))


def certificate_figures(session: Session, *, provider_id: uuid.UUID, start_year: int) -> CertificateFigures:
    """Certificates per award and distinct certified mentors for the five years ending with ``start_year``."""
    # Revoked certificates and external ones (issued elsewhere, only recorded by the provider) do not count.
    years = [academic_year_label(start_year - i) for i in range(YEARS - 1, -1, -1)]
    where = (Certificate.provider_id == provider_id, col(Certificate.revoked_on).is_(None),
             col(Certificate.external).is_(False), col(Certificate.academic_year).in_(years))
    per_award: dict[str, dict[str, int]] = {}
    stmt = select(Certificate.award, Certificate.academic_year, func.count()).where(*where)
    for award, year, count in session.exec(stmt.group_by(Certificate.award, Certificate.academic_year)):
        per_award.setdefault(award, {})[year] = count
    distinct_mentors = func.count(func.distinct(Certificate.mentor_id))
    mentors_stmt = select(Certificate.academic_year, distinct_mentors).where(*where)
    mentors = dict(session.exec(mentors_stmt.group_by(Certificate.academic_year)).all())
    by_award = []
    for award, counts in sorted(per_award.items()):
        series = _series(years, counts)
        by_award.append(AwardSeries(award=award, total=sum(counts.values()), counts=series.counts,
                                    trend=series.trend))
    return CertificateFigures(academic_years=years, by_award=by_award, certified_mentors=_series(years, mentors))


def _feedback_counts(responses: int, rating_sum: int, with_action: int) -> dict[str, Any]:
    """The fields of ``FeedbackCounts``, shared by the overall and per-programme figures."""
    return {"responses": responses, "with_action": with_action,
            "mean_rating": round(rating_sum / responses, 2) if responses else None,
            "action_share": round(with_action / responses, 3) if responses else None}


def _year_bounds(start_year: int) -> tuple[datetime, datetime]:
    return datetime(start_year, 9, 1, tzinfo=UTC), datetime(start_year + 1, 9, 1, tzinfo=UTC)


def feedback_summary(session: Session, *, provider_id: uuid.UUID, start_year: int) -> FeedbackSummary:
    """Feedback on the provider's sessions starting in the academic year, overall and per programme."""
    start, end = _year_bounds(start_year)
    acted = case((func.trim(SessionFeedback.action_taken) != "", 1), else_=0)
    stmt = (select(TrainingSession.programme_id, Programme.name, func.count(),  # type: ignore[call-overload]
                   func.sum(SessionFeedback.rating), func.sum(acted))  # (sqlmodel types up to four columns)
            .join(TrainingSession, col(SessionFeedback.training_session_id) == TrainingSession.id)
            .outerjoin(Programme, col(TrainingSession.programme_id) == Programme.id)
            .where(TrainingSession.provider_id == provider_id, TrainingSession.starts_at >= start,
                   TrainingSession.starts_at < end)
            .group_by(TrainingSession.programme_id, Programme.name))
    rows = [(pid, name, int(n), int(total or 0), int(acts or 0))
            for pid, name, n, total, acts in session.exec(stmt)]
    rows.sort(key=lambda r: (r[1] is None, r[1] or "", str(r[0])))
    by_programme = [ProgrammeFeedback(programme_id=pid, programme_name=name, **_feedback_counts(n, total, acts))
                    for pid, name, n, total, acts in rows]
    overall = _feedback_counts(sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] for r in rows))
    return FeedbackSummary(academic_year=academic_year_label(start_year), **overall, by_programme=by_programme)


def portfolio_figures(session: Session, *, provider_id: uuid.UUID, start_year: int) -> PortfolioFigures:
    """Portfolio steps at the provider in the academic year: status changes and moderations recorded then."""
    start, end = _year_bounds(start_year)
    steps = (select(PortfolioEvent.to_status, func.count())
             .join(Portfolio, col(PortfolioEvent.portfolio_id) == Portfolio.id)
             .where(Portfolio.provider_id == provider_id, col(PortfolioEvent.to_status).in_(STEPS),
                    PortfolioEvent.at >= start, PortfolioEvent.at < end)
             .group_by(PortfolioEvent.to_status))
    counts = dict(session.exec(steps).all())
    moderated = (select(func.count()).select_from(PortfolioModeration)
                 .join(Portfolio, col(PortfolioModeration.portfolio_id) == Portfolio.id)
                 .where(Portfolio.provider_id == provider_id, PortfolioModeration.at >= start,
                        PortfolioModeration.at < end))
    return PortfolioFigures(academic_year=academic_year_label(start_year),
                            submitted=counts.get(PortfolioStatus.submitted, 0),
                            passed=counts.get(PortfolioStatus.passed, 0),
                            referred=counts.get(PortfolioStatus.referred, 0),
                            moderated=session.exec(moderated).one())


def figures(session: Session, *, provider_id: uuid.UUID, start_year: int) -> ProviderMetrics:
    """Every figure for one provider and academic year (no scope check: callers check)."""
    return ProviderMetrics(
        provider_id=provider_id, academic_year=academic_year_label(start_year),
        certificates=certificate_figures(session, provider_id=provider_id, start_year=start_year),
        session_feedback=feedback_summary(session, provider_id=provider_id, start_year=start_year),
        portfolios=portfolio_figures(session, provider_id=provider_id, start_year=start_year))


def _metrics_condition(principal: Principal) -> ColumnElement[bool] | None:
    """A provider reads its own figures and those of providers that agreed to its review (not merely proposed)."""
    if principal.is_admin:
        return None
    reviewed = select(QAReview.reviewed_provider_id).where(
        QAReview.reviewer_provider_id == principal.provider_id, QAReview.status != ReviewStatus.proposed)
    return or_(col(Provider.id) == principal.provider_id, col(Provider.id).in_(reviewed))


def provider_metrics(session: Session, *, principal: Principal, provider_id: uuid.UUID,
                     academic_year: str | None, today: date | None = None) -> ProviderMetrics:
    """Figures of a provider the caller may read (404 otherwise), five years ending with ``academic_year``."""
    start_year = parse_academic_year(academic_year, today=today or clock.today())
    stmt = select(Provider.id).where(Provider.id == provider_id)
    condition = _metrics_condition(principal)
    if condition is not None:
        stmt = stmt.where(condition)
    if session.exec(stmt).first() is None:
        raise NotFound("provider")
    return figures(session, provider_id=provider_id, start_year=start_year)
