"""The portfolio's lifecycle: submit (mentor), assess (its provider), moderate (a second assessor).

draft -> submitted -> passed | referred; referred is editable again and can be resubmitted. Each
status change is a ``PortfolioEvent``; moderation of an assessment is a ``PortfolioModeration``.
"""

import uuid

from sqlmodel import Session, col, select

from app.clock import today
from app.eligibility import service as eligibility_service
from app.enums import PortfolioStatus, Role
from app.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from app.etags import claim
from app.models.base import utcnow
from app.models.portfolio import Portfolio, PortfolioEvent, PortfolioModeration
from app.portfolios.schemas import AssessmentCreate, Decision, ModerationCreate
from app.portfolios.service import ASSESSED, SECTIONS, event, get, writable
from app.principal import Principal

AWARD = "lp-stage-2-certificate"


def _check_narratives(row: Portfolio) -> None:
    empty = [s for s in SECTIONS if not ((row.sections.get(s) or {}).get("narrative") or "").strip()]
    if empty:
        raise RuleViolation(
            "every section needs its reflective narrative before the portfolio is submitted",
            errors=[{"loc": ["sections", s, "narrative"], "msg": "empty"} for s in empty],
        )


def _check_eligible_but_portfolio(session: Session, row: Portfolio) -> None:
    """422 listing the lp-stage-2-certificate criteria, other than the portfolio, that are not met today."""
    decision = eligibility_service.evaluate_mentor(
        session, mentor_id=row.mentor_id, award_codes=[AWARD], as_of=today()
    )[0]
    unmet = [c for c in decision.unmet() if c.kind != "portfolio_passed"]
    if unmet:
        raise RuleViolation(
            f"the portfolio can be submitted once the other {AWARD} criteria are met",
            errors=[{"loc": ["criteria", c.code], "msg": c.description} for c in unmet],
            criteria=[c.to_dict() for c in unmet],
        )


def submit(session: Session, *, principal: Principal, id: uuid.UUID, if_match: list[int] | None) -> Portfolio:
    """Submit a draft or referred portfolio for assessment (the mentor itself)."""
    row = writable(session, principal=principal, id=id, if_match=if_match)
    _check_narratives(row)
    _check_eligible_but_portfolio(session, row)
    now = utcnow()
    event(session, row, principal, PortfolioStatus.submitted, at=now)
    row.submitted_at = now
    session.add(row)
    session.commit()
    return row


def _assessor(session: Session, principal: Principal, id: uuid.UUID, if_match: list[int] | None) -> Portfolio:
    """The portfolio, claimed, for the provider named on it or an admin; 403 for anyone else."""
    if principal.role is not Role.provider and not principal.is_admin:
        raise Forbidden("only the provider named on the portfolio assesses and moderates it")
    row = get(session, principal=principal, id=id)
    claim(session, row, if_match=if_match)
    return row


def assess(
    session: Session, *, principal: Principal, id: uuid.UUID, body: AssessmentCreate, if_match: list[int] | None
) -> Portfolio:
    """Pass or refer a submitted portfolio; a referral needs feedback."""
    row = _assessor(session, principal, id, if_match)
    if row.status != PortfolioStatus.submitted:
        raise Conflict(f"only a submitted portfolio is assessed; this one is {row.status}")
    feedback = (body.feedback or "").strip() or None
    if body.decision is Decision.referred and feedback is None:
        raise InvalidInput(["body", "feedback"], "feedback is required when referring a portfolio")
    now = utcnow()
    to_status = PortfolioStatus(body.decision.value)
    event(session, row, principal, to_status, at=now, name=body.assessor_name, notes=feedback)
    row.decided_on, row.assessed_at, row.feedback = today(), now, feedback
    row.assessor_api_client_id, row.assessor_name = principal.api_client_id, body.assessor_name
    session.add(row)
    session.commit()
    return row


def _unmoderated_assessment(session: Session, row: Portfolio) -> PortfolioEvent:
    """The event of the latest pass or referral; 409 once it has been moderated."""
    assessment = session.exec(
        select(PortfolioEvent)
        .where(PortfolioEvent.portfolio_id == row.id, PortfolioEvent.to_status == row.status)
        .order_by(col(PortfolioEvent.at).desc(), col(PortfolioEvent.created_at).desc())
    ).first()
    assert assessment is not None  # a passed or referred portfolio always has its assessment event
    done = session.exec(
        select(PortfolioModeration.id).where(PortfolioModeration.assessment_event_id == assessment.id)
    ).first()
    if done is not None:
        raise Conflict("this assessment has already been moderated")
    return assessment


def moderate(
    session: Session, *, principal: Principal, id: uuid.UUID, body: ModerationCreate, if_match: list[int] | None
) -> Portfolio:
    """Record a second assessor's moderation of the latest assessment (never by the assessor)."""
    row = _assessor(session, principal, id, if_match)
    if row.status not in ASSESSED:
        raise Conflict(f"only a passed or referred portfolio is moderated; this one is {row.status}")
    if row.assessor_api_client_id == principal.api_client_id:
        raise Forbidden("the assessor cannot moderate their own assessment; a second assessor must")
    assessment = _unmoderated_assessment(session, row)
    session.add(
        PortfolioModeration(
            portfolio_id=row.id,
            assessment_event_id=assessment.id,
            decision=body.decision,
            notes=body.notes,
            moderator_api_client_id=principal.api_client_id,
            moderator_name=body.moderator_name,
        )
    )
    session.add(row)
    session.commit()
    return row
