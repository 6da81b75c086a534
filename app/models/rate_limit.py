"""Counters shared by every API process: the rate limit's requests per client and minute, and failed
token requests per client id and per address (keys ``token:client:…``, ``token:addr:…``)."""

import random
import time

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, SQLModel

from app.db import open_session

clock = time.time  # the token throttle's clock; tests replace it


class RateLimitCounter(SQLModel, table=True):
    """How many requests one client made in one minute (a fixed window)."""

    __tablename__ = "rate_limit_counter"
    key: str = Field(max_length=200, primary_key=True)
    minute: int = Field(primary_key=True, description="Minutes since the epoch.")
    count: int = 0


def counts(engine: Engine, keys: list[str], window: int) -> dict[str, int]:
    """The counts of these keys in ``window`` (a read: no lock taken)."""
    table = RateLimitCounter.__table__  # type: ignore[attr-defined]
    with open_session(engine) as session:
        rows = session.execute(select(table.c.key, table.c.count)
                               .where(table.c.key.in_(keys), table.c.minute == window)).all()
    return {str(row[0]): int(row[1]) for row in rows}


def hit_all(engine: Engine, keys: list[str], window: int) -> dict[str, int]:
    """Count one event for each key in ``window`` (one transaction); the counts, this one included."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    table = RateLimitCounter.__table__  # type: ignore[attr-defined]
    out = {}
    with open_session(engine, write=True) as session:
        for key in keys:
            stmt = dialect.insert(table).values(key=key, minute=window, count=1)
            stmt = stmt.on_conflict_do_update(index_elements=["key", "minute"],
                                              set_={"count": table.c.count + 1}).returning(table.c.count)
            out[key] = int(session.execute(stmt).scalar_one())
            if out[key] == 1:
                session.execute(delete(table).where(table.c.key == key, table.c.minute < window))
        if random.random() < 0.01:  # keys never seen again (e.g. made-up client ids) go after a day
            session.execute(delete(table).where(table.c.minute < window - 24 * 60))
        session.commit()
    return out
