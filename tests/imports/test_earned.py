"""The register and the attendance import earn hours by one rule: ``app.attendance.earned``. Its Python form
(one register line) and its SQL form (a session recomputed, an import's staged rows) give the same answers."""

import itertools

import pytest
from sqlalchemy import Boolean, Integer, String, create_engine, literal, select

from app.attendance.earned import earned_centi, earned_sql
from app.enums import AttendanceStatus, SessionStatus

# (credit, duration) in hundredths: credit below, equal to and above the clock time
SESSIONS = [(86, 100), (100, 300), (300, 300), (250, 100)]
CASES = list(itertools.product(AttendanceStatus, SessionStatus, (None, 0, 50, 100)))


@pytest.mark.parametrize(("credit", "duration"), SESSIONS)
def test_earned_in_sql_matches_python_for_every_status(db_url: str, credit: int, duration: int) -> None:
    kw = {"credit_centi": credit, "duration_centi": duration}
    expected = [earned_centi(st, given, **kw, session_status=ss) for st, ss, given in CASES]
    engine = create_engine(db_url)
    with engine.connect() as conn:
        per_row, per_session = [], []
        for status, session_status, given in CASES:
            args = (literal(status.value, String), literal(given, Integer))
            cancelled = session_status is SessionStatus.cancelled
            per_row.append(earned_sql(
                *args, credit_centi=literal(credit, Integer), duration_centi=literal(duration, Integer),
                cancelled=literal(cancelled, Boolean),
            ))
            per_session.append(earned_sql(*args, **kw, cancelled=cancelled))
        got_per_row = list(conn.execute(select(*per_row)).one())
        got_per_session = list(conn.execute(select(*per_session)).one())
    engine.dispose()
    assert got_per_row == expected
    assert got_per_session == expected


def _earned(credit: int, duration: int) -> dict[tuple[str, str, int | None], int]:
    return {
        (st.value, ss.value, given): earned_centi(
            st, given, credit_centi=credit, duration_centi=duration, session_status=ss
        )
        for st, ss, given in CASES
    }


def test_earned_rule_reads_as_the_domain_says() -> None:
    earned = _earned(86, 100)
    assert earned[("attended", "scheduled", None)] == 86
    assert earned[("partial", "completed", 50)] == 43  # half an hour of a 1-hour session credited 0.86 h
    assert earned[("partial", "scheduled", None)] == 0
    assert {v for (st, _, _), v in earned.items() if st in ("absent", "excused")} == {0}
    assert {v for (_, ss, _), v in earned.items() if ss == "cancelled"} == {0}


def test_earned_partial_share_rounds_down_to_the_hundredth() -> None:
    assert _earned(100, 300)[("partial", "scheduled", 50)] == 16  # 0.5 h of 3 h credited 1 h: 0.1666…
    assert _earned(250, 100)[("partial", "scheduled", 50)] == 125  # credit above the clock time
