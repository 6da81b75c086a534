"""Pure eligibility rules: facts in, decision out. Standard library only.

Hours are integers of hundredths of an hour throughout (600 means 6 hours);
`hours_out` and `hours_in` convert at the JSON edge. A criterion kind is a
class in `criteria` plus one entry in `kinds.REGISTRY` (parser spec, evaluator,
whether it counts records); `checks` holds the field checks and `evaluators`
the rule of each kind.
"""

from .awards import (
    BUILT_IN,
    DFE_INITIAL,
    DFE_REFRESHER,
    LP_STAGE_1,
    LP_STAGE_2_ATTENDANCE,
    LP_STAGE_2_CERTIFICATE,
)
from .codec import AwardDefinitionError, award_to_dict, criterion_to_dict, parse_award
from .criteria import (
    AnyOf,
    Award,
    Criterion,
    DistinctTrainees,
    HasDeclaration,
    HasQts,
    HoldsAward,
    MentoringHours,
    PortfolioPassed,
    TeachingExperience,
    TrainingHours,
)
from .dates import academic_year, academic_year_label, academic_year_start, academic_year_start_year
from .decision import AwardDecision, CriterionResult
from .evaluate import evaluate, evaluate_many
from .facts import (
    MODES,
    Attendance,
    Certificate,
    Declaration,
    MentorFacts,
    MentoringLog,
    Portfolio,
    UpcomingSession,
)
from .kinds import KINDS, REGISTRY, Kind, check_satisfiable
from .units import hours_in, hours_out

__all__ = [
    "BUILT_IN",
    "DFE_INITIAL",
    "DFE_REFRESHER",
    "KINDS",
    "LP_STAGE_1",
    "LP_STAGE_2_ATTENDANCE",
    "LP_STAGE_2_CERTIFICATE",
    "MODES",
    "AnyOf",
    "Attendance",
    "Award",
    "AwardDecision",
    "AwardDefinitionError",
    "Certificate",
    "Criterion",
    "CriterionResult",
    "Declaration",
    "DistinctTrainees",
    "HasDeclaration",
    "HasQts",
    "HoldsAward",
    "Kind",
    "MentorFacts",
    "MentoringHours",
    "MentoringLog",
    "Portfolio",
    "PortfolioPassed",
    "REGISTRY",
    "TeachingExperience",
    "TrainingHours",
    "UpcomingSession",
    "academic_year",
    "academic_year_label",
    "academic_year_start",
    "academic_year_start_year",
    "award_to_dict",
    "check_satisfiable",
    "criterion_to_dict",
    "evaluate",
    "evaluate_many",
    "hours_in",
    "hours_out",
    "parse_award",
]
