"""The register and the attendance import earn hours by one rule: ``app.attendance.earned``. Its Python form
(one register line) and its SQL form (a session recomputed, an import's staged rows) give the same answers."""

import itertools

from sqlalchemy import Boolean, Integer, String, create_engine, literal, select

from app.attendance.earned import earned_centi, earned_sql
from app.enums import AttendanceStatus, SessionStatus

CREDIT = 300
CASES = list(itertools.product(AttendanceStatus, SessionStatus, (None, 0, 150, CREDIT)))


def test_earned_in_sql_matches_python_for_every_status(db_url: str) -> None:
    expected = [earned_centi(st, given, credit_centi=CREDIT, session_status=ss) for st, ss, given in CASES]
    engine = create_engine(db_url)
    with engine.connect() as conn:
        per_row, per_session = [], []
        for status, session_status, given in CASES:
            args = (literal(status.value, String), literal(given, Integer))
            cancelled = session_status is SessionStatus.cancelled
            per_row.append(
                earned_sql(*args, credit_centi=literal(CREDIT, Integer), cancelled=literal(cancelled, Boolean))
            )
            per_session.append(earned_sql(*args, credit_centi=CREDIT, cancelled=cancelled))
        got_per_row = list(conn.execute(select(*per_row)).one())
        got_per_session = list(conn.execute(select(*per_session)).one())
    engine.dispose()
    assert got_per_row == expected
    assert got_per_session == expected


def test_earned_rule_reads_as_the_domain_says() -> None:
    earned = {
        (st.value, ss.value, given): earned_centi(st, given, credit_centi=CREDIT, session_status=ss)
        for st, ss, given in CASES
    }
    assert earned[("attended", "scheduled", None)] == CREDIT
    assert earned[("partial", "completed", 150)] == 150
    assert earned[("partial", "scheduled", None)] == 0
    assert {v for (st, _, _), v in earned.items() if st in ("absent", "excused")} == {0}
    assert {v for (_, ss, _), v in earned.items() if ss == "cancelled"} == {0}
