"""Schools: an admin imports them, matched by URN."""

from app.imports.kinds.base import Kind, table_of
from app.models.registry import School
from app.schools.schemas import SchoolCreate


class Schools(Kind):
    name = "schools"
    about = "(admin): `urn`, `name`, `phase`, `postcode`; matched by `urn`."
    schema = SchoolCreate
    target = table_of(School)
    keys = (("urn",),)
    sort = ("urn",)
