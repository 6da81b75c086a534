"""A mentor's personal data: export and erasure."""

import uuid
from typing import Annotated

from fastapi import APIRouter

from app.deps import Admin, SessionDep, require_role
from app.enums import Role
from app.principal import Principal
from app.privacy import service
from app.privacy.schemas import ErasureResult, MentorExport
from app.problems import responses

router = APIRouter(prefix="/api/v1/mentors", tags=["privacy"])


@router.get("/{id}/export", response_model=MentorExport, responses=responses(401, 403, 404, 422))
def export_mentor(id: uuid.UUID, session: SessionDep,
                  principal: Annotated[Principal, require_role(Role.mentor)]) -> MentorExport:
    """Everything held about a mentor (an admin, or the mentor itself)."""
    return service.export(session, principal=principal, id=id)


@router.post("/{id}/erase", response_model=ErasureResult, responses=responses(401, 403, 404, 422))
def erase_mentor(id: uuid.UUID, session: SessionDep, principal: Admin) -> ErasureResult:
    """Anonymise a mentor's personal data (admin); its certificates and their credentials stay valid."""
    return service.erase(session, principal=principal, id=id)
