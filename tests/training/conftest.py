"""A provider with its own API client for each test."""

from dataclasses import dataclass
from typing import Any

import pytest

from tests import factories as f


@dataclass
class Org:
    provider: dict[str, Any]
    caller: f.Caller

    @property
    def id(self) -> str:
        return self.provider["id"]

    def mentor(self, admin: f.Caller, **fields: Any) -> dict[str, Any]:
        """A mentor who trains with this provider."""
        return f.mentor(admin, provider_ids=[self.id], **fields)


def new_org(admin: f.Caller, **fields: Any) -> Org:
    provider = f.provider(admin, **fields)
    return Org(provider, f.caller_for(admin, "provider", provider_id=provider["id"]))


@pytest.fixture
def org(admin: f.Caller) -> Org:
    return new_org(admin)


@pytest.fixture
def other_org(admin: f.Caller) -> Org:
    return new_org(admin)
