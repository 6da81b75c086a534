"""Providers' dated accreditation through the API: defaults, who writes it, validation, the list filter."""

from datetime import timedelta

from app import clock
from tests import factories as f

PROBLEM = "application/problem+json"
OPEN_SINCE_EVER = [{"from": "1900-01-01", "until": None}]


def _locs(r) -> list[list]:  # type: ignore[no-untyped-def]
    assert r.headers["content-type"].startswith(PROBLEM), r.text
    return [e["loc"] for e in r.json()["errors"]]


def test_create_hei_without_accreditations_accredited_open_since_1900(admin: f.Caller) -> None:
    p = f.provider(admin, kind="hei")
    assert (p["accredited"], p["accreditations"]) == (True, OPEN_SINCE_EVER)


def test_create_hub_without_accreditations_unaccredited(admin: f.Caller) -> None:
    p = f.provider(admin, kind="teaching_school_hub")
    assert (p["accredited"], p["accreditations"]) == (False, [])


def test_create_accredited_flag_compatibility_means_default(admin: f.Caller) -> None:
    assert f.provider(admin, kind="school", accredited=True)["accreditations"] == OPEN_SINCE_EVER
    assert f.provider(admin, kind="hei", accredited=False)["accreditations"] == []


def test_create_with_ended_accreditation_not_accredited_today(admin: f.Caller) -> None:
    p = f.provider(admin, kind="scitt", accreditations=[{"from": "2020-09-01", "until": "2024-08-31"}])
    assert (p["accredited"], p["accreditations"]) == (False, [{"from": "2020-09-01", "until": "2024-08-31"}])
    got = admin.get(f"/api/v1/providers/{p['id']}").json()
    assert got["accreditations"] == p["accreditations"] and got["accredited"] is False


def test_create_both_flag_and_periods_refused_naming_accredited(admin: f.Caller) -> None:
    body = {"name": "Both", "kind": "hei", "accredited": True, "accreditations": OPEN_SINCE_EVER}
    r = admin.post("/api/v1/providers", json=body)
    assert r.status_code == 422 and _locs(r) == [["body", "accredited"]]


def test_patch_accreditations_by_admin_replaces_periods(admin: f.Caller) -> None:
    p = f.provider(admin, kind="other")
    today = clock.today()
    periods = [{"from": "2019-09-01", "until": "2021-08-31"}, {"from": today.isoformat(), "until": None}]
    r = admin.patch(f"/api/v1/providers/{p['id']}", json={"accreditations": periods})
    assert r.status_code == 200, r.text
    assert (r.json()["accredited"], r.json()["accreditations"]) == (True, periods)


def test_patch_accreditations_by_provider_refused_403_naming_field(admin: f.Caller) -> None:
    p = f.provider(admin, kind="other")
    own = f.caller_for(admin, "provider", provider_id=p["id"])
    r = own.patch(f"/api/v1/providers/{p['id']}", json={"accreditations": OPEN_SINCE_EVER})
    assert r.status_code == 403 and _locs(r) == [["body", "accreditations"]]
    assert admin.get(f"/api/v1/providers/{p['id']}").json()["accreditations"] == []


def test_patch_accredited_flag_by_admin_refused_read_only(admin: f.Caller) -> None:
    p = f.provider(admin, kind="hei")
    r = admin.patch(f"/api/v1/providers/{p['id']}", json={"accredited": False})
    assert r.status_code == 422 and _locs(r) == [["body", "accredited"]]


def test_patch_until_before_from_refused_nothing_written(admin: f.Caller) -> None:
    p = f.provider(admin, kind="hei")
    bad = [{"from": "2024-09-01", "until": "2024-08-31"}]
    r = admin.patch(f"/api/v1/providers/{p['id']}", json={"accreditations": bad, "name": "Renamed"})
    assert r.status_code == 422 and _locs(r) == [["body", "accreditations", 0, "until"]]
    got = admin.get(f"/api/v1/providers/{p['id']}").json()
    assert got["accreditations"] == OPEN_SINCE_EVER and got["name"] == p["name"]


def test_patch_overlapping_periods_refused_naming_later_period(admin: f.Caller) -> None:
    p = f.provider(admin, kind="hei")
    periods = [{"from": "2022-01-01", "until": None}, {"from": "2020-01-01", "until": "2022-01-01"}]
    r = admin.patch(f"/api/v1/providers/{p['id']}", json={"accreditations": periods})
    assert r.status_code == 422 and _locs(r) == [["body", "accreditations", 0, "from"]]


def test_patch_adjacent_periods_accepted(admin: f.Caller) -> None:
    p = f.provider(admin, kind="hei")
    periods = [{"from": "2020-01-01", "until": "2021-12-31"}, {"from": "2022-01-01", "until": None}]
    r = admin.patch(f"/api/v1/providers/{p['id']}", json={"accreditations": periods})
    assert r.status_code == 200 and r.json()["accreditations"] == periods


def _all_ids(admin: f.Caller, accredited: str) -> set[str]:
    """Every provider id listed with this filter, page by page."""
    ids: set[str] = set()
    params = {"accredited": accredited, "limit": "500"}
    while True:
        page = admin.get("/api/v1/providers", params=params).json()
        ids |= {p["id"] for p in page["items"]}
        if not page["next_cursor"]:
            return ids
        params["cursor"] = page["next_cursor"]


def test_list_accredited_filter_means_accredited_today(admin: f.Caller) -> None:
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    now = f.provider(admin, kind="hei")
    ended = f.provider(admin, kind="hei", accreditations=[{"from": "2020-01-01", "until": "2024-08-31"}])
    later = f.provider(admin, kind="hei", accreditations=[{"from": tomorrow, "until": None}])
    yes, no = _all_ids(admin, "true"), _all_ids(admin, "false")
    assert now["id"] in yes and {ended["id"], later["id"]} <= no and not {ended["id"], later["id"]} & yes
