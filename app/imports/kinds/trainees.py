"""Trainees: a provider imports its own (an admin anyone's), matched by provider and reference."""

from typing import Any

from sqlalchemy import Table, select
from sqlmodel import col

from app.enums import Role
from app.imports.kinds.base import Check, Job, Kind, RowProblem, not_in, table_of
from app.models.registry import Provider, Trainee
from app.principal import Principal
from app.trainees.schemas import TraineeFields


class Trainees(Kind):
    name = "trainees"
    about = "(provider: its own, `provider_id` may be left out; admin): matched by `provider_id`+`reference`."
    roles = frozenset({Role.provider})
    schema = TraineeFields  # placements are written through the API, not imported
    target = table_of(Trainee)
    caller_defaults = frozenset({"provider_id"})
    keys = (("provider_id", "reference"),)
    sort = ("provider_id", "reference")

    def default_for(self, principal: Principal, name: str) -> Any:
        return principal.provider_id if principal.role is Role.provider else None

    def stage_values(self, values: dict[str, Any], principal: Principal) -> dict[str, Any]:
        if principal.role is Role.provider and values["provider_id"] != principal.provider_id:
            raise RowProblem("provider_id", "a provider imports its own trainees")
        return super().stage_values(values, principal)

    def checks(self, s: Table, job: Job) -> list[Check]:
        unknown = not_in(s.c.provider_id, select(col(Provider.id)))
        return [Check("provider_id", select(s.c.row).where(unknown), "no provider with this id")]
