"""Who is calling: plain Python, so services and tenancy never depend on the web framework."""

import uuid
from dataclasses import dataclass

from app.enums import Role


@dataclass(frozen=True)
class Principal:
    """An API client with a role bound to one organisation or mentor."""

    client_id: str
    api_client_id: uuid.UUID
    role: Role
    provider_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    mentor_id: uuid.UUID | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin
