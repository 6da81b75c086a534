"""Training sessions: what a provider delivers, what it credits and which awards it counts toward."""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast
from sqlmodel import Session, col, select

from app.attendance.earned import recompute
from app.attendance.edges import COUNTED, check_session_change, has_started
from app.enums import Mode, Phase, SessionStatus
from app.errors import Conflict, InvalidInput
from app.models.awarding import Award
from app.models.base import utcnow
from app.models.training import Attendance, Programme, TrainingSession
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.programmes.service import owning_provider
from app.rules import BUILT_IN
from app.schemas import hours_to_centi
from app.tenancy import get_for_write, get_visible, require_provider_write
from app.training_sessions.schemas import TrainingSessionCreate, TrainingSessionUpdate
from app.training_sessions.scope import programme_condition, session_condition

# Corrections are possible (a cancelled or completed session back to scheduled); the two ends are not linked.
TRANSITIONS = {
    SessionStatus.scheduled: {SessionStatus.cancelled, SessionStatus.completed},
    SessionStatus.cancelled: {SessionStatus.scheduled},
    SessionStatus.completed: {SessionStatus.scheduled},
}



@dataclass(frozen=True, kw_only=True)
class TrainingSessionFilter:
    """What a session list is narrowed to; ``None`` narrows nothing."""

    provider_id: uuid.UUID | None = None
    programme_id: uuid.UUID | None = None
    status: SessionStatus | None = None
    mode: Mode | None = None
    phase: Phase | None = None
    counts_toward: str | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None


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


def create(
    session: Session, *, principal: Principal, body: TrainingSessionCreate, now: datetime | None = None
) -> TrainingSession:
    """A new session of the caller's provider; credit defaults to the duration, phase to the programme's."""
    if body.status == SessionStatus.completed and body.starts_at > (now or utcnow()):
        raise InvalidInput(["body", "status"], "a session cannot be completed before it starts")
    provider_id = owning_provider(session, principal=principal, provider_id=body.provider_id)
    programme = _programme(session, principal, body.programme_id, provider_id)
    duration = hours_to_centi(body.duration_hours)
    training_session = TrainingSession.model_validate(body, update={
        "provider_id": provider_id,
        "phase": programme.phase if body.phase is None and programme is not None else body.phase,
        "counts_toward": _award_codes(session, body.counts_toward),
        "outcome_codes": list(dict.fromkeys(body.outcome_codes)),
        "duration_centi": duration,
        "credit_centi": duration if body.credit_hours is None else hours_to_centi(body.credit_hours),
    })
    session.add(training_session)
    session.commit()
    return training_session


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> TrainingSession:
    """A session the caller may see."""
    return get_visible(session, TrainingSession, id, session_condition(principal), "training session")


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: TrainingSessionFilter
) -> tuple[list[TrainingSession], str | None]:
    """Sessions the caller may see, filtered by provider, programme, status, mode, phase, award and start."""
    stmt = select(TrainingSession).where(session_condition(principal))
    equal = ((TrainingSession.provider_id, filters.provider_id), (TrainingSession.programme_id, filters.programme_id),
             (TrainingSession.status, filters.status), (TrainingSession.mode, filters.mode),
             (TrainingSession.phase, filters.phase))
    stmt = where_given(stmt, *equal)
    if filters.counts_toward is not None:
        # Portable across SQLite and PostgreSQL: the JSON text holds the code JSON-encoded, quotes included.
        stmt = stmt.where(
            cast(TrainingSession.counts_toward, String).contains(json.dumps(filters.counts_toward), autoescape=True)
        )
    if filters.starts_from is not None:
        stmt = stmt.where(col(TrainingSession.starts_at) >= filters.starts_from)
    if filters.starts_to is not None:
        stmt = stmt.where(col(TrainingSession.starts_at) <= filters.starts_to)
    return paginate(session, stmt, TrainingSession, query)


def _hour_changes(training_session: TrainingSession, body: TrainingSessionUpdate) -> dict[str, int]:
    """Hours to hundredths; credit follows duration if they were equal and only the duration changes."""
    changes: dict[str, int] = {}
    if "duration_hours" in body.model_fields_set:
        changes["duration_centi"] = hours_to_centi(body.duration_hours)
        if training_session.credit_centi == training_session.duration_centi:
            changes["credit_centi"] = changes["duration_centi"]
    if "credit_hours" in body.model_fields_set:
        changes["credit_centi"] = hours_to_centi(body.credit_hours)
    return changes


def _changes(session: Session, training_session: TrainingSession, body: TrainingSessionUpdate) -> dict[str, Any]:
    """The columns a PATCH sets: award codes checked, outcome codes de-duplicated, hours in hundredths."""
    changes = body.model_dump(exclude_unset=True, exclude={"duration_hours", "credit_hours"})
    if "counts_toward" in changes:
        changes["counts_toward"] = _award_codes(session, body.counts_toward)
    if "outcome_codes" in changes:
        changes["outcome_codes"] = list(dict.fromkeys(body.outcome_codes))
    return changes | _hour_changes(training_session, body)


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


def _check_started(
    session: Session, training_session: TrainingSession, body: TrainingSessionUpdate, now: datetime
) -> None:
    """422 when the change leaves a session that has not started completed or with attendance counted."""
    if has_started(training_session, now) or not {"status", "starts_at"} & body.model_fields_set:
        return
    field = "status" if "status" in body.model_fields_set else "starts_at"
    if training_session.status == SessionStatus.completed:
        raise InvalidInput(["body", field], "a session cannot be completed before it starts")
    counted = session.exec(
        select(Attendance.id).where(
            Attendance.training_session_id == training_session.id, col(Attendance.status).in_(COUNTED)
        )
    ).first()
    if counted is not None and "starts_at" in body.model_fields_set:
        raise InvalidInput(["body", "starts_at"], "attendance is recorded on this session: it cannot start "
                           "in the future; correct the register first")


def update(
    session: Session, *, principal: Principal, id: uuid.UUID, body: TrainingSessionUpdate,
    now: datetime | None = None,
) -> TrainingSession:
    """Change a session (its provider or an admin); a new credit, duration or status recomputes attendance."""
    training_session = get_for_write(
        session, TrainingSession, id, condition=session_condition(principal), what="training session",
        may_write=lambda t: require_provider_write(principal, t.provider_id),
    )
    _programme(session, principal, body.programme_id, training_session.provider_id)
    _check_status(training_session, body.status)
    before = (training_session.status, training_session.credit_centi, training_session.duration_centi)
    training_session.sqlmodel_update(_changes(session, training_session, body))
    _check_started(session, training_session, body, now or utcnow())
    session.add(training_session)
    check_session_change(session, training_session=training_session, changed=body.model_fields_set)
    if (training_session.status, training_session.credit_centi, training_session.duration_centi) != before:
        session.flush()
        recompute(session, training_session=training_session)
    session.commit()
    return training_session
