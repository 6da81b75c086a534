"""A mentor field is one edit: added to the ``Mentor`` model, ``MentorCreate`` and a migration, POST stores it.

The service writes the body with ``Mentor.model_validate(body, ...)``, so every field of ``MentorCreate`` that is
a column is copied by construction; only ``LINK_FIELDS`` are written elsewhere (as ``MentorProvider`` rows).
These tests fail when a field of the schema is neither a column nor a link, and when a field sent is not stored.
"""

from typing import Any

from pydantic_core import PydanticUndefined, to_jsonable_python
from sqlalchemy import inspect

from app.mentors.schemas import MentorCreate, MentorUpdate
from app.mentors.service import LINK_FIELDS
from app.models.registry import Mentor
from tests import factories as f

COLUMNS = set(inspect(Mentor).columns.keys())


def _every_field(admin: f.Caller) -> dict[str, Any]:
    """A body giving every field of ``MentorCreate`` a value other than its default."""
    return {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": f"grace-{f.unique_digits(8)}@example.org",
        "trn": f.unique_digits(7),
        "school_id": f.school(admin)["id"],
        "phase": "secondary",
        "roles": ["lead_mentor", "subject_mentor"],
        "qts_awarded_on": "2012-07-01",
        "teaching_since": "2012-09-01",
        "declarations": [{"code": "professional_standards_2007", "made_on": "2024-09-01"}],
        "provider_ids": [f.provider(admin)["id"]],
    }


def test_mentor_create_fields_are_columns_or_links_only() -> None:
    fields = set(MentorCreate.model_fields)
    assert fields >= LINK_FIELDS and not LINK_FIELDS & COLUMNS
    assert fields - LINK_FIELDS <= COLUMNS, "a MentorCreate field has no Mentor column"


def test_mentor_update_fields_are_create_fields() -> None:
    assert set(MentorUpdate.model_fields) <= set(MentorCreate.model_fields)


def test_post_mentor_with_every_field_stores_every_field(admin: f.Caller) -> None:
    body = _every_field(admin)
    assert set(body) == set(MentorCreate.model_fields), "give the new MentorCreate field a value above"
    for name, field in MentorCreate.model_fields.items():
        default = field.get_default(call_default_factory=True)
        assert default is PydanticUndefined or body[name] != to_jsonable_python(default), name
    created = f.created(admin.post("/api/v1/mentors", json=body))
    stored = admin.get(f"/api/v1/mentors/{created['id']}").json()
    assert {name: stored[name] for name in MentorCreate.model_fields} == body
