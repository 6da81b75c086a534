"""Engine, metadata naming convention and database sessions."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, MetaData, event
from sqlmodel import Session, SQLModel, create_engine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


LOCK_TIMEOUT = 5.0  # seconds a statement waits for a lock (PostgreSQL) or the write lock (SQLite)
STATEMENT_TIMEOUT = 30.0  # seconds a PostgreSQL statement may run
POOL_TIMEOUT = 5.0  # seconds a request waits for a pooled connection


def make_engine(url: str, *, lock_timeout: float = LOCK_TIMEOUT, statement_timeout: float = STATEMENT_TIMEOUT,
                pool_size: int = 10, max_overflow: int = 20) -> Engine:
    """An engine for the URL that never waits long: a lock held elsewhere fails the statement after
    ``lock_timeout`` (PostgreSQL ``lock_timeout``, SQLite busy timeout), a PostgreSQL statement after
    ``statement_timeout``, a wait for a pooled connection after 5 s. Those failures are
    ``OperationalError``/``TimeoutError``, answered 503 with ``Retry-After``.

    SQLite gets WAL and explicit transactions.
    """
    if not url.startswith("sqlite"):
        options = (f"-c lock_timeout={int(lock_timeout * 1000)} "
                   f"-c statement_timeout={int(statement_timeout * 1000)}")
        return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow,
                             pool_timeout=POOL_TIMEOUT, connect_args={"options": options})
    busy_ms = int(lock_timeout * 1000)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": lock_timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        # Writers take the write lock at BEGIN so two read-modify-write requests serialise
        # instead of failing with "database is locked" when the reader tries to upgrade.
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def session_bind(engine: Engine, *, write: bool = False) -> Engine:
    """The engine a session binds to; ``write`` begins with the write lock on SQLite."""
    return engine.execution_options(sqlite_immediate=True) if write else engine


@contextmanager
def open_session(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """A session; ``write`` begins with the write lock on SQLite."""
    with Session(session_bind(engine, write=write), expire_on_commit=False) as session:
        yield session


def migrate(url: str) -> None:
    """Build or upgrade the schema at ``url`` the way production does: ``alembic upgrade head``."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(Path(__file__).resolve().parents[1] / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
