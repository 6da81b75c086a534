"""What a mentor may change about itself: contact fields, declarations and new links; the rest is set by its
school, a linked provider or an admin (a mentor's attempt is 403 naming the field, nothing written)."""

from typing import Any

from tests import factories as f

SET_BY_OTHERS = {"qts_awarded_on": "2016-07-01", "teaching_since": "2016-09-01", "roles": ["lead_mentor"]}


class World:
    """A mentor of a school training with one provider, and a caller for each of them."""

    def __init__(self, admin: f.Caller) -> None:
        self.provider, self.school = f.provider(admin), f.school(admin)
        self.mentor = f.mentor(admin, school_id=self.school["id"], provider_ids=[self.provider["id"]])
        self.url = f"/api/v1/mentors/{self.mentor['id']}"
        self.as_mentor = f.caller_for(admin, "mentor", mentor_id=self.mentor["id"])
        self.as_school = f.caller_for(admin, "school", school_id=self.school["id"])
        self.as_provider = f.caller_for(admin, "provider", provider_id=self.provider["id"])


def _refused(r: Any, field: str) -> None:
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json", r.text
    assert ["body", field] in [e["loc"] for e in r.json()["errors"]]


def test_update_mentor_self_protected_field_answers_403_naming_it(admin: f.Caller) -> None:
    w = World(admin)
    other_school = f.school(admin)
    for field, value in {**SET_BY_OTHERS, "school_id": other_school["id"]}.items():
        _refused(w.as_mentor.patch(w.url, json={field: value, "first_name": "Changed"}), field)
    stored = admin.get(w.url).json()
    assert {k: stored[k] for k in (*SET_BY_OTHERS, "school_id", "first_name")} == {
        k: w.mentor[k] for k in (*SET_BY_OTHERS, "school_id", "first_name")}


def test_update_mentor_self_removing_link_answers_403(admin: f.Caller) -> None:
    w = World(admin)
    _refused(w.as_mentor.patch(w.url, json={"provider_ids": []}), "provider_ids")
    assert admin.get(w.url).json()["provider_ids"] == [w.provider["id"]]


def test_update_mentor_self_contact_declarations_and_new_link_is_200(admin: f.Caller) -> None:
    w = World(admin)
    other = f.provider(admin)
    body = {"first_name": "Grace", "email": f"g-{f.unique_digits(8)}@example.org",
            "declarations": [{"code": "professional_standards_2007", "made_on": "2024-09-01"}],
            "provider_ids": [w.provider["id"], other["id"]]}
    r = w.as_mentor.patch(w.url, json=body)
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in body} == body
    as_other = f.caller_for(admin, "provider", provider_id=other["id"])
    assert as_other.get(w.url).status_code == 200


def test_update_mentor_protected_fields_by_school_or_linked_provider_is_200(admin: f.Caller) -> None:
    w = World(admin)
    for caller in (w.as_school, w.as_provider):
        r = caller.patch(w.url, json=SET_BY_OTHERS)
        assert r.status_code == 200 and {k: r.json()[k] for k in SET_BY_OTHERS} == SET_BY_OTHERS, r.text


def test_update_mentor_by_unlinked_provider_answers_404(admin: f.Caller) -> None:
    w = World(admin)
    stranger = f.caller_for(admin, "provider", provider_id=f.provider(admin)["id"])
    assert stranger.patch(w.url, json=SET_BY_OTHERS).status_code == 404
    assert stranger.patch(w.url, json={"provider_ids": [w.provider["id"], stranger.info["provider_id"]]}
                          ).status_code == 404
