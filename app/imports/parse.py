"""Reading an uploaded file as a stream of rows: CSV (header row, comma, UTF-8 with or without BOM) or a
JSON array of objects, without loading the file whole."""

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHUNK_CHARS = 1 << 20
MAX_VALUE_CHARS = 16 << 20  # one JSON row larger than this is refused rather than buffered
_WS = " \t\r\n"


class FileError(Exception):
    """The file cannot be read past ``row``: nothing after it is validated."""

    def __init__(self, row: int, msg: str) -> None:
        super().__init__(msg)
        self.row, self.msg = row, msg


class _NotUtf8(Exception):
    pass


def _text_lines(f: Any) -> Iterator[str]:
    """Lines decoded one at a time, so a bad byte is reported at its row; a leading BOM is dropped."""
    first = True
    for line in f:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotUtf8 from None
        if first:
            text, first = text.removeprefix("\ufeff"), False
        yield text


class CsvRows:
    """The header and an iterator of (data row number, cells); blank lines are skipped but counted."""

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

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        number = 0
        try:
            for number, cells in enumerate(self.reader, start=1):  # noqa: B007
                if cells:
                    yield number, cells
        except _NotUtf8:
            raise FileError(number + 1, "the file is not valid UTF-8 from this row on") from None
        except csv.Error as exc:
            raise FileError(number + 1, f"not valid CSV: {exc}") from None
        finally:
            self.close()


def json_rows(path: Path) -> Iterator[tuple[int, Any]]:
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
        source = CsvRows(path) if media_type == "csv" else None
        rows = iter(source) if source is not None else json_rows(path)
        try:
            for n, _ in rows:  # noqa: B007
                if n > stop_after:
                    break
        finally:
            rows.close()  # type: ignore[attr-defined]
            if source is not None:
                source.close()
    except FileError:
        pass
    return n
