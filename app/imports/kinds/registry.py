"""Schools (an admin imports them, by URN) and trainees (a provider imports its own, by reference)."""

from typing import Any

from sqlalchemy import Column, String, Table, Uuid, select

from app.enums import Role
from app.imports.kinds.base import Check, Job, Kind, RowProblem, not_in
from app.models.registry import Provider, School, Trainee
from app.principal import Principal
from app.schools.schemas import SchoolCreate
from app.trainees.schemas import TraineeCreate


class Schools(Kind):
    name = "schools"
    schema = SchoolCreate
    target = School.__table__  # type: ignore[attr-defined]
    columns = (
        Column("urn", String(6)),
        Column("name", String(200)),
        Column("phase", String(30)),
        Column("postcode", String(10)),
    )
    keys = (("urn",),)
    writes = ("urn", "name", "phase", "postcode")
    sort = ("urn",)


class Trainees(Kind):
    name = "trainees"
    roles = frozenset({Role.provider})
    schema = TraineeCreate
    target = Trainee.__table__  # type: ignore[attr-defined]
    columns = (
        Column("provider_id", Uuid),
        Column("reference", String(50)),
        Column("first_name", String(100)),
        Column("last_name", String(100)),
        Column("route", String(50)),
        Column("phase", String(30)),
    )
    caller_defaults = frozenset({"provider_id"})
    keys = (("provider_id", "reference"),)
    writes = ("provider_id", "reference", "first_name", "last_name", "route", "phase")
    sort = ("provider_id", "reference")

    def default_for(self, principal: Principal, name: str) -> Any:
        return principal.provider_id if principal.role is Role.provider else None

    def stage_values(self, values: dict[str, Any], principal: Principal) -> dict[str, Any]:
        if principal.role is Role.provider and values["provider_id"] != principal.provider_id:
            raise RowProblem("provider_id", "a provider imports its own trainees")
        return super().stage_values(values, principal)

    def checks(self, s: Table, job: Job) -> list[Check]:
        unknown = not_in(s.c.provider_id, select(Provider.id))  # type: ignore[call-overload]
        return [Check("provider_id", select(s.c.row).where(unknown), "no provider with this id")]
