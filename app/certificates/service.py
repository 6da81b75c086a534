"""Certificates: issued only when eligible, never twice, revoked but never deleted; portable."""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app import rules
from app.awards import service as award_service
from app.certificates import dependents as dependents_service
from app.certificates import issuers
from app.certificates.schemas import (
    CertificateCreate,
    CertificateFlag,
    CertificatePublic,
    RevokedCertificate,
    RevokeRequest,
    Standing,
)
from app.clock import today
from app.eligibility import service as eligibility_service
from app.enums import Role
from app.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from app.models.awarding import Certificate
from app.models.registry import Mentor, Provider
from app.pagination import ListQuery, paginate, where_given
from app.principal import Principal
from app.tenancy import get_visible, mentor_condition


@dataclass(frozen=True)
class CertificateFilters:
    """The list's filters; None matches any."""

    mentor_id: uuid.UUID | None = None
    award: str | None = None
    provider_id: uuid.UUID | None = None
    flagged: bool | None = None


def condition(principal: Principal) -> ColumnElement[bool]:
    """Certificates the caller may read: its own as issuer, and every certificate of the mentors it sees."""
    if principal.role is Role.admin:
        return true()
    seen = mentor_condition(principal, Certificate.mentor_id)
    if principal.role is Role.provider:
        return or_(col(Certificate.provider_id) == principal.provider_id, seen)
    return seen


def get(session: Session, *, principal: Principal, id: uuid.UUID) -> Certificate:
    """A certificate the caller may read."""
    certificate: Certificate = get_visible(session, Certificate, id, condition(principal), "certificate")
    return certificate


def list_(
    session: Session, *, principal: Principal, query: ListQuery, filters: CertificateFilters
) -> tuple[list[Certificate], str | None]:
    """Certificates the caller may read, filtered by mentor, award or issuing provider."""
    stmt = select(Certificate).where(condition(principal))
    stmt = where_given(
        stmt,
        (Certificate.mentor_id, filters.mentor_id),
        (Certificate.award, filters.award),
        (Certificate.provider_id, filters.provider_id),
    )
    if filters.flagged is not None:
        stmt = stmt.where(col(Certificate.flagged).is_(filters.flagged))
    return paginate(session, stmt, Certificate, query)


def standing(certificate: Certificate) -> Standing:
    """``revoked`` from its revocation day on, ``valid`` before."""
    revoked = certificate.revoked_on is not None and certificate.revoked_on <= today()
    return "revoked" if revoked else "valid"


def public(certificate: Certificate) -> CertificatePublic:
    """The certificate as the API shows it, with its standing today."""
    return CertificatePublic(
        id=certificate.id,
        mentor_id=certificate.mentor_id,
        provider_id=certificate.provider_id,
        award=certificate.award,
        issued_on=certificate.issued_on,
        academic_year=certificate.academic_year,
        external=certificate.external,
        evidence=certificate.evidence,
        status=standing(certificate),
        revoked_on=certificate.revoked_on,
        revoked_reason=certificate.revoked_reason,
        decision=certificate.decision,
        superseded_by=certificate.superseded_by,
        flags=[CertificateFlag.model_validate(f) for f in certificate.flags],
        created_at=certificate.created_at,
        updated_at=certificate.updated_at,
    )


def _issuer(
    session: Session, principal: Principal, provider_id: uuid.UUID | None, external: bool
) -> uuid.UUID | None:
    """The issuer: a provider issues as itself; an admin names one (optional for external records)."""
    if not principal.is_admin:
        if provider_id not in (None, principal.provider_id):
            raise InvalidInput(["body", "provider_id"], "a provider issues certificates as itself")
        return principal.provider_id
    if provider_id is None:
        if external:
            return None
        raise InvalidInput(["body", "provider_id"], "an admin names the issuing provider")
    if session.get(Provider, provider_id) is None:
        raise InvalidInput(["body", "provider_id"], "no provider with this id")
    return provider_id


def _mentor(session: Session, principal: Principal, mentor_id: uuid.UUID) -> Mentor:
    """The mentor, visible to the caller (a provider: linked to it), locked until commit on PostgreSQL."""
    stmt = select(Mentor).where(Mentor.id == mentor_id, mentor_condition(principal)).with_for_update()
    mentor = session.exec(stmt).first()
    if mentor is None:
        raise NotFound("mentor")
    return mentor


def _award(session: Session, principal: Principal, code: str) -> rules.Award:
    try:
        award = award_service.get_award(session, code)
    except NotFound:
        raise InvalidInput(["body", "award"], "no award with this code") from None
    if (
        award.provider_id is not None
        and not principal.is_admin
        and award.provider_id != str(principal.provider_id)
    ):
        raise Forbidden("only the provider that defined this award issues it")
    return award


def _refuse_held(
    session: Session, mentor_id: uuid.UUID, award: rules.Award, issued_on: date, external: bool
) -> None:
    """409 when a certificate of the award is held on `issued_on` or later (in its academic year, for once-a-year
    awards), whichever was issued first. External records block only recording another: issuing supersedes them."""
    c = Certificate
    stmt = select(c.id).where(
        c.mentor_id == mentor_id,
        c.award == award.code,
        col(c.superseded_by).is_(None),
        or_(col(c.revoked_on).is_(None), and_(col(c.revoked_on) > issued_on, col(c.revoked_on) > c.issued_on)),
    )
    if not external:
        stmt = stmt.where(col(c.external).is_(False))
    if award.once_per_academic_year:
        stmt = stmt.where(c.academic_year == rules.academic_year(issued_on))
    held = session.exec(stmt.order_by(col(c.issued_on))).first()
    if held is not None:
        period = " that academic year" if award.once_per_academic_year else " on or after that date"
        msg = f"the mentor already holds {award.code}{period} (certificate {held})"
        raise Conflict(msg, errors=[{"loc": ["body", "award"], "msg": msg}], certificate_id=str(held))


def _supersede(session: Session, certificate: Certificate, award: rules.Award) -> None:
    """An issued certificate supersedes the external records of its award (its academic year, if once-a-year)."""
    c = Certificate
    stmt = select(c).where(
        c.mentor_id == certificate.mentor_id,
        c.award == certificate.award,
        col(c.external).is_(True),
        col(c.superseded_by).is_(None),
    )
    if award.once_per_academic_year:
        stmt = stmt.where(c.academic_year == certificate.academic_year)
    for record in session.exec(stmt).all():
        record.superseded_by = certificate.id
        session.add(record)


def _decision(session: Session, mentor_id: uuid.UUID, award: rules.Award, issued_on: date) -> dict[str, Any]:
    """The eligibility answer as of the issue date, with the certificates it relied on; 422 when not eligible."""
    decision = eligibility_service.evaluate_mentor(
        session, mentor_id=mentor_id, award_codes=[award.code], as_of=issued_on
    )[0]
    if not decision.eligible:
        raise RuleViolation(
            f"the mentor is not eligible for {award.code} as of {issued_on}",
            award=award.code,
            as_of=issued_on.isoformat(),
            criteria=[c.to_dict() for c in decision.unmet()],
        )
    relied = dependents_service.relies_on(
        session, mentor_id=mentor_id, award=award, decision=decision, on=issued_on
    )
    return {"as_of": issued_on.isoformat(), **decision.to_dict(), "relies_on": relied}


def issue(session: Session, *, principal: Principal, body: CertificateCreate) -> Certificate:
    """Issue a certificate when eligible as of its date, or record an external one; never twice."""
    external = body.external
    if external and not (body.evidence or "").strip():
        raise InvalidInput(["body", "evidence"], "an external certificate records the evidence seen")
    issuer = _issuer(session, principal, body.provider_id, external)
    mentor = _mentor(session, principal, body.mentor_id)
    award = _award(session, principal, body.award)
    issued_on = body.issued_on
    _refuse_held(session, mentor.id, award, issued_on, external)
    if not external:
        issuers.check(session, provider_id=issuer, award=award.code, issued_on=issued_on)
    decision = None if external else _decision(session, mentor.id, award, issued_on)
    certificate = Certificate(
        mentor_id=mentor.id,
        provider_id=issuer,
        award=award.code,
        issued_on=issued_on,
        academic_year=rules.academic_year(issued_on),
        external=external,
        evidence=body.evidence,
        decision=decision,
    )
    session.add(certificate)
    if not external:
        session.flush()  # the new row exists before records point at it
        _supersede(session, certificate, award)
    session.commit()
    return certificate


def _lock_mentor(session: Session, mentor_id: uuid.UUID) -> None:
    """Take the mentor's row lock (PostgreSQL): a mentor's certificates change one request at a time."""
    session.exec(select(Mentor.id).where(Mentor.id == mentor_id).with_for_update()).first()


def revoke(
    session: Session, *, principal: Principal, id: uuid.UUID, body: RevokeRequest
) -> tuple[Certificate, list[Certificate]]:
    """Revoke with a reason (the issuing or recording provider, or an admin); the record stays.

    Returns the certificate and its dependents: those it was relied on by, now flagged.
    """
    certificate = get(session, principal=principal, id=id)
    if not principal.is_admin and certificate.provider_id != principal.provider_id:
        raise Forbidden("only the issuing provider or an admin revokes a certificate")
    _lock_mentor(session, certificate.mentor_id)
    session.refresh(certificate)  # as committed before the lock was granted
    if certificate.revoked_on is not None:
        raise Conflict("the certificate is already revoked")
    if body.revoked_on < certificate.issued_on:
        raise InvalidInput(["body", "revoked_on"], "must not be before the issue date")
    certificate.revoked_on, certificate.revoked_reason = body.revoked_on, body.reason
    session.add(certificate)
    dependents = dependents_service.flag_dependents(session, revoked=certificate)
    session.commit()
    return certificate, dependents


def revoked_public(certificate: Certificate, dependents: list[Certificate]) -> RevokedCertificate:
    """The revoke answer: the revoked certificate with its flagged dependents."""
    return RevokedCertificate(
        **public(certificate).model_dump(), dependents=[public(d) for d in dependents]
    )
