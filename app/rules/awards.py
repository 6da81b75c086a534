"""Built-in award definitions (London Providers and DfE), as data.

Hours are integers of hundredths of an hour. Provider-defined awards are
parsed from JSON with `parse_award` and written back with `award_to_dict`.
"""

from __future__ import annotations

from datetime import date

from .codec import AwardDefinitionError, award_to_dict, parse_award
from .criteria import (
    AnyOf,
    Award,
    DistinctTrainees,
    HasDeclaration,
    HasQts,
    HoldsAward,
    MentoringHours,
    PortfolioPassed,
    TeachingExperience,
    TrainingHours,
)

__all__ = [
    "BUILT_IN",
    "DFE_INITIAL",
    "DFE_REFRESHER",
    "LP_STAGE_1",
    "LP_STAGE_2_ATTENDANCE",
    "LP_STAGE_2_CERTIFICATE",
    "AwardDefinitionError",
    "award_to_dict",
    "parse_award",
]

FACE_TO_FACE = frozenset({"in_person", "live_online", "visit"})

LP_STAGE_1 = Award(
    code="lp-stage-1",
    name="London Providers Stage 1 attendance certificate",
    description="Introductory mentor training on the Stage 1 learning outcomes.",
    criteria=(
        HasQts(code="qts", description="Has qualified teacher status (QTS)."),
        TeachingExperience(
            code="teaching_experience",
            description="Normally at least two years' teaching experience.",
            advisory=True,
            min_years=2,
        ),
        TrainingHours(
            code="face_to_face_training",
            description="At least 6 hours of face-to-face training (in person, live online "
            "or visit) on the Stage 1 learning outcomes.",
            tag="lp-stage-1",
            modes=FACE_TO_FACE,
            min_hours=600,
        ),
    ),
)

ROUTE_A = (
    HoldsAward(
        code="stage_1_held",
        description="Route A: holds the Stage 1 attendance certificate (from any provider).",
        award="lp-stage-1",
    ),
    MentoringHours(
        code="mentoring_since_stage_1",
        description="Route A: at least 12 hours of mentoring on or after the Stage 1 "
        "certificate's issue date.",
        min_hours=1200,
        since_award="lp-stage-1",
    ),
    DistinctTrainees(
        code="trainees_since_stage_1",
        description="Route A: normally with at least two distinct trainees.",
        advisory=True,
        min_count=2,
        since_award="lp-stage-1",
    ),
)

# Route B is taken on the mentor's declaration (there are no logs going back to
# 2007); logs since 2007 are shown beside it as supporting evidence only.
ROUTE_B = (
    HasDeclaration(
        code="professional_standards_2007",
        description="Route B: has declared experience of working with the 2007 "
        "Professional Standards and 12 hours of mentoring since 2007.",
        declaration="professional_standards_2007",
    ),
    MentoringHours(
        code="mentoring_since_2007",
        description="Route B (supporting evidence): mentoring hours recorded since 2007.",
        advisory=True,
        min_hours=1200,
        since_date=date(2007, 1, 1),
    ),
    DistinctTrainees(
        code="trainees_since_2007",
        description="Route B (supporting evidence): distinct trainees recorded since 2007.",
        advisory=True,
        min_count=2,
        since_date=date(2007, 1, 1),
    ),
)

LP_STAGE_2_ATTENDANCE = Award(
    code="lp-stage-2-attendance",
    name="London Providers Stage 2 attendance certificate",
    description="Progression mentor training on the Stage 2 learning outcomes.",
    criteria=(
        AnyOf(
            code="stage_2_prerequisite",
            description="Route A (Stage 1 and mentoring since) or route B (experienced "
            "mentor's declaration).",
            routes=(ROUTE_A, ROUTE_B),
        ),
        TrainingHours(
            code="stage_2_training",
            description="At least 12 hours of training (any mode) on the Stage 2 learning outcomes.",
            tag="lp-stage-2-attendance",
            min_hours=1200,
        ),
    ),
)

LP_STAGE_2_CERTIFICATE = Award(
    code="lp-stage-2-certificate",
    name="London Providers Stage 2 Certificate",
    description="Awarded on completion of Stage 2: mentoring after Stage 2 training and a passed portfolio.",
    criteria=(
        HoldsAward(
            code="stage_2_attendance_held",
            description="Holds the Stage 2 attendance certificate (from any provider).",
            award="lp-stage-2-attendance",
        ),
        MentoringHours(
            code="mentoring_since_stage_2",
            description="At least 24 hours of mentoring on or after the Stage 2 attendance "
            "certificate's issue date.",
            min_hours=2400,
            since_award="lp-stage-2-attendance",
        ),
        DistinctTrainees(
            code="trainees_since_stage_2",
            description="At least two distinct trainees mentored since the Stage 2 "
            "attendance certificate's issue date.",
            min_count=2,
            since_award="lp-stage-2-attendance",
        ),
        PortfolioPassed(
            code="portfolio_passed",
            description="A Stage 2 portfolio assessed as passed.",
            portfolio_kind="lp-stage-2",
        ),
    ),
)

# 20 hours from 2024/25 (seed 001), 16 hours from 2025/26 (DfE funding service). The requirement
# starts "from September 2024" (seed 001): the award cannot be met or issued as of an earlier date.
DFE_INITIAL = Award(
    code="dfe-initial",
    name="DfE initial mentor training",
    description="Initial general mentor training designed and delivered by accredited ITT providers.",
    valid_from_year=2024,
    criteria=(
        TrainingHours(
            code="initial_training",
            description="Training from ITT providers accredited on the session's date, counting toward "
            "initial mentor training: 20 hours in 2024/25, 16 hours from 2025/26.",
            tag="dfe-initial",
            min_hours=2000,
            min_hours_by_year=((2024, 2000), (2025, 1600)),
            accredited_only=True,
        ),
    ),
)

DFE_REFRESHER = Award(
    code="dfe-refresher",
    name="DfE refresher mentor training",
    description="Annual refresher mentor training, from 2025/26.",
    valid_from_year=2025,
    once_per_academic_year=True,
    criteria=(
        HoldsAward(
            code="initial_held_before_year",
            description="Held DfE initial mentor training before this academic year started.",
            award="dfe-initial",
            before="academic_year_start",
        ),
        TrainingHours(
            code="refresher_training",
            description="At least 6 hours of refresher training from ITT providers accredited on the "
            "session's date, within this academic year.",
            tag="dfe-refresher",
            min_hours=600,
            accredited_only=True,
            window="academic_year",
        ),
    ),
)

BUILT_IN: dict[str, Award] = {
    award.code: award
    for award in (
        LP_STAGE_1,
        LP_STAGE_2_ATTENDANCE,
        LP_STAGE_2_CERTIFICATE,
        DFE_INITIAL,
        DFE_REFRESHER,
    )
}
