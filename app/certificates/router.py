"""Certificate routes: issue, record external, list, read, revoke, and the signed credential."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.certificates import service
from app.certificates.schemas import CertificateCreate, CertificatePublic, RevokedCertificate, RevokeRequest
from app.credentials import service as credential_service
from app.credentials.schemas import CredentialOut
from app.deps import CurrentPrincipal, ListParams, SessionDep, require_role
from app.enums import Role
from app.principal import Principal
from app.problems import responses
from app.schemas import Page

router = APIRouter(prefix="/api/v1/certificates", tags=["certificates"])
ProviderCaller = Annotated[Principal, require_role(Role.provider)]


@router.post(
    "",
    response_model=CertificatePublic,
    status_code=status.HTTP_201_CREATED,
    responses=responses(401, 403, 404, 409, 422),
)
def issue_certificate(
    body: CertificateCreate, session: SessionDep, principal: ProviderCaller
) -> CertificatePublic:
    """Issue a certificate if the mentor is eligible on the issue date (422 lists the unmet criteria)."""
    return service.public(service.issue(session, principal=principal, body=body))


@router.get("", response_model=Page[CertificatePublic], responses=responses(401, 422))
def list_certificates(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: ListParams,
    mentor_id: Annotated[uuid.UUID | None, Query()] = None,
    award: Annotated[str | None, Query(max_length=63)] = None,
    provider_id: Annotated[uuid.UUID | None, Query(description="The issuing provider.")] = None,
    flagged: Annotated[
        bool | None, Query(description="Only certificates with (true) or without (false) flags.")
    ] = None,
) -> Page[CertificatePublic]:
    """Certificates the caller may read: a mentor's from every provider (the passport)."""
    filters = service.CertificateFilters(
        mentor_id=mentor_id, award=award, provider_id=provider_id, flagged=flagged
    )
    rows, cursor = service.list_(session, principal=principal, query=query, filters=filters)
    return Page(items=[service.public(r) for r in rows], next_cursor=cursor)


@router.get("/{id}", response_model=CertificatePublic, responses=responses(401, 404, 422))
def get_certificate(id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> CertificatePublic:
    """One certificate."""
    return service.public(service.get(session, principal=principal, id=id))


@router.post("/{id}/revoke", response_model=RevokedCertificate, responses=responses(401, 403, 404, 409, 422))
def revoke_certificate(
    id: uuid.UUID, body: RevokeRequest, session: SessionDep, principal: ProviderCaller
) -> RevokedCertificate:
    """Revoke a certificate with a reason (its issuing or recording provider, or an admin); never deleted.

    Certificates issued on or after `revoked_on` that relied on it are flagged and listed as `dependents`.
    """
    return service.revoked_public(*service.revoke(session, principal=principal, id=id, body=body))


@router.get("/{id}/credential", response_model=CredentialOut, responses=responses(401, 404, 409, 422))
def get_certificate_credential(
    id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> CredentialOut:
    """The certificate as a signed credential (compact JWS, ES256) anyone can verify; 409 for external records."""
    return CredentialOut(
        credential=credential_service.credential(session, principal=principal, certificate_id=id)
    )
