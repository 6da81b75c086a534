"""The body of POST /portfolios/{id}/evidence: JSON, or multipart/form-data with a ``file`` part.

Transport only (the router's helper): it reads and validates the body, the service does the rest.
"""

import copy
import json
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.config import Settings
from app.errors import InvalidInput, UnsupportedMediaType
from app.portfolios import uploads
from app.portfolios.schemas import EvidenceCreate

DESCRIPTION = (
    "Send `application/json` for an item without a file, or `multipart/form-data` with the same fields "
    "as form fields (`outcome_codes` repeated, comma-separated or a JSON array) and an optional `file` part. "
    f"Files: at most the configured size (10 MB by default; 413 above), {uploads.ALLOWED} as detected from "
    "the content, not the name (415 otherwise); nothing is kept when a file is refused. The file is "
    "downloaded from `GET /api/v1/portfolios/{id}/evidence/{evidence_id}/file`. A section holds at most "
    "5 items (422 for a sixth). The response's ETag is the portfolio's new version; If-Match applies."
)


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its ``$defs`` references written out, for use outside components."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                siblings = {k: v for k, v in node.items() if k != "$ref"}
                return {**walk(copy.deepcopy(defs[ref.removeprefix("#/$defs/")])), **siblings}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    inlined: dict[str, Any] = walk(schema)
    return inlined


def _openapi() -> dict[str, Any]:
    as_json = _inline(EvidenceCreate.model_json_schema())
    as_form = copy.deepcopy(as_json)
    as_form["title"] = "EvidenceForm"
    as_form["properties"]["file"] = {
        "type": "string",
        "format": "binary",
        "description": f"Optional: {uploads.ALLOWED}.",
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": as_json},
                "multipart/form-data": {
                    "schema": as_form,
                    "encoding": {"outcome_codes": {"style": "form", "explode": True}},
                },
            },
        }
    }


OPENAPI = _openapi()
FILE_RESPONSE: dict[str, Any] = {
    "description": "The file, with its detected media type.",
    "content": {
        t: {"schema": {"type": "string", "format": "binary"}}
        for t in ("application/pdf", uploads.DOCX, "image/png", "image/jpeg")
    },
}


def _validated(data: dict[str, Any] | bytes) -> EvidenceCreate:
    try:
        if isinstance(data, dict):
            return EvidenceCreate.model_validate(data)
        return EvidenceCreate.model_validate_json(data)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


def _codes(values: list[str]) -> list[str]:
    codes: list[str] = []
    for value in values:
        value = value.strip()
        if value.startswith("["):
            try:
                parsed = json.loads(value)
            except ValueError:
                raise InvalidInput(["body", "outcome_codes"], "not a JSON array of codes") from None
            if not isinstance(parsed, list) or not all(isinstance(c, str) for c in parsed):
                raise InvalidInput(["body", "outcome_codes"], "not a JSON array of codes")
            codes += parsed
        else:
            codes += [c.strip() for c in value.split(",") if c.strip()]
    return codes


def _form_data(fields: dict[str, list[str]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, values in fields.items():
        if name == "outcome_codes":
            data[name] = _codes(values)
        elif len(values) > 1:
            raise InvalidInput(["body", name[:50]], "given more than once")
        else:
            data[name] = values[0]
    return data


async def _multipart(request: Request, settings: Settings) -> tuple[EvidenceCreate, uploads.Upload | None]:
    form = await uploads.read_form(
        request.stream(),
        content_type=request.headers["content-type"],
        content_length=request.headers.get("content-length"),
        data_dir=settings.data_dir,
        limit=settings.upload_max_bytes,
    )
    upload = form.upload
    if upload is not None and upload.size == 0 and not upload.name:  # a form's empty file input
        uploads.discard(upload)
        upload = None
    try:
        if upload is not None:
            uploads.check_type(upload)
        return _validated(_form_data(form.fields)), upload
    except BaseException:
        uploads.discard(upload)
        raise


async def read(request: Request, settings: Settings) -> tuple[EvidenceCreate, uploads.Upload | None]:
    """The validated fields and the received file (in its temporary place), if any."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return await _multipart(request, settings)
    if media in ("", "application/json") or media.endswith("+json"):
        return _validated(await request.body()), None
    raise UnsupportedMediaType("send application/json, or multipart/form-data with an optional file part")
