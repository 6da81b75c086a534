"""Attendance register and attendance list routes."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Query

from app.attendance import service
from app.attendance.earned import clock_centi
from app.attendance.schemas import MAX_REGISTER, AttendanceEntry, AttendancePublic, AttendanceRegister
from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import AttendanceStatus, Role, SessionStatus
from app.models.training import Attendance, TrainingSession
from app.problems import responses
from app.schemas import Page, centi_to_hours

router = APIRouter(tags=["attendance"])
RegisterBody = Annotated[
    list[AttendanceEntry],
    Body(max_length=MAX_REGISTER, description="The whole register, one entry per mentor."),
]


def _public(row: Attendance, training_session: TrainingSession) -> AttendancePublic:
    return AttendancePublic(
        id=row.id,
        training_session_id=row.training_session_id,
        mentor_id=row.mentor_id,
        status=AttendanceStatus(row.status),
        hours=centi_to_hours(clock_centi(row.status, row.given_centi, duration_centi=training_session.duration_centi,
                                         session_status=training_session.status)),
        credited_hours=centi_to_hours(row.hours_centi),
        provider_id=training_session.provider_id,
        starts_at=training_session.starts_at,
        session_status=SessionStatus(training_session.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _register(training_session: TrainingSession, rows: list[Attendance]) -> AttendanceRegister:
    return AttendanceRegister(items=[_public(r, training_session) for r in rows])


@router.put(
    "/api/v1/training-sessions/{id}/attendance",
    response_model=AttendanceRegister,
    responses=responses(401, 403, 404, 409, 422),
    dependencies=[require_role(Role.provider)],
)
def put_register(
    id: uuid.UUID, body: RegisterBody, session: SessionDep, principal: CurrentPrincipal
) -> AttendanceRegister:
    """Replace a session's register with this JSON array of entries (safe to repeat)."""
    return _register(*service.put_register(session, principal=principal, training_session_id=id, entries=body))


@router.get(
    "/api/v1/training-sessions/{id}/attendance",
    response_model=AttendanceRegister,
    responses=responses(401, 404, 422),
)
def get_register(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> AttendanceRegister:
    """A session's register (a school or mentor sees only its mentors' rows)."""
    return _register(*service.get_register(session, principal=principal, training_session_id=id))


@router.get("/api/v1/attendance", response_model=Page[AttendancePublic], responses=responses(401, 422))
def list_attendance(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    mentor_id: Annotated[uuid.UUID | None, Query()] = None,
    training_session_id: Annotated[uuid.UUID | None, Query()] = None,
    provider_id: Annotated[uuid.UUID | None, Query(description="The session's provider.")] = None,
    status: Annotated[AttendanceStatus | None, Query()] = None,
    date_from: Annotated[
        date | None, Query(description="Sessions starting on or after this date (UTC).")
    ] = None,
    date_to: Annotated[
        date | None, Query(description="Sessions starting on or before this date (UTC).")
    ] = None,
) -> Page[AttendancePublic]:
    """Attendance rows the caller may see (a provider: its sessions and its mentors' passport)."""
    filters = service.AttendanceFilter(
        mentor_id=mentor_id,
        training_session_id=training_session_id,
        provider_id=provider_id,
        status=status,
        date_from=date_from,
        date_to=date_to,
    )
    rows, sessions, cursor = service.list_(session, principal=principal, query=query, filters=filters)
    return Page(items=[_public(r, sessions[r.training_session_id]) for r in rows], next_cursor=cursor)
