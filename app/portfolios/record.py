"""The portfolio's record of training and learning, computed from the service's records in four queries."""

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.clock import local_date
from app.eligibility.facts import COUNTED_STATUSES  # what the eligibility rules count
from app.models.awarding import Certificate
from app.models.registry import Mentor, MentoringLog, Provider, School, Trainee
from app.models.training import Attendance, TrainingSession
from app.schemas import centi_to_hours

STAGE_1, STAGE_2 = "lp-stage-1", "lp-stage-2-attendance"
DECLARATION = "professional_standards_2007"
def _held(session: Session, mentor_id: uuid.UUID, as_of: date) -> dict[str, dict[str, Any]]:
    """The earliest certificate of each Stage award held on ``as_of``."""
    stmt = (
        select(
            Certificate.id,
            Certificate.award,
            Certificate.provider_id,
            Certificate.issued_on,
            Certificate.revoked_on,
        )
        .where(
            Certificate.mentor_id == mentor_id,
            col(Certificate.award).in_([STAGE_1, STAGE_2]),
            Certificate.issued_on <= as_of,
        )
        .order_by(col(Certificate.issued_on), col(Certificate.id))
    )
    held: dict[str, dict[str, Any]] = {}
    for id_, award, provider_id, issued_on, revoked_on in session.exec(stmt):
        if (revoked_on is None or revoked_on > as_of) and award not in held:
            held[award] = {"id": id_, "provider_id": provider_id, "issued_on": issued_on}
    return held


def _sessions(session: Session, mentor_id: uuid.UUID, as_of: date) -> list[dict[str, Any]]:
    """Attended sessions counting toward the Stage 2 attendance award, in date order."""
    stmt = (
        select(
            TrainingSession.id,
            TrainingSession.title,
            TrainingSession.starts_at,
            TrainingSession.counts_toward,
            Provider.id,
            Provider.name,
            Attendance.hours_centi,
        )
        .join(TrainingSession, col(TrainingSession.id) == Attendance.training_session_id)
        .join(Provider, col(Provider.id) == TrainingSession.provider_id)
        .where(
            Attendance.mentor_id == mentor_id,
            col(Attendance.status).in_(COUNTED_STATUSES),
            Attendance.hours_centi > 0,
            TrainingSession.status != "cancelled",
        )
        .order_by(col(TrainingSession.starts_at), col(TrainingSession.id))
    )
    out = []
    for ts_id, title, starts_at, tags, provider_id, provider_name, hours in session.exec(stmt):
        on = local_date(starts_at)
        if STAGE_2 in tags and on <= as_of:
            out.append(
                {
                    "training_session_id": ts_id,
                    "title": title,
                    "provider_id": provider_id,
                    "provider_name": provider_name,
                    "on": on,
                    "hours": hours,
                }
            )
    return out


def _mentoring(
    session: Session, mentor_id: uuid.UUID, since: date | None, as_of: date
) -> list[dict[str, Any]]:
    """Hours per trainee mentored from ``since`` to ``as_of`` (nothing without a start)."""
    if since is None:
        return []
    stmt = (
        select(Trainee.id, Trainee.route, Trainee.phase, MentoringLog.hours_centi)
        .join(Trainee, col(Trainee.id) == MentoringLog.trainee_id)
        .where(
            MentoringLog.mentor_id == mentor_id,
            MentoringLog.occurred_on >= since,
            MentoringLog.occurred_on <= as_of,
        )
    )
    per: dict[uuid.UUID, dict[str, Any]] = {}
    totals: dict[uuid.UUID, int] = defaultdict(int)
    for trainee_id, route, phase, hours in session.exec(stmt):
        per[trainee_id] = {"trainee_id": trainee_id, "route": route, "phase": phase}
        totals[trainee_id] += hours
    return [{**per[t], "hours": centi_to_hours(totals[t])} for t in sorted(per, key=str)]


def _declared_on(declarations: list[dict[str, Any]]) -> date | None:
    dates = [d.get("made_on") for d in declarations if d.get("code") == DECLARATION and d.get("made_on")]
    return date.fromisoformat(min(dates)) if dates else None


def training_record(session: Session, *, mentor_id: uuid.UUID, as_of: date) -> dict[str, Any]:
    """Prerequisite route, Stage 2 sessions, mentoring since Stage 2, school and phase as of ``as_of``."""
    mentor, school = session.exec(
        select(Mentor, School).join(School, isouter=True).where(Mentor.id == mentor_id)
    ).one()
    held = _held(session, mentor_id, as_of)
    declared_on = _declared_on(mentor.declarations)
    sessions = _sessions(session, mentor_id, as_of)
    stage_2 = held.get(STAGE_2)
    trainees = _mentoring(session, mentor_id, stage_2["issued_on"] if stage_2 else None, as_of)
    route = "A" if STAGE_1 in held else "B" if declared_on is not None and declared_on <= as_of else None
    return {
        "as_of": as_of,
        "prerequisite_route": route,
        "stage_1_certificate": held.get(STAGE_1),
        "professional_standards_2007_declared_on": declared_on,
        "stage_2_sessions": [{**s, "hours": centi_to_hours(s["hours"])} for s in sessions],
        "stage_2_training_hours": centi_to_hours(sum(s["hours"] for s in sessions)),
        "stage_2_certificate": stage_2,
        "mentoring_hours_since_stage_2": sum((t["hours"] for t in trainees), centi_to_hours(0)),
        "trainees_since_stage_2": trainees,
        "school": None
        if school is None
        else {"id": school.id, "urn": school.urn, "name": school.name, "phase": school.phase},
        "phase": mentor.phase,
    }
