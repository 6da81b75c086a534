"""The service's days are England's: an instant late on 31 August UTC is already 1 September in summer."""

from datetime import UTC, date, datetime

import pytest

from app.clock import local_date, today


@pytest.mark.parametrize(
    ("instant", "day"),
    [
        (datetime(2026, 8, 31, 22, 59, tzinfo=UTC), date(2026, 8, 31)),  # 23:59 BST
        (datetime(2026, 8, 31, 23, 0, tzinfo=UTC), date(2026, 9, 1)),  # 00:00 BST: a new academic year
        (datetime(2026, 12, 31, 23, 59), date(2026, 12, 31)),  # naive is UTC; GMT in winter
        (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), date(2027, 1, 1)),
    ],
)
def test_local_date_is_the_day_in_england(instant: datetime, day: date) -> None:
    assert local_date(instant) == day


def test_today_is_todays_date_in_england() -> None:
    assert today() == local_date(datetime.now(UTC))
