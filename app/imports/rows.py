"""Validating a file into staged tuples: canonical CSV cells through the fast converters a column at a
time, every other row through the kind's pydantic schema (the single-row API's rules)."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.imports.kinds.base import Kind, RowProblem
from app.imports.parse import CsvRows, FileError, json_rows
from app.imports.values import BAD, CellColumn
from app.models.base import uuid7_start
from app.principal import Principal

Error = tuple[int, str | None, str]


@dataclass
class Batch:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    extra: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    last_row: int = 0  # the last data row read so far


class IdMaker:
    """Time-ordered UUIDs (version 7 layout) as 32 hex digits, ascending within one import."""

    def __init__(self) -> None:
        self.prefix, self.next = uuid7_start()

    def __call__(self) -> str:
        self.next += 1
        return f"{self.prefix}{self.next:016x}"


class RowReader:
    """Reads one uploaded file for one kind and caller; ``columns`` names the staged tuples' columns."""

    def __init__(self, kind: Kind, path: Path, media_type: str, principal: Principal, today: date) -> None:
        self.kind, self.path, self.media_type, self.principal, self.today = (
            kind,
            path,
            media_type,
            principal,
            today,
        )
        self.present: set[str] = set()
        self.new_id = IdMaker() if kind.python_ids else None
        lead = ["row", "new_id"] if kind.python_ids else ["row"]
        self.columns = [*lead, *(c.name for c in kind.columns() if c.name in self._field_columns())]

    def _field_columns(self) -> set[str]:
        return {self.kind.field_column(f) for f in self.kind.accepted()}

    def header_errors(self, header: list[str]) -> list[Error]:
        """Unknown, repeated or missing required columns."""
        accepted, errors, seen = self.kind.accepted(), [], set()
        for name in header:
            if name not in accepted:
                errors.append((0, name or None, f"unknown column {name!r}"))
            elif name in seen:
                errors.append((0, name, "repeated column"))
            seen.add(name)
        for group in self.kind.required(self.principal):
            if not seen.intersection(group):
                alternatives = f" (or {' or '.join(group[1:])})" if len(group) > 1 else ""
                errors.append((0, group[0], f"missing required column{alternatives}"))
        return errors

    def batches(self, size: int) -> Iterator[Batch]:
        """Batches of staged rows with the bad rows' errors; an unreadable file ends with its error."""
        items = self._csv(size) if self.media_type == "csv" else self._json(size)
        batch = Batch()
        try:
            for batch in items:  # noqa: B007
                yield batch
        except FileError as exc:
            yield Batch(errors=[(exc.row, None, exc.msg)], last_row=max(batch.last_row, exc.row - 1))

    # -- CSV ----------------------------------------------------------------------------------------
    def _csv(self, size: int) -> Iterator[Batch]:
        source = CsvRows(self.path)
        try:
            errors = self.header_errors(source.header)
            if errors:
                yield Batch(errors=errors)
                return
            header = source.header
            self.present = set(header)
            fast = self._fast_columns(header)
            if fast is not None:
                self.columns = ["row", *(self.kind.field_column(h) for h in header)]
            for read in source.batches(size):
                batch = Batch(errors=read.errors, last_row=read.last_row)
                yield self._csv_batch(batch, header, fast, read.numbers, read.cells)
        finally:
            source.close()

    def _fast_columns(self, header: list[str]) -> list[CellColumn] | None:
        """The fast converters when every column has one and every written field left out stages NULL, as
        the schema would (a field with another default, e.g. a newly added one, takes the schema's path)."""
        fast = self.kind.fast(self.today)
        if not fast or not set(header) <= set(fast):
            return None
        fields = self.kind.schema.model_fields
        left_out = set(self.kind.written_fields()).difference(header)
        if any(fields[f].get_default(call_default_factory=True) is not None for f in left_out):
            return None
        return [fast[h] for h in header]

    def _csv_batch(
        self,
        batch: Batch,
        header: list[str],
        fast: list[CellColumn] | None,
        numbers: list[int],
        cells: list[list[str]],
    ) -> Batch:
        if fast is None or not numbers:
            for number, row in zip(numbers, cells, strict=True):
                self._slow(number, self._cells_to_dict(header, row), batch)
            return batch
        converted: list[list[Any]] = []
        bad: set[int] = set()
        for column, values in zip(fast, zip(*cells, strict=True), strict=True):
            staged, any_bad = column.many(values)
            converted.append(staged)
            if any_bad:
                bad.update(i for i, v in enumerate(staged) if v is BAD)
        rows = list(zip(numbers, *converted, strict=True))
        if not bad:
            batch.rows = rows
            return batch
        batch.rows = [r for i, r in enumerate(rows) if i not in bad]
        for i in sorted(bad):
            self._slow(numbers[i], self._cells_to_dict(header, cells[i]), batch)
        return batch

    def _cells_to_dict(self, header: list[str], cells: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, cell in zip(header, cells, strict=True):
            if cell != "":
                out[name] = _list_cell(cell) if name in self.kind.list_fields else cell
        return out

    # -- JSON ---------------------------------------------------------------------------------------
    def _json(self, size: int) -> Iterator[Batch]:
        batch = Batch()
        for number, data in json_rows(self.path):
            batch.last_row = number
            if isinstance(data, dict):
                self.present.update(data)
                self._slow(number, data, batch)
            else:
                batch.errors.append((number, None, "a row must be a JSON object"))
            if len(batch.rows) + len(batch.errors) >= size:
                yield batch
                batch = Batch(last_row=number)
        yield batch

    # -- the schema ---------------------------------------------------------------------------------
    def _slow(self, number: int, data: dict[str, Any], batch: Batch) -> None:
        """Validate one row with the kind's schema and stage it, or record its errors."""
        try:
            model = self.kind.schema.model_validate(self.kind.prepare(data, self.principal))
            raw = {k: getattr(model, k) for k in type(model).model_fields}
            values = self.kind.stage_values(raw, self.principal)
        except ValidationError as exc:
            batch.errors.extend(
                (number, ".".join(str(p) for p in e["loc"]) or None, e["msg"]) for e in exc.errors()
            )
            return
        except RowProblem as exc:
            batch.errors.append((number, exc.field, exc.msg))
            return
        values["row"] = number
        if self.new_id is not None:
            values["new_id"] = self.new_id()
        batch.rows.append(tuple(values.get(c) for c in self.columns))
        for table, rows in self.kind.extra_rows(number, raw).items():
            batch.extra.setdefault(table, []).extend(rows)


def _list_cell(cell: str) -> Any:
    """A list in one CSV cell: a JSON array, or values separated by ';'."""
    text = cell.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            return cell  # the schema reports it is not a list
    return [part.strip() for part in text.split(";") if part.strip()]
