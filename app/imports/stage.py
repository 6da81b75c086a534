"""A temporary table per import holding the validated rows, so that resolving natural keys, checking scope,
finding duplicates and writing are each one set-based statement.

Rows are loaded with the driver directly: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, Table, Uuid, text


def stage_table(name: str, columns: Sequence[Column[Any]]) -> Table:
    """``row`` (the data row number), ``new_id`` (the id a created row gets), the kind's columns,
    ``target_id`` (the existing row it matches) and ``changed``."""
    return Table(
        name,
        MetaData(),
        Column("row", Integer, primary_key=True, autoincrement=False),
        Column("new_id", Uuid),
        *columns,
        Column("target_id", Uuid),
        Column("changed", Integer, nullable=False, server_default=text("0")),
        prefixes=["TEMPORARY"],
    )


class Loader:
    """Bulk-loads tuples (in ``columns`` order) into a staged table through the raw driver connection."""

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        self.conn, self.table, self.columns = conn, table, list(columns)
        self.postgres = conn.dialect.name == "postgresql"
        names = ", ".join(self.columns)
        if self.postgres:
            self.sql = f"COPY {table.name} ({names}) FROM STDIN"
        else:
            self.sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(self.columns))})"

    def load(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cursor = self.conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # None only once closed
        try:
            if self.postgres:
                with cursor.copy(self.sql) as copy:
                    for row in rows:
                        copy.write_row(row)  # formatted and escaped in psycopg's C code
            else:
                cursor.executemany(self.sql, rows)
        finally:
            cursor.close()
