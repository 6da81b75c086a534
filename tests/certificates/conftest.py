"""A mentor who trains with two providers, and those providers' callers."""

from dataclasses import dataclass

import pytest

from tests import factories as f


@dataclass
class Passport:
    """Provider A and B (both accredited HEIs), callers for each, a school and a mentor linked to A and B."""

    a: dict
    b: dict
    pa: f.Caller
    pb: f.Caller
    school: dict
    mentor: dict


@pytest.fixture
def world(admin: f.Caller) -> Passport:
    a, b, school = f.provider(admin), f.provider(admin), f.school(admin)
    mentor = f.mentor(admin, school_id=school["id"], provider_ids=[a["id"], b["id"]])
    return Passport(
        a=a,
        b=b,
        pa=f.caller_for(admin, "provider", provider_id=a["id"]),
        pb=f.caller_for(admin, "provider", provider_id=b["id"]),
        school=school,
        mentor=mentor,
    )
