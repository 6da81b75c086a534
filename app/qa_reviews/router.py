"""QA review routes, and the provider figures they take as evidence."""

import uuid
from datetime import date
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.deps import CurrentPrincipal, IfMatch, ListParams, SessionDep, require_role
from app.enums import ReviewStatus, Role
from app.etags import etag, parse_if_match
from app.metrics import service as metrics_service
from app.metrics.schemas import ProviderMetrics
from app.models.qa_review import QAReview
from app.problems import responses, with_etag
from app.qa_reviews import service
from app.qa_reviews.schemas import (
    OverdueProvider,
    QAReviewCreate,
    QAReviewPublic,
    QAReviewUpdate,
)
from app.schemas import Page

router = APIRouter(dependencies=[require_role(Role.provider)])
TAGS: list[str | Enum] = ["qa-reviews"]
PREFIX = "/api/v1/qa-reviews"



def _public(review: QAReview, response: Response) -> QAReviewPublic:
    response.headers["ETag"] = etag(review)
    return QAReviewPublic.model_validate(review)


@router.post(PREFIX, tags=TAGS, response_model=QAReviewPublic, status_code=status.HTTP_201_CREATED,
             responses=with_etag("review", 401, 403, 409, 422, ok=201))
def create_qa_review(body: QAReviewCreate, session: SessionDep, principal: CurrentPrincipal,
                     response: Response) -> QAReviewPublic:
    """Propose a review as the reviewer (an admin: any status); figures come once the reviewed provider agrees."""
    review = service.create(session, principal=principal, body=body)
    return _public(review, response)


@router.get(PREFIX, tags=TAGS, response_model=Page[QAReviewPublic], responses=responses(401, 403, 422))
def list_qa_reviews(
    session: SessionDep, principal: CurrentPrincipal, query: ListParams,
    reviewer_provider_id: Annotated[uuid.UUID | None, Query(description="Only reviews by this one.")] = None,
    reviewed_provider_id: Annotated[uuid.UUID | None, Query(description="Only reviews of this one.")] = None,
    status: Annotated[ReviewStatus | None, Query(description="Only reviews in this status.")] = None,
) -> Page[QAReviewPublic]:
    """Reviews the caller is party to."""
    rows, cursor = service.list_(session, principal=principal, query=query, status=status,
                                 reviewer_provider_id=reviewer_provider_id,
                                 reviewed_provider_id=reviewed_provider_id)
    return Page(items=[QAReviewPublic.model_validate(r) for r in rows], next_cursor=cursor)


@router.get(f"{PREFIX}/overdue", tags=TAGS, response_model=Page[OverdueProvider],
            responses=responses(401, 403, 422),
            description="Providers whose last completed review is more than two years old, or who never had "
                        "one "
                        "(due from the day they were registered). Ordered by provider id; admins see every "
                        "provider, a provider itself and the providers it has reviewed. `updated_since` is "
                        "accepted but does not apply: the list is derived from `as_of`.")
def list_overdue_qa_reviews(
    session: SessionDep, principal: CurrentPrincipal, query: ListParams,
    as_of: Annotated[date | None, Query(description="The date to judge on; today by default.")] = None,
) -> Page[OverdueProvider]:
    """Providers whose QA review is overdue."""
    items, cursor = service.overdue(session, principal=principal, query=query, as_of=as_of)
    return Page(items=items, next_cursor=cursor)


@router.get(PREFIX + "/{id}", tags=TAGS, response_model=QAReviewPublic,
            responses=with_etag("review", 401, 403, 404, 422))
def get_qa_review(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                  response: Response) -> QAReviewPublic:
    """One review the caller is party to."""
    return _public(service.get(session, principal=principal, id=id), response)


@router.patch(PREFIX + "/{id}", tags=TAGS, response_model=QAReviewPublic,
              responses=with_etag("review", 401, 403, 404, 409, 412, 422))
def update_qa_review(id: uuid.UUID, body: QAReviewUpdate, session: SessionDep, principal: CurrentPrincipal,
                     response: Response, if_match: IfMatch = None) -> QAReviewPublic:
    """Edit or complete a review (the reviewer); completing needs six answered criteria and a signature."""
    review = service.update(session, principal=principal, id=id, body=body, if_match=parse_if_match(if_match))
    return _public(review, response)


@router.post(PREFIX + "/{id}/accept", tags=TAGS, response_model=QAReviewPublic,
             responses=with_etag("review", 401, 403, 404, 409, 412, 422))
def accept_qa_review(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                     response: Response) -> QAReviewPublic:
    """Agree to a proposed review (the reviewed provider or an admin): it becomes planned, figures pre-filled."""
    return _public(service.accept(session, principal=principal, id=id), response)


@router.get("/api/v1/providers/{id}/metrics", tags=["providers"], response_model=ProviderMetrics,
            responses=responses(401, 403, 404, 422))
def get_provider_metrics(
    id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
    academic_year: Annotated[str | None, Query(max_length=7, description="Last of the five academic years, "
                                               "e.g. `2025/26`; the current one by default.")] = None,
) -> ProviderMetrics:
    """QA figures of a provider: certificates over five years, session feedback and portfolios."""
    return metrics_service.provider_metrics(session, principal=principal, provider_id=id,
                                            academic_year=academic_year)
