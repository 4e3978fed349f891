"""The "hue2026" demo seed over the portal's HTTP API (issue 12): Huế's units of 2026 with
no district, officers of every role in each, both kinds of acceptance, dossiers in every
state, some held by the department after the centre received them, results back at the
centre for return, and a linked dossier part way through; and the demo's officers act on
them (the centre returns a result the department sealed)."""

from __future__ import annotations

import time

import pytest
from server_support import Api, Clock, command

from desk_app.domain import Role

CENTRE, JUSTICE = "000.00.01.H57", "000.00.12.H57"
WARD, RURAL, POLICE, INSURANCE = ("000.31.01.H57", "000.31.02.H57", "000.31.03.H57",
                                  "000.00.40.H57")


@pytest.fixture(scope="module")
def hue(db_url):
    from server_stub.testing import run_portal

    clock = Clock()
    url = db_url.replace("portal.sqlite3", "hue2026.sqlite3") if db_url.startswith("sqlite") \
        else db_url
    started = time.perf_counter()
    with run_portal(url, seed="hue2026", clock=clock) as portal:
        took = time.perf_counter() - started
        api = Api(portal.base_url)
        yield api, clock, took
        api.http.close()


def test_units_of_2026_with_levels_and_no_district(hue):
    api, _, _ = hue
    units = {u["agency_id"]: u for u in api.http.get("/units").json()}
    assert set(units) == {CENTRE, JUSTICE, WARD, RURAL, POLICE, INSURANCE}
    assert units[CENTRE]["name"] == "Trung tâm Phục vụ hành chính công thành phố Huế"
    assert units[CENTRE]["level"] == "province_centre"
    assert units[JUSTICE]["name"] == "Sở Tư pháp thành phố Huế"
    assert {units[c]["level"] for c in (WARD, RURAL)} == {"commune"}
    assert all("dữ liệu mẫu" in units[c]["name"] for c in (WARD, RURAL, POLICE, INSURANCE))
    assert not any(u["level"] == "district" or "huyện" in u["name"] for u in units.values())
    assert set(units[CENTRE]["receives"]) == set(units[JUSTICE]["decides"]) != set()
    assert all(u["sessions"] for u in units.values())  # each unit's own hours


def test_officers_of_every_role_in_each_unit_with_names_and_titles():
    from server_stub.seed import officers_of
    from server_stub.seed_units2026 import OFFICERS

    for agency in (CENTRE, JUSTICE, WARD, RURAL, POLICE, INSURANCE):
        roles = set().union(*(o[2] for o in OFFICERS if o[3] == agency))
        assert {Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK} <= roles, agency
    assert all(len(o[1].split()) >= 3 and o[4] for o in OFFICERS)  # full names, titles
    assert len(officers_of("hue2026")) == len(OFFICERS)


def test_both_kinds_of_acceptance_and_the_linked_procedure(hue):
    api, _, _ = hue
    procs = api.http.get("/procedures").json()
    assert any(p["province_wide"] for p in procs) and any(not p["province_wide"] for p in procs)
    [linked] = [p for p in procs if p["parts"]]
    assert [p["agency_id"] for p in linked["parts"]] == [WARD, POLICE, INSURANCE]
    assert "khai sinh" in linked["name"] and "thường trú" in linked["name"]


def test_dossiers_in_every_state_mid_transfer_and_back_for_return(hue):
    api, _, took = hue
    assert took < 6  # portal start and seed; the seed alone stays under 3 s (bench below)
    centre = api.dossiers("motcua.ttpvhcc")
    statuses = {d["status"] for d in centre.values()}
    assert {"submitted", "received", "in_process", "done", "returned", "refused",
            "withdrawn", "stopped"} <= statuses
    assert all(code.startswith(CENTRE) for code in centre)  # the receiving unit's codes
    held = [d for d in centre.values() if d["holder_id"] == JUSTICE]
    assert {d["step"] for d in held if d["status"] == "in_process"} >= {
        "processing", "approval", "sealing"}
    back = [d for d in centre.values() if d["status"] == "done"]
    assert back and all(d["holder_id"] == "" and d["former_holders"] == [CENTRE, JUSTICE]
                        for d in back)
    # The department sees what it holds and what it held, never the centre's own.
    justice = api.dossiers("chuyenvien.sotuphap")
    assert set(justice) == {c for c, d in centre.items() if JUSTICE in d["former_holders"]
                            or d["holder_id"] == JUSTICE}
    ward = api.dossiers("motcua.thuanhoa")
    assert {"supplement_requested", "fees_due"} <= {d["status"] for d in ward.values()}
    [part_way] = [d for d in ward.values() if d["holder_id"] == POLICE]
    assert [p["agency_id"] for p in part_way["parts"]] == [WARD, POLICE]
    assert part_way["parts"][0]["finished_at"] and not part_way["parts"][1]["finished_at"]
    assert part_way["code"] in api.dossiers("chuyenvien.congan")
    routed = [d for d in ward.values() if d["agency_id"] == RURAL]
    assert routed and routed[0]["procedure_agency"] == WARD  # province-wide, routed on


def test_the_centre_returns_a_result_the_department_sealed(hue):
    api, clock, _ = hue
    centre = api.dossiers("motcua.ttpvhcc")
    d = next(d for d in centre.values() if d["status"] == "done"
             and d["result_delivery"] == "counter")
    [r] = api.commands("vanthu.sotuphap", command(d["code"], "apologise", d["version"], {
        "apology": {"number": "9", "reason": "x", "new_due_at": clock.now.isoformat()}},
        clock.now))
    assert r["code"] == "not_holder"  # the department only reads it now
    [r] = api.commands("motcua.ttpvhcc", command(d["code"], "return_at_counter", d["version"],
                                                 {}, clock.now))
    assert r["outcome"] == "applied" and r["dossier"]["dossier"]["status"] == "returned"


def test_the_seed_is_quick(tmp_path):
    from server_stub.app import create_app
    from server_stub.seed import seed_database

    app = create_app(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    portal = app.state.portal
    try:
        started = time.perf_counter()
        assert seed_database(portal, "hue2026")
        assert time.perf_counter() - started < 3
    finally:
        portal.close()
