"""The import kinds by name."""

from app.imports.kinds.attendance import Attendance
from app.imports.kinds.base import Kind
from app.imports.kinds.mentoring_logs import MentoringLogs
from app.imports.kinds.mentors import Mentors
from app.imports.kinds.registry import Schools, Trainees

KINDS: dict[str, Kind] = {
    k.name: k for k in (Schools(), Mentors(), Trainees(), MentoringLogs(), Attendance())
}
