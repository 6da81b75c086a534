"""Racing issuers on a real server: the award is issued once, the others are refused 409, nothing 5xx."""

import threading

import httpx
from fastapi.testclient import TestClient

from tests.certificates.conftest import Passport
from tests.certificates.helpers import stage_1_trained
from tests.reliability.test_concurrency import live_server  # noqa: F401  # the fixture, on this module

RACERS = 6


def test_issue_same_award_concurrently_one_201_rest_409(
    client: TestClient, world: Passport, live_server: str  # noqa: F811  # the imported fixture
) -> None:
    stage_1_trained(client, world)
    statuses: list[int] = []
    start = threading.Barrier(RACERS)

    def race(i: int) -> None:
        caller = world.pa if i % 2 else world.pb
        body = {"mentor_id": world.mentor["id"], "award": "lp-stage-1", "issued_on": f"2025-10-{10 + i:02d}"}
        with httpx.Client(base_url=live_server, headers=caller.headers, timeout=120) as http:
            start.wait()
            statuses.append(http.post("/api/v1/certificates", json=body).status_code)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [409] * (RACERS - 1)
    items = world.pa.get("/api/v1/certificates", params={"mentor_id": world.mentor["id"]}).json()["items"]
    assert len(items) == 1
