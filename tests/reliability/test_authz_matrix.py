"""The authorisation matrix, generated from the app's route table.

For every route with a path id and every non-admin role: a role that has the right, calling from
another organisation, gets 404 for organisation A's record; a role without the right gets 403. The
right is read from the route's ``require_role`` dependency; a route that checks roles in its service
instead is listed in ``SERVICE_ROLES``; a route in neither is open to every role (scoped by tenancy).
New routes are covered without editing this file; a route whose resource has no factory in
``authz_world.FACTORIES`` fails, naming it.
"""

import re
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from app.config import Settings
from app.enums import Role
from app.main import create_app
from tests.factories import Caller, caller_for, created, provider, school
from tests.reliability.authz_world import FACTORIES, World

ROLES = ("provider", "school", "mentor")
PROBLEM = "application/problem+json"
# Routes with a path id that anyone may call by design, and why.
PUBLIC: dict[tuple[str, str], str] = {}
# Routes whose role check is in the service (no require_role dependency): the roles with the right.
# Prefer declaring require_role on the route: the matrix reads it from there.
SERVICE_ROLES: dict[tuple[str, str], set[str]] = {
    ("POST", "/api/v1/training-sessions/{id}/feedback"): {"mentor"},
    ("GET", "/api/v1/providers/{id}/eligibility"): {"provider"},
}

APP = create_app(Settings(data_dir=tempfile.gettempdir(), database_url="sqlite://", secret_key="k" * 48))
DOC = APP.openapi()


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    allowed: frozenset[str]
    ids: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _required_roles(dependant: Any) -> set[str] | None:
    """The roles a route's require_role dependencies let through (None: no such dependency)."""
    found: set[str] | None = None
    for dep in dependant.dependencies:
        call = dep.call
        if getattr(call, "__qualname__", "").startswith("require_role.<locals>"):
            cells = dict(zip(call.__code__.co_freevars, [c.cell_contents for c in call.__closure__ or ()],
                             strict=True))
            roles = {Role(r).value for r in cells["roles"]}
            found = roles if found is None else found & roles
        inner = _required_roles(dep)
        if inner is not None:
            found = inner if found is None else found & inner
    return found


def _routes() -> list[Route]:
    out = []
    for rc in iter_route_contexts(APP.routes):
        if not isinstance(rc.original_route, APIRoute):
            continue
        ids = tuple(p for p in re.findall(r"{(\w+)}", rc.path) if p == "id" or p.endswith("_id"))
        for method in sorted((rc.methods or set()) - {"HEAD"}):
            if not ids or (method, rc.path) in PUBLIC:
                continue
            roles = _required_roles(rc.dependant)
            if roles is None:
                roles = SERVICE_ROLES.get((method, rc.path), set(ROLES))
            out.append(Route(method, rc.path, frozenset(roles & set(ROLES)), ids))
    return out


ROUTES = _routes()


def _schema(s: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in s:
        s = DOC["components"]["schemas"][s["$ref"].rsplit("/", 1)[-1]]
    return s


def example(s: dict[str, Any]) -> Any:
    """A minimal value valid for a JSON schema: required properties only, smallest sizes."""
    s = _schema(s)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in s:
            options = [o for o in s[key] if _schema(o).get("type") != "null"]
            return example(options[0])
    if "const" in s:
        return s["const"]
    if "enum" in s:
        return s["enum"][0]
    kind = s.get("type")
    if kind == "object":
        return {k: example(v) for k, v in s.get("properties", {}).items() if k in s.get("required", [])}
    if kind == "array":
        return [example(s.get("items", {})) for _ in range(s.get("minItems", 0))]
    if kind in ("integer", "number"):
        return s.get("minimum", s.get("exclusiveMinimum", 0) + 1)
    if kind == "boolean":
        return False
    return {"date": date.today().isoformat(), "date-time": datetime.now(UTC).isoformat(),
            "uuid": str(uuid.uuid4()), "email": "someone@example.org"}.get(
        s.get("format", ""), "x" * max(1, s.get("minLength", 1)))


def _request(route: Route) -> dict[str, Any]:
    operation = DOC["paths"][route.path][route.method.lower()]
    kw: dict[str, Any] = {"params": {p["name"]: example(p["schema"]) for p in operation.get("parameters", [])
                                     if p["in"] == "query" and p.get("required")}}
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        kw["json"] = example(content["application/json"]["schema"])
    return kw


@pytest.fixture(scope="module")
def world(admin: Caller) -> World:
    return World(admin)


@pytest.fixture(scope="module")
def outsiders(admin: Caller) -> dict[str, Caller]:
    """A caller of each role in organisation B, which shares nothing with A."""
    org, sch = provider(admin), school(admin)
    mentor = created(admin.post("/api/v1/mentors", json={
        "first_name": "Bob", "last_name": "B", "email": f"b-{uuid.uuid4().hex[:10]}@example.org",
        "school_id": sch["id"], "provider_ids": [org["id"]]}))
    return {"provider": caller_for(admin, "provider", provider_id=org["id"]),
            "school": caller_for(admin, "school", school_id=sch["id"]),
            "mentor": caller_for(admin, "mentor", mentor_id=mentor["id"])}


def _prefixes(route: Route) -> list[str]:
    return [route.path[: route.path.index("{" + name + "}") + len(name) + 2] for name in route.ids]


def test_every_route_with_a_path_id_has_a_factory() -> None:
    missing = sorted({p for r in ROUTES for p in _prefixes(r) if p not in FACTORIES})
    assert not missing, f"add factories to tests/reliability/authz_world.py for: {missing}"


def test_matrix_covers_routes() -> None:
    assert len(ROUTES) >= 10 and any(r.method != "GET" for r in ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_foreign_id_answers_404_and_role_without_right_answers_403(
        route: Route, world: World, outsiders: dict[str, Caller]) -> None:
    missing = [p for p in _prefixes(route) if p not in FACTORIES]
    assert not missing, f"{route}: no factory for {missing} in tests/reliability/authz_world.py"
    path = route.path
    for name, prefix in zip(route.ids, _prefixes(route), strict=True):
        path = path.replace("{" + name + "}", world.get(prefix))
    wrong = []
    for role in ROLES:
        expected = 404 if role in route.allowed else 403
        r = outsiders[role].request(route.method, path, **_request(route))
        if r.status_code != expected or r.headers.get("content-type") != PROBLEM:
            wrong.append(f"{role}: expected {expected}, got {r.status_code} {r.text[:150]}")
    assert not wrong, f"{route}\n" + "\n".join(wrong)


def _same_answer(unlinked: Any, unknown: Any) -> None:
    """Naming another organisation's record tells the caller no more than naming no record at all."""
    assert unlinked.status_code == unknown.status_code and 400 <= unlinked.status_code < 500, unlinked.text
    assert (unlinked.json()["detail"], unlinked.json().get("errors")) == \
        (unknown.json()["detail"], unknown.json().get("errors"))


def test_outsider_provider_naming_a_mentor_answers_like_unknown(
        admin: Caller, world: World, outsiders: dict[str, Caller]) -> None:
    caller, mentor_id = outsiders["provider"], world.get("/api/v1/mentors/{id}")
    session = created(caller.post("/api/v1/training-sessions", json={
        "title": "B's", "starts_at": "2025-10-07T15:30:00Z", "duration_hours": 1, "mode": "live_online"}))
    attempts = {
        "register": lambda m: caller.put(f"/api/v1/training-sessions/{session['id']}/attendance",
                                         json=[{"mentor_id": m, "status": "absent"}]),
        "import": lambda m: caller.post("/api/v1/imports", params={"kind": "attendance"}, json=[
            {"training_session_id": session["id"], "mentor_id": m, "status": "absent"}]),
        "certificate": lambda m: caller.post("/api/v1/certificates", json={
            "mentor_id": m, "award": "lp-stage-1", "external": True, "evidence": "seen"}),
    }
    for name, attempt in attempts.items():
        unlinked, unknown = attempt(mentor_id), attempt(str(uuid.uuid4()))
        if name == "import":
            assert unlinked.json()["job"]["errors"] == unknown.json()["job"]["errors"] != []
        _same_answer(unlinked, unknown)
    assert caller.get(f"/api/v1/mentors/{mentor_id}").status_code == 404


def test_outsider_school_unplaced_trainee_answers_like_unknown(
        world: World, outsiders: dict[str, Caller]) -> None:
    caller, trainee_id = outsiders["school"], world.get("/api/v1/trainees/{id}")
    assert caller.get(f"/api/v1/trainees/{trainee_id}").status_code == 404

    def log(t: str) -> Any:
        return caller.post("/api/v1/mentoring-logs", json={
            "mentor_id": outsiders["mentor"].info["mentor_id"], "trainee_id": t, "occurred_on": "2025-10-01",
            "hours": 0.01, "activity": "meeting"})

    _same_answer(log(trainee_id), log(str(uuid.uuid4())))


def test_outsider_provider_self_appointed_reviewer_sees_nothing_until_accepted(
        world: World, outsiders: dict[str, Caller]) -> None:
    caller, reviewed = outsiders["provider"], world.get("/api/v1/providers/{id}")
    review = created(caller.post("/api/v1/qa-reviews", json={
        "reviewer_provider_id": caller.info["provider_id"], "reviewed_provider_id": reviewed}))
    assert review["status"] == "proposed"
    assert caller.get(f"/api/v1/providers/{reviewed}/metrics").status_code == 404
    assert caller.patch(f"/api/v1/qa-reviews/{review['id']}", json={"status": "in_progress"}).status_code == 409
    assert caller.post(f"/api/v1/qa-reviews/{review['id']}/accept").status_code == 403
