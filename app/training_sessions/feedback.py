"""Session feedback: a mentor who attended rates the session; its provider records the action taken.

One feedback per mentor per session: a second POST by the same mentor replaces its rating and comment
(answered 200 instead of 201), and PATCH edits it too.
"""

import uuid

from sqlalchemy import and_
from sqlmodel import Session, col, select

from app.enums import AttendanceStatus, Role, SessionStatus
from app.errors import Forbidden, InvalidInput, RuleViolation
from app.models.training import Attendance, SessionFeedback
from app.pagination import ListQuery, paginate
from app.principal import Principal
from app.tenancy import get_for_write, require_provider_write
from app.training_sessions import service as training_sessions
from app.training_sessions.schemas import FeedbackCreate, FeedbackUpdate
from app.training_sessions.scope import feedback_condition

MENTOR_FIELDS = {"rating", "comment"}
PROVIDER_FIELDS = {"action_taken"}
ATTENDED = (AttendanceStatus.attended, AttendanceStatus.partial)


def _author(principal: Principal, mentor_id: uuid.UUID | None) -> uuid.UUID:
    if principal.role is Role.mentor and principal.mentor_id is not None:
        if mentor_id not in (None, principal.mentor_id):
            raise InvalidInput(["body", "mentor_id"], "a mentor gives its own feedback")
        return principal.mentor_id
    if principal.is_admin:
        if mentor_id is None:
            raise InvalidInput(["body", "mentor_id"], "required: the mentor giving the feedback")
        return mentor_id
    raise Forbidden("feedback is given by the mentor who attended")


def _check_attended(session: Session, training_session_id: uuid.UUID, mentor_id: uuid.UUID) -> None:
    status = session.exec(
        select(Attendance.status).where(
            Attendance.training_session_id == training_session_id, Attendance.mentor_id == mentor_id
        )
    ).first()
    if status not in ATTENDED:
        raise RuleViolation(
            "only a mentor registered as attended or partial may give feedback on this session",
            errors=[{"loc": ["body", "mentor_id"], "msg": "did not attend this session"}],
        )


def give(
    session: Session, *, principal: Principal, training_session_id: uuid.UUID, body: FeedbackCreate
) -> tuple[SessionFeedback, bool]:
    """The mentor's feedback, created (True) or replacing its earlier one (False)."""
    mentor_id = _author(principal, body.mentor_id)
    training_session = training_sessions.get(session, principal=principal, id=training_session_id)
    if training_session.status == SessionStatus.cancelled:
        raise RuleViolation("a cancelled session takes no feedback")
    _check_attended(session, training_session.id, mentor_id)
    feedback = session.exec(
        select(SessionFeedback).where(
            SessionFeedback.training_session_id == training_session.id, SessionFeedback.mentor_id == mentor_id
        )
    ).first()
    created = feedback is None
    if feedback is None:
        feedback = SessionFeedback.model_validate(
            body, update={"training_session_id": training_session.id, "mentor_id": mentor_id}
        )
    else:
        feedback.sqlmodel_update(body.model_dump(exclude={"mentor_id"}))
    session.add(feedback)
    session.commit()
    return feedback, created


def list_(
    session: Session, *, principal: Principal, training_session_id: uuid.UUID, query: ListQuery
) -> tuple[list[SessionFeedback], str | None]:
    """Feedback on a session: all of it for its provider, the caller's mentors' otherwise."""
    training_session = training_sessions.get(session, principal=principal, id=training_session_id)
    stmt = select(SessionFeedback).where(
        SessionFeedback.training_session_id == training_session.id, feedback_condition(principal)
    )
    return paginate(session, stmt, SessionFeedback, query)


def _may_change(principal: Principal, provider_id: uuid.UUID, fields: set[str]) -> None:
    if principal.is_admin:
        return
    if principal.role is Role.mentor:
        if fields - MENTOR_FIELDS:
            raise Forbidden("the session's provider records the action taken")
        return
    require_provider_write(principal, provider_id)
    if fields - PROVIDER_FIELDS:
        raise Forbidden("only the mentor changes its rating and comment")


def update(
    session: Session,
    *,
    principal: Principal,
    training_session_id: uuid.UUID,
    id: uuid.UUID,
    body: FeedbackUpdate,
) -> SessionFeedback:
    """Edit feedback: the mentor its rating and comment, the provider its action taken."""
    training_session = training_sessions.get(session, principal=principal, id=training_session_id)
    condition = and_(
        col(SessionFeedback.training_session_id) == training_session.id, feedback_condition(principal)
    )
    feedback = get_for_write(
        session, SessionFeedback, id, condition=condition, what="feedback",
        may_write=lambda _: _may_change(principal, training_session.provider_id, body.model_fields_set),
    )
    feedback.sqlmodel_update(body.model_dump(exclude_unset=True))
    session.add(feedback)
    session.commit()
    return feedback
