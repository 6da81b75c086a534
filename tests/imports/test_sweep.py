"""Uploads carry personal data: those no job will read again are deleted when a process starts."""

import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import update

from app.config import Settings
from app.imports import runner
from app.imports import service as import_service
from app.models.base import utcnow
from app.models.import_job import ImportJob
from tests import factories
from tests.imports.helpers import csv_body, post_csv, school_world


def _upload(settings: Settings, job_id: uuid.UUID, *, age: timedelta = timedelta()) -> Path:
    path = runner.upload_path(settings, job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"first_name,last_name\nSian,Jones\n")
    mtime = time.time() - age.total_seconds()
    os.utime(path, (mtime, mtime))
    return path


def _job(client: TestClient, admin: factories.Caller, *, status: str, age: timedelta) -> uuid.UUID:
    world = school_world(admin, mentors=1, trainees=1)
    rows = [{"mentor_email": world["mentors"][0]["email"], "trainee_reference": world["trainees"][0]["reference"],
             "provider_id": world["provider"]["id"], "occurred_on": "2025-10-01", "hours": "1", "activity": "meeting"}]
    job_id = uuid.UUID(post_csv(admin, "mentoring-logs", csv_body(list(rows[0]), rows)).json()["id"])
    engine = client.app.state.engine  # type: ignore[attr-defined]  # app is typed as ASGIApp
    with engine.begin() as conn:
        conn.execute(update(ImportJob).where(ImportJob.id == job_id)  # type: ignore[arg-type]  # SQLModel column
                     .values(status=status, updated_at=utcnow() - age))
    return job_id


def test_sweep_uploads_finished_lost_or_orphaned_deleted_live_kept(
    client: TestClient, admin: factories.Caller, settings: Settings
) -> None:
    """Finished and lost jobs' files and old files of no job go; a live job's file and a fresh upload stay."""
    engine = client.app.state.engine  # type: ignore[attr-defined]  # app is typed as ASGIApp
    hour = timedelta(hours=1)
    finished = _upload(settings, _job(client, admin, status="succeeded", age=timedelta()))
    lost_id = _job(client, admin, status="running", age=hour)
    lost = _upload(settings, lost_id)
    live = _upload(settings, _job(client, admin, status="running", age=timedelta()))
    orphan = _upload(settings, uuid.uuid4(), age=hour)
    streaming = _upload(settings, uuid.uuid4())

    assert import_service.sweep_uploads(engine, settings) >= 3

    assert not finished.exists() and not lost.exists() and not orphan.exists()
    assert live.exists() and streaming.exists()
    assert admin.get(f"/api/v1/imports/{lost_id}").json()["status"] == "failed"
    for path in (live, streaming):
        path.unlink()
