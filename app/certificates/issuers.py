"""Who may issue what (domain: "Who may issue what").

DfE awards are issued only by a provider accredited on the issue date; the London Providers Stage 2
Certificate only by a provider quality-assured under the framework on the issue date (a completed QA
review of it, signed by then, whose ``next_due_on`` is on or after it). Attendance certificates and
providers' own awards have no issuer rule here; recording an external certificate is not issuing.
"""

import uuid
from datetime import date

from sqlalchemy import exists, select
from sqlmodel import Session, col

from app import rules
from app.enums import ReviewStatus
from app.errors import InvalidInput
from app.models.qa_review import QAReview
from app.providers.accreditation import accredited_on

DFE_AWARDS = frozenset({rules.DFE_INITIAL.code, rules.DFE_REFRESHER.code})
QA_AWARDS = frozenset({rules.LP_STAGE_2_CERTIFICATE.code})


def _accredited(session: Session, provider_id: uuid.UUID, on: date) -> bool:
    """Whether the provider was accredited on England's day ``on``."""
    return bool(session.execute(select(accredited_on(provider_id, on))).scalar())


def _quality_assured(session: Session, provider_id: uuid.UUID, on: date) -> bool:
    """Whether a completed QA review of the provider, signed by ``on``, is still current on ``on``."""
    r = QAReview
    current = exists().where(
        col(r.reviewed_provider_id) == provider_id, col(r.status) == ReviewStatus.completed,
        col(r.signed_on) <= on, col(r.next_due_on) >= on)
    return bool(session.execute(select(current)).scalar())


def check(session: Session, *, provider_id: uuid.UUID | None, award: str, issued_on: date) -> None:
    """422 at ``["body", "award"]`` saying why, when this provider may not issue ``award`` on ``issued_on``."""
    if award in DFE_AWARDS and (provider_id is None or not _accredited(session, provider_id, issued_on)):
        raise InvalidInput(["body", "award"], f"{award} is issued only by a provider accredited as an ITT "
                           f"provider on the issue date, and the issuer was not accredited on {issued_on}")
    if award in QA_AWARDS and (provider_id is None or not _quality_assured(session, provider_id, issued_on)):
        raise InvalidInput(["body", "award"], f"{award} is issued only by a provider with a completed QA review "
                           f"current on the issue date (next due on or after {issued_on}), and the issuer has none")
