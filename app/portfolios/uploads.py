"""Evidence files: a streaming multipart reader with a size limit, type sniffing, content-addressed storage.

The request body is read chunk by chunk; the ``file`` part goes to a temporary file under the
uploads directory while its SHA-256 is computed, and reading stops as soon as it passes the limit
(413, the temporary file removed). The type is decided by the content (magic bytes), never by the
name or the declared type: PDF, PNG, JPEG and DOCX (a ZIP holding ``word/document.xml``); anything
else is 415. A kept file lives at ``<data_dir>/uploads/<sha256>``.
"""

import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from python_multipart.exceptions import ParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from app.errors import DomainError, InvalidInput, PayloadTooLarge, UnsupportedMediaType

if TYPE_CHECKING:  # the library defines its callbacks' type only for type checkers
    from python_multipart.multipart import MultipartCallbacks

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED = "PDF, DOCX, PNG or JPEG"
FIELD_LIMIT = 64 * 1024
MAX_FIELDS = 100
FORM_OVERHEAD = 1024 * 1024  # room for the other fields and part headers in Content-Length


@dataclass
class Upload:
    """A received file, still in its temporary place until stored."""

    path: Path
    sha256: str
    size: int
    name: str | None
    media_type: str | None = None


@dataclass
class Form:
    fields: dict[str, list[str]] = field(default_factory=dict)
    upload: Upload | None = None


def uploads_dir(data_dir: Path) -> Path:
    return data_dir / "uploads"


def _safe_name(raw: str | None) -> str | None:
    if not raw:
        return None
    name = re.sub(r"[\x00-\x1f\x7f]", "", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[:255] or None


class _Reader:
    """Callbacks for python-multipart: small text fields in memory, the ``file`` part to disk."""

    def __init__(self, tmp_dir: Path, limit: int) -> None:
        self.tmp_dir, self.limit, self.form = tmp_dir, limit, Form()
        self.headers: dict[bytes, bytes] = {}
        self.header_field = self.header_value = b""
        self.name: str | None = None
        self.buffer = bytearray()
        self.file: IO[bytes] | None = None
        self.digest = hashlib.sha256()
        self.size = 0

    def callbacks(self) -> "MultipartCallbacks":
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self.headers, self.name, self.buffer = {}, None, bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field = self.header_value = b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = params.get(b"name", b"").decode("utf-8", "replace")
        if self.name != "file":
            if sum(len(v) for v in self.form.fields.values()) >= MAX_FIELDS:
                raise InvalidInput(["body"], f"at most {MAX_FIELDS} form fields")
            return
        if self.form.upload is not None or self.file is not None:
            raise InvalidInput(["body", "file"], "one file per evidence item")
        filename = params.get(b"filename")
        self.file = tempfile.NamedTemporaryFile(dir=self.tmp_dir, prefix="part-", delete=False)  # noqa: SIM115
        self.form.upload = Upload(
            Path(self.file.name), "", 0, _safe_name(filename.decode("utf-8", "replace") if filename else None)
        )

    def _data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.file is None:
            self.buffer += chunk
            if len(self.buffer) > FIELD_LIMIT:
                raise InvalidInput(
                    ["body", self.name or ""], f"form fields are limited to {FIELD_LIMIT} bytes"
                )
            return
        self.size += len(chunk)
        if self.size > self.limit:
            raise PayloadTooLarge(f"the file is larger than the limit of {self.limit} bytes")
        self.digest.update(chunk)
        self.file.write(chunk)

    def _part_end(self) -> None:
        if self.file is not None and self.form.upload is not None:
            self.file.close()
            self.file = None
            self.form.upload.sha256, self.form.upload.size = self.digest.hexdigest(), self.size
            return
        try:
            value = self.buffer.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(["body", self.name or ""], "form fields must be UTF-8 text") from None
        self.form.fields.setdefault(self.name or "", []).append(value)

    def abort(self) -> None:
        if self.file is not None:
            self.file.close()
        discard(self.form.upload)


async def read_form(
    chunks: AsyncIterator[bytes], *, content_type: str, content_length: str | None, data_dir: Path, limit: int
) -> Form:
    """The form's text fields and its ``file`` part (at most ``limit`` bytes), reading no more than needed."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise InvalidInput(["header", "content-type"], "multipart/form-data needs a boundary")
    if content_length and content_length.isdigit() and int(content_length) > limit + FORM_OVERHEAD:
        raise PayloadTooLarge(f"the file is larger than the limit of {limit} bytes")
    tmp_dir = uploads_dir(data_dir) / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    reader = _Reader(tmp_dir, limit)
    parser = MultipartParser(boundary, reader.callbacks())
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
    except ParseError:
        reader.abort()
        raise DomainError(
            "the body is not well-formed multipart/form-data",
            errors=[{"loc": ["body"], "msg": "malformed multipart body"}],
        ) from None
    except BaseException:
        reader.abort()
        raise
    if reader.file is not None:  # the body ended inside the file part
        reader.abort()
        raise DomainError("the multipart body is incomplete", errors=[{"loc": ["body"], "msg": "incomplete"}])
    return reader.form


def sniff(path: Path) -> str | None:
    """The allowed media type the content is, or None."""
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def check_type(upload: Upload) -> None:
    """Set the upload's media type from its content; 415 (and the file discarded) if not allowed."""
    media_type = sniff(upload.path) if upload.size else None
    if media_type is None:
        discard(upload)
        raise UnsupportedMediaType(
            f"the file's content is not an allowed type ({ALLOWED})",
            errors=[{"loc": ["body", "file"], "msg": f"must be {ALLOWED}"}],
        )
    upload.media_type = media_type


def store(upload: Upload, *, data_dir: Path) -> None:
    """Keep the file at ``uploads/<sha256>`` (once, whoever uploads the same content)."""
    final = uploads_dir(data_dir) / upload.sha256
    if final.exists():
        upload.path.unlink(missing_ok=True)
    else:
        os.chmod(upload.path, 0o640)
        os.replace(upload.path, final)
    upload.path = final


def discard(upload: Upload | None) -> None:
    """Remove a temporary file that will not be kept."""
    if upload is not None and upload.path.parent.name == "tmp":
        upload.path.unlink(missing_ok=True)


def stored_path(data_dir: Path, sha256: str) -> Path:
    return uploads_dir(data_dir) / sha256
