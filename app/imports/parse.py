"""Reading an uploaded file as a stream of rows: CSV (header row, comma, UTF-8 with or without BOM) or a
JSON array of objects, without loading the file whole."""

import codecs
import csv
import io
import itertools
import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHUNK_CHARS = CHUNK_BYTES = 1 << 20
MAX_VALUE_CHARS = 16 << 20  # one JSON row larger than this is refused rather than buffered
_WS = " \t\r\n"


class FileError(Exception):
    """The file cannot be read past ``row``: nothing after it is validated."""

    def __init__(self, row: int, msg: str) -> None:
        super().__init__(msg)
        self.row, self.msg = row, msg


class _NotUtf8(Exception):
    pass


def _decoded(chunk: list[bytes]) -> Iterator[str]:
    """Lines of one chunk; up to a bad byte's line when there is one."""
    try:
        return io.StringIO(b"".join(chunk).decode("utf-8"), newline="")
    except UnicodeDecodeError:
        return _until_bad(chunk)


def _until_bad(chunk: list[bytes]) -> Iterator[str]:
    for line in chunk:
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotUtf8 from None


def _text_lines(f: Any) -> Iterator[str]:
    """The file's lines decoded a megabyte at a time (a bad byte is reported at its row), BOM dropped."""
    first = f.readline()
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]
    chunks = iter(lambda: f.readlines(CHUNK_BYTES), [])
    return itertools.chain.from_iterable(map(_decoded, itertools.chain([[first]] if first else [], chunks)))


@dataclass
class CsvBatch:
    numbers: list[int] = field(default_factory=list)  # data row numbers
    cells: list[list[str]] = field(default_factory=list)  # one list per row, as wide as the header
    errors: list[tuple[int, str | None, str]] = field(default_factory=list)
    last_row: int = 0


class CsvRows:
    """The header, then batches of rows; blank lines are skipped but counted."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("rb")
        self.reader = csv.reader(_text_lines(self.file))
        try:
            header = next(self.reader, None)
        except _NotUtf8:
            self.close()
            raise FileError(0, "the header is not valid UTF-8") from None
        except csv.Error as exc:
            self.close()
            raise FileError(0, f"the header cannot be read: {exc}") from None
        if not header:
            self.close()
            raise FileError(0, "the file is empty: a header row naming the columns is required")
        self.header = [h.strip() for h in header]

    def close(self) -> None:
        self.file.close()

    def batches(self, size: int) -> Iterator[CsvBatch]:
        """Batches of ``size`` rows; a FileError (after the rows before it) ends the file."""
        width, number, batch = len(self.header), 0, CsvBatch()
        try:
            for number, cells in enumerate(self.reader, start=1):  # noqa: B007
                if len(cells) != width:
                    if not cells:
                        continue
                    fitted = _fit(cells, width)
                    if fitted is None:
                        batch.errors.append((number, None, f"{len(cells)} values for {width} columns"))
                        continue
                    cells = fitted
                batch.numbers.append(number)
                batch.cells.append(cells)
                if len(batch.numbers) >= size:
                    batch.last_row = number
                    yield batch
                    batch = CsvBatch()
        except (_NotUtf8, csv.Error) as exc:
            batch.last_row = number
            yield batch
            msg = (
                "the file is not valid UTF-8 from this row on"
                if isinstance(exc, _NotUtf8)
                else f"not valid CSV: {exc}"
            )
            raise FileError(number + 1, msg) from None
        finally:
            self.close()
        batch.last_row = number
        yield batch


def _fit(cells: list[str], width: int) -> list[str] | None:
    """Missing trailing cells are empty; extra cells must be."""
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return None
    return (cells + [""] * width)[:width]


def json_rows(path: Path) -> Generator[tuple[int, Any], None, None]:
    """(row number, element) for each element of the file's top-level JSON array."""
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8-sig") as f:
        reader = _Buffer(f)
        if reader.skip_ws() != "[":
            raise FileError(0, "a JSON body must be an array of objects")
        reader.pos += 1
        number = 0
        if reader.skip_ws() == "]":
            return
        while True:
            number += 1
            reader.row = number
            yield number, reader.value(decoder, number)
            sep = reader.skip_ws()
            reader.pos += 1
            if sep == "]":
                return
            if sep != ",":
                raise FileError(number + 1, "invalid JSON: expected ',' or ']' after a row")
            reader.skip_ws()


class _Buffer:
    """A sliding window over a text file for ``raw_decode``."""

    def __init__(self, f: Any) -> None:
        self.f, self.text, self.pos, self.eof, self.row = f, "", 0, False, 0

    def _more(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.f.read(CHUNK_CHARS)
        except UnicodeDecodeError:
            raise FileError(self.row, "the file is not valid UTF-8") from None
        self.eof = not chunk
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        return bool(chunk)

    def skip_ws(self) -> str:
        """The next non-blank character ('' at the end), leaving ``pos`` on it."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.text) or not self._more():
                return self.text[self.pos : self.pos + 1]

    def value(self, decoder: json.JSONDecoder, number: int) -> Any:
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.text) - self.pos > MAX_VALUE_CHARS or not self._more():
                    raise FileError(number, f"invalid JSON: {exc.msg}") from None
                continue
            if end == len(self.text) and not self.eof and self._more():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value


def count_rows(path: Path, media_type: str, stop_after: int) -> int:
    """Data rows in the file, counting no further than ``stop_after`` + 1 (an unreadable file: what reads)."""
    n = 0
    try:
        if media_type == "csv":
            source = CsvRows(path)
            try:
                for batch in source.batches(10_000):
                    n = batch.last_row
                    if n > stop_after:
                        break
            finally:
                source.close()
            return n
        rows = json_rows(path)
        try:
            for n, _ in rows:  # noqa: B007
                if n > stop_after:
                    break
        finally:
            rows.close()
    except FileError:
        pass
    return n
