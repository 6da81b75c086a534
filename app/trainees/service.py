"""Trainees (student teachers) of a provider."""

import uuid

from sqlmodel import Session, col, delete, select

from app.enums import Role
from app.errors import Conflict, Forbidden, InvalidInput
from app.models.registry import Provider, School, Trainee, TraineePlacement
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.tenancy import get_for_write, get_visible, require_provider_write, trainee_condition
from app.trainees.schemas import Placement, TraineeCreate, TraineeUpdate


def _check_reference(session: Session, provider_id: uuid.UUID, reference: str | None,
                     id: uuid.UUID | None = None) -> None:
    if reference is None:
        return
    stmt = select(Trainee.id).where(Trainee.provider_id == provider_id, Trainee.reference == reference,
                                    col(Trainee.id) != id)
    if session.exec(stmt).first() is not None:
        raise Conflict("this provider already has a trainee with this reference",
                       errors=[{"loc": ["body", "reference"], "msg": "already registered"}])


def _check_schools(session: Session, placements: list[Placement]) -> None:
    """422 naming the first placement at a school that does not exist."""
    ids = [p.school_id for p in placements]
    known = set(session.exec(select(School.id).where(col(School.id).in_(ids))).all()) if ids else set()
    for i, placement in enumerate(placements):
        if placement.school_id not in known:
            raise InvalidInput(["body", "placements", i, "school_id"], "no school with this id")


def _place(session: Session, trainee_id: uuid.UUID, placements: list[Placement]) -> None:
    session.add_all(TraineePlacement(trainee_id=trainee_id, school_id=p.school_id, starts_on=p.from_,
                                     ends_on=p.until) for p in placements)


def placements_of(session: Session, trainee_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Placement]]:
    """Each trainee's placements, in one query, earliest first."""
    out: dict[uuid.UUID, list[Placement]] = {t: [] for t in trainee_ids}
    stmt = (select(TraineePlacement).where(col(TraineePlacement.trainee_id).in_(trainee_ids))
            .order_by(col(TraineePlacement.starts_on), col(TraineePlacement.id)))
    rows = session.exec(stmt).all() if trainee_ids else []
    for row in rows:
        out[row.trainee_id].append(Placement.model_validate({"school_id": row.school_id, "from": row.starts_on,
                                                             "until": row.ends_on}))
    return out


def create(session: Session, *, principal: Principal, body: TraineeCreate) -> Trainee:
    """A new trainee of the caller's provider."""
    if principal.role not in (Role.admin, Role.provider):
        raise Forbidden("trainees are registered by their provider")
    if principal.role is Role.provider and body.provider_id != principal.provider_id:
        raise InvalidInput(["body", "provider_id"], "a provider registers its own trainees")
    if session.get(Provider, body.provider_id) is None:
        raise InvalidInput(["body", "provider_id"], "no provider with this id")
    _check_reference(session, body.provider_id, body.reference)
    _check_schools(session, body.placements)
    trainee = Trainee.model_validate(body.model_dump(exclude={"placements"}))
    session.add(trainee)
    session.flush()
    _place(session, trainee.id, body.placements)
    session.commit()
    return trainee


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Trainee:
    """A trainee the caller may see."""
    return get_visible(session, Trainee, id, trainee_condition(principal), "trainee")


def list_(session: Session, *, principal: Principal, query: ListQuery, provider_id: uuid.UUID | None,
          reference: str | None) -> tuple[list[Trainee], str | None]:
    """Trainees the caller may see, filtered."""
    stmt = select(Trainee).where(trainee_condition(principal))
    stmt = where_given(stmt, (Trainee.provider_id, provider_id), (Trainee.reference, reference))
    return paginate(session, stmt, Trainee, query)


def update(session: Session, *, principal: Principal, id: uuid.UUID, body: TraineeUpdate) -> Trainee:
    """Change a trainee (its provider or an admin)."""
    trainee = get_for_write(session, Trainee, id, condition=trainee_condition(principal), what="trainee",
                            may_write=lambda t: require_provider_write(principal, t.provider_id))
    _check_reference(session, trainee.provider_id, body.reference, trainee.id)
    if body.placements is not None:
        _check_schools(session, body.placements)
        session.exec(delete(TraineePlacement).where(col(TraineePlacement.trainee_id) == trainee.id))
        _place(session, trainee.id, body.placements)
    trainee.sqlmodel_update(body.model_dump(exclude_unset=True, exclude={"placements"}))
    session.add(trainee)
    session.commit()
    return trainee
