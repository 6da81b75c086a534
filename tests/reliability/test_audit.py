"""The audit trail: every write recorded centrally (who, what, which id, when, the change), secrets never."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, update
from sqlmodel import Session, select

from app.audit import recorder
from app.models.audit_event import AuditEvent
from app.models.registry import Provider
from tests.factories import Caller, caller_for, created, provider, school

PROBLEM = "application/problem+json"


def _events(caller: Caller, **filters: Any) -> list[dict[str, Any]]:
    r = caller.get("/api/v1/audit-events", params={"limit": 500, **filters})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_create_provider_is_recorded_with_actor_and_values(admin: Caller) -> None:
    org = provider(admin, name="Audited University")
    [event] = _events(admin, resource="provider", resource_id=org["id"])
    assert event["action"] == "create" and event["actor"] == admin.info.get("client_id", "test-admin")
    assert event["actor_role"] == "admin" and event["request"] == "POST /api/v1/providers"
    assert event["changes"]["name"] == {"old": None, "new": "Audited University"}
    assert event["provider_id"] == org["id"] and event["created_at"].endswith("Z")


def test_provider_update_is_recorded_with_old_and_new_values(admin: Caller) -> None:
    org = provider(admin, region="London")
    me = caller_for(admin, "provider", provider_id=org["id"])
    assert me.patch(f"/api/v1/providers/{org['id']}", json={"region": "Kent"}).status_code == 200
    [event] = _events(admin, resource="provider", resource_id=org["id"], action="update")
    assert event["changes"] == {"region": {"old": "London", "new": "Kent"}}
    assert event["actor"] == me.info["client_id"] and event["actor_provider_id"] == org["id"]


def test_rejected_write_records_nothing(admin: Caller) -> None:
    org = provider(admin)
    r = admin.patch(f"/api/v1/providers/{org['id']}", json={"kind": "not-a-kind"})
    assert r.status_code == 422
    assert _events(admin, resource="provider", resource_id=org["id"], action="update") == []


def test_api_client_secret_is_never_recorded(admin: Caller) -> None:
    body = created(admin.post("/api/v1/api-clients", json={"name": "audited", "role": "admin"}))
    rotated = admin.post(f"/api/v1/api-clients/{body['id']}/rotate-secret").json()
    events = _events(admin, resource="api_client", resource_id=body["id"])
    assert [e["action"] for e in events] == ["create", "update"]
    assert all(e["changes"]["secret_hash"] == {"old": "[redacted]", "new": "[redacted]"} for e in events)
    text = str(events)
    assert "scrypt$" not in text
    assert body["client_secret"] not in text and rotated["client_secret"] not in text


def test_provider_reads_only_events_of_its_own_organisation(admin: Caller) -> None:
    mine, theirs = provider(admin), provider(admin)
    me = caller_for(admin, "provider", provider_id=mine["id"])
    me.patch(f"/api/v1/providers/{mine['id']}", json={"region": "North"})
    events = _events(me)
    assert {e["resource_id"] for e in events if e["resource"] == "provider"} == {mine["id"]}
    assert theirs["id"] not in str(events)
    assert all(mine["id"] in (e["provider_id"], e["actor_provider_id"]) for e in events)


@pytest.mark.parametrize("role", ["school", "mentor"])
def test_other_roles_reading_audit_events_answer_403(admin: Caller, role: str) -> None:
    if role == "school":
        caller = caller_for(admin, "school", school_id=school(admin)["id"])
    else:
        mentor = created(admin.post("/api/v1/mentors", json={
            "first_name": "Audit", "last_name": "Reader", "email": f"a-{uuid.uuid4().hex[:8]}@example.org"}))
        caller = caller_for(admin, "mentor", mentor_id=mentor["id"])
    r = caller.get("/api/v1/audit-events")
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM


def test_audit_events_filter_by_actor_and_paginate(admin: Caller) -> None:
    org = provider(admin)
    me = caller_for(admin, "provider", provider_id=org["id"])
    for region in ("A", "B", "C"):
        me.patch(f"/api/v1/providers/{org['id']}", json={"region": region})
    first = admin.get("/api/v1/audit-events", params={"actor": me.info["client_id"], "limit": 2}).json()
    rest = admin.get("/api/v1/audit-events", params={"actor": me.info["client_id"], "limit": 2,
                                                     "cursor": first["next_cursor"]}).json()
    news = [e["changes"]["region"]["new"] for e in first["items"] + rest["items"]]
    assert news == ["A", "B", "C"] and rest["next_cursor"] is None


def test_audit_events_limit_above_cap_answers_422(admin: Caller) -> None:
    r = admin.get("/api/v1/audit-events", params={"limit": 501})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


def test_delete_and_bulk_writes_are_recorded(client: TestClient, admin: Caller) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    row = Provider(name="Doomed", kind="other")
    with Session(engine) as session:
        recorder.act_as(session, None, "script")
        session.add(row)
        session.commit()
        session.delete(row)
        session.execute(update(Provider).where(Provider.id == uuid.uuid4()).values(region="x"))
        session.execute(delete(Provider).where(Provider.id == uuid.uuid4()))
        session.commit()
        events = session.exec(select(AuditEvent).where(AuditEvent.request == "script")
                              .order_by(AuditEvent.created_at)).all()
    mine = [e for e in events if e.resource_id == str(row.id)]
    assert [e.action for e in mine] == ["create", "delete"] and all(e.actor == "system" for e in mine)
    assert mine[1].changes["name"] == {"old": "Doomed", "new": None}
    assert {"bulk_update", "bulk_delete"} <= {e.action for e in events}
