"""The registry end to end: provider, school, mentor, trainee, mentoring log."""

from tests import factories as f


def test_create_registry_chain_admin_reads_back(admin: f.Caller) -> None:
    p = f.provider(admin)
    s = f.school(admin)
    m = f.mentor(admin, school_id=s["id"], provider_ids=[p["id"]], email="Ada.X" + f.unique_digits(6) + "@Example.org")
    assert m["provider_ids"] == [p["id"]] and m["email"] == m["email"].lower()
    t = f.trainee(admin, p["id"])
    r = admin.post("/api/v1/mentoring-logs", json={"mentor_id": m["id"], "trainee_id": t["id"],
                                                   "occurred_on": "2025-10-01", "hours": 1.25, "activity": "meeting"})
    assert r.status_code == 201, r.text
    assert r.json()["hours"] == 1.25
    assert admin.get(f"/api/v1/mentors/{m['id']}").json()["school_id"] == s["id"]
