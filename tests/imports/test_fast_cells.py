"""The fast CSV converters accept only what the row schemas accept, and stage the same values."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from app import clock
from app.enums import Role
from app.imports.kinds.attendance import Attendance
from app.imports.kinds.base import Kind, RowProblem
from app.imports.kinds.mentoring_logs import MentoringLogs
from app.imports.values import BAD
from app.principal import Principal

TODAY = clock.today()
ID = str(uuid.uuid4())
PRINCIPAL = Principal(client_id="c", api_client_id=uuid.uuid4(), role=Role.admin)
UUIDS = [
    ID,
    ID.upper(),
    ID.replace("-", ""),
    "{" + ID + "}",
    "urn:uuid:" + ID,
    "",
    " " + ID,
    ID[:-1] + "g",
    "00000000-0000-0000-0000-000000000000",
]
DATES = [
    "2025-01-02",
    "2025-1-2",
    "2025-02-30",
    "0000-01-01",
    TODAY.isoformat(),
    (TODAY + timedelta(days=1)).isoformat(),
    "20250102",
    "2025-01-02T00:00",
    " 2025-01-02",
    "",
]
HOURS = [
    "1",
    "1.5",
    "1.50",
    "01.5",
    "0",
    "0.00",
    "12",
    "12.00",
    "12.01",
    "24",
    "24.01",
    "1.234",
    "1e1",
    "-1",
    " 1",
    "1.",
    ".5",
    "999999",
    "NaN",
    "",
]
TEXT = ["", "x", "x" * 2000, "x" * 2001, "a\x00b", "é" * 2000, " "]
LOG = {
    "mentor_id": ID,
    "trainee_id": ID,
    "occurred_on": "2025-01-02",
    "hours": "1.5",
    "activity": "meeting",
    "notes": "n",
}
ATTENDANCE = {"training_session_id": ID, "mentor_id": ID, "status": "partial", "hours": "1"}
CASES = (
    [(MentoringLogs(), LOG, "mentor_id", v) for v in UUIDS]
    + [(MentoringLogs(), LOG, "trainee_id", v) for v in UUIDS]
    + [(MentoringLogs(), LOG, "occurred_on", v) for v in DATES]
    + [(MentoringLogs(), LOG, "hours", v) for v in HOURS]
    + [
        (MentoringLogs(), LOG, "activity", v)
        for v in ["meeting", "co_teaching", "Meeting", "meeting ", "", "x"]
    ]
    + [(MentoringLogs(), LOG, "notes", v) for v in TEXT]
    + [(Attendance(), ATTENDANCE, "hours", v) for v in HOURS]
    + [
        (Attendance(), ATTENDANCE, "status", v)
        for v in ["attended", "partial", "absent", "excused", "late", ""]
    ]
    + [(Attendance(), ATTENDANCE, "training_session_id", v) for v in UUIDS]
)


def _schema_staged(kind: Kind, row: dict[str, str]) -> dict[str, Any] | None:
    data = {k: v for k, v in row.items() if v != ""}
    try:
        model = kind.schema.model_validate(data)
        return kind.stage_values({k: getattr(model, k) for k in type(model).model_fields}, PRINCIPAL)
    except (ValidationError, RowProblem):
        return None


@pytest.mark.parametrize(("kind", "base", "field", "cell"), CASES)
def test_fast_cell_agrees_with_schema(kind: Kind, base: dict[str, str], field: str, cell: str) -> None:
    fast = kind.fast(TODAY)[field].many((cell,))[0][0]
    staged = _schema_staged(kind, {**base, field: cell})
    if fast is BAD:
        return  # the row goes through the schema, which decides
    assert staged is not None, f"fast path took {cell!r} for {field}, which the schema refuses"
    assert staged[kind.field_column(field)] == fast
