"""Credential routes: public verification and the published keys (no authentication)."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from app.credentials import service
from app.credentials.schemas import Jwks, VerifyRequest, VerifyResult
from app.db import open_session
from app.deps import SessionDep
from app.problems import responses

router = APIRouter(tags=["credentials"])


def _read_session(request: Request) -> Iterator[Session]:
    """A read-only session for a POST that only reads: anonymous checks never take SQLite's write lock."""
    with open_session(request.app.state.engine) as session:
        yield session


ReadSession = Annotated[Session, Depends(_read_session)]


@router.post("/api/v1/credentials/verify", response_model=VerifyResult, responses=responses(413, 422))
def verify_credential(body: VerifyRequest, session: ReadSession) -> VerifyResult:
    """Check a credential: valid, invalid or revoked, with the certificate's summary (no account needed)."""
    return service.verify(session, body=body)


@router.get("/.well-known/jwks.json", response_model=Jwks)
def get_jwks(session: SessionDep) -> Jwks:
    """The public keys credentials are signed with, each with its `kid`."""
    return service.jwks(session)
