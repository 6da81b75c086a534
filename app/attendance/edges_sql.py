"""The attendance edges (``app.attendance.edges``) for many rows at once: an import's staged lines.

The staged table carries, per line, its session's ``start_s``/``end_s`` (seconds since 1970), ``live``
(1: a live mode, not cancelled), ``not_started`` (1: starts after now) and ``clash_id`` (the
overlapping session found by ``mark_clashes``).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Index, Table, and_, case, exists, select, update
from sqlmodel import SQLModel

from app.attendance.edges import COUNTED, LIVE_MODES, epoch_seconds
from app.enums import SessionStatus
from app.models.training import Attendance, TrainingSession


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table."""
    table: Table = model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass; not in its stubs
    return table


def timing_values(conn: Connection, ts: Table, now: datetime) -> dict[str, Any]:
    """Staged columns filled from the session ``ts`` (in an UPDATE … FROM the session table)."""
    start = epoch_seconds(conn.dialect.name, ts.c.starts_at)
    live = and_(ts.c.mode.in_(LIVE_MODES), ts.c.status != SessionStatus.cancelled.value)
    return {
        "duration_centi": ts.c.duration_centi,
        "live": case((live, 1), else_=0),
        "not_started": case((ts.c.starts_at > now, 1), else_=0),
        "start_s": start,
        "end_s": start + ts.c.duration_centi * 36,
    }


def not_started(s: Table) -> Any:
    """Staged lines attended/partial at a session that has not started: (row, status)."""
    return select(s.c.row, s.c.status).where(s.c.status.in_(COUNTED), s.c.not_started == 1)


def mark_clashes(conn: Connection, s: Table) -> None:
    """Set ``clash_id`` on staged lines attended/partial at a live session overlapping another live session
    the same mentor attended: one recorded (and not re-sent in this file), else an earlier line of the file."""
    counted = and_(s.c.status.in_(COUNTED), s.c.live == 1, s.c.mentor_id.is_not(None))
    if conn.execute(select(s.c.row).where(counted).limit(1)).first() is None:
        return
    Index(f"{s.name}_mentor", s.c.mentor_id).create(conn)  # the lookups below go by mentor
    a, ts = table_of(Attendance), table_of(TrainingSession)
    start = epoch_seconds(conn.dialect.name, ts.c.starts_at)
    again = s.alias("again")
    resent = exists().where(again.c.training_session_id == ts.c.id, again.c.mentor_id == s.c.mentor_id)
    recorded = (
        select(ts.c.id)
        .select_from(a.join(ts, ts.c.id == a.c.training_session_id))
        .where(a.c.mentor_id == s.c.mentor_id, a.c.status.in_(COUNTED), ts.c.mode.in_(LIVE_MODES))
        .where(ts.c.status != SessionStatus.cancelled.value, ts.c.id != s.c.training_session_id, ~resent)
        .where(start < s.c.end_s, start + ts.c.duration_centi * 36 > s.c.start_s)
        .order_by(ts.c.starts_at, ts.c.id)
        .limit(1)
        .scalar_subquery()
    )
    conn.execute(update(s).values(clash_id=recorded).where(counted))
    o = s.alias("other")
    in_file = (
        select(o.c.training_session_id)
        .where(o.c.mentor_id == s.c.mentor_id, o.c.row < s.c.row, o.c.training_session_id != s.c.training_session_id)
        .where(o.c.status.in_(COUNTED), o.c.live == 1, o.c.start_s < s.c.end_s, o.c.end_s > s.c.start_s)
        .order_by(o.c.row)
        .limit(1)
        .scalar_subquery()
    )
    conn.execute(update(s).values(clash_id=in_file).where(counted, s.c.clash_id.is_(None)))


def clashes(s: Table) -> Any:
    """Staged lines marked by ``mark_clashes``: (row, the other session's id, its title)."""
    ts = table_of(TrainingSession)
    return select(s.c.row, ts.c.id, ts.c.title).join(ts, ts.c.id == s.c.clash_id)
