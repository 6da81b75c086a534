"""Signed credentials: Open Badges 3.0-shaped payloads in compact JWS, verifiable by anyone.

Keys live in the `signing_key` table so every API process signs with the same
key and verifies with all of them; the newest signs.
"""

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app import rules
from app.awards import service as award_service
from app.certificates import service as certificate_service
from app.credentials.schemas import CertificateSummary, Jwk, Jwks, VerifyRequest, VerifyResult
from app.db import open_session
from app.errors import Conflict, NotFound
from app.models.awarding import Certificate, SigningKey
from app.models.registry import Mentor, Provider
from app.principal import Principal
from app.security import (
    CREDENTIAL_ALGORITHMS,
    InvalidToken,
    generate_signing_key,
    sign_credential,
    verify_credential,
)

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _newest(session: Session) -> SigningKey | None:
    stmt = select(SigningKey).order_by(col(SigningKey.created_at).desc(), col(SigningKey.kid))
    return session.exec(stmt).first()


def ensure_signing_key(engine: Engine) -> SigningKey:
    """The key that signs, made and stored on first start; a process losing the race reads the winner's."""
    with open_session(engine) as session:
        key = _newest(session)
    if key is not None:
        return key
    kid, pem, jwk = generate_signing_key()
    with open_session(engine, write=True) as session:
        key = _newest(session)  # re-read under the write lock (SQLite) before adding
        if key is not None:
            return key
        session.add(SigningKey(kid=kid, algorithm=CREDENTIAL_ALGORITHMS[0], private_pem=pem, public_jwk=jwk))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
        key = _newest(session)
    assert key is not None
    return key


def _signer(session: Session) -> SigningKey:
    key = _newest(session)
    bind = session.get_bind()
    return key if key is not None else ensure_signing_key(bind)  # type: ignore[arg-type]  # an Engine here


def _public_keys(session: Session) -> list[dict[str, Any]]:
    keys = session.exec(select(SigningKey).order_by(col(SigningKey.created_at), col(SigningKey.kid))).all()
    return [k.public_jwk for k in keys]


def jwks(session: Session) -> Jwks:
    """Every public key credentials are signed with, each with its kid."""
    return Jwks(keys=[Jwk.model_validate(k) for k in _public_keys(session)])


def _urn(id: uuid.UUID | str) -> str:
    return f"urn:uuid:{id}"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _evidence(certificate: Certificate) -> list[dict[str, Any]]:
    """What the award was given for: the hours and records counted, or the evidence seen."""
    if certificate.external or not certificate.decision:
        return [{"type": ["Evidence"], "name": "Evidence seen", "narrative": certificate.evidence or ""}]
    out = []
    for c in _flat(certificate.decision.get("criteria", [])):
        if c.get("met") and c.get("unit") in ("hours", "trainees"):
            out.append(
                {
                    "type": ["Evidence"],
                    "name": c["code"],
                    "description": c["description"],
                    "narrative": f"{c['actual']} {c['unit']} counted (required {c['required']}).",
                    "genre": c["kind"],
                }
            )
    return out


def _flat(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for c in criteria:
        out.append(c)
        for route in c.get("routes") or ():
            out.extend(_flat(route))
    return out


def _achievement(award: rules.Award) -> dict[str, Any]:
    """The Open Badges achievement: the award and its criteria in words."""
    return {
        "id": f"urn:mentor-passport:award:{award.code}",
        "type": ["Achievement"],
        "name": award.name,
        "description": award.description or award.name,
        "achievementType": "Certificate",
        "criteria": {"narrative": "; ".join(c.description for c in award.criteria)},
    }


def _payload(
    certificate: Certificate, award: rules.Award, provider: Provider | None, mentor: Mentor
) -> dict[str, Any]:
    """An OpenBadgeCredential with the JWT registered claims (iss, sub, jti, nbf) alongside."""
    issuer_id = _urn(provider.id) if provider else "urn:mentor-passport:external-issuer"
    return {
        "@context": CONTEXT,
        "id": _urn(certificate.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": award.name,
        "issuer": {
            "id": issuer_id,
            "type": ["Profile"],
            "name": provider.name if provider else "External issuer",
        },
        "validFrom": _timestamp(certificate.issued_on),
        "credentialSubject": {
            "id": _urn(mentor.id),
            "type": ["AchievementSubject"],
            "achievement": _achievement(award),
        },
        "evidence": _evidence(certificate),
        "iss": issuer_id,
        "sub": _urn(mentor.id),
        "jti": _urn(certificate.id),
        "nbf": int(datetime.combine(certificate.issued_on, time(), tzinfo=UTC).timestamp()),
        "iat": int(datetime.now(UTC).timestamp()),
    }


def credential(session: Session, *, principal: Principal, certificate_id: uuid.UUID) -> str:
    """The certificate as a signed compact JWS, for a caller that may read it."""
    certificate = certificate_service.get(session, principal=principal, id=certificate_id)
    if certificate.external:
        raise Conflict("an external certificate record is not a credential: it has no signed credential")
    award = award_service.get_award(session, certificate.award)
    provider = session.get(Provider, certificate.provider_id) if certificate.provider_id else None
    mentor = session.get(Mentor, certificate.mentor_id)
    assert mentor is not None
    key = _signer(session)
    return sign_credential(_payload(certificate, award, provider, mentor), key.private_pem, key.kid)


def _summary(session: Session, certificate: Certificate) -> CertificateSummary:
    """What a verifier learns: the certificate's standing, no personal data beyond the credential's."""
    provider = session.get(Provider, certificate.provider_id) if certificate.provider_id else None
    try:
        award_name = award_service.get_award(session, certificate.award).name
    except NotFound:  # a summary never fails over a missing definition
        award_name = certificate.award
    return CertificateSummary(
        id=certificate.id,
        award=certificate.award,
        award_name=award_name,
        mentor_id=certificate.mentor_id,
        provider_id=certificate.provider_id,
        provider_name=provider.name if provider else None,
        issued_on=certificate.issued_on,
        academic_year=certificate.academic_year,
        external=certificate.external,
        revoked_on=certificate.revoked_on,
    )


def _certificate_of(session: Session, claims: dict[str, Any]) -> Certificate | None:
    """The certificate a signed credential names, if the credential still matches it."""
    try:
        id = uuid.UUID(str(claims["jti"]).removeprefix("urn:uuid:"))
        achievement = claims["credentialSubject"]["achievement"]["id"]
    except (KeyError, TypeError, ValueError):
        return None
    certificate = session.get(Certificate, id)
    if certificate is None or certificate.external or claims.get("sub") != _urn(certificate.mentor_id):
        return None  # external records never carry credentials: one signed before that rule is not honoured
    return certificate if achievement == f"urn:mentor-passport:award:{certificate.award}" else None


def verify(session: Session, *, body: VerifyRequest) -> VerifyResult:
    """``valid``, ``invalid`` or ``revoked``, with the certificate's summary unless invalid, for any string."""
    try:
        claims = verify_credential(body.credential.strip(), _public_keys(session))
    except InvalidToken:
        return VerifyResult(status="invalid", certificate=None, flags=[])
    certificate = _certificate_of(session, claims)
    if certificate is None:
        return VerifyResult(status="invalid", certificate=None, flags=[])
    return VerifyResult(
        status=certificate_service.standing(certificate),
        certificate=_summary(session, certificate),
        flags=certificate_service.public(certificate).flags,
    )
