"""QA reviews: one provider reviews another's mentor training every two years (seed 004)."""

import copy
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app import clock
from app.enums import ReviewStatus
from app.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from app.etags import claim
from app.metrics import service as metrics_service
from app.models.qa_review import QAReview
from app.models.registry import Provider
from app.pagination import ListQuery, cursor_id, id_cursor, paginate, where_given
from app.principal import Principal
from app.qa_reviews.schemas import CRITERIA_KEYS, EVIDENCE_KEYS, OverdueProvider, QAReviewCreate, QAReviewUpdate
from app.rules.dates import academic_year_start_year
from app.schemas import aware_utc
from app.tenancy import get_visible

STEPS = {ReviewStatus.proposed: 0, ReviewStatus.planned: 1, ReviewStatus.in_progress: 2, ReviewStatus.completed: 3}
OPEN = (ReviewStatus.proposed, ReviewStatus.planned, ReviewStatus.in_progress)
PREFILLED = {"evaluation_and_review": "session_feedback", "certified_mentors_increasing": "certificates",
             "portfolio_rigour": "portfolios"}
REVIEW_YEARS = 2


def add_years(d: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def party_condition(principal: Principal) -> ColumnElement[bool]:
    """Reviews the caller may read: admins all, a provider those it reviews or is reviewed in."""
    if principal.is_admin:
        return true()
    return or_(col(QAReview.reviewer_provider_id) == principal.provider_id,
               col(QAReview.reviewed_provider_id) == principal.provider_id)


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> QAReview:
    """A review the caller is party to (404 otherwise)."""
    review: QAReview = get_visible(session, QAReview, id, party_condition(principal), "QA review")
    return review


def list_(session: Session, *, principal: Principal, query: ListQuery, reviewer_provider_id: uuid.UUID | None,
          reviewed_provider_id: uuid.UUID | None,
          status: ReviewStatus | None) -> tuple[list[QAReview], str | None]:
    """Reviews the caller is party to, filtered."""
    stmt = select(QAReview).where(party_condition(principal))
    stmt = where_given(
        stmt,
        (QAReview.reviewer_provider_id, reviewer_provider_id),
        (QAReview.reviewed_provider_id, reviewed_provider_id),
        (QAReview.status, status),
    )
    return paginate(session, stmt, QAReview, query)


def _check_parties(session: Session, principal: Principal, reviewer: uuid.UUID, reviewed: uuid.UUID) -> None:
    if not principal.is_admin and principal.provider_id != reviewer:
        raise Forbidden("a provider creates reviews only as the reviewer")
    if reviewer == reviewed:
        raise InvalidInput(["body", "reviewed_provider_id"], "a provider does not review itself")
    known = set(session.exec(select(Provider.id).where(col(Provider.id).in_([reviewer, reviewed]))).all())
    for field, id_ in (("reviewer_provider_id", reviewer), ("reviewed_provider_id", reviewed)):
        if id_ not in known:
            raise InvalidInput(["body", field], "no provider has this id")
    clash = select(QAReview.id).where(
        QAReview.reviewer_provider_id == reviewer, QAReview.reviewed_provider_id == reviewed,
        col(QAReview.status).in_(OPEN))
    if session.exec(clash).first() is not None:
        raise Conflict("this reviewer already has an open review of this provider")


def _blank() -> tuple[dict[str, Any], dict[str, Any]]:
    evidence = {key: {"provided": False, "notes": None} for key in EVIDENCE_KEYS}
    criteria: dict[str, Any] = {key: {"met": None, "comment": None} for key in CRITERIA_KEYS}
    for key in PREFILLED:
        criteria[key]["figures"] = None
    return evidence, criteria


def _figures(session: Session, provider_id: uuid.UUID, visit_on: date | None, today: date) -> dict[str, Any]:
    """A provider's figures for the academic year of the visit (of today when later or unknown)."""
    year = academic_year_start_year(min(visit_on, today) if visit_on else today)
    return metrics_service.figures(session, provider_id=provider_id, start_year=year).model_dump(mode="json")


def _prefill(review: QAReview, figures: dict[str, Any]) -> None:
    criteria = copy.deepcopy(review.criteria)
    for key, part in PREFILLED.items():
        criteria[key]["figures"] = figures[part]
    review.criteria = criteria


def _initial_status(principal: Principal, body: QAReviewCreate) -> ReviewStatus:
    """An admin's review starts as given; a reviewer's is proposed until the reviewed provider accepts it."""
    if principal.is_admin:
        return body.status
    if "status" in body.model_fields_set and body.status not in (ReviewStatus.proposed, ReviewStatus.planned):
        raise Conflict("a review is proposed until the reviewed provider accepts it",
                       errors=[{"loc": ["body", "status"], "msg": "a new review is proposed"}])
    return ReviewStatus.proposed


def create(session: Session, *, principal: Principal, body: QAReviewCreate,
           today: date | None = None) -> QAReview:
    """A new review by the caller (any reviewer for an admin); the reviewed figures come once it is accepted."""
    today = today or clock.today()
    reviewer, reviewed = body.reviewer_provider_id, body.reviewed_provider_id
    _check_parties(session, principal, reviewer, reviewed)
    status = _initial_status(principal, body)
    evidence, criteria = _blank()
    review = QAReview(reviewer_provider_id=reviewer, reviewed_provider_id=reviewed, evidence=evidence,
                      criteria=criteria, status=status)
    if status != ReviewStatus.proposed:
        _prefill(review, _figures(session, reviewed, body.visit_on, today))
    data = body.model_dump(exclude_unset=True, exclude={"reviewer_provider_id", "reviewed_provider_id", "status"})
    _apply(review, {k: v for k, v in data.items() if v is not None}, today)
    session.add(review)
    session.commit()
    return review


def accept(session: Session, *, principal: Principal, id: uuid.UUID, today: date | None = None) -> QAReview:
    """The reviewed provider (or an admin) agrees to a proposed review: it is planned, figures pre-filled."""
    review = get(session, principal=principal, id=id)
    if not principal.is_admin and principal.provider_id != review.reviewed_provider_id:
        raise Forbidden("only the reviewed provider accepts a review")
    if review.status != ReviewStatus.proposed:
        raise Conflict(f"only a proposed review is accepted; it is {review.status}")
    claim(session, review, if_match=[review.version])  # a concurrent accept or edit: 412, nothing written
    _prefill(review, _figures(session, review.reviewed_provider_id, review.visit_on, today or clock.today()))
    review.status = ReviewStatus.planned
    session.add(review)
    session.commit()
    return review


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: QAReviewUpdate,
           if_match: list[int] | None = None, today: date | None = None) -> QAReview:
    """Change a review: only its reviewer (or an admin), never once completed; a stale ``If-Match`` is 412."""
    review = get(session, principal=principal, id=id)
    if not principal.is_admin and principal.provider_id != review.reviewer_provider_id:
        raise Forbidden("only the reviewing provider changes a review")
    claim(session, review, if_match=if_match)
    if review.status == ReviewStatus.completed:
        raise Conflict("a completed review is read-only")
    _apply(review, body.model_dump(exclude_unset=True), today or clock.today())
    session.add(review)
    session.commit()
    return review


def _merge(stored: dict[str, Any], changes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged = copy.deepcopy(stored)
    for key, fields in changes.items():
        merged[key].update(fields)
    return merged


def _apply(review: QAReview, changes: dict[str, Any], today: date) -> None:
    """Merge ``changes`` into the review, then check dates, the status step and completion."""
    changes = dict(changes)
    if "evidence" in changes:
        review.evidence = _merge(review.evidence, changes.pop("evidence"))
    if "criteria" in changes:
        review.criteria = _merge(review.criteria, changes.pop("criteria"))
    status = changes.pop("status", None)
    if status is not None and status != review.status and review.status == ReviewStatus.proposed:
        raise Conflict("a proposed review progresses once the reviewed provider accepts it",
                       errors=[{"loc": ["body", "status"], "msg": "the review is not yet accepted"}])
    if status is not None and STEPS[ReviewStatus(status)] < STEPS[ReviewStatus(review.status)]:
        raise Conflict(f"a review only moves forward, planned to completed; it is {review.status}")
    review.sqlmodel_update(changes)
    if status is not None:
        review.status = ReviewStatus(status)
    _check_dates(review, today)
    if review.status == ReviewStatus.completed:
        _check_complete(review)
        assert review.signed_on is not None
        review.next_due_on = add_years(review.signed_on, REVIEW_YEARS)


def _check_dates(review: QAReview, today: date) -> None:
    if review.signed_on is not None and review.signed_on > today:
        raise InvalidInput(["body", "signed_on"], "must not be in the future")
    if review.signed_on is not None and review.visit_on is not None and review.signed_on < review.visit_on:
        raise InvalidInput(["body", "signed_on"], "must not be before visit_on")


def _check_complete(review: QAReview) -> None:
    """422 naming every unanswered criterion and missing signature field."""
    missing = [key for key in CRITERIA_KEYS if review.criteria[key].get("met") is None]
    errors: list[dict[str, Any]] = [
        {"loc": ["body", "criteria", key, "met"], "msg": "answer yes or no to complete"} for key in missing]
    unsigned = [f for f in ("signed_by", "signed_on") if not getattr(review, f)]
    errors += [{"loc": ["body", f], "msg": "required to complete"} for f in unsigned]
    if errors:
        parts = ([f"unanswered criteria: {', '.join(missing)}"] if missing else []) + \
                ([f"missing {', '.join(unsigned)}"] if unsigned else [])
        raise RuleViolation("a review is completed only with all six criteria answered and signed; "
                            + "; ".join(parts), errors=errors, missing_criteria=missing,
                            missing_fields=unsigned)


def _overdue_scope(principal: Principal) -> ColumnElement[bool]:
    """Admins see every provider; a provider its own entry and those of providers it has reviewed."""
    if principal.is_admin:
        return true()
    reviewed = select(QAReview.reviewed_provider_id).where(
        QAReview.reviewer_provider_id == principal.provider_id, QAReview.status != ReviewStatus.proposed)
    return or_(col(Provider.id) == principal.provider_id, col(Provider.id).in_(reviewed))


def overdue(session: Session, *, principal: Principal, query: ListQuery,
            as_of: date | None = None) -> tuple[list[OverdueProvider], str | None]:
    """Providers whose QA review is overdue on ``as_of`` (today), ordered by provider id."""
    # Only completed reviews signed on or before ``as_of`` count. A provider is listed when its last one is
    # more than two years old (``next_due_on`` before ``as_of``), or when it never had one: a provider is due
    # a review from the day it is registered, so its ``due_on`` is then its ``created_at`` date (UTC) and it
    # is listed from that day. ``updated_since`` does not apply: the list is derived from the date.
    as_of = as_of or clock.today()
    last = (select(col(QAReview.reviewed_provider_id).label("provider_id"),
                   func.max(QAReview.signed_on).label("signed_on"),
                   func.max(QAReview.next_due_on).label("due_on"))
            .where(QAReview.status == ReviewStatus.completed, col(QAReview.signed_on) <= as_of)
            .group_by(col(QAReview.reviewed_provider_id)).subquery())
    registered_by = datetime.combine(as_of + timedelta(days=1), time(), tzinfo=UTC)
    stmt = (select(Provider.id, Provider.name, Provider.created_at,  # type: ignore[call-overload]
                   last.c.signed_on, last.c.due_on)  # (sqlmodel types up to four columns)
            .outerjoin(last, last.c.provider_id == Provider.id)
            .where(_overdue_scope(principal), Provider.created_at < registered_by,
                   or_(last.c.due_on.is_(None), last.c.due_on < as_of)))
    if query.cursor:
        stmt = stmt.where(Provider.id > cursor_id(query.cursor))
    rows = session.exec(stmt.order_by(Provider.id).limit(query.limit + 1)).all()
    items = [_overdue_item(as_of, *row) for row in rows[: query.limit]]
    cursor = id_cursor(items[-1].provider_id) if len(rows) > query.limit else None
    return items, cursor


def _overdue_item(as_of: date, id_: uuid.UUID, name: str, created_at: datetime, signed_on: date | None,
                  due_on: date | None) -> OverdueProvider:
    due = due_on or aware_utc(created_at).date()
    return OverdueProvider(provider_id=id_, provider_name=name, last_signed_on=signed_on, due_on=due,
                           days_overdue=(as_of - due).days)
