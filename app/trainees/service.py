"""Trainees (student teachers) of a provider."""

import uuid

from sqlmodel import Session, col, select

from app.enums import Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.models.registry import Provider, Trainee
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.tenancy import get_for_write, get_visible, require_provider_write, trainee_condition
from app.trainees.schemas import TraineeCreate, TraineeUpdate


def _check_reference(session: Session, provider_id: uuid.UUID, reference: str | None,
                     id: uuid.UUID | None = None) -> None:
    if reference is None:
        return
    stmt = select(Trainee.id).where(Trainee.provider_id == provider_id, Trainee.reference == reference,
                                    col(Trainee.id) != id)
    if session.exec(stmt).first() is not None:
        raise Conflict("this provider already has a trainee with this reference",
                       errors=[{"loc": ["body", "reference"], "msg": "already registered"}])


def create(session: Session, *, principal: Principal, body: TraineeCreate) -> Trainee:
    """A new trainee of the caller's provider."""
    if principal.role not in (Role.admin, Role.provider):
        raise Forbidden("trainees are registered by their provider")
    if principal.role is Role.provider and body.provider_id != principal.provider_id:
        raise InvalidInput(["body", "provider_id"], "a provider registers its own trainees")
    if session.get(Provider, body.provider_id) is None:
        raise InvalidInput(["body", "provider_id"], "no provider with this id")
    _check_reference(session, body.provider_id, body.reference)
    trainee = Trainee.model_validate(body)
    session.add(trainee)
    session.commit()
    return trainee


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Trainee:
    """A trainee the caller may see."""
    return get_visible(session, Trainee, id, trainee_condition(principal), "trainee")


def list_(session: Session, *, principal: Principal, query: ListQuery, provider_id: uuid.UUID | None,
          reference: str | None) -> tuple[list[Trainee], str | None]:
    """Trainees the caller may see, filtered."""
    stmt = select(Trainee).where(trainee_condition(principal))
    if provider_id is not None:
        stmt = stmt.where(Trainee.provider_id == provider_id)
    if reference is not None:
        stmt = stmt.where(Trainee.reference == reference)
    return paginate(session, stmt, Trainee, query)


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: TraineeUpdate) -> Trainee:
    """Change a trainee (its provider or an admin)."""
    trainee = get_for_write(session, Trainee, id, condition=trainee_condition(principal), what="trainee",
                            may_write=lambda t: require_provider_write(principal, t.provider_id))
    _check_reference(session, trainee.provider_id, body.reference, trainee.id)
    trainee.sqlmodel_update(body.model_dump(exclude_unset=True))
    session.add(trainee)
    session.commit()
    return trainee
