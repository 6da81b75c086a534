"""ETags from a row's ``version`` column, and the atomic conditional update behind ``If-Match``.

Shared by portfolios, self-assessments and QA reviews. A write first *claims* the row with
``UPDATE ... SET version = version + 1 WHERE id = ? [AND version IN (If-Match)]``: on
PostgreSQL the second of two concurrent writers waits for the first, then matches no row
(412); on SQLite writers are serialised by ``BEGIN IMMEDIATE``. After the claim the row is
re-read, so every check that follows sees the latest committed state.
"""

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from app.errors import PreconditionFailed
from app.models.base import utcnow


def etag(row: Any) -> str:
    """The row's strong ETag: its version, quoted."""
    return f'"{row.version}"'


def parse_if_match(value: str | None) -> list[int] | None:
    """The versions an ``If-Match`` header accepts; None when absent or ``*`` (any version)."""
    if value is None or value.strip() == "*":
        return None
    versions = []
    for token in value.split(","):
        token = token.strip().removeprefix("W/").strip('"')
        if token.isdigit() and len(token) < 12:
            versions.append(int(token))
    return versions  # empty when nothing parses: matches no version, so 412


def claim(session: Session, row: Any, *, if_match: list[int] | None) -> None:
    """Bump the row's version if it still matches ``if_match`` (412 otherwise) and reload it."""
    model = type(row)
    stmt = update(model).where(col(model.id) == row.id)
    if if_match is not None:
        stmt = stmt.where(col(model.version).in_(if_match))
    stmt = stmt.values(version=model.version + 1, updated_at=utcnow())
    stmt = stmt.execution_options(synchronize_session=False)
    if session.exec(stmt).rowcount != 1:
        raise PreconditionFailed("the resource has changed since that ETag was read; read it again and retry")
    session.refresh(row)
