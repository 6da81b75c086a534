"""Enumerations fixed by the API contract."""

from enum import StrEnum


class Phase(StrEnum):
    primary = "primary"
    secondary = "secondary"
    all_through = "all_through"
    early_years = "early_years"
    further_education = "further_education"


class Route(StrEnum):
    pgce = "pgce"
    school_direct = "school_direct"
    scitt = "scitt"
    postgraduate_teaching_apprenticeship = "postgraduate_teaching_apprenticeship"
    teacher_degree_apprenticeship = "teacher_degree_apprenticeship"
    gtp = "gtp"
    other = "other"


class Activity(StrEnum):
    observation = "observation"
    feedback = "feedback"
    meeting = "meeting"
    joint_planning = "joint_planning"
    co_teaching = "co_teaching"
    other = "other"


class MentorRole(StrEnum):
    general_mentor = "general_mentor"
    lead_mentor = "lead_mentor"
    professional_coordinating_mentor = "professional_coordinating_mentor"
    subject_mentor = "subject_mentor"
    professional_mentor = "professional_mentor"


class ProviderKind(StrEnum):
    hei = "hei"
    scitt = "scitt"
    teaching_school_hub = "teaching_school_hub"
    school = "school"
    other = "other"


class Role(StrEnum):
    admin = "admin"
    provider = "provider"
    school = "school"
    mentor = "mentor"


class Mode(StrEnum):
    in_person = "in_person"
    live_online = "live_online"
    self_study = "self_study"
    visit = "visit"


class SessionStatus(StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"
    completed = "completed"


class AttendanceStatus(StrEnum):
    attended = "attended"
    partial = "partial"
    absent = "absent"
    excused = "excused"


class Level(StrEnum):
    beginner = "beginner"
    intermediate = "intermediate"
    extending = "extending"


class PortfolioStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    passed = "passed"
    referred = "referred"


class AssessmentStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"


class ReviewStatus(StrEnum):
    proposed = "proposed"
    planned = "planned"
    in_progress = "in_progress"
    completed = "completed"
