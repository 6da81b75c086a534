"""Training sessions: what a provider delivers, what it credits and which awards it counts toward."""

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast
from sqlmodel import Session, col, select

from app.attendance.earned import recompute
from app.enums import SessionStatus
from app.errors import Conflict, InvalidInput
from app.models.awarding import Award
from app.models.training import Programme, TrainingSession
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.programmes.service import owning_provider
from app.rules import BUILT_IN
from app.schemas import hours_to_centi
from app.tenancy import get_visible, require_provider_write
from app.training_sessions.scope import programme_condition, session_condition

# Corrections are possible (a cancelled or completed session back to scheduled); the two ends are not linked.
TRANSITIONS = {
    SessionStatus.scheduled: {SessionStatus.cancelled, SessionStatus.completed},
    SessionStatus.cancelled: {SessionStatus.scheduled},
    SessionStatus.completed: {SessionStatus.scheduled},
}


def _award_codes(session: Session, codes: list[str]) -> list[str]:
    """The codes, de-duplicated in order; 422 naming the first that is no award."""
    codes = list(dict.fromkeys(codes))
    others = [c for c in codes if c not in BUILT_IN]
    known = (
        set(session.exec(select(Award.code).where(col(Award.code).in_(others))).all()) if others else set()
    )
    for i, code in enumerate(codes):
        if code not in BUILT_IN and code not in known:
            raise InvalidInput(["body", "counts_toward", i], f"no award with code {code!r}")
    return codes


def _programme(
    session: Session, principal: Principal, programme_id: uuid.UUID | None, provider_id: uuid.UUID
) -> Programme | None:
    if programme_id is None:
        return None
    programme = session.exec(
        select(Programme).where(Programme.id == programme_id, programme_condition(principal))
    ).first()
    if programme is None or programme.provider_id != provider_id:
        raise InvalidInput(["body", "programme_id"], "no programme with this id at this session's provider")
    return programme


def create(session: Session, *, principal: Principal, data: dict[str, Any]) -> TrainingSession:
    """A new session of the caller's provider; credit defaults to the duration, phase to the programme's."""
    provider_id = owning_provider(session, principal=principal, provider_id=data.pop("provider_id"))
    programme = _programme(session, principal, data.get("programme_id"), provider_id)
    if data.get("phase") is None and programme is not None:
        data["phase"] = programme.phase
    data["counts_toward"] = _award_codes(session, data["counts_toward"])
    data["outcome_codes"] = list(dict.fromkeys(data["outcome_codes"]))
    duration = hours_to_centi(data.pop("duration_hours"))
    credit = data.pop("credit_hours")
    training_session = TrainingSession(
        **data,
        provider_id=provider_id,
        duration_centi=duration,
        credit_centi=duration if credit is None else hours_to_centi(credit),
    )
    session.add(training_session)
    session.commit()
    return training_session


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> TrainingSession:
    """A session the caller may see."""
    return get_visible(session, TrainingSession, id, session_condition(principal), "training session")


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: dict[str, Any]
) -> tuple[list[TrainingSession], str | None]:
    """Sessions the caller may see, filtered by provider, programme, status, mode, phase, award and start."""
    stmt = select(TrainingSession).where(session_condition(principal))
    for field in ("provider_id", "programme_id", "status", "mode", "phase"):
        if filters.get(field) is not None:
            stmt = stmt.where(getattr(TrainingSession, field) == filters[field])
    if filters.get("counts_toward") is not None:
        # Portable across SQLite and PostgreSQL: the JSON text holds the code JSON-encoded, quotes included.
        stmt = stmt.where(
            cast(TrainingSession.counts_toward, String).contains(
                json.dumps(filters["counts_toward"]), autoescape=True
            )
        )
    starts_from: datetime | None = filters.get("starts_from")
    starts_to: datetime | None = filters.get("starts_to")
    if starts_from is not None:
        stmt = stmt.where(TrainingSession.starts_at >= starts_from)
    if starts_to is not None:
        stmt = stmt.where(TrainingSession.starts_at <= starts_to)
    return paginate(session, stmt, TrainingSession, query)


def _hour_changes(training_session: TrainingSession, changes: dict[str, Any]) -> None:
    """Hours to hundredths; credit follows duration if they were equal and only the duration changes."""
    if "duration_hours" in changes:
        duration = hours_to_centi(changes.pop("duration_hours"))
        if "credit_hours" not in changes and training_session.credit_centi == training_session.duration_centi:
            changes["credit_centi"] = duration
        changes["duration_centi"] = duration
    if "credit_hours" in changes:
        changes["credit_centi"] = hours_to_centi(changes.pop("credit_hours"))


def _check_status(training_session: TrainingSession, new: str | None) -> None:
    if (
        new is not None
        and new != training_session.status
        and new not in TRANSITIONS[SessionStatus(training_session.status)]
    ):
        raise Conflict(
            f"a {training_session.status} session cannot become {new}",
            errors=[{"loc": ["body", "status"], "msg": "illegal status change"}],
        )


def update(
    session: Session, *, principal: Principal, id: uuid.UUID, changes: dict[str, Any]
) -> TrainingSession:
    """Change a session (its provider or an admin); a new credit or status recomputes its attendance hours."""
    training_session = get(session, principal=principal, id=id)
    require_provider_write(principal, training_session.provider_id)
    _programme(session, principal, changes.get("programme_id"), training_session.provider_id)
    _check_status(training_session, changes.get("status"))
    if "counts_toward" in changes:
        changes["counts_toward"] = _award_codes(session, changes["counts_toward"])
    if "outcome_codes" in changes:
        changes["outcome_codes"] = list(dict.fromkeys(changes["outcome_codes"]))
    _hour_changes(training_session, changes)
    before = (training_session.status, training_session.credit_centi)
    training_session.sqlmodel_update(changes)
    session.add(training_session)
    if (training_session.status, training_session.credit_centi) != before:
        session.flush()
        recompute(session, training_session=training_session)
    session.commit()
    return training_session
