"""Local government in 2026 over the portal's HTTP API (issue 12): the province centre
receives for a department and the result comes back for return; a commune centre receives
a province-wide procedure and routes it; a linked procedure passes through three units,
each part judged on its own budget; a unit that handed a dossier on may only read it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from server_support import Api, Clock, command, pdf_bytes, signed_result, upload

from desk_app.domain import (
    Officer,
    ProcedurePart,
    ProcessShape,
    Role,
    TimeLimit,
    TimeUnit,
    Unit,
    UnitLevel,
    to_dict,
)

CENTRE = Unit("000.00.01.H57", "Trung tâm Phục vụ hành chính công thành phố Huế",
              ProcessShape.DISTRICT, level=UnitLevel.PROVINCE_CENTRE, receives=("9.000001",),
              register_symbol="TTPVHCC")
JUSTICE = Unit("000.00.12.H57", "Sở Tư pháp thành phố Huế", ProcessShape.DEPARTMENT,
               level=UnitLevel.PROVINCE_DEPARTMENT, decides=("9.000001",),
               register_symbol="GP-STP")
WARD = Unit("000.31.01.H57", "UBND phường Thuận Hóa (dữ liệu mẫu)", ProcessShape.COMMUNE,
            level=UnitLevel.COMMUNE, register_symbol="QĐ-UBND")
RURAL = Unit("000.31.02.H57", "UBND xã Phú Vinh (dữ liệu mẫu)", ProcessShape.COMMUNE,
             level=UnitLevel.COMMUNE, register_symbol="QĐ-UBND")
POLICE = Unit("000.31.03.H57", "Công an phường Thuận Hóa (dữ liệu mẫu)", ProcessShape.COMMUNE,
              level=UnitLevel.COMMUNE, register_symbol="CA")
INSURANCE = Unit("000.00.40.H57", "Bảo hiểm xã hội thành phố Huế (dữ liệu mẫu)",
                 ProcessShape.DEPARTMENT, level=UnitLevel.PROVINCE_DEPARTMENT,
                 register_symbol="BHXH")
WD = TimeUnit.WORKING_DAYS


def _officers() -> list[Officer]:
    out = []
    for unit, short in ((CENTRE, "ttpv"), (JUSTICE, "stp2"), (WARD, "thuanhoa"),
                        (RURAL, "phuvinh"), (POLICE, "ca"), (INSURANCE, "bhxh")):
        for role in (Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK):
            out.append(Officer(f"{role.value}.{short}", f"Cán bộ {role.value} {short}",
                               unit.agency_id, frozenset({role})))
    return out


@pytest.fixture(scope="module")
def world(db_url):
    """A portal with the 2026 units, their officers and procedures."""
    from server_stub import records
    from server_stub.passwords import hash_password
    from server_stub.seed_catalogue import procedures
    from server_stub.testing import run_portal

    clock = Clock()
    with run_portal(db_url.replace("portal.sqlite3", "linked.sqlite3")
                    if db_url.startswith("sqlite") else db_url, seed="minimal",
                    clock=clock) as portal:
        base = next(p for p in procedures() if p.agency_id == JUSTICE.agency_id)
        from dataclasses import replace

        with portal.app.state.portal.db.write() as conn:
            for unit in (CENTRE, JUSTICE, WARD, RURAL, POLICE, INSURANCE):
                records.put_unit(conn, unit)
            secret = hash_password("demo")
            for o in _officers():
                records.put_officer(conn, o, secret)
            records.put_procedure(conn, replace(
                base, code="9.000001", name="Cấp phiếu lý lịch tư pháp (liên thông)",
                time_limit=TimeLimit(5, WD)))
            records.put_procedure(conn, replace(
                base, code="9.000002", agency_id=WARD.agency_id, province_wide=True,
                name="Chứng thực bản sao từ bản chính", time_limit=TimeLimit(2, WD)))
            records.put_procedure(conn, replace(
                base, code="9.000003", agency_id=WARD.agency_id, time_limit=TimeLimit(6, WD),
                name="Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho "
                     "trẻ em dưới 6 tuổi",
                parts=(ProcedurePart(WARD.agency_id, "Đăng ký khai sinh", TimeLimit(2, WD)),
                       ProcedurePart(POLICE.agency_id, "Đăng ký thường trú", TimeLimit(2, WD)),
                       ProcedurePart(INSURANCE.agency_id, "Cấp thẻ BHYT",
                                     TimeLimit(2, WD)))))
        api = Api(portal.base_url)
        yield api, clock
        api.http.close()


def _submit(api, clock, desk: str, receiving: Unit, procedure: str, deciding: Unit) -> str:
    api.tokens.clear()  # each journey signs in afresh (the test clock moves on)
    day = clock.now.strftime("%y%m%d")
    lease = api.post("/leases", desk, json={"kind": "dossier", "period": day,
                                            "count": 1}).json()
    code = f"{receiving.agency_id}-{day}-{lease['first']:04d}"
    me = api.login(desk)
    components = [{"code": c["code"], "name": c["name"], "required": c["required"],
                   "files": [upload(api, me, pdf_bytes(f"{code} {c['code']}"))]}
                  for c in next(p for p in api.get("/procedures").json()
                                if p["code"] == procedure
                                and p["agency_id"] == deciding.agency_id)["components"]]
    dossier = {"code": code, "procedure_code": procedure, "agency_id": receiving.agency_id,
               "procedure_agency": deciding.agency_id, "channel": "in_person",
               "applicant": {"kind": "citizen", "name": "Nguyễn Thị Liên Thông"},
               "components": components}
    [r] = api.commands(desk, command(code, "submit", 0, {"dossier": dossier}, clock.now))
    assert r["outcome"] == "applied", r
    return code


def _act(api, clock, who, code, action, payload=None, minutes=2):
    clock.advance(minutes=minutes)
    v = api.record(who, code)["dossier"]["version"]
    [r] = api.commands(who, command(code, action, v, payload or {}, clock.now))
    return r


def _ok(r):
    assert r["outcome"] == "applied", r
    return r["dossier"]["dossier"]


def _decide(api, clock, short: str, code: str, unit: Unit) -> dict:
    """The holding unit's specialist drafts, its leader signs, its clerk seals."""
    spec = f"specialist.{short}"
    _ok(_act(api, clock, f"leader.{short}", code, "assign", {"to": spec}))
    draft = upload(api, api.login(spec), pdf_bytes(f"ket qua {code}"), "du-thao.pdf")
    _ok(_act(api, clock, spec, code, "submit_draft", {"result_files": [draft]}))
    _ok(_act(api, clock, f"leader.{short}", code, "approve", {"result_files": [
        signed_result(api, f"leader.{short}", code, "Lãnh đạo", "LanhDao")]}))
    return _ok(_act(api, clock, f"clerk.{short}", code, "seal_and_register", {
        "register_number": f"01/{unit.register_symbol}", "result_files": [
            signed_result(api, f"clerk.{short}", code, unit.name, "CoQuan")]}))


def test_the_centre_receives_the_department_decides_the_centre_returns(world):
    api, clock = world
    code = _submit(api, clock, "desk.ttpv", CENTRE, "9.000001", JUSTICE)
    d = _ok(_act(api, clock, "desk.ttpv", code, "receive"))
    assert d["agency_id"] == CENTRE.agency_id and d["procedure_agency"] == JUSTICE.agency_id
    d = _ok(_act(api, clock, "desk.ttpv", code, "transfer", {"to_agency": JUSTICE.agency_id,
                                                              "note": "Chuyển Sở Tư pháp"}))
    assert d["holder_id"] == JUSTICE.agency_id and d["former_holders"] == [CENTRE.agency_id]
    # The centre keeps a read-only view: its commands are refused with the reason.
    r = _act(api, clock, "desk.ttpv", code, "apologise", {"apology": {
        "number": "1", "reason": "x", "new_due_at": (clock.now + timedelta(days=30))
        .isoformat()}})
    assert r["code"] == "not_holder" and "Sở Tư pháp" in r["vi"]
    assert code in api.dossiers("specialist.stp2")  # the department sees it in its feed
    d = _decide(api, clock, "stp2", code, JUSTICE)
    assert d["status"] == "done" and d["holder_id"] == ""  # back at the centre's desk
    r = _act(api, clock, "clerk.stp2", code, "apologise", {"apology": {
        "number": "2", "reason": "x", "new_due_at": (clock.now + timedelta(days=30))
        .isoformat()}})
    assert r["code"] == "not_holder"
    d = _ok(_act(api, clock, "desk.ttpv", code, "return_at_counter"))
    assert d["status"] == "returned" and d["code"] == code  # one code throughout
    assert [p["agency_id"] for p in d["parts"]] == [CENTRE.agency_id, JUSTICE.agency_id]
    assert all(p["timeliness"] in ("early", "on_time") for p in d["parts"])
    log = api.record("desk.ttpv", code)["log"]
    assert [row["action"] for row in log] == [
        "submit", "receive", "transfer", "assign", "submit_draft", "approve",
        "seal_and_register", "return_at_counter"]
    assert log[2]["received_by"] == JUSTICE.agency_id
    # The department still reads it (read-only) after the return.
    assert api.record("specialist.stp2", code)["dossier"]["status"] == "returned"


def test_a_commune_receives_a_province_wide_procedure_of_another_and_routes_it(world):
    api, clock = world
    code = _submit(api, clock, "desk.phuvinh", RURAL, "9.000002", WARD)
    d = _ok(_act(api, clock, "desk.phuvinh", code, "receive"))
    d = _ok(_act(api, clock, "desk.phuvinh", code, "transfer", {"to_agency": WARD.agency_id}))
    assert d["holder_id"] == WARD.agency_id and code in api.dossiers("desk.thuanhoa")
    # A procedure that is not province-wide cannot be received elsewhere.
    day = clock.now.strftime("%y%m%d")
    lease = api.post("/leases", "desk.phuvinh", json={"kind": "dossier", "period": day,
                                                      "count": 1}).json()
    other = f"{RURAL.agency_id}-{day}-{lease['first']:04d}"
    [r] = api.commands("desk.phuvinh", command(other, "submit", 0, {"dossier": {
        "code": other, "procedure_code": "9.000001", "agency_id": RURAL.agency_id,
        "procedure_agency": JUSTICE.agency_id, "channel": "in_person",
        "applicant": {"kind": "citizen", "name": "A"}}}, clock.now))
    assert r["code"] == "not_accepted_here"


def test_a_linked_procedure_through_three_units_judges_each_part(world):
    api, clock = world
    code = _submit(api, clock, "desk.thuanhoa", WARD, "9.000003", WARD)
    d = _ok(_act(api, clock, "desk.thuanhoa", code, "receive"))
    assert [p["agency_id"] for p in d["parts"]] == [WARD.agency_id]
    d = _ok(_act(api, clock, "specialist.thuanhoa", code, "transfer",
                 {"to_agency": POLICE.agency_id}, minutes=60))
    # The police overrun their two working days: the lateness is theirs.
    clock.advance(days=5)
    api.tokens.clear()  # the morning's sign-ins have expired
    d = _ok(_act(api, clock, "specialist.ca", code, "transfer",
                 {"to_agency": INSURANCE.agency_id}))
    d = _decide(api, clock, "bhxh", code, INSURANCE)
    parts = {p["agency_id"]: p for p in d["parts"]}
    assert list(parts) == [WARD.agency_id, POLICE.agency_id, INSURANCE.agency_id]
    assert parts[WARD.agency_id]["timeliness"] in ("early", "on_time")
    assert parts[POLICE.agency_id]["timeliness"] == "late"
    assert parts[INSURANCE.agency_id]["timeliness"] in ("early", "on_time")
    assert [p["task"] for p in d["parts"]] == ["Đăng ký khai sinh", "Đăng ký thường trú",
                                               "Cấp thẻ BHYT"]
    from desk_app.domain import dossier_from_dict
    from desk_app.linked import late_part

    assert late_part(dossier_from_dict(d)).agency_id == POLICE.agency_id
    assert d["holder_id"] == "" and d["status"] == "done"  # back to the ward's desk


def test_units_are_public_with_their_level_and_procedures(world):
    api, _ = world
    units = {u["agency_id"]: u for u in api.http.get("/units").json()}
    assert units[CENTRE.agency_id]["level"] == "province_centre"
    assert units[CENTRE.agency_id]["receives"] == ["9.000001"]
    assert units[JUSTICE.agency_id]["decides"] == ["9.000001"]
    assert to_dict(WARD)["level"] == "commune"


def test_a_transfer_to_an_unknown_unit_is_refused(world):
    api, clock = world
    code = _submit(api, clock, "desk.ttpv", CENTRE, "9.000001", JUSTICE)
    _ok(_act(api, clock, "desk.ttpv", code, "receive"))
    r = _act(api, clock, "desk.ttpv", code, "transfer", {"to_agency": "khong.co"})
    assert r["code"] == "unknown_unit"
    r = _act(api, clock, "desk.ttpv", code, "transfer", {"to_agency": CENTRE.agency_id})
    assert r["code"] == "transfer_to_self"
