"""Eligibility routes: one mentor's answer, and a provider's report over its linked mentors."""

import uuid
from datetime import date
from typing import Annotated, Any

import pydantic_core
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from app.clock import today
from app.deps import CurrentPrincipal, ListParams, SessionDep, TokenClaims, principal_of
from app.eligibility import service
from app.eligibility.schemas import EligibilityAnswer, EligibilityReport
from app.problems import responses

router = APIRouter(prefix="/api/v1", tags=["eligibility"])
AsOf = Annotated[
    date | None,
    Query(ge=date(1900, 1, 1), le=date(2999, 12, 31),
          description="Only records dated on or before this day count; default today (1900-2999)."),
]
AwardFilter = Annotated[
    str | None, Query(max_length=63, description="Limit the answer to this award's code.")
]


class AnswerResponse(JSONResponse):
    """JSON rendered by pydantic-core: a few times faster than the `json` module on answers of tens of kilobytes."""

    def render(self, content: Any) -> bytes:
        return pydantic_core.to_json(content)


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "With `Accept: text/csv`: one row per mentor and award.",
    }
}


@router.get("/mentors/{id}/eligibility", response_model=EligibilityAnswer, responses=responses(401, 404, 422))
async def get_mentor_eligibility(
    id: uuid.UUID,
    request: Request,
    session: SessionDep,
    claims: TokenClaims,
    as_of: AsOf = None,
    award: AwardFilter = None,
) -> Response:
    """A mentor's eligibility for each award as of a date, every criterion explained."""

    def answer() -> dict[str, Any]:
        # The caller's check and the answer in one worker-thread hop: the hot read path of integrations.
        principal = principal_of(request, session, claims)
        return service.mentor_answer(session, principal=principal, mentor_id=id, award=award,
                                     as_of=as_of or today())

    return AnswerResponse(await run_in_threadpool(answer))


@router.get(
    "/providers/{id}/eligibility",
    response_model=EligibilityReport,
    responses={**CSV_RESPONSE, **responses(401, 403, 404, 422)},
)
def get_provider_eligibility(
    id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    as_of: AsOf = None,
    award: AwardFilter = None,
    accept: Annotated[str | None, Header(max_length=1000, description="`text/csv` for CSV.")] = None,
) -> Response:
    """Eligibility of every mentor linked to the provider (the provider or an admin); CSV on request."""
    day = as_of or today()
    if accept and "text/csv" in accept.lower():
        text = service.provider_report_csv(
            session, principal=principal, provider_id=id, award=award, as_of=day
        )
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="eligibility-{id}-{day}.csv"'},
        )
    items, cursor = service.provider_report(
        session, principal=principal, provider_id=id, award=award, as_of=day, query=query
    )
    return AnswerResponse({"items": items, "next_cursor": cursor})
