"""Never a 500 for a date: every date and timestamp the OpenAPI document declares, in a query or a JSON body,
sent at the edges of what ISO 8601 can spell. Each answer is a 4xx problem+json or a success, never a 5xx.

The walk is generated from the served document, so a new parameter or field is covered without an edit."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import Caller

EDGES = {
    "date": ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"],
    "date-time": ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z",
                  "0001-01-01T00:00:00Z"],
}


def _format(schema: dict[str, Any], components: dict[str, Any]) -> str | None:
    """The date format of a schema, looking through ``anyOf`` (nullable) and ``$ref``."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("format") in EDGES:
        return str(schema["format"])
    return next((f for s in schema.get("anyOf", []) if (f := _format(s, components))), None)


def _cases(document: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(method, path, where, name, value) for every date parameter and top-level body field."""
    components = document["components"]["schemas"]
    cases = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                fmt = _format(parameter.get("schema", {}), components)
                if fmt and parameter["in"] == "query":
                    cases += [(method, path, "query", parameter["name"], v) for v in EDGES[fmt]]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body and "$ref" in body:
                for name, field in components[body["$ref"].rsplit("/", 1)[1]].get("properties", {}).items():
                    if fmt := _format(field, components):
                        cases += [(method, path, "body", name, v) for v in EDGES[fmt]]
    return cases


def test_date_edges_found_in_query_and_body(client: TestClient) -> None:
    """The walk finds the known date parameters (so the test below is not vacuous)."""
    found = {(where, name) for _, _, where, name, _ in _cases(client.get("/openapi.json").json())}
    assert {("query", "updated_since"), ("query", "as_of"), ("body", "visit_on"), ("body", "issued_on")} <= found


def test_date_edges_every_date_parameter_never_5xx(client: TestClient, admin: Caller) -> None:
    """Each edge value is used or refused with a problem+json naming where it came from."""
    failures = []
    for method, path, where, name, value in _cases(client.get("/openapi.json").json()):
        url = path.replace("{id}", str(uuid.uuid4())).replace("{code}", "lp-stage-1")
        kwargs: dict[str, Any] = {"params": {name: value}} if where == "query" else {"json": {name: value}}
        response = admin.request(method.upper(), url, **kwargs)
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {path} {where} {name}={value}: {response.status_code}")
        elif response.status_code == 422:
            locs = [e["loc"] for e in response.json()["errors"]]
            if where == "query" and ["query", name] not in locs:
                failures.append(f"{method.upper()} {path} {name}={value}: 422 not naming it: {locs}")
    assert failures == []


@pytest.mark.parametrize("value", EDGES["date-time"])
def test_updated_since_beyond_range_refused_422(admin: Caller, value: str) -> None:
    """The reported 500: a timestamp whose UTC time overflows the calendar."""
    response = admin.get("/api/v1/mentors", params={"updated_since": value})
    assert response.status_code in (200, 422)
