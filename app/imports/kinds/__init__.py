"""The import kinds: the one registry. ``ImportKind`` (the API's ``kind`` values) is made from it."""

from app.imports.kinds.attendance import Attendance
from app.imports.kinds.base import Kind
from app.imports.kinds.mentoring_logs import MentoringLogs
from app.imports.kinds.mentors import Mentors
from app.imports.kinds.schools import Schools
from app.imports.kinds.trainees import Trainees

IMPORT_KINDS: dict[str, Kind] = {
    k.name: k for k in (Schools(), Mentors(), Trainees(), MentoringLogs(), Attendance())
}
