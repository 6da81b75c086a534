"""Portfolio ETags: a write with a stale If-Match is 412; of two writers with one ETag only one wins."""

import threading

import pytest

from tests import factories as f
from tests.portfolios.helpers import PATH, PROBLEM, World, evidence, make_ready_to_submit, ok, start, world


@pytest.fixture
def w(admin: f.Caller) -> World:
    return world(admin)


def test_every_answer_carries_the_version_as_etag(w: World) -> None:
    r = w.as_mentor.post(PATH, json={"provider_id": w.provider["id"]})
    assert r.status_code == 201 and r.headers["etag"] == '"1"' and r.json()["version"] == 1
    url = f"{PATH}/{r.json()['id']}"
    assert w.as_assessor.get(url).headers["etag"] == '"1"'
    r = w.as_mentor.patch(
        url, json={"professional_development": "Reading group."}, headers={"If-Match": '"1"'}
    )
    assert r.status_code == 200 and r.headers["etag"] == '"2"' and r.json()["version"] == 2


def test_two_writers_with_the_same_etag_one_wins_one_gets_412(w: World) -> None:
    p = start(w)
    url, tag = f"{PATH}/{p['id']}", '"1"'
    first = w.as_mentor.patch(
        url, json={"sections": {"tutorial": {"narrative": "First"}}}, headers={"If-Match": tag}
    )
    second = w.as_mentor.patch(
        url, json={"sections": {"tutorial": {"narrative": "Second"}}}, headers={"If-Match": tag}
    )
    assert first.status_code == 200 and second.status_code == 412
    assert second.headers["content-type"] == PROBLEM
    assert ok(w.as_mentor.get(url))["sections"]["tutorial"]["narrative"] == "First"


def test_concurrent_writers_with_the_same_etag_exactly_one_wins(w: World) -> None:
    p = start(w)
    url, barrier, statuses = f"{PATH}/{p['id']}", threading.Barrier(4), []

    def write(n: int) -> None:
        barrier.wait()
        r = w.as_mentor.patch(
            url, json={"professional_development": f"Writer {n}"}, headers={"If-Match": '"1"'}
        )
        statuses.append(r.status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 412, 412, 412]
    got = w.as_mentor.get(url)
    assert got.json()["version"] == 2 and got.json()["professional_development"].startswith("Writer")


def test_concurrent_evidence_never_exceeds_five_per_section(w: World) -> None:
    p = start(w)
    for _ in range(3):
        ok(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence()), 201)
    barrier, statuses = threading.Barrier(4), []

    def add() -> None:
        barrier.wait()
        statuses.append(w.as_mentor.post(f"{PATH}/{p['id']}/evidence", json=evidence()).status_code)

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 201, 422, 422]
    assert len(ok(w.as_mentor.get(f"{PATH}/{p['id']}"))["evidence"]) == 5


@pytest.mark.parametrize("action", ["evidence", "submit", "assessment"])
def test_portfolio_actions_with_a_stale_if_match_are_412_and_change_nothing(w: World, action: str) -> None:
    make_ready_to_submit(w)
    p = start(w)
    url = f"{PATH}/{p['id']}"
    ok(w.as_mentor.patch(url, json={"professional_development": "bump"}))
    if action == "assessment":
        ok(w.as_mentor.post(f"{url}/submit"))
    caller = w.as_assessor if action == "assessment" else w.as_mentor
    body = {"evidence": evidence(), "submit": None, "assessment": {"decision": "passed"}}[action]
    r = caller.post(f"{url}/{action}", json=body, headers={"If-Match": '"1"'})
    assert r.status_code == 412
    after = ok(w.as_mentor.get(url))
    assert (
        after["evidence"] == [] and after["status"] in ("draft", "submitted") and after["assessment"] is None
    )


def test_unparseable_if_match_is_412_and_star_matches_any(w: World) -> None:
    p = start(w)
    url = f"{PATH}/{p['id']}"
    assert w.as_mentor.patch(url, json={}, headers={"If-Match": "banana"}).status_code == 412
    assert w.as_mentor.patch(url, json={}, headers={"If-Match": 'W/"1"'}).status_code == 200
    assert w.as_mentor.patch(url, json={}, headers={"If-Match": "*"}).status_code == 200
    assert w.as_mentor.patch(url, json={}, headers={"If-Match": '"7", "3"'}).status_code == 200
