"""Attendance: a provider imports register lines for its own training sessions, by session and mentor.

The register's rules (``app.attendance``): attended earns the session's credit hours, partial is clock time
(0 < hours <= duration) credited in proportion, absent and excused nothing, and nothing on a cancelled
session earns anything; attended/partial only once the session has started, and at one live session at a
time (against the database and the file's other rows). Unlike PUT of a register, an import adds and
updates lines and removes none. As on the register, a provider names only mentors linked to it (any other
answers "no mentor") and an import never links one.
"""

import uuid
from datetime import date
from typing import Any

from pydantic import Field
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    String,
    Table,
    Uuid,
    and_,
    case,
    or_,
    select,
    update,
)
from sqlmodel import col

from app.attendance import edges_sql
from app.attendance.earned import earned_sql
from app.attendance.schemas import AttendanceEntry
from app.enums import AttendanceStatus, Role, SessionStatus
from app.imports.kinds.base import Check, Job, Kind, RowProblem, not_in, table_of
from app.imports.values import CellColumn, enum_cell, hours_cell, uuid_cell
from app.models.registry import Mentor
from app.models.training import Attendance as AttendanceModel
from app.models.training import TrainingSession
from app.principal import Principal
from app.schemas import Email
from app.tenancy import mentor_condition

KEY = ("training_session_id", "mentor_id")
ATTENDED, PARTIAL = AttendanceStatus.attended.value, AttendanceStatus.partial.value


class AttendanceRow(AttendanceEntry):
    """An attendance row: one mentor's line of one session's register."""

    training_session_id: uuid.UUID
    mentor_id: uuid.UUID | None = None  # type: ignore[assignment]  # mentor_email may stand in for it
    mentor_email: Email | None = Field(None, description="Instead of `mentor_id`.")


class Attendance(Kind):
    name = "attendance"
    about = (
        "(provider: its own sessions; admin): `training_session_id`, `mentor_id` (or `mentor_email`),\n"
        "  `status`, `hours` (partial only); matched by session+mentor. Adds and updates lines, removes none."
    )
    roles = frozenset({Role.provider})
    schema = AttendanceRow
    target = table_of(AttendanceModel)
    hours = {"hours": "given_centi"}
    not_written = {"mentor_email": "a natural key standing in for mentor_id, which is written"}
    derived = ("hours_centi",)  # what the line earns: app.attendance.earned
    staged = (
        Column("mentor_email", String(254)),
        Column("credit_centi", Integer),
        Column("cancelled", Integer),
        Column("provider_id", Uuid),
        Column("duration_centi", Integer),
        Column("clash_id", Uuid),
        Column("live", Integer),
        Column("not_started", Integer),
        Column("start_s", BigInteger),
        Column("end_s", BigInteger),
    )
    alternatives = {"mentor_id": ("mentor_email",)}
    keys = (KEY,)
    sort = KEY

    def fast(self, today: date) -> dict[str, CellColumn]:
        return {
            "training_session_id": CellColumn(uuid_cell(True), cached=True),
            "mentor_id": CellColumn(uuid_cell(True), cached=True),
            "status": CellColumn(enum_cell(AttendanceStatus), cached=True),
            "hours": CellColumn(hours_cell(ge=0, le=24, required=False), cached=True),
        }

    def stage_values(self, values: dict[str, Any], principal: Principal) -> dict[str, Any]:
        if values.get("mentor_id") is None and values.get("mentor_email") is None:
            raise RowProblem("mentor_id", "Field required (or give mentor_email)")
        return super().stage_values(values, principal)

    def compared(self, job: Job) -> list[str]:
        return ["status", "given_centi", "hours_centi"]  # a register line is whole: no hours means none given

    def resolve(self, conn: Connection, s: Table, job: Job) -> None:
        if "mentor_email" in job.present:
            m = table_of(Mentor)
            conn.execute(
                update(s)
                .values(mentor_id=m.c.id)
                .where(s.c.mentor_id.is_(None), m.c.email == s.c.mentor_email)
            )
        ts = table_of(TrainingSession)
        mine = [] if job.principal.is_admin else [ts.c.provider_id == job.principal.provider_id]
        conn.execute(
            update(s)
            .values(
                credit_centi=ts.c.credit_centi,
                provider_id=ts.c.provider_id,
                cancelled=case((ts.c.status == SessionStatus.cancelled.value, 1), else_=0),
                **edges_sql.timing_values(conn, ts, job.now),
            )
            .where(ts.c.id == s.c.training_session_id, *mine)
        )
        edges_sql.mark_clashes(conn, s)

    def checks(self, s: Table, job: Job) -> list[Check]:
        known = s.c.credit_centi.is_not(None)
        excused = and_(s.c.cancelled == 1, s.c.given_centi == 0, s.c.status.in_([ATTENDED, PARTIAL]))
        given = s.c.given_centi.is_not(None)
        visible = select(col(Mentor.id)).where(mentor_condition(job.principal))
        bad_mentor = or_(s.c.mentor_id.is_(None), not_in(s.c.mentor_id, visible))
        mentor_field = "mentor_id" if "mentor_email" not in job.present else "mentor_email"
        return [
            Check(
                "status",
                edges_sql.not_started(s),
                lambda r: f"{r[1]} only once the session has started",
            ),
            Check(mentor_field, edges_sql.clashes(s), lambda r: "this mentor attended training session "
                  f"{r[1]} ({r[2]!r}) at the same time"),
            Check(
                "training_session_id",
                select(s.c.row).where(~known),
                "no training session with this id that you may record attendance for",
            ),
            Check(mentor_field, select(s.c.row).where(bad_mentor), "no mentor with this id or e-mail"),
            Check(
                "hours",
                select(s.c.row, s.c.credit_centi).where(
                    known,
                    s.c.status == PARTIAL,
                    ~excused,
                    or_(~given, s.c.given_centi == 0, s.c.given_centi > s.c.duration_centi),
                ),
                lambda r: "partial attendance needs the clock time attended: above 0 and at most the "
                f"session's duration ({r[1] / 100:g})",
            ),
            Check(
                "hours",
                select(s.c.row, s.c.duration_centi).where(
                    known, s.c.status == ATTENDED, ~excused, given,
                    s.c.given_centi.not_in([s.c.duration_centi, s.c.credit_centi]),
                ),
                lambda r: f"attended means the whole session ({r[1] / 100:g} h); omit hours or use partial",
            ),
            Check(
                "hours",
                select(s.c.row, s.c.status).where(
                    known, s.c.status.not_in([ATTENDED, PARTIAL]), given, s.c.given_centi != 0
                ),
                lambda r: f"{r[1]} earns no hours; omit hours",
            ),
        ]

    def mark_changed(self, conn: Connection, s: Table, job: Job) -> None:
        """Keep only partial hours, keep a partial line's earlier hours when a cancelled session's line is
        re-sent with 0, then compute what each line earns."""
        t = self.target
        conn.execute(
            update(s)
            .values(given_centi=None)
            .where(or_(s.c.status != PARTIAL, and_(s.c.cancelled == 1, s.c.given_centi == 0)))
        )
        conn.execute(
            update(s)
            .values(given_centi=t.c.given_centi)
            .where(t.c.id == s.c.target_id, s.c.status == PARTIAL, s.c.given_centi.is_(None))
        )
        earned = earned_sql(
            s.c.status,
            s.c.given_centi,
            credit_centi=s.c.credit_centi,
            duration_centi=s.c.duration_centi,
            cancelled=s.c.cancelled == 1,
        )
        conn.execute(update(s).values(hours_centi=earned))
        super().mark_changed(conn, s, job)
