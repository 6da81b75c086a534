"""Load the demo dataset through the HTTP API, as an integrator would; loading it twice changes nothing.

Every POST carries a deterministic ``Idempotency-Key``, so a second run replays the first run's answers.
The demo's API clients (one per role) are kept in ``<data_dir>/demo-clients.json`` and written as shell
variables to ``<data_dir>/demo-clients.env`` for the README tour.
"""

import json
import secrets
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from app import clock
from app.auth import service as auth_service
from app.config import Settings, get_settings
from app.db import make_engine, open_session
from app.demo import data
from app.enums import Role
from app.main import create_app

CLIENTS = [  # (shell name, client id, role, scope key)
    ("ADMIN", "demo-admin", Role.admin, None),
    ("KINGSTON", "demo-kingston", Role.provider, ("provider", "kingston")),
    ("ROEHAMPTON", "demo-roehampton", Role.provider, ("provider", "roehampton")),
    ("ROEHAMPTON_MODERATOR", "demo-roehampton-moderator", Role.provider, ("provider", "roehampton")),
    ("YSJ", "demo-ysj", Role.provider, ("provider", "ysj")),
    ("LJMU", "demo-ljmu", Role.provider, ("provider", "ljmu")),
    ("SCHOOL", "demo-tolworth", Role.school, ("school", "tolworth")),
    ("MENTOR", "demo-mentor-amara", Role.mentor, ("mentor", "stage-2")),
    ("MENTOR_HELEN", "demo-mentor-helen", Role.mentor, ("mentor", "certified")),
]


class Api:
    """An HTTP client acting as one demo API client."""

    def __init__(self, base: str, client_id: str, secret: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        r = self.http.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                       "client_secret": secret})
        r.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

    def call(self, method: str, path: str, key: str | None = None, **kw: Any) -> dict[str, Any]:
        headers = {"Idempotency-Key": f"demo-v1:{key}"} if key else {}
        r = self.http.request(method, path, headers=headers, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {path} -> {r.status_code}: {r.text}")
        answer: dict[str, Any] = r.json()
        return answer


class Loader:
    def __init__(self, base: str, creds: dict[str, str], settings: Settings) -> None:
        self.base, self.creds, self.settings = base, creds, settings
        self.ids: dict[str, str] = {}
        self.admin = Api(base, "demo-admin", creds["demo-admin"])
        self.as_: dict[str, Api] = {}

    def client(self, client_id: str) -> Api:
        if client_id not in self.as_:
            self.as_[client_id] = Api(self.base, client_id, self.creds[client_id])
        return self.as_[client_id]

    def registry(self) -> None:
        for p in data.PROVIDERS:
            body = {k: v for k, v in p.items() if k != "key"}
            self.ids[p["key"]] = self.admin.call("POST", "/api/v1/providers", f"provider:{p['key']}", json=body)["id"]
        for s in data.SCHOOLS:
            body = {k: v for k, v in s.items() if k != "key"}
            self.ids[s["key"]] = self.admin.call("POST", "/api/v1/schools", f"school:{s['key']}", json=body)["id"]
        for m in data.MENTORS:
            body = {k: m[k] for k in ("first_name", "last_name", "email", "trn", "phase", "qts_awarded_on",
                                      "teaching_since")}
            body |= {"school_id": self.ids[m["school"]], "provider_ids": [self.ids[p] for p in m["providers"]]}
            self.ids[m["key"]] = self.admin.call("POST", "/api/v1/mentors", f"mentor:{m['key']}", json=body)["id"]
        for provider, ref, first, last, route, phase in data.TRAINEES:
            body = {"provider_id": self.ids[provider], "reference": ref, "first_name": first, "last_name": last,
                    "route": route, "phase": phase}
            self.ids[ref] = self.admin.call("POST", "/api/v1/trainees", f"trainee:{ref}", json=body)["id"]

    def training(self) -> None:
        for prog in data.PROGRAMMES:
            body = {"provider_id": self.ids[prog["provider"]], "name": prog["name"],
                    "academic_year": prog["academic_year"], "phase": prog.get("phase"), "level": prog["level"]}
            pid = self.admin.call("POST", "/api/v1/programmes", f"programme:{prog['key']}", json=body)["id"]
            for s in prog["sessions"]:
                body = {k: v for k, v in s.items() if k != "key"}
                body |= {"provider_id": self.ids[prog["provider"]], "programme_id": pid}
                made = self.admin.call("POST", "/api/v1/training-sessions", f"session:{s['key']}", json=body)
                self.ids[s["key"]] = made["id"]
        registers: dict[str, list[dict[str, str]]] = {}
        for m in data.MENTORS:
            for key in m.get("attended", []):
                registers.setdefault(key, []).append({"mentor_id": self.ids[m["key"]], "status": "attended"})
        for key, entries in registers.items():
            self.admin.call("PUT", f"/api/v1/training-sessions/{self.ids[key]}/attendance", json=entries)
        self.client("demo-mentor-amara").call(
            "POST", f"/api/v1/training-sessions/{self.ids['roehampton-s2-1']}/feedback", "feedback:amara",
            json={"rating": 5, "comment": "Practical and well paced; more time on assessment please."})

    def mentoring(self) -> None:
        trainees = [self.ids[t[1]] for t in data.TRAINEES[:2]]
        for m in data.MENTORS:
            if "logs" not in m:
                continue
            start, count, hours = m["logs"]
            first = date.fromisoformat(start)
            for week in range(count):
                body = {"mentor_id": self.ids[m["key"]], "trainee_id": trainees[week % 2], "hours": hours,
                        "occurred_on": (first + timedelta(weeks=week)).isoformat(),
                        "activity": "observation" if week % 2 else "meeting"}
                self.admin.call("POST", "/api/v1/mentoring-logs", f"log:{m['key']}:{week}", json=body)

    def certificates(self) -> None:
        for m in data.MENTORS:
            for provider, award, issued_on in m.get("certificates", []):
                body = {"mentor_id": self.ids[m["key"]], "award": award, "issued_on": issued_on}
                self.client(f"demo-{provider}").call("POST", "/api/v1/certificates",
                                                      f"certificate:{m['key']}:{award}", json=body)

    def self_assessments(self) -> None:
        ratings = {s: "green" for s in _standard_codes(self.admin)}
        ratings |= {c: "amber" for c in data.SELF_ASSESSMENT_AMBER} | {c: "red" for c in data.SELF_ASSESSMENT_RED}
        body = {"status": "submitted", "ratings": ratings,
                "comments": {"NS2.5": "I have not yet brokered observations of other colleagues."}}
        self.client("demo-mentor-amara").call("POST", "/api/v1/self-assessments", "self-assessment:amara", json=body)

    def qa_assurance(self) -> None:
        """A completed QA review of the Stage 2 Certificate's issuer, signed today, unless one exists already."""
        review = data.QA_ASSURED
        reviewed = self.ids[review["reviewed"]]
        done = self.admin.call("GET", "/api/v1/qa-reviews", params={
            "reviewed_provider_id": reviewed, "status": "completed"})["items"]
        if done:
            return
        today = clock.today().isoformat()
        body = {"reviewer_provider_id": self.ids[review["reviewer"]], "reviewed_provider_id": reviewed,
                "visit_on": today, "status": "completed", "signed_by": review["signed_by"], "signed_on": today,
                "criteria": {key: {"met": True, "comment": review["comment"]} for key in data.QA_CRITERIA}}
        self.admin.call("POST", "/api/v1/qa-reviews", json=body)

    def portfolios(self) -> None:
        sections = {name: {"narrative": f"My {name} mentoring this year: what changed for my trainee, what I "
                                        "learnt, how it changed my practice and how it will inform it."}
                    for name in ("tutorial", "pastoral", "assessment")}
        draft = {"provider_id": self.ids["roehampton"], "sections": sections,
                 "professional_development": "Led a department session on feedback conversations."}
        self.client("demo-mentor-amara").call("POST", "/api/v1/portfolios", "portfolio:amara", json=draft)
        helen = self.client("demo-mentor-helen")
        pid = helen.call("POST", "/api/v1/portfolios", "portfolio:helen", json=draft)["id"]
        for section in ("tutorial", "pastoral", "assessment"):
            item = {"section": section, "title": f"Annotated {section} record", "kind": "meeting_log",
                    "annotation": "Shows the trainee's progress after my intervention.", "outcome_codes": ["LP2-T01"]}
            helen.call("POST", f"/api/v1/portfolios/{pid}/evidence", f"evidence:helen:{section}", json=item)
        helen.call("POST", f"/api/v1/portfolios/{pid}/submit", "submit:helen")
        self.client("demo-roehampton").call("POST", f"/api/v1/portfolios/{pid}/assessment", "assess:helen",
                                            json={"decision": "passed", "assessor_name": "Dr R. Adeyemi",
                                                  "feedback": "Reflective throughout, with clear impact."})
        self.client("demo-roehampton-moderator").call(
            "POST", f"/api/v1/portfolios/{pid}/moderation", "moderate:helen",
            json={"decision": "agree", "notes": "Agree with the pass.", "moderator_name": "S. Clarke"})
        body = {"mentor_id": self.ids["certified"], "award": "lp-stage-2-certificate"}
        self.client("demo-roehampton").call("POST", "/api/v1/certificates",
                                            "certificate:certified:lp-stage-2-certificate", json=body)

    def qa_review(self) -> None:
        review = data.QA_REVIEW
        body = {"reviewer_provider_id": self.ids[review["reviewer"]],
                "reviewed_provider_id": self.ids[review["reviewed"]], "visit_on": review["visit_on"]}
        made = self.client(f"demo-{review['reviewer']}").call("POST", "/api/v1/qa-reviews", "qa:roehampton:kingston",
                                                              json=body)
        self.client(f"demo-{review['reviewed']}").call("POST", f"/api/v1/qa-reviews/{made['id']}/accept",
                                                       "qa-accept:roehampton:kingston")


def _standard_codes(api: Api) -> list[str]:
    return [s["code"] for s in api.call("GET", "/api/v1/standards", params={"limit": 500})["items"]]


def _credentials(settings: Settings) -> dict[str, str]:
    """The demo clients' secrets, generated once and kept under the data directory."""
    path = settings.data_dir / "demo-clients.json"
    creds = json.loads(path.read_text()) if path.exists() else {}
    for _, client_id, _, _ in CLIENTS:
        creds.setdefault(client_id, secrets.token_urlsafe(24))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(creds, indent=2))
    path.chmod(0o600)
    return creds


def _ensure_clients(settings: Settings, creds: dict[str, str], ids: dict[str, str]) -> None:
    engine = make_engine(settings.database_url)
    with open_session(engine, write=True) as session:
        for _, client_id, role, scope in CLIENTS:
            bound = {f"{scope[0]}_id": uuid.UUID(ids[scope[1]])} if scope and ids else {}
            if scope and not ids:
                continue
            auth_service.ensure_client(session, settings=settings, client_id=client_id, secret=creds[client_id],
                                       name=f"demo {client_id[5:]}", role=role, **bound)
    engine.dispose()


def _serve(settings: Settings) -> tuple[uvicorn.Server, threading.Thread, str]:
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


def _write_env(settings: Settings, creds: dict[str, str]) -> Path:
    lines = [f"export {name}_CLIENT_ID={client_id} {name}_CLIENT_SECRET={creds[client_id]}"
             for name, client_id, _, _ in CLIENTS]
    path = settings.data_dir / "demo-clients.env"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def main() -> int:
    """Load the demo (idempotently) and print one API client per role."""
    settings = get_settings()
    creds = _credentials(settings)
    _ensure_clients(settings, creds, {})
    server, thread, base = _serve(settings)
    try:
        loader = Loader(base, creds, settings)
        loader.registry()
        _ensure_clients(settings, creds, loader.ids)
        for step in (loader.training, loader.mentoring, loader.certificates, loader.self_assessments,
                     loader.qa_assurance, loader.portfolios, loader.qa_review):
            step()
    finally:
        server.should_exit = True
        thread.join()
    env = _write_env(settings, creds)
    print("Demo data loaded. API clients (role, client_id, client_secret):")
    for name, client_id, role, _ in CLIENTS:
        print(f"  {role.value:<9} {client_id:<28} {creds[client_id]}   # {name}")
    print(f"As shell variables: . {env}")
    for m in data.MENTORS:
        print(f"  mentor {m['email']:<32} {m['stage']}")
    return 0
