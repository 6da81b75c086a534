"""The service's calendar: instants are kept in UTC, days are England's (Europe/London)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    LOCAL = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # pragma: no cover - a system without time-zone data
    LOCAL = ZoneInfo("UTC")


def local_date(at: datetime) -> date:
    """The day in England on which an instant falls (a naive one is taken as UTC)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(LOCAL).date()


def today() -> date:
    """Today in England, the date decisions are recorded on."""
    return local_date(datetime.now(UTC))
