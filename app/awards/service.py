"""Awards: the built-in definitions and the ones providers define, as data."""

import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from app import rules
from app.awards.schemas import AwardCreate, AwardPublic
from app.errors import Conflict, InvalidInput, NotFound
from app.models.awarding import Award as AwardRow
from app.models.registry import Provider
from app.pagination import ListQuery, paginate
from app.principal import Principal

BUILT_IN_AT = datetime(2025, 9, 1, tzinfo=UTC)
BUILT_IN_CURSOR = re.compile(r"^0-([0-9a-f]{32})$")


def built_in_id(code: str) -> uuid.UUID:
    """The fixed id of a built-in award."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"mentor-passport:award:{code}")


def _public(award: rules.Award, *, id: uuid.UUID, created_at: datetime, updated_at: datetime) -> AwardPublic:
    return AwardPublic(
        id=id,
        code=award.code,
        name=award.name,
        description=award.description,
        built_in=award.code in rules.BUILT_IN,
        provider_id=uuid.UUID(award.provider_id) if award.provider_id is not None else None,
        valid_from_year=award.valid_from_year,
        once_per_academic_year=award.once_per_academic_year,
        criteria=rules.award_to_dict(award)["criteria"],
        created_at=created_at,
        updated_at=updated_at,
    )


def _built_in_public(award: rules.Award) -> AwardPublic:
    return _public(award, id=built_in_id(award.code), created_at=BUILT_IN_AT, updated_at=BUILT_IN_AT)


def _row_public(row: AwardRow) -> AwardPublic:
    return _public(_parse_row(row), id=row.id, created_at=row.created_at, updated_at=row.updated_at)


def _parse_row(row: AwardRow) -> rules.Award:
    return rules.parse_award(row.definition)


def get_award(session: Session, code: str) -> rules.Award:
    """The award with this code, built-in or provider-defined; NotFound otherwise."""
    if code in rules.BUILT_IN:
        return rules.BUILT_IN[code]
    row = session.exec(select(AwardRow).where(AwardRow.code == code)).first()
    if row is None:
        raise NotFound("award")
    return _parse_row(row)


def award_exists(session: Session, code: str) -> bool:
    """Whether an award with this code exists, built-in or provider-defined."""
    if code in rules.BUILT_IN:
        return True
    return session.exec(select(AwardRow.id).where(AwardRow.code == code)).first() is not None


def get_awards(session: Session, codes: Iterable[str]) -> dict[str, rules.Award]:
    """The awards with these codes, in one query; unknown codes are left out."""
    wanted = set(codes)
    found = {c: rules.BUILT_IN[c] for c in wanted if c in rules.BUILT_IN}
    rest = wanted - found.keys()
    if rest:
        for row in session.exec(select(AwardRow).where(col(AwardRow.code).in_(rest))).all():
            found[row.code] = _parse_row(row)
    return found


_DEFINED_BY = (
    select(AwardRow.definition)
    .where(col(AwardRow.provider_id).in_(bindparam("ids", expanding=True)))
    .order_by(AwardRow.code)
)


def awards_for(session: Session, provider_ids: Iterable[uuid.UUID]) -> list[rules.Award]:
    """The built-in awards and those defined by these providers (the default set to evaluate)."""
    ids = list(set(provider_ids))
    rows = session.connection().execute(_DEFINED_BY, {"ids": ids}).scalars().all() if ids else []
    return [*rules.BUILT_IN.values(), *(rules.parse_award(d) for d in rows)]


def get_public(session: Session, *, code: str) -> AwardPublic:
    """One award definition, readable by every caller."""
    if code in rules.BUILT_IN:
        return _built_in_public(rules.BUILT_IN[code])
    row = session.exec(select(AwardRow).where(AwardRow.code == code)).first()
    if row is None:
        raise NotFound("award")
    return _row_public(row)


def _cursor(index: int) -> str:
    """A position among the built-in awards, in the list cursor's shape (an instant of 0 no row has)."""
    return f"0-{index:032x}"


def _built_in_start(query: ListQuery) -> int | None:
    """Where in the built-in list this page starts; None when it starts among provider-defined rows."""
    if query.cursor is None:
        return None if query.updated_since is not None else 0
    match = BUILT_IN_CURSOR.fullmatch(query.cursor)
    return int(match.group(1), 16) if match else None  # otherwise a row cursor: paginate() checks it


def list_(session: Session, *, query: ListQuery) -> tuple[list[AwardPublic], str | None]:
    """Built-in awards first (unchanged, so left out of `updated_since` syncs), then the others."""
    built_in = list(rules.BUILT_IN.values())
    start = _built_in_start(query)
    items: list[AwardPublic] = []
    if start is not None:
        items = [_built_in_public(a) for a in built_in[start : start + query.limit]]
        if start + query.limit < len(built_in):
            return items, _cursor(start + query.limit)
        query = query.model_copy(update={"cursor": None, "limit": query.limit - len(items)})
        if query.limit == 0:
            more = session.exec(select(AwardRow.id).limit(1)).first() is not None
            return items, _cursor(len(built_in)) if more else None
    rows, cursor = paginate(session, select(AwardRow), AwardRow, query)
    return items + [_row_public(r) for r in rows], cursor


def _references(
    criteria: tuple[rules.Criterion, ...], path: list[str | int]
) -> Iterator[tuple[list[str | int], str]]:
    """(path, award code) for every award a criterion refers to."""
    for i, c in enumerate(criteria):
        here: list[str | int] = [*path, i]
        if isinstance(c, rules.AnyOf):
            for r, route in enumerate(c.routes):
                yield from _references(route, [*here, "routes", r])
        elif isinstance(c, rules.HoldsAward):
            yield [*here, "award"], c.award
        elif isinstance(c, rules.MentoringHours | rules.DistinctTrainees) and c.since_award:
            yield [*here, "since_award"], c.since_award
        elif isinstance(c, rules.TrainingHours):
            yield [*here, "tag"], c.tag
            if c.window.startswith("since_award:"):
                yield [*here, "window"], c.window.removeprefix("since_award:")


def _check_references(session: Session, award: rules.Award) -> None:
    refs = list(_references(award.criteria, ["criteria"]))
    known = set(get_awards(session, {code for _, code in refs})) | {award.code}
    for path, code in refs:
        if code not in known:
            raise InvalidInput(["body", *path], f"no award with code {code!r}")


def _check_satisfiable(award: rules.Award) -> None:
    """422 naming the criterion of an award that could never be issued."""
    try:
        rules.check_satisfiable(award)
    except rules.AwardDefinitionError as exc:
        raise InvalidInput(["body", *exc.path], exc.msg) from None


def _owner(session: Session, principal: Principal, provider_id: uuid.UUID | None) -> uuid.UUID:
    """The defining provider: a provider's own; an admin names one."""
    if not principal.is_admin:
        if provider_id not in (None, principal.provider_id):
            raise InvalidInput(["body", "provider_id"], "a provider defines its own awards")
        assert principal.provider_id is not None
        return principal.provider_id
    if provider_id is None:
        raise InvalidInput(["body", "provider_id"], "an admin names the provider defining the award")
    if session.get(Provider, provider_id) is None:
        raise InvalidInput(["body", "provider_id"], "no provider with this id")
    return provider_id


def create(session: Session, *, principal: Principal, body: AwardCreate) -> AwardPublic:
    """A provider-defined award, validated as data and satisfiable; 409 if the code is taken."""
    owner = _owner(session, principal, body.provider_id)
    definition = body.model_dump(exclude={"provider_id"})
    try:
        award = rules.parse_award({**definition, "provider_id": str(owner)})
    except rules.AwardDefinitionError as exc:
        raise InvalidInput(["body", *exc.path], exc.msg) from None
    if award_exists(session, award.code):
        raise Conflict(
            "an award with this code already exists",
            errors=[{"loc": ["body", "code"], "msg": "already defined"}],
        )
    _check_references(session, award)
    _check_satisfiable(award)
    row = AwardRow(code=award.code, name=award.name, provider_id=owner, definition=rules.award_to_dict(award))
    session.add(row)
    session.commit()
    return _row_public(row)
