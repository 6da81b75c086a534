from app.catalogue import (
    OUTCOME_CODES,
    STANDARD_CODES,
    load_outcomes,
    load_standards,
)

EXPECTED_STANDARD_CODES = (
    [f"NS1.{i}" for i in range(1, 6)]
    + [f"NS2.{i}" for i in range(1, 10)]
    + [f"NS3.{i}" for i in range(1, 6)]
    + [f"NS4.{i}" for i in range(1, 3)]
)

OUTCOME_RANGES = [
    (1, "tutorial", "T", 13),
    (1, "pastoral", "P", 4),
    (1, "assessment", "A", 14),
    (2, "tutorial", "T", 8),
    (2, "pastoral", "P", 16),
    (2, "assessment", "A", 18),
]
EXPECTED_OUTCOME_CODES = [
    f"LP{stage}-{letter}{i:02d}"
    for stage, _area, letter, count in OUTCOME_RANGES
    for i in range(1, count + 1)
]

STANDARD_TITLES = {
    "NS1": "Personal qualities",
    "NS2": "Teaching",
    "NS3": "Professionalism",
    "NS4": "Self-development and working in partnership",
}


def test_standards_codes_in_order():
    standards = load_standards()
    assert len(standards) == 21
    assert [s["code"] for s in standards] == EXPECTED_STANDARD_CODES
    assert frozenset(EXPECTED_STANDARD_CODES) == STANDARD_CODES


def test_standards_fields():
    for s in load_standards():
        assert set(s) == {"code", "standard", "standard_title", "text"}
        assert s["code"].startswith(s["standard"] + ".")
        assert s["standard_title"] == STANDARD_TITLES[s["standard"]]
        assert s["text"].strip() == s["text"] and s["text"]
        assert "  " not in s["text"] and "\n" not in s["text"]


def test_outcomes_codes_in_order():
    outcomes = load_outcomes()
    assert len(outcomes) == 73
    assert [o["code"] for o in outcomes] == EXPECTED_OUTCOME_CODES
    assert frozenset(EXPECTED_OUTCOME_CODES) == OUTCOME_CODES


def test_outcomes_fields():
    area_letter = {"tutorial": "T", "pastoral": "P", "assessment": "A"}
    for o in load_outcomes():
        assert set(o) == {"code", "stage", "area", "text"}
        assert o["stage"] in (1, 2)
        assert o["area"] in area_letter
        assert o["code"].startswith(f"LP{o['stage']}-{area_letter[o['area']]}")
        assert o["text"].strip() == o["text"] and o["text"]
        assert "  " not in o["text"] and "\n" not in o["text"]


def test_no_duplicate_codes():
    codes = [s["code"] for s in load_standards()] + [o["code"] for o in load_outcomes()]
    assert len(codes) == len(set(codes))


def test_seed_double_twelve_is_a13():
    by_code = {o["code"]: o["text"] for o in load_outcomes()}
    assert by_code["LP2-A12"].startswith("Deal with professional issues")
    assert by_code["LP2-A13"].startswith("Deal with sensitive issues such as risk")
    assert by_code["LP2-A18"].startswith("How to deal informally and formally")


def test_loaders_return_copies():
    load_standards()[0]["text"] = "mutated"
    assert load_standards()[0]["text"] != "mutated"
