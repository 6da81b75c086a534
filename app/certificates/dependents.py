"""What an issued certificate relied on, and the flags its dependents get when it is revoked.

A decision relies on a certificate through a met, non-advisory `holds_award` criterion
that counted it, or a window counted from its issue date (`since_award`, a
`since_award:` training window). New decisions name those certificates in
`relies_on`; older ones are read through their award's definition.
"""

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app import rules
from app.awards import service as award_service
from app.models.awarding import Certificate

PREREQUISITE_REVOKED = "prerequisite_revoked"


def _walk(criteria: tuple[rules.Criterion, ...]) -> Iterator[rules.Criterion]:
    """Each criterion, then those inside its any_of routes."""
    for c in criteria:
        yield c
        if isinstance(c, rules.AnyOf):
            for route in c.routes:
                yield from _walk(route)


def _referenced(c: rules.Criterion) -> str | None:
    """The award whose certificate the criterion relies on, if any (advisory criteria rely on nothing)."""
    if c.advisory:
        return None
    if isinstance(c, rules.HoldsAward):
        return c.award
    if isinstance(c, rules.MentoringHours | rules.DistinctTrainees):
        return c.since_award
    if isinstance(c, rules.TrainingHours) and c.window.startswith("since_award:"):
        return c.window.removeprefix("since_award:")
    return None


def _earliest_held(session: Session, mentor_id: uuid.UUID, awards: set[str], on: date) -> dict[str, str]:
    """Per award, the earliest certificate held on `on` (where a `since_award` window starts)."""
    if not awards:
        return {}
    c = Certificate
    stmt = select(c).where(
        c.mentor_id == mentor_id,
        col(c.award).in_(awards),
        c.issued_on <= on,
        or_(col(c.revoked_on).is_(None), col(c.revoked_on) > on),
        col(c.superseded_by).is_(None),
    )
    out: dict[str, str] = {}
    for row in sorted(session.exec(stmt).all(), key=lambda r: (r.issued_on, str(r.id)), reverse=True):
        out[row.award] = str(row.id)
    return out


def relies_on(
    session: Session, *, mentor_id: uuid.UUID, award: rules.Award, decision: rules.AwardDecision, on: date
) -> list[dict[str, str]]:
    """The certificates an eligible decision relied on: `[{certificate_id, award, criterion}]`."""
    used = [(c, ref) for c in _walk(award.criteria) if (ref := _referenced(c)) and decision.criterion(c.code).met]
    windows = {ref for c, ref in used if not isinstance(c, rules.HoldsAward)}
    starts = _earliest_held(session, mentor_id, windows, on)
    out: list[dict[str, str]] = []
    for c, ref in used:
        ids = decision.criterion(c.code).counted if isinstance(c, rules.HoldsAward) else (starts.get(ref),)
        out += [{"certificate_id": i, "award": ref, "criterion": c.code} for i in ids if i]
    return out


def _stored_results(criteria: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each stored criterion result, then those inside its routes."""
    for r in criteria:
        yield r
        for route in r.get("routes") or ():
            yield from _stored_results(route)


def _relied_before_records(definition: rules.Award, decision: dict[str, Any], revoked: Certificate) -> bool:
    """For a decision stored without `relies_on`: a met criterion relying on the revoked one's award."""
    results = {r.get("code"): r for r in _stored_results(decision.get("criteria") or [])}
    for c in _walk(definition.criteria):
        result = results.get(c.code)
        if _referenced(c) != revoked.award or result is None or not result.get("met"):
            continue
        counted = result.get("counted") if isinstance(c, rules.HoldsAward) else None
        if counted is None or str(revoked.id) in counted:
            return True
    return False


def _relied(certificate: Certificate, revoked: Certificate, awards: dict[str, rules.Award]) -> bool:
    """Whether the certificate's stored decision relied on the revoked certificate."""
    decision = certificate.decision or {}
    if "relies_on" in decision:
        return any(r.get("certificate_id") == str(revoked.id) for r in decision["relies_on"])
    definition = awards.get(certificate.award)
    return definition is not None and _relied_before_records(definition, decision, revoked)


def _flag(certificate: Certificate, revoked: Certificate) -> None:
    """Add a `prerequisite_revoked` flag (once per revoked certificate); the certificate stays valid."""
    assert revoked.revoked_on is not None
    if any(f.get("certificate_id") == str(revoked.id) for f in certificate.flags):
        return
    flag = {
        "code": PREREQUISITE_REVOKED,
        "certificate_id": str(revoked.id),
        "award": revoked.award,
        "revoked_on": revoked.revoked_on.isoformat(),
    }
    certificate.flags, certificate.flagged = [*certificate.flags, flag], True


def flag_dependents(session: Session, *, revoked: Certificate) -> list[Certificate]:
    """Flag the certificates issued on or after the revocation day that relied on the revoked one."""
    assert revoked.revoked_on is not None
    c = Certificate
    stmt = (
        select(c)
        .where(
            c.mentor_id == revoked.mentor_id,
            c.id != revoked.id,
            col(c.external).is_(False),
            c.issued_on >= revoked.revoked_on,
            c.issued_on >= revoked.issued_on,
        )
        .order_by(col(c.issued_on), col(c.id))
    )
    candidates = session.exec(stmt).all()
    old = {x.award for x in candidates if "relies_on" not in (x.decision or {})}
    awards = award_service.get_awards(session, old) if old else {}
    dependents = [x for x in candidates if _relied(x, revoked, awards)]
    for x in dependents:
        _flag(x, revoked)
        session.add(x)
    return dependents
