"""Decisions shaped for the wire: the eligibility answer (JSON-ready dicts) and the report's CSV."""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, date
from typing import Any

from app import rules

from .facts import MentorBasics, SessionInfo

CSV_COLUMNS = ["mentor_id", "name", "email", "award", "eligible", "held", "unmet_criteria"]


def _session_dict(info: SessionInfo) -> dict[str, Any]:
    """An upcoming session as JSON-ready data."""
    return {
        "id": info.id,
        "title": info.title,
        "starts_at": info.starts_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "provider_id": info.provider_id,
        "mode": info.mode,
        "credit_hours": rules.hours_out(info.credit_centi),
        "counts_toward": info.counts_toward,
    }


def _hinted(results: Iterable[rules.CriterionResult]) -> Iterator[str]:
    """Ids of the upcoming sessions named by these results, routes included."""
    for r in results:
        yield from r.upcoming
        for route in r.routes or ():
            yield from _hinted(route)


def session_dicts(sessions: dict[str, SessionInfo]) -> dict[str, dict[str, Any]]:
    """Each upcoming session as JSON-ready data, made once for every answer that names it."""
    return {id: _session_dict(info) for id, info in sessions.items()}


def render(
    mentor_id: str, decisions: list[rules.AwardDecision], sessions: dict[str, dict[str, Any]], as_of: date
) -> dict[str, Any]:
    """The eligibility answer as JSON-ready data, with the upcoming sessions its criteria name."""
    hinted = {i for d in decisions for i in _hinted(d.criteria)}
    upcoming = sorted((sessions[i] for i in hinted), key=lambda s: (s["starts_at"], s["id"]))
    return {
        "mentor_id": mentor_id,
        "as_of": as_of.isoformat(),
        "awards": [d.to_dict() for d in decisions],
        "upcoming_sessions": upcoming,
    }


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula (spreadsheets skip leading whitespace: so do we)."""
    return "'" + value if value[:1] in ("\t", "\r") or value.lstrip()[:1] in ("=", "+", "-", "@") else value


def report_csv(rows: Iterable[tuple[MentorBasics, tuple[str, str, str], list[rules.AwardDecision]]]) -> str:
    """One CSV row per mentor and award: (mentor, (first name, last name, e-mail), decisions)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    flag = {True: "true", False: "false"}
    for mentor, (first, last, email), decisions in rows:
        name, mail = _cell(f"{first} {last}"), _cell(email)
        writer.writerows(
            [
                mentor.id,
                name,
                mail,
                d.award,
                flag[d.eligible],
                flag[d.held],
                ";".join(c.code for c in d.unmet()),
            ]
            for d in decisions
        )
    return out.getvalue()
