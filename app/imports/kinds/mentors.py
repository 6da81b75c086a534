"""Mentors: a school imports its own (an admin anyone's), matched by e-mail, else by TRN.

``provider_ids``, when the file has that column, replaces each mentor's provider links. In CSV, list
cells are JSON arrays or values separated by ``;``; a declaration is ``code`` or ``code:YYYY-MM-DD``
(give the date: one left to default is today's, so a later re-import would change it).
"""

from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Uuid,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlmodel import col

from app.enums import Role
from app.imports.kinds.base import Check, Job, Kind, RowProblem, not_in, table_of
from app.mentors.schemas import MentorCreate
from app.models.registry import Mentor, MentorProvider, Provider, School
from app.principal import Principal

LINKS = table_of(MentorProvider)


class Mentors(Kind):
    name = "mentors"
    about = (
        "(school: its own; admin): the mentor fields; matched by `email`, else `trn`. List cells\n"
        "  (`roles`, `provider_ids`, `declarations`) are JSON arrays or values separated by `;`; a declaration is\n"
        "  `code` or `code:YYYY-MM-DD`. `provider_ids`, when present, replaces the mentor's provider links."
    )
    roles = frozenset({Role.school})
    schema = MentorCreate
    target = table_of(Mentor)
    not_written = {
        "provider_ids": "the mentor's provider links, a table of their own: staged apart, replaced whole",
    }
    staged = (Column("by_trn", Uuid),)  # the mentor already holding the row's TRN
    list_fields = frozenset({"roles", "provider_ids", "declarations"})
    caller_defaults = frozenset({"school_id"})
    keys = (("email",), ("trn",))
    sort = ("email",)
    python_ids = True  # the provider links name the new mentors

    def default_for(self, principal: Principal, name: str) -> Any:
        return principal.school_id if principal.role is Role.school else None

    def prepare(self, data: dict[str, Any], principal: Principal) -> dict[str, Any]:
        declarations = data.get("declarations")
        if isinstance(declarations, list):
            data["declarations"] = [_declaration(d) if isinstance(d, str) else d for d in declarations]
        return super().prepare(data, principal)

    def stage_values(self, values: dict[str, Any], principal: Principal) -> dict[str, Any]:
        if principal.role is Role.school and values["school_id"] != principal.school_id:
            raise RowProblem("school_id", "a school imports its own mentors")
        values["declarations"] = [
            {"code": d.code, "made_on": d.made_on.isoformat()} for d in values["declarations"]
        ]
        return super().stage_values(values, principal)

    def extra_rows(self, row: int, values: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
        return {"links": [(row, p.hex) for p in values["provider_ids"]]}

    def extra_tables(self, name: str) -> dict[str, Table]:
        return {
            "links": Table(
                f"{name}_links",
                MetaData(),
                Column("row", Integer),
                Column("provider_id", Uuid),
                prefixes=["TEMPORARY"],
            )
        }

    def match(self, conn: Connection, s: Table, job: Job) -> None:
        m = self.target
        conn.execute(update(s).values(target_id=m.c.id).where(m.c.email == s.c.email))
        conn.execute(update(s).values(by_trn=m.c.id).where(m.c.trn == s.c.trn))
        conn.execute(
            update(s).values(target_id=s.c.by_trn).where(s.c.target_id.is_(None), s.c.by_trn.is_not(None))
        )

    def checks(self, s: Table, job: Job) -> list[Check]:
        links = job.extra["links"]
        out = [
            Check("trn", select(s.c.row).where(s.c.by_trn != s.c.target_id), "another mentor has this trn"),
            Check(
                "school_id",
                select(s.c.row).where(not_in(s.c.school_id, select(col(School.id)))),
                "no school with this id",
            ),
            Check(
                "provider_ids",
                select(links.c.row).where(not_in(links.c.provider_id, select(col(Provider.id)))),
                "no provider with this id",
            ),
        ]
        principal = job.principal
        if principal.role is Role.school:
            theirs = select(col(Mentor.id)).where(col(Mentor.school_id).is_distinct_from(principal.school_id))
            out.append(
                Check(
                    "email",
                    select(s.c.row).where(s.c.target_id.in_(theirs)),
                    "this mentor is registered with another school",
                )
            )
        return out

    def compared(self, job: Job) -> list[str]:
        """Every written column the file carries, e-mail too: a mentor matched by TRN may change e-mail."""
        return [c for c in self.writes() if c in job.present]

    def mark_changed(self, conn: Connection, s: Table, job: Job) -> None:
        super().mark_changed(conn, s, job)
        if "provider_ids" in job.present:
            links = job.extra["links"]
            conn.execute(
                update(s)
                .values(changed=1)
                .where(
                    s.c.target_id.is_not(None),
                    or_(
                        exists().where(links.c.row == s.c.row, ~_linked(s.c.target_id, links.c.provider_id)),
                        exists().where(
                            LINKS.c.mentor_id == s.c.target_id,
                            ~exists()
                            .where(links.c.row == s.c.row, links.c.provider_id == LINKS.c.provider_id)
                            .correlate_except(links),
                        ),
                    ),
                )
            )

    def write(self, conn: Connection, s: Table, job: Job) -> None:
        super().write(conn, s, job)
        if "provider_ids" not in job.present:
            return
        links = job.extra["links"]
        kept = (
            exists()
            .where(
                s.c.target_id == LINKS.c.mentor_id,
                links.c.row == s.c.row,
                links.c.provider_id == LINKS.c.provider_id,
            )
            .correlate_except(s, links)
        )
        conn.execute(
            delete(LINKS).where(LINKS.c.mentor_id.in_(select(s.c.target_id).where(s.c.changed == 1)), ~kept)
        )
        mentor_id = func.coalesce(s.c.target_id, s.c.new_id)
        new = (
            select(mentor_id, links.c.provider_id, literal(job.now, LINKS.c.created_at.type))
            .join(links, links.c.row == s.c.row)
            .where(or_(s.c.target_id.is_(None), s.c.changed == 1), ~_linked(mentor_id, links.c.provider_id))
        )
        conn.execute(insert(LINKS).from_select(["mentor_id", "provider_id", "created_at"], new))


def _linked(mentor_id: Any, provider_id: Any) -> Any:
    return (
        exists()
        .where(and_(LINKS.c.mentor_id == mentor_id, LINKS.c.provider_id == provider_id))
        .correlate_except(LINKS)
    )


def _declaration(cell: str) -> dict[str, Any]:
    code, _, made_on = cell.partition(":")
    return {"code": code.strip(), **({"made_on": made_on.strip()} if made_on.strip() else {})}
