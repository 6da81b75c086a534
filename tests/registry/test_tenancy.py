"""Each role sees only its own organisation's rows, in lists and by id; other ids are 404."""

from dataclasses import dataclass

import pytest

from tests import factories as f


@dataclass
class Org:
    provider: dict
    school: dict
    mentor: dict
    trainee: dict
    log: dict
    as_provider: f.Caller
    as_school: f.Caller
    as_mentor: f.Caller


def _org(admin: f.Caller) -> Org:
    p, s = f.provider(admin), f.school(admin)
    m = f.mentor(admin, school_id=s["id"], provider_ids=[p["id"]])
    t = f.trainee(admin, p["id"], placements=[{"school_id": s["id"], "from": "2025-09-01", "until": None}])
    log = admin.post("/api/v1/mentoring-logs", json={"mentor_id": m["id"], "trainee_id": t["id"], "hours": 2,
                                                     "occurred_on": "2025-10-01", "activity": "observation"}).json()
    return Org(p, s, m, t, log, f.caller_for(admin, "provider", provider_id=p["id"]),
               f.caller_for(admin, "school", school_id=s["id"]), f.caller_for(admin, "mentor", mentor_id=m["id"]))


@pytest.fixture(scope="module")
def orgs(admin: f.Caller) -> tuple[Org, Org]:
    return _org(admin), _org(admin)


RESOURCES = [("providers", "provider"), ("schools", "school"), ("mentors", "mentor"), ("trainees", "trainee"),
             ("mentoring-logs", "log")]
ROLES = ["as_provider", "as_school", "as_mentor"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "attr"), RESOURCES)
def test_get_own_organisation_row_is_200_other_is_404(orgs: tuple[Org, Org], role: str, path: str, attr: str) -> None:
    mine, theirs = orgs
    caller = getattr(mine, role)
    assert caller.get(f"/api/v1/{path}/{getattr(mine, attr)['id']}").status_code == 200
    r = caller.get(f"/api/v1/{path}/{getattr(theirs, attr)['id']}")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "attr"), RESOURCES)
def test_list_shows_only_own_organisation_rows(orgs: tuple[Org, Org], role: str, path: str, attr: str) -> None:
    mine, theirs = orgs
    ids = {row["id"] for row in getattr(mine, role).get(f"/api/v1/{path}", params={"limit": 500}).json()["items"]}
    assert getattr(mine, attr)["id"] in ids
    assert getattr(theirs, attr)["id"] not in ids


def test_patch_other_schools_mentor_is_404_and_unchanged(orgs: tuple[Org, Org], admin: f.Caller) -> None:
    mine, theirs = orgs
    r = mine.as_school.patch(f"/api/v1/mentors/{theirs.mentor['id']}", json={"first_name": "Hacked"})
    assert r.status_code == 404
    assert admin.get(f"/api/v1/mentors/{theirs.mentor['id']}").json()["first_name"] == "Ada"


def test_school_creates_mentor_for_other_school_is_422(orgs: tuple[Org, Org]) -> None:
    mine, theirs = orgs
    r = mine.as_school.post("/api/v1/mentors", json={"first_name": "A", "last_name": "B",
                                                     "school_id": theirs.school["id"],
                                                     "email": f"x{f.unique_digits(8)}@example.org"})
    assert r.status_code == 422


def test_school_logs_for_other_schools_mentor_is_422(orgs: tuple[Org, Org]) -> None:
    mine, theirs = orgs
    r = mine.as_school.post("/api/v1/mentoring-logs", json={"mentor_id": theirs.mentor["id"], "hours": 1,
                                                            "trainee_id": mine.trainee["id"],
                                                            "occurred_on": "2025-10-02", "activity": "meeting"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "mentor_id"]


def test_school_logs_for_own_mentor_with_placed_trainee_only(orgs: tuple[Org, Org]) -> None:
    mine, theirs = orgs
    body = {"mentor_id": mine.mentor["id"], "hours": 1.5, "occurred_on": "2025-10-03", "activity": "meeting"}
    r = mine.as_school.post("/api/v1/mentoring-logs", json={**body, "trainee_id": theirs.trainee["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "trainee_id"], r.text
    r = mine.as_school.post("/api/v1/mentoring-logs", json={**body, "trainee_id": mine.trainee["id"]})
    assert r.status_code == 201, r.text


def test_provider_creates_mentor_is_linked_to_it(orgs: tuple[Org, Org]) -> None:
    mine, _ = orgs
    m = f.mentor(mine.as_provider)
    assert m["provider_ids"] == [mine.provider["id"]]
    assert mine.as_provider.get(f"/api/v1/mentors/{m['id']}").status_code == 200


def test_role_without_right_is_403(orgs: tuple[Org, Org]) -> None:
    mine, _ = orgs
    assert mine.as_school.post("/api/v1/providers", json={"name": "P", "kind": "hei"}).status_code == 403
    assert mine.as_mentor.post("/api/v1/schools", json={"urn": f.unique_digits(6), "name": "S"}).status_code == 403
    assert mine.as_provider.post("/api/v1/api-clients", json={"name": "x", "role": "admin"}).status_code == 403
    r = mine.as_provider.patch(f"/api/v1/providers/{mine.provider['id']}", json={"accredited": False})
    assert r.status_code == 403


def test_provider_edits_own_name(orgs: tuple[Org, Org]) -> None:
    mine, _ = orgs
    r = mine.as_provider.patch(f"/api/v1/providers/{mine.provider['id']}", json={"region": "London"})
    assert r.status_code == 200 and r.json()["region"] == "London"
