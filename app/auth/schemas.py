"""API client and token bodies."""

import uuid

from pydantic import Field

from app.enums import Role
from app.schemas import APIModel, UTCDateTime


class Token(APIModel):
    access_token: str = Field(description="A JWT to send as `Authorization: Bearer <token>`.")
    token_type: str = Field("bearer", description="Always `bearer`.")
    expires_in: int = Field(description="Seconds until the token expires.")


class ApiClientCreate(APIModel):
    name: str = Field(min_length=1, max_length=200, description="Who uses this client, e.g. 'Arbor sync'.")
    role: Role = Field(description="`admin`, `provider`, `school` or `mentor`.")
    provider_id: uuid.UUID | None = Field(None, description="The provider a `provider` client acts for.")
    school_id: uuid.UUID | None = Field(None, description="The school a `school` client acts for.")
    mentor_id: uuid.UUID | None = Field(None, description="The mentor a `mentor` client acts for.")


class ApiClientUpdate(APIModel):
    name: str = Field(None, min_length=1, max_length=200, description="A new name.")  # type: ignore[assignment]
    disabled: bool = Field(  # type: ignore[assignment]
        None, description="True stops the client and all its tokens at once.")


class ApiClientPublic(APIModel):
    id: uuid.UUID
    name: str
    client_id: str = Field(description="Send as `client_id` to POST /api/v1/auth/token.")
    role: Role
    provider_id: uuid.UUID | None
    school_id: uuid.UUID | None
    mentor_id: uuid.UUID | None
    disabled: bool
    created_at: UTCDateTime
    updated_at: UTCDateTime


class ApiClientWithSecret(ApiClientPublic):
    client_secret: str = Field(description="Shown once, now; only a hash is kept.")
