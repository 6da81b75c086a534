"""Mentoring logs: a school imports its own mentors' logs with the trainees placed with it, on placement dates (a
mentor its own logs, with any trainee); a mentor's logs on one date (recorded and in the file) total at most 12
hours."""

import uuid
from datetime import date
from typing import Any

from pydantic import Field
from sqlalchemy import Column, Connection, Index, String, Table, Uuid, exists, func, or_, select, update
from sqlmodel import col

from app.enums import Activity, Role
from app.imports.kinds.base import Check, Job, Kind, RowProblem, not_in, table_of
from app.imports.values import CellColumn, enum_cell, hours_cell, past_date_cell, text_cell, uuid_cell
from app.mentoring_logs.changes import DAY_CENTI
from app.mentoring_logs.schemas import MentoringLogCreate
from app.models.registry import Mentor, MentoringLog, Trainee
from app.schemas import Email
from app.tenancy import mentor_condition, placement_covers, trainee_condition

KEY = ("mentor_id", "trainee_id", "occurred_on", "activity")
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$"  # as a trainee's `reference`
ALTERNATIVE = {
    "mentor": ("mentor_email", "e-mail"),
    "trainee": ("trainee_reference", "reference at this provider"),
}


class MentoringLogRow(MentoringLogCreate):
    """A mentoring-log row; the mentor and trainee may be named by natural key instead of id."""

    mentor_id: uuid.UUID | None = None  # type: ignore[assignment]  # mentor_email may stand in for it
    mentor_email: Email | None = Field(None, description="Instead of `mentor_id`.")
    trainee_id: uuid.UUID | None = None  # type: ignore[assignment]  # trainee_reference may stand in
    trainee_reference: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        pattern=REFERENCE_PATTERN,
        description="Instead of `trainee_id`, with `provider_id`.",
    )
    provider_id: uuid.UUID | None = Field(
        None, description="The trainee's provider, with `trainee_reference`."
    )


class MentoringLogs(Kind):
    name = "mentoring-logs"
    about = (
        "(school: its mentors'; mentor: its own; admin): `mentor_id` (or `mentor_email`),\n"
        "  `trainee_id` (or `trainee_reference` with `provider_id`), `occurred_on`, `hours`, `activity`, `notes`;\n"
        "  matched by mentor+trainee+`occurred_on`+`activity`."
    )
    roles = frozenset({Role.school, Role.mentor})
    schema = MentoringLogRow
    target = table_of(MentoringLog)
    hours = {"hours": "hours_centi"}
    not_written = {
        "mentor_email": "a natural key standing in for mentor_id, which is written",
        "trainee_reference": "a natural key standing in for trainee_id (with provider_id), which is written",
        "provider_id": "the trainee's provider, naming the trainee with trainee_reference",
    }
    staged = (
        Column("mentor_email", String(254)),
        Column("trainee_reference", String(50)),
        Column("provider_id", Uuid),
    )
    alternatives = {"mentor_id": ("mentor_email",), "trainee_id": ("trainee_reference",)}
    keys = (KEY,)
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
            m = table_of(Mentor)
            conn.execute(
                update(s)
                .values(mentor_id=m.c.id)
                .where(s.c.mentor_id.is_(None), m.c.email == s.c.mentor_email)
            )
        if "trainee_reference" in job.present:
            t = table_of(Trainee)
            conn.execute(
                update(s)
                .values(trainee_id=t.c.id)
                .where(
                    s.c.trainee_id.is_(None),
                    t.c.provider_id == s.c.provider_id,
                    t.c.reference == s.c.trainee_reference,
                )
            )

    def match(self, conn: Connection, s: Table, job: Job) -> None:
        super().match(conn, s, job)
        # The day-total check looks rows up by mentor and day, and recorded logs up by the row re-sending them.
        Index(f"{s.name}_day", s.c.mentor_id, s.c.occurred_on).create(conn)
        Index(f"{s.name}_target", s.c.target_id).create(conn)

    def checks(self, s: Table, job: Job) -> list[Check]:
        mentors = select(col(Mentor.id)).where(mentor_condition(job.principal))
        bad_mentor = or_(s.c.mentor_id.is_(None), not_in(s.c.mentor_id, mentors))
        bad_trainee = or_(s.c.trainee_id.is_(None), not_in(s.c.trainee_id, self._trainees(job)))
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
        return [*checks, *self._placement_checks(s, job, bad_trainee), _day_total(s, self.target)]

    def _trainees(self, job: Job) -> Any:
        """The trainees the caller may log against: for a school, those placed with it; otherwise any."""
        if job.principal.role is Role.school:
            return select(col(Trainee.id)).where(trainee_condition(job.principal))
        return select(col(Trainee.id))

    def _placement_checks(self, s: Table, job: Job, bad_trainee: Any) -> list[Check]:
        """A school's log falls inside one of the trainee's placements at that school."""
        if job.principal.role is not Role.school:
            return []
        outside = ~placement_covers(s.c.trainee_id, job.principal.school_id, s.c.occurred_on)
        return [Check("occurred_on", select(s.c.row).where(~bad_trainee, outside),
                      "outside the trainee's placements at this school")]


def _day_total(s: Table, t: Table) -> Check:
    """Rows taking a mentor's day past 12 hours: the logs recorded (and not re-sent), then the file's rows of
    that day in order."""
    again = s.alias("again")
    recorded = (
        select(func.coalesce(func.sum(t.c.hours_centi), 0))
        .where(t.c.mentor_id == s.c.mentor_id, t.c.occurred_on == s.c.occurred_on)
        .where(~exists().where(again.c.target_id == t.c.id))
        .scalar_subquery()
    )
    running = func.sum(s.c.hours_centi).over(partition_by=(s.c.mentor_id, s.c.occurred_on), order_by=s.c.row)
    day = (
        select(s.c.row, (recorded + running).label("total"), s.c.occurred_on)
        .where(s.c.mentor_id.is_not(None), s.c.hours_centi.is_not(None))
        .subquery()
    )
    return Check(
        "hours",
        select(day.c.row, day.c.total, day.c.occurred_on).where(day.c.total > DAY_CENTI),
        lambda r: f"this mentor's logs on {r[2]} would total {r[1] / 100:g} h (with earlier rows and the logs "
        f"recorded); a day has at most {DAY_CENTI // 100} h of mentoring",
    )
