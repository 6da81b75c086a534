"""Every criterion kind has one complete registry entry: parser spec, evaluator and counting flag."""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Iterator

import pytest

from app.rules import BUILT_IN, KINDS, REGISTRY, Criterion, award_to_dict, evaluate, parse_award
from app.rules import criteria as criteria_module
from app.rules.decision import CriterionResult
from tests.rules.factories import AS_OF, mentor

UNION = typing.get_args(Criterion)
COMMON = {"code", "description", "advisory"}


def _defined_kinds() -> set[type]:
    """Every criterion class defined in criteria.py (a dataclass with a non-empty `kind`)."""
    return {
        cls
        for _, cls in inspect.getmembers(criteria_module, inspect.isclass)
        if cls.__module__ == criteria_module.__name__ and dataclasses.is_dataclass(cls)
        and getattr(cls, "kind", "")
    }


def _all_results(results: tuple[CriterionResult, ...]) -> Iterator[CriterionResult]:
    """Each result, then those inside its any_of routes."""
    for r in results:
        yield r
        for route in r.routes or ():
            yield from _all_results(route)


def test_criterion_union_names_every_class_defined_in_criteria() -> None:
    """A criterion class left out of the Criterion union would never be parsed or evaluated."""
    assert set(UNION) == _defined_kinds()


@pytest.mark.parametrize("cls", UNION, ids=lambda c: c.kind)
def test_registry_entry_of_each_kind_is_complete(cls: type) -> None:
    """Each kind has a parser spec checking exactly its own fields, an evaluator and a counting flag."""
    entry = REGISTRY.get(cls)
    assert entry is not None, f"{cls.__name__} has no entry in app.rules.kinds.REGISTRY"
    assert callable(entry.evaluate), f"{cls.__name__}: no evaluator"
    assert isinstance(entry.counts, bool), f"{cls.__name__}: counts must be True or False"
    own = {f.name for f in dataclasses.fields(cls)} - COMMON
    assert set(entry.spec) == own, f"{cls.__name__}: the parser spec must check exactly its fields {own}"
    assert all(callable(check) for check, _ in entry.spec.values()), f"{cls.__name__}: a field without a check"
    assert KINDS[cls.kind] is cls


def test_registry_has_no_entry_beyond_the_union() -> None:
    """No entry for a class the rules do not know as a criterion."""
    assert set(REGISTRY) == set(UNION)


def test_built_in_awards_use_every_kind_and_read_back_through_the_registry() -> None:
    """The built-in awards exercise every kind, and each reads back from its dict unchanged."""
    used = {r.kind for a in BUILT_IN.values() for r in _all_results(evaluate(mentor(), a, AS_OF).criteria)}
    assert set(KINDS) <= used
    for award in BUILT_IN.values():
        assert parse_award(award_to_dict(award)) == award


def test_answer_lists_counted_records_exactly_for_counting_kinds() -> None:
    """`counted` is in the answer for a kind exactly when its registry entry says it counts."""
    for award in BUILT_IN.values():
        for r in _all_results(evaluate(mentor(), award, AS_OF).criteria):
            if r.kind in KINDS:
                assert ("counted" in r.to_dict()) is REGISTRY[KINDS[r.kind]].counts, r.code
