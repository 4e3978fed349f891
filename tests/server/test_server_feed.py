"""The change feed, the published catalogue, and the demo seed."""

from __future__ import annotations

from datetime import datetime

from server_support import PHUTHUAN, PHUVANG, SOTUPHAP, Clock, command, find

from desk_app.calendar import WorkCalendar
from desk_app.domain import Status, dossier_from_dict, procedure_from_dict
from desk_app.textfmt import VN_TZ

DESK = "motcua.phuvang"


def _all(api, who, limit=1000, since=0):
    out, more = [], True
    while more:
        page = api.get("/changes", who, params={"since": since, "limit": limit}).json()
        out += page["changes"]
        since, more = page["next"], page["more"]
    return out, since


def test_the_feed_pages_in_order_and_resumes_from_a_cursor(api):
    whole, last = _all(api, DESK)
    paged, last2 = _all(api, DESK, limit=7)
    assert paged == whole and last2 == last
    cursors = [c["cursor"] for c in whole]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    kinds = {c["kind"] for c in whole}
    assert kinds == {"unit", "procedure", "dossier", "calendar"}
    rest, _ = _all(api, DESK, since=cursors[10])
    assert rest == whole[11:]
    empty = api.get("/changes", DESK, params={"since": last}).json()
    assert empty == {"changes": [], "next": last, "more": False}


def test_the_feed_carries_only_the_units_own_records(api):
    whole, _ = _all(api, DESK)
    units = [c["data"]["agency_id"] for c in whole if c["kind"] == "unit"]
    procs = [c["data"]["agency_id"] for c in whole if c["kind"] == "procedure"]
    # Every unit is public and named by transfers (liên thông): each desk learns them all;
    # procedures only the unit's own (none of these is received elsewhere).
    assert PHUVANG in units and len(set(units)) == len(units) >= 3
    assert set(procs) == {PHUVANG} and len(procs) == 10
    record = next(c["data"] for c in whole if c["kind"] == "dossier")
    assert set(record) == {"dossier", "log"}
    dossier_from_dict(record["dossier"])  # the desk's own types read it


def test_an_action_shows_up_after_the_desks_cursor(api, clock):
    _, last = _all(api, DESK)
    d = find(api.dossiers(DESK), status="submitted", complete=True)
    [r] = api.commands(DESK, command(d["code"], "receive", d["version"], at=clock.now))
    page = api.get("/changes", DESK, params={"since": last}).json()
    assert [(c["kind"], c["key"]) for c in page["changes"]] == [("dossier", d["code"])]
    assert page["changes"][0]["data"] == r["dossier"]
    # Another unit's desk sees nothing of it.
    _, other_last = _all(api, "canbo.phuthuan")
    assert all(c["key"] != d["code"] for c in _all(api, "canbo.phuthuan")[0])
    assert other_last < page["next"]


def test_the_province_announces_a_day_off_to_every_unit(api):
    _, last_d = _all(api, DESK)
    _, last_c = _all(api, "canbo.phuthuan")
    r = api.post("/calendar", "vanphong.tinh", json={"day": "2026-12-31", "kind": "day_off",
                                                     "note": "Nghỉ cuối năm (thử nghiệm)"})
    assert r.status_code == 200
    for who, last in ((DESK, last_d), ("canbo.phuthuan", last_c)):
        [c] = api.get("/changes", who, params={"since": last}).json()["changes"]
        assert c["kind"] == "calendar" and c["data"]["day"] == "2026-12-31"
    assert {"day": "2026-12-31", "kind": "day_off", "note": "Nghỉ cuối năm (thử nghiệm)"} in \
        api.get("/calendar").json()


def test_the_catalogue_publishes_every_art7_field(api):
    procs = [procedure_from_dict(p) for p in api.get("/procedures").json()]
    assert len(procs) == 30
    assert {p.agency_id for p in procs} == {SOTUPHAP, PHUVANG, PHUTHUAN}
    for p in procs:
        assert p.name and p.steps and p.submit_ways and p.components and p.time_limit.amount
        assert p.applicants and p.handling_agency and p.result and p.fees and p.legal_basis
        assert p.place_and_time and p.field
    names = {p.name for p in procs}
    assert {"Đăng ký khai sinh", "Đăng ký kết hôn",
            "Cấp giấy phép xây dựng nhà ở riêng lẻ"} <= names
    assert [u["agency_id"] for u in api.get("/units").json()] == [SOTUPHAP, PHUVANG, PHUTHUAN]


def test_the_demo_has_every_status_and_clocks_that_matter(api, clock):
    seen: set[str] = set()
    cal = WorkCalendar.default()
    awaiting, late = 0, 0
    for who in (DESK, "motcua.sotuphap", "canbo.phuthuan"):
        raw_logs = {c["key"]: c["data"]["log"] for c in _all(api, who)[0]
                    if c["kind"] == "dossier"}
        for raw in api.dossiers(who).values():
            d = dossier_from_dict(raw)
            seen.add(d.status.value)
            if d.status is Status.SUBMITTED and d.channel.value == "online":
                awaiting += 1
            due = d.effective_due_at
            if d.status is Status.IN_PROCESS and due and due < clock.now:
                late += 1
            assert d.applicant.name and d.applicant.address
            log = raw_logs[d.code]
            assert [r["seq"] for r in log] == list(range(1, len(log) + 1))
            assert log[0]["action"] == "submit" and log[-1]["status_after"] == d.status.value
    assert seen == {s.value for s in Status}
    assert awaiting >= 5 and late >= 3
    assert cal.is_working_time(clock.now)


def test_the_seed_is_the_same_for_the_same_clock(tmp_path):
    from sqlalchemy import text

    from server_stub.app import create_app

    fixed = Clock(datetime(2026, 12, 2, 15, 20, tzinfo=VN_TZ))
    dumps = []
    for name in ("a", "b"):
        app = create_app(f"sqlite:///{tmp_path / name}.sqlite3", seed="demo", clock=fixed)
        with app.state.portal.db.read() as conn:
            dumps.append(conn.execute(text(
                "SELECT d.code, d.data, (SELECT COUNT(*) FROM dossier_log l WHERE "
                "l.dossier_code = d.code) FROM dossiers d ORDER BY d.code")).all())
        app.state.portal.close()
    assert dumps[0] == dumps[1] and len(dumps[0]) > 50


def test_openapi_describes_the_protocol(api):
    spec = httpx_get_json(api.base + "/openapi.json")
    paths = spec["paths"]
    for path in ("/api/v1/auth/token", "/api/v1/changes", "/api/v1/commands",
                 "/api/v1/blobs/{sha256}", "/api/v1/leases", "/api/v1/citizen/accounts",
                 "/api/v1/citizen/dossiers", "/api/v1/citizen/dossiers/{code}/survey"):
        assert path in paths, path
    body = paths["/api/v1/commands"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["properties"]["commands"]["maxItems"] == 500


def httpx_get_json(url: str):
    import httpx

    r = httpx.get(url)
    assert r.status_code == 200
    return r.json()
