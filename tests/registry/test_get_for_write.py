"""tenancy.get_for_write: 404 for a row the caller cannot see (before any write check), else the write check."""

from collections.abc import Iterator

import pytest
from sqlalchemy import false, true
from sqlmodel import Session, SQLModel, create_engine

from app.errors import Forbidden, NotFound
from app.models.registry import School
from app.tenancy import get_for_write


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _school(session: Session) -> School:
    school = School(urn="123456", name="Helper School")
    session.add(school)
    session.commit()
    return school


def _refuse(row: School) -> None:
    raise Forbidden("no")


def test_get_for_write_hidden_row_is_404_without_write_check(session: Session) -> None:
    school = _school(session)
    with pytest.raises(NotFound):
        get_for_write(session, School, school.id, condition=false(), what="school", may_write=_refuse)


def test_get_for_write_visible_row_refused_is_403(session: Session) -> None:
    school = _school(session)
    with pytest.raises(Forbidden):
        get_for_write(session, School, school.id, condition=true(), what="school", may_write=_refuse)


def test_get_for_write_visible_row_accepted_is_returned(session: Session) -> None:
    school = _school(session)
    checked: list[School] = []
    row = get_for_write(session, School, school.id, condition=true(), what="school", may_write=checked.append)
    assert row.id == school.id and checked == [row]
