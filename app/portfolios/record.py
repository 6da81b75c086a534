"""The portfolio's record of training and learning: what the Stage 2 decisions counted, with its details.

The mentor's facts are the eligibility facts and what counts is what the rules
counted (`app.rules`, the Stage 2 awards); only the details shown beside those
records (session titles, provider names, trainees' routes) are read here.
"""

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app import rules
from app.eligibility import service as eligibility_service
from app.models.registry import Mentor, Provider, School, Trainee
from app.models.training import Attendance, TrainingSession
from app.schemas import centi_to_hours

DECLARATION = "professional_standards_2007"
# Criteria of the built-in Stage 2 awards whose results make up the record.
STAGE_1_HELD, DECLARED = "stage_1_held", "professional_standards_2007"
STAGE_2_TRAINING, STAGE_2_HELD, MENTORING = "stage_2_training", "stage_2_attendance_held", "mentoring_since_stage_2"


def _certificate(found: rules.MentorFacts, counted: tuple[str, ...]) -> dict[str, Any] | None:
    """The earliest of the counted certificates (the rules list them earliest first)."""
    by_id = {c.id: c for c in found.certificates}
    first = by_id[counted[0]] if counted else None
    return None if first is None else {"id": first.id, "provider_id": first.provider_id, "issued_on": first.issued_on}


def _sessions(session: Session, found: rules.MentorFacts, counted: tuple[str, ...]) -> list[dict[str, Any]]:
    """The counted attendance with its session's title and provider, in session order."""
    if not counted:
        return []
    attended = {a.id: a for a in found.attendance}
    ts = TrainingSession
    stmt = (
        select(Attendance.id, ts.id, ts.title, Provider.name)
        .join(ts, col(ts.id) == Attendance.training_session_id)
        .join(Provider, col(Provider.id) == ts.provider_id)
        .where(col(Attendance.id).in_([uuid.UUID(i) for i in counted]))
        .order_by(col(ts.starts_at), col(ts.id))
    )
    out = []
    for id_, ts_id, title, provider_name in session.exec(stmt):
        a = attended[str(id_)]
        out.append(
            {
                "training_session_id": ts_id,
                "title": title,
                "provider_id": a.provider_id,
                "provider_name": provider_name,
                "on": a.on,
                "hours": a.hours,
            }
        )
    return out


def _trainees(session: Session, found: rules.MentorFacts, counted: tuple[str, ...]) -> list[dict[str, Any]]:
    """Hours per trainee over the counted mentoring logs, with each trainee's route and phase."""
    totals: dict[str, int] = defaultdict(int)
    logs = {g.id: g for g in found.logs}
    for log_id in counted:
        totals[logs[log_id].trainee_id] += logs[log_id].hours
    if not totals:
        return []
    stmt = select(Trainee.id, Trainee.route, Trainee.phase).where(
        col(Trainee.id).in_([uuid.UUID(t) for t in totals])
    )
    details = {str(id_): (route, phase) for id_, route, phase in session.exec(stmt)}
    return [
        {"trainee_id": t, "route": details[t][0], "phase": details[t][1], "hours": centi_to_hours(totals[t])}
        for t in sorted(totals)
    ]


def _declared_on(found: rules.MentorFacts) -> date | None:
    """The earliest date the mentor declared the 2007 Professional Standards, if ever."""
    return min((d.made_on for d in found.declarations if d.code == DECLARATION), default=None)


def _route(attendance: rules.AwardDecision) -> str | None:
    """`A` when the rules found Stage 1 held, else `B` when they found the declaration made."""
    if attendance.criterion(STAGE_1_HELD).met:
        return "A"
    return "B" if attendance.criterion(DECLARED).met else None


def training_record(session: Session, *, mentor_id: uuid.UUID, as_of: date) -> dict[str, Any]:
    """Prerequisite route, Stage 2 sessions, mentoring since Stage 2, school and phase as of ``as_of``."""
    mentor, school = session.exec(
        select(Mentor, School).join(School, isouter=True).where(Mentor.id == mentor_id)
    ).one()
    found = eligibility_service.mentor_facts(session, mentor=mentor, as_of=as_of)
    attendance, certificate = rules.evaluate_many(
        found, (rules.LP_STAGE_2_ATTENDANCE, rules.LP_STAGE_2_CERTIFICATE), as_of
    )
    sessions = _sessions(session, found, attendance.criterion(STAGE_2_TRAINING).counted)
    trainees = _trainees(session, found, certificate.criterion(MENTORING).counted)
    return {
        "as_of": as_of,
        "prerequisite_route": _route(attendance),
        "stage_1_certificate": _certificate(found, attendance.criterion(STAGE_1_HELD).counted),
        "professional_standards_2007_declared_on": _declared_on(found),
        "stage_2_sessions": [{**s, "hours": centi_to_hours(s["hours"])} for s in sessions],
        "stage_2_training_hours": centi_to_hours(sum(s["hours"] for s in sessions)),
        "stage_2_certificate": _certificate(found, certificate.criterion(STAGE_2_HELD).counted),
        "mentoring_hours_since_stage_2": sum((t["hours"] for t in trainees), centi_to_hours(0)),
        "trainees_since_stage_2": trainees,
        "school": None
        if school is None
        else {"id": school.id, "urn": school.urn, "name": school.name, "phase": school.phase},
        "phase": mentor.phase,
    }
