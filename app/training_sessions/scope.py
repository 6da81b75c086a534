"""Who sees which programmes, training sessions, attendance rows and feedback.

- admin: everything;
- provider: its own programmes and sessions; attendance on its sessions, plus the attendance of
  mentors linked to it at any provider (the training passport);
- school and mentor: programmes and sessions of the providers their mentors train with (and sessions
  their mentors attended), and only their mentors' attendance and feedback.
"""

from typing import Any

from sqlalchemy import or_, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from app.enums import Role
from app.models.registry import MentorProvider
from app.models.training import Attendance, Programme, SessionFeedback, TrainingSession
from app.principal import Principal
from app.tenancy import mentor_condition, mentor_ids_visible


def _linked_providers(principal: Principal) -> Any:
    """Providers the caller's visible mentors train with."""
    return select(MentorProvider.provider_id).where(
        col(MentorProvider.mentor_id).in_(mentor_ids_visible(principal))
    )


def programme_condition(principal: Principal) -> ColumnElement[bool]:
    """Programmes the caller may read."""
    if principal.role is Role.admin:
        return true()
    if principal.role is Role.provider:
        return col(Programme.provider_id) == principal.provider_id
    return col(Programme.provider_id).in_(_linked_providers(principal))


def session_condition(principal: Principal) -> ColumnElement[bool]:
    """Training sessions the caller may read."""
    if principal.role is Role.admin:
        return true()
    if principal.role is Role.provider:
        return col(TrainingSession.provider_id) == principal.provider_id
    attended = select(Attendance.training_session_id).where(mentor_condition(principal, Attendance.mentor_id))
    return or_(
        col(TrainingSession.provider_id).in_(_linked_providers(principal)),
        col(TrainingSession.id).in_(attended),
    )


def attendance_condition(principal: Principal) -> ColumnElement[bool]:
    """Attendance rows the caller may read; the query must join ``TrainingSession``."""
    if principal.role is Role.admin:
        return true()
    if principal.role is Role.provider:
        return or_(
            col(TrainingSession.provider_id) == principal.provider_id,
            mentor_condition(principal, Attendance.mentor_id),
        )
    return mentor_condition(principal, Attendance.mentor_id)


def feedback_condition(principal: Principal) -> ColumnElement[bool]:
    """Feedback the caller may read within a session it sees: all for its provider, else its mentors'."""
    if principal.role in (Role.admin, Role.provider):
        return true()
    return mentor_condition(principal, SessionFeedback.mentor_id)
