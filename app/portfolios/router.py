"""Portfolio routes: the portfolio, its evidence (JSON or multipart), submission, assessment, moderation."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import FileResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.deps import CurrentPrincipal, IfMatch, ListParams, SessionDep, SettingsDep, require_role
from app.enums import PortfolioStatus, Role
from app.etags import etag, parse_if_match
from app.models.portfolio import Portfolio
from app.portfolios import evidence, evidence_body, lifecycle, service, views
from app.portfolios.schemas import (
    AssessmentCreate,
    EvidencePublic,
    ModerationCreate,
    PortfolioCreate,
    PortfolioDetail,
    PortfolioPublic,
    PortfolioUpdate,
)
from app.portfolios.uploads import discard
from app.problems import responses, with_etag
from app.schemas import Page

router = APIRouter(prefix="/api/v1/portfolios", tags=["portfolios"])
MentorOnly = require_role(Role.mentor)
ProviderOnly = require_role(Role.provider)
WRITE_RESPONSES = with_etag("portfolio", 401, 403, 404, 409, 412, 422)


def _detail(session: Session, row: Portfolio, response: Response) -> PortfolioDetail:
    response.headers["ETag"] = etag(row)
    return views.detail(session, row)


@router.post(
    "",
    response_model=PortfolioDetail,
    status_code=status.HTTP_201_CREATED,
    dependencies=[MentorOnly],
    responses=with_etag("portfolio", 401, 403, 409, 422, ok=201),
)
def create_portfolio(
    body: PortfolioCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> PortfolioDetail:
    """Start the mentor's Stage 2 portfolio, naming the provider that will assess it."""
    row = service.create(session, principal=principal, body=body)
    return _detail(session, row, response)


@router.get("", response_model=Page[PortfolioPublic], responses=responses(401, 422))
def list_portfolios(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    mentor_id: Annotated[uuid.UUID | None, Query(description="Only this mentor's.")] = None,
    provider_id: Annotated[uuid.UUID | None, Query(description="Only those naming this provider.")] = None,
    status: Annotated[PortfolioStatus | None, Query(description="Only those in this status.")] = None,
) -> Page[PortfolioPublic]:
    """Portfolios the caller may read (the record of training is on GET /{id})."""
    filters = service.PortfolioFilters(mentor_id=mentor_id, provider_id=provider_id, status=status)
    rows, cursor = service.list_(session, principal=principal, query=query, filters=filters)
    return Page(items=views.publics(session, rows), next_cursor=cursor)


@router.get("/{id}", response_model=PortfolioDetail, responses=with_etag("portfolio", 401, 404, 422))
def get_portfolio(
    id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> PortfolioDetail:
    """One portfolio with its evidence, history and record of training and learning."""
    return _detail(session, service.get(session, principal=principal, id=id), response)


@router.patch(
    "/{id}",
    response_model=PortfolioDetail,
    dependencies=[MentorOnly],
    responses=WRITE_RESPONSES,
)
def update_portfolio(
    id: uuid.UUID,
    body: PortfolioUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> PortfolioDetail:
    """Change narratives (draft or referred) or the provider (draft); a stale If-Match is 412."""
    row = service.update(session, principal=principal, id=id, body=body, if_match=parse_if_match(if_match))
    return _detail(session, row, response)


@router.post(
    "/{id}/evidence",
    response_model=EvidencePublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[MentorOnly],
    openapi_extra=evidence_body.OPENAPI,
    responses=with_etag("portfolio", 400, 401, 403, 404, 409, 412, 413, 415, 422, ok=201,
                        ok_description="The new item; ETag is the portfolio's new version."),
    description=evidence_body.DESCRIPTION,
)
async def add_evidence(
    id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> EvidencePublic:
    """Add an evidence item to a section, with or without a file."""
    await run_in_threadpool(evidence.check_evidence_writer, session, principal=principal, id=id)
    body, upload = await evidence_body.read(request, settings)
    try:
        row, item = await run_in_threadpool(
            evidence.add_evidence,
            session,
            principal=principal,
            id=id,
            body=body,
            upload=upload,
            data_dir=settings.data_dir,
            if_match=parse_if_match(if_match),
        )
    finally:
        discard(upload)
    response.headers["ETag"] = etag(row)
    return views.evidence_public(item)


@router.delete(
    "/{id}/evidence/{evidence_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[MentorOnly],
    responses=with_etag("portfolio", 401, 403, 404, 409, 412, 422, ok=204, ok_description="Removed."),
)
def remove_evidence(
    id: uuid.UUID,
    evidence_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> Response:
    """Remove an evidence item while the portfolio is draft or referred."""
    row = evidence.remove_evidence(
        session, principal=principal, id=id, evidence_id=evidence_id, if_match=parse_if_match(if_match)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT, headers={"ETag": etag(row)})


@router.get(
    "/{id}/evidence/{evidence_id}/file",
    response_class=FileResponse,
    responses={200: evidence_body.FILE_RESPONSE, **responses(401, 404, 422)},
)
def download_evidence_file(
    id: uuid.UUID,
    evidence_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> FileResponse:
    """Download an evidence item's file (whoever may read the portfolio)."""
    path, name, media_type = evidence.evidence_file(
        session, principal=principal, id=id, evidence_id=evidence_id, data_dir=settings.data_dir
    )
    return FileResponse(
        path, media_type=media_type, filename=name, headers={"X-Content-Type-Options": "nosniff"}
    )


@router.post(
    "/{id}/submit",
    response_model=PortfolioDetail,
    dependencies=[MentorOnly],
    responses=WRITE_RESPONSES,
)
def submit_portfolio(
    id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> PortfolioDetail:
    """Submit for assessment: 422 listing unmet lp-stage-2-certificate criteria other than the portfolio."""
    row = lifecycle.submit(session, principal=principal, id=id, if_match=parse_if_match(if_match))
    return _detail(session, row, response)


@router.post(
    "/{id}/assessment",
    response_model=PortfolioDetail,
    dependencies=[ProviderOnly],
    responses=WRITE_RESPONSES,
)
def assess_portfolio(
    id: uuid.UUID,
    body: AssessmentCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> PortfolioDetail:
    """Pass or refer (with feedback) a submitted portfolio: the provider named on it."""
    row = lifecycle.assess(session, principal=principal, id=id, body=body, if_match=parse_if_match(if_match))
    return _detail(session, row, response)


@router.post(
    "/{id}/moderation",
    response_model=PortfolioDetail,
    dependencies=[ProviderOnly],
    responses=WRITE_RESPONSES,
)
def moderate_portfolio(
    id: uuid.UUID,
    body: ModerationCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> PortfolioDetail:
    """Moderate the latest assessment: another client of the same provider (or an admin), not the assessor."""
    row = lifecycle.moderate(session, principal=principal, id=id, body=body, if_match=parse_if_match(if_match))
    return _detail(session, row, response)
