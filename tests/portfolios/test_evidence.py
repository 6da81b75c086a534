"""Evidence items: at most five per section, signposted and/or annotated, files checked by content, size."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests import factories as f
from tests.portfolios.helpers import PATH, PROBLEM, World, evidence, ok, start, world

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + bytes(64)
    + b"This program cannot be run in DOS mode."
)


def docx(text: str = "Mapping exercise") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buf.getvalue()


def plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.exe", EXE)
    return buf.getvalue()


@pytest.fixture
def w(admin: f.Caller) -> World:
    return world(admin)


def uploads_dir(client: TestClient) -> Path:
    return client.app.state.settings.data_dir / "uploads"  # type: ignore[attr-defined]


def stored(client: TestClient) -> set[str]:
    """Every file under the uploads directory, temporary ones included."""
    root = uploads_dir(client)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def form(section: str = "tutorial", **fields: str | list[str]) -> dict[str, str | list[str]]:
    return {
        "section": section,
        "title": "Lesson observation",
        "kind": "observation_report",
        "annotation": "What it shows.",
        "outcome_codes": ["LP2-T01", "LP2-T02"],
        **fields,
    }


def upload(
    w: World,
    portfolio_id: str,
    content: bytes,
    name: str = "evidence.pdf",
    declared: str = "application/pdf",
    **fields: str | list[str],
):  # type: ignore[no-untyped-def]
    return w.as_mentor.post(
        f"{PATH}/{portfolio_id}/evidence", data=form(**fields), files={"file": (name, content, declared)}
    )


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
    ids=["pdf", "png", "jpeg", "docx"],
)
def test_upload_allowed_type_is_stored_by_sha256_and_downloadable(
    w: World, client: TestClient, content: bytes, media_type: str
) -> None:
    p = start(w)
    r = upload(
        w, p["id"], content, name="C:\\Users\\me\\my evidence.bin", declared="application/octet-stream"
    )
    item = ok(r, 201)
    digest = hashlib.sha256(content).hexdigest()
    assert item["file"] == {
        "name": "my evidence.bin",
        "media_type": media_type,
        "size": len(content),
        "sha256": digest,
    }
    assert item["outcome_codes"] == ["LP2-T01", "LP2-T02"] and r.headers["etag"] == '"2"'
    assert (uploads_dir(client) / digest).read_bytes() == content
    for caller in (w.as_mentor, w.as_assessor, w.admin):
        got = caller.get(f"{PATH}/{p['id']}/evidence/{item['id']}/file")
        assert got.status_code == 200 and got.content == content
        assert got.headers["content-type"].startswith(media_type)
        assert got.headers["content-disposition"] == "attachment; filename*=utf-8''my%20evidence.bin"
    assert w.as_other_provider.get(f"{PATH}/{p['id']}/evidence/{item['id']}/file").status_code == 404
    assert ok(w.as_mentor.get(f"{PATH}/{p['id']}"))["evidence"][0]["file"]["sha256"] == digest


@pytest.mark.parametrize(
    ("content", "name", "declared"),
    [
        (EXE, "report.pdf", "application/pdf"),
        (EXE, "photo.png", "image/png"),
        (b"#!/bin/sh\nrm -rf /\n", "notes.docx", "application/msword"),
        (
            plain_zip(),
            "mapping.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (b"", "empty.pdf", "application/pdf"),
    ],
    ids=["exe-as-pdf", "exe-as-png", "script-as-docx", "zip-as-docx", "empty"],
)
def test_upload_disguised_or_unknown_content_is_415_and_nothing_stored(
    w: World, client: TestClient, content: bytes, name: str, declared: str
) -> None:
    p = start(w)
    before = stored(client)
    r = upload(w, p["id"], content, name=name, declared=declared)
    assert r.status_code == 415 and r.headers["content-type"] == PROBLEM
    assert stored(client) == before
    got = ok(w.as_mentor.get(f"{PATH}/{p['id']}"))
    assert got["evidence"] == [] and got["version"] == 1


def test_upload_over_the_limit_is_413_and_nothing_stored(w: World, client: TestClient) -> None:
    p = start(w)
    limit = client.app.state.settings.upload_max_bytes  # type: ignore[attr-defined]
    assert limit == 10 * 1024 * 1024
    before = stored(client)
    for size in (limit + 1, limit + 2 * 1024 * 1024):  # streamed past the limit; refused by Content-Length
        r = upload(w, p["id"], PDF + bytes(size - len(PDF)))
        assert r.status_code == 413 and r.headers["content-type"] == PROBLEM
        assert stored(client) == before
    assert ok(w.as_mentor.get(f"{PATH}/{p['id']}"))["evidence"] == []
    exactly = PDF + bytes(limit - len(PDF))
    assert ok(upload(w, p["id"], exactly), 201)["file"]["size"] == limit


def test_same_content_twice_is_stored_once(w: World, client: TestClient) -> None:
    p = start(w)
    content = PDF + b"% unique " + f.unique_digits(9).encode()
    first = ok(upload(w, p["id"], content), 201)
    before = stored(client)
    second = ok(upload(w, p["id"], content, name="copy.pdf"), 201)
    assert first["file"]["sha256"] == second["file"]["sha256"] and stored(client) == before


def test_sixth_evidence_item_in_a_section_is_refused(w: World) -> None:
    p = start(w)
    for i in range(5):
        ok(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence(title=f"Item {i}")), 201)
    r = w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence(title="Item 6"))
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert "at most" in r.json()["errors"][0]["msg"]
    r = upload(w, p["id"], PDF)  # a file does not get round it, and is not kept
    assert r.status_code == 422
    ok(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence("assessment")), 201)
    items = ok(w.as_mentor.get(f"{PATH}/{p['id']}"))["evidence"]
    assert [i["section"] for i in items].count("tutorial") == 5 and len(items) == 6


def test_removed_item_frees_a_place(w: World) -> None:
    p = start(w)
    ids = [ok(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence()), 201)["id"] for _ in range(5)]
    r = w.as_mentor.delete(f"{PATH}/{p['id']}/evidence/{ids[0]}")
    assert r.status_code == 204 and r.headers["etag"]
    ok(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence()), 201)
    assert w.as_mentor.delete(f"{PATH}/{p['id']}/evidence/{ids[0]}").status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"annotation": None, "outcome_codes": []},
        {"annotation": "   ", "outcome_codes": []},
        {"outcome_codes": ["LP1-T01"]},
        {"outcome_codes": ["LP2-Z99"]},
        {"kind": "photo"},
        {"section": "professional_development"},
        {"title": ""},
        {"colour": "red"},
    ],
)
def test_invalid_evidence_is_422(w: World, fields: dict) -> None:
    p = start(w)
    r = w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence(**fields))
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


def test_signposted_only_or_annotated_only_is_accepted(w: World) -> None:
    p = start(w)
    a = ok(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence(annotation=None)), 201)
    b = ok(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence(outcome_codes=[])), 201)
    assert a["annotation"] is None and b["outcome_codes"] == []


def test_multipart_without_file_accepts_codes_comma_separated(w: World) -> None:
    p = start(w)
    r = w.as_mentor.post(
        f"{PATH}/{p['id']}/evidence",
        files={
            "section": (None, "pastoral"),
            "title": (None, "Pastoral log"),
            "kind": (None, "meeting_log"),
            "outcome_codes": (None, "LP2-P01, LP2-P02"),
        },
    )
    item = ok(r, 201)
    assert item["outcome_codes"] == ["LP2-P01", "LP2-P02"] and item["file"] is None


def test_multipart_with_bad_fields_is_422_and_nothing_stored(w: World, client: TestClient) -> None:
    p = start(w)
    before = stored(client)
    r = upload(w, p["id"], PDF + b"unique-bad-fields", outcome_codes=["LP1-A01"])
    assert r.status_code == 422 and stored(client) == before


def test_other_content_types_are_415(w: World) -> None:
    p = start(w)
    r = w.as_mentor.post(
        f"{PATH}/{p['id']}/evidence", content=b"title=x", headers={"Content-Type": "text/plain"}
    )
    assert r.status_code == 415


def test_only_the_mentor_adds_evidence(w: World) -> None:
    p = start(w)
    assert w.as_assessor.post(f"{PATH}/{p['id']}/evidence", json=evidence()).status_code == 403
    assert w.as_other_provider.post(f"{PATH}/{p['id']}/evidence", json=evidence()).status_code == 403
    other = f.caller_for(w.admin, "mentor", mentor_id=f.mentor(w.admin)["id"])
    assert other.post(f"{PATH}/{p['id']}/evidence", json=evidence()).status_code == 404


@pytest.mark.parametrize("body", [
    b"\x00\x01 not multipart",
    b"--XYZ\r\nContent-Disposition\r\n\r\nx\r\n--XYZ--\r\n",
    b'--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut short',
], ids=["garbage", "bad-header", "truncated"])
def test_malformed_multipart_is_400_and_nothing_stored(w: World, client: TestClient, body: bytes) -> None:
    p = start(w)
    before = stored(client)
    r = w.as_mentor.post(f"{PATH}/{p['id']}/evidence", content=body,
                         headers={"Content-Type": "multipart/form-data; boundary=XYZ"})
    assert r.status_code == 400 and r.headers["content-type"] == PROBLEM
    assert stored(client) == before
