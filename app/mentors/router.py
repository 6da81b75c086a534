"""Mentor routes."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlmodel import Session

from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import Phase, Role
from app.mentors import service
from app.mentors.schemas import MentorCreate, MentorPublic, MentorUpdate
from app.models.registry import Mentor
from app.problems import responses
from app.schemas import Page, from_row

router = APIRouter(prefix="/api/v1/mentors", tags=["mentors"])


def _public(session: Session, mentors: list[Mentor]) -> list[MentorPublic]:
    links = service.provider_links(session, [m.id for m in mentors])
    return [from_row(MentorPublic, m, provider_ids=links[m.id]) for m in mentors]


@router.post("", response_model=MentorPublic, status_code=status.HTTP_201_CREATED,
             responses=responses(401, 403, 409, 422))
def create_mentor(body: MentorCreate, session: SessionDep, principal: CurrentPrincipal) -> MentorPublic:
    """Register a mentor (admin, its school, or a provider it trains with)."""
    mentor = service.create(session, principal=principal, body=body)
    return _public(session, [mentor])[0]


@router.get("", response_model=Page[MentorPublic], responses=responses(401, 422))
def list_mentors(
    session: SessionDep, principal: CurrentPrincipal, query: ListParams,
    school_id: Annotated[uuid.UUID | None, Query()] = None,
    provider_id: Annotated[uuid.UUID | None, Query()] = None,
    email: Annotated[str | None, Query(max_length=254)] = None,
    trn: Annotated[str | None, Query(pattern=r"^\d{7}$")] = None,
    phase: Annotated[Phase | None, Query()] = None,
) -> Page[MentorPublic]:
    """Mentors the caller may see."""
    filters = service.MentorFilter(school_id=school_id, provider_id=provider_id, email=email, trn=trn, phase=phase)
    rows, cursor = service.list_(session, principal=principal, query=query, filters=filters)
    return Page(items=_public(session, rows), next_cursor=cursor)


@router.get("/{id}", response_model=MentorPublic, responses=responses(401, 404, 422))
def get_mentor(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> MentorPublic:
    """One mentor."""
    return _public(session, [service.get(session, principal=principal, id=id)])[0]


@router.patch("/{id}", response_model=MentorPublic, responses=responses(401, 403, 404, 409, 422),
              dependencies=[require_role(Role.school, Role.mentor, Role.provider)])
def update_mentor(id: uuid.UUID, body: MentorUpdate, session: SessionDep, principal: CurrentPrincipal) -> MentorPublic:
    """Change a mentor (its school, a linked provider or an admin; the mentor: contact, declarations, new links)."""
    return _public(session, [service.update(session, principal=principal, id=id, body=body)])[0]
