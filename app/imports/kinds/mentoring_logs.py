"""Mentoring logs: a school imports its own mentors' logs (a mentor its own), with any trainee."""

from datetime import date
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, String, Table, Uuid, or_, select, update

from app.enums import Activity, Role
from app.imports.kinds.base import Check, Job, Kind, RowProblem, not_in
from app.imports.schemas import MentoringLogRow
from app.imports.values import CellColumn, enum_cell, hours_cell, past_date_cell, text_cell, uuid_cell
from app.models.registry import Mentor, MentoringLog, Trainee
from app.tenancy import mentor_condition

KEY = ("mentor_id", "trainee_id", "occurred_on", "activity")
ALTERNATIVE = {
    "mentor": ("mentor_email", "e-mail"),
    "trainee": ("trainee_reference", "reference at this provider"),
}


class MentoringLogs(Kind):
    name = "mentoring-logs"
    roles = frozenset({Role.school, Role.mentor})
    schema = MentoringLogRow
    target = MentoringLog.__table__  # type: ignore[attr-defined]
    columns = (
        Column("mentor_id", Uuid),
        Column("mentor_email", String(254)),
        Column("trainee_id", Uuid),
        Column("trainee_reference", String(50)),
        Column("provider_id", Uuid),
        Column("occurred_on", Date),
        Column("hours_centi", Integer),
        Column("activity", String(30)),
        Column("notes", String(2000)),
    )
    hours = {"hours": "hours_centi"}
    alternatives = {"mentor_id": ("mentor_email",), "trainee_id": ("trainee_reference",)}
    keys = (KEY,)
    writes = ("mentor_id", "trainee_id", "occurred_on", "hours_centi", "activity", "notes")
    sort = KEY

    def fast(self, today: date) -> dict[str, CellColumn]:
        return {
            "mentor_id": CellColumn(uuid_cell(True), cached=True),
            "trainee_id": CellColumn(uuid_cell(True), cached=True),
            "occurred_on": CellColumn(past_date_cell(today), cached=True),
            "hours": CellColumn(hours_cell(gt=0, le=12, required=True), cached=True),
            "activity": CellColumn(enum_cell(Activity), cached=True),
            "notes": CellColumn(text_cell(2000), cached=False),
        }

    def stage_values(self, values: dict[str, Any], principal: Any) -> dict[str, Any]:
        if values.get("mentor_id") is None and values.get("mentor_email") is None:
            raise RowProblem("mentor_id", "Field required (or give mentor_email)")
        if values.get("trainee_id") is None and (
            values.get("trainee_reference") is None or values.get("provider_id") is None
        ):
            raise RowProblem("trainee_id", "Field required (or give trainee_reference and provider_id)")
        return super().stage_values(values, principal)

    def resolve(self, conn: Connection, s: Table, job: Job) -> None:
        if "mentor_email" in job.present:
            m = Mentor.__table__  # type: ignore[attr-defined]
            conn.execute(
                update(s)
                .values(mentor_id=m.c.id)
                .where(s.c.mentor_id.is_(None), m.c.email == s.c.mentor_email)
            )
        if "trainee_reference" in job.present:
            t = Trainee.__table__  # type: ignore[attr-defined]
            conn.execute(
                update(s)
                .values(trainee_id=t.c.id)
                .where(
                    s.c.trainee_id.is_(None),
                    t.c.provider_id == s.c.provider_id,
                    t.c.reference == s.c.trainee_reference,
                )
            )

    def checks(self, s: Table, job: Job) -> list[Check]:
        mentors = select(Mentor.id).where(mentor_condition(job.principal))  # type: ignore[call-overload]
        bad_mentor = or_(s.c.mentor_id.is_(None), not_in(s.c.mentor_id, mentors))
        bad_trainee = or_(s.c.trainee_id.is_(None), not_in(s.c.trainee_id, select(Trainee.id)))  # type: ignore[call-overload]
        checks = []
        for name, bad, msg in (
            ("mentor", bad_mentor, "no mentor with this {} that you may log for"),
            ("trainee", bad_trainee, "no trainee with this {}"),
        ):
            alternative = s.c[ALTERNATIVE[name][0]]
            if ALTERNATIVE[name][0] not in job.present:
                checks.append(Check(f"{name}_id", select(s.c.row).where(bad), msg.format("id")))
                continue
            checks.append(
                Check(f"{name}_id", select(s.c.row).where(alternative.is_(None), bad), msg.format("id"))
            )
            checks.append(
                Check(
                    alternative.name,
                    select(s.c.row).where(alternative.is_not(None), bad),
                    msg.format(ALTERNATIVE[name][1]),
                )
            )
        return checks
