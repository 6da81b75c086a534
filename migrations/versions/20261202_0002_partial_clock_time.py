"""partial attendance is clock time, credited in proportion

Revision ID: 0002_partial_clock_time
Revises: 0001
Create Date: 2026-12-02

No schema change. ``given_centi`` on a ``partial`` row now means the clock time attended (at most the
session's duration) and ``hours_centi`` what it earns: given × credit / duration, rounded down to the
hundredth. Existing partial rows are brought to that meaning: a given above the duration (possible when the
credit exceeded the duration) is capped at the duration, then the credit recomputed; rows on cancelled
sessions keep earning 0. The downgrade restores the old meaning (credit = the hours given); the capped
values are not restored.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_partial_clock_time"
down_revision: str | None = "0002_scope"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

attendance = sa.table(
    "attendance",
    sa.column("training_session_id", sa.Uuid()),
    sa.column("status", sa.String()),
    sa.column("given_centi", sa.Integer()),
    sa.column("hours_centi", sa.Integer()),
)
session = sa.table(
    "training_session",
    sa.column("id", sa.Uuid()),
    sa.column("status", sa.String()),
    sa.column("duration_centi", sa.Integer()),
    sa.column("credit_centi", sa.Integer()),
)


def _of_session(column: str) -> sa.ScalarSelect[int]:
    return sa.select(session.c[column]).where(session.c.id == attendance.c.training_session_id).scalar_subquery()


def _live_partial() -> sa.ColumnElement[bool]:
    cancelled = sa.exists().where(session.c.id == attendance.c.training_session_id, session.c.status == "cancelled")
    return sa.and_(attendance.c.status == "partial", attendance.c.given_centi.is_not(None), ~cancelled)


def upgrade() -> None:
    duration = _of_session("duration_centi")
    op.execute(
        attendance.update()
        .where(attendance.c.status == "partial", attendance.c.given_centi > duration)
        .values(given_centi=duration)
    )
    # Non-negative integers: "/" truncates, that is rounds down, in SQLite and PostgreSQL alike.
    earned = sa.cast(attendance.c.given_centi * _of_session("credit_centi"), sa.Integer) // duration
    op.execute(attendance.update().where(_live_partial()).values(hours_centi=earned))


def downgrade() -> None:
    op.execute(attendance.update().where(_live_partial()).values(hours_centi=attendance.c.given_centi))
