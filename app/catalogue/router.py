"""Read-only catalogues shipped with the service: national standards and London Providers outcomes.

Lists are paged like every other list (``limit``, ``cursor``: the position of the next item).
The data changes only with a release of the service, so ``updated_since`` is accepted for uniformity
and filters nothing.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from app.catalogue import load_outcomes, load_standards
from app.deps import CurrentPrincipal, ListParams
from app.errors import NotFound
from app.pagination import ListQuery, cursor_position, position_cursor
from app.problems import responses
from app.schemas import APIModel, Page

router = APIRouter(prefix="/api/v1", tags=["catalogue"])


class StandardPublic(APIModel):
    code: str = Field(max_length=10, description="`NS1.1`…`NS4.2`, in the order of the national standards.")
    standard: str = Field(max_length=5, description="`NS1`…`NS4`.")
    standard_title: str = Field(max_length=100, description="e.g. 'Personal qualities'.")
    text: str = Field(max_length=2000, description="The expectation.")


class OutcomePublic(APIModel):
    code: str = Field(max_length=10, description="`LP1-T01`…`LP2-A18`.")
    stage: int = Field(ge=1, le=2, description="Stage 1 (introductory) or 2 (progression).")
    area: str = Field(max_length=20, description="`tutorial`, `pastoral` or `assessment`.")
    text: str = Field(max_length=2000, description="The learning outcome.")


def _page(items: list[dict[str, Any]], query: ListQuery) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a static list, ``cursor`` naming the position of the next item."""
    start = 0 if query.cursor is None else cursor_position(query.cursor)
    page = items[start : start + query.limit]
    more = start + query.limit < len(items)
    return page, position_cursor(start + query.limit) if more and page else None


def _one(items: list[dict[str, Any]], code: str, what: str) -> dict[str, Any]:
    for item in items:
        if item["code"] == code:
            return item
    raise NotFound(what)


@router.get("/standards", response_model=Page[StandardPublic], responses=responses(401, 422))
def list_standards(
    _: CurrentPrincipal,
    query: ListParams,
    standard: Annotated[
        Literal["NS1", "NS2", "NS3", "NS4"] | None, Query(description="One standard.")
    ] = None,
) -> Page[StandardPublic]:
    """The 21 expectations of the national standards for ITT mentors."""
    items = [s for s in load_standards() if standard is None or s["standard"] == standard]
    page, cursor = _page(items, query)
    return Page(items=[StandardPublic.model_validate(s) for s in page], next_cursor=cursor)


@router.get("/standards/{code}", response_model=StandardPublic, responses=responses(401, 404, 422))
def get_standard(code: Annotated[str, Field(max_length=10)], _: CurrentPrincipal) -> StandardPublic:
    """One expectation by code, e.g. `NS2.4`."""
    return StandardPublic.model_validate(_one(load_standards(), code, "standard"))


@router.get("/outcomes", response_model=Page[OutcomePublic], responses=responses(401, 422))
def list_outcomes(
    _: CurrentPrincipal,
    query: ListParams,
    stage: Annotated[int | None, Query(ge=1, le=2, description="Stage 1 or 2.")] = None,
    area: Annotated[
        Literal["tutorial", "pastoral", "assessment"] | None, Query(description="One area.")
    ] = None,
) -> Page[OutcomePublic]:
    """The London Providers mentor training learning outcomes."""
    items = [
        o
        for o in load_outcomes()
        if (stage is None or o["stage"] == stage) and (area is None or o["area"] == area)
    ]
    page, cursor = _page(items, query)
    return Page(items=[OutcomePublic.model_validate(o) for o in page], next_cursor=cursor)


@router.get("/outcomes/{code}", response_model=OutcomePublic, responses=responses(401, 404, 422))
def get_outcome(code: Annotated[str, Field(max_length=10)], _: CurrentPrincipal) -> OutcomePublic:
    """One learning outcome by code, e.g. `LP1-T01`."""
    return OutcomePublic.model_validate(_one(load_outcomes(), code, "outcome"))
