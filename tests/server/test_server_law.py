"""The law at return time, through the portal's HTTP API (issue 11): late collection is not
late processing, a sealed result never changes, approve and seal need real signatures,
commands cannot be backdated, the portal owns what it owns, units own their hours."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest
from server_support import PHUVANG, SOTUPHAP, command, find, pdf_bytes, signed_result, upload
from sqlalchemy import text

from desk_app.workflow import Action

DESK, SPEC, LEADER, CLERK = ("motcua.phuvang", "chuyenvien.phuvang", "lanhdao.phuvang",
                             "vanthu.phuvang")
OFFICERS = (DESK, SPEC, "chuyenvien2.phuvang", LEADER, CLERK)
DEPT_LEADER = "lanhdao.sotuphap"


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def test_sealed_on_time_collected_after_the_appointment_needs_no_apology(api, clock):
    # The seed's common case: sealed before its due time, still waiting at the counter
    # after the appointment passed (Art. 13.1).
    waiting = [d for d in api.dossiers(DESK).values() if d["status"] == "done"
               and _at(d["finished_at"]) < _at(d["due_at"]) < clock.now]
    assert waiting, "the demo seed has results waiting since before their appointment"
    d = waiting[0]
    [r] = api.commands(DESK, command(d["code"], "return_at_counter", d["version"],
                                     at=clock.now))
    assert r["outcome"] == "applied", r
    row = r["dossier"]["log"][-1]
    assert row["action"] == "return_at_counter" and row["timeliness"] in ("early", "on_time")
    assert row["ready_at"] == d["finished_at"] and _at(row["handed_at"]) == clock.now
    assert not r["dossier"]["dossier"]["apologies"]
    assert row["result_sha256"] == d["result_sha256"] != ""


def test_no_action_of_any_role_can_replace_a_sealed_result(api, clock):
    d = find(api.dossiers(DESK), status="done", result_delivery="counter")
    before = api.record(DESK, d["code"])["dossier"]
    other = upload(api, api.login(SPEC), pdf_bytes("ket qua gia mao"), "gia-mao.pdf")
    attempts = [command(d["code"], a.value, d["version"], {"result_files": [other]}, clock.now)
                for a in Action if a is not Action.SUBMIT]
    for who in OFFICERS:
        results = api.commands(who, *attempts)
        assert all(r["outcome"] == "rejected" for r in results), (who, results)
        # What the action may not carry is named; it is never quietly applied.
        assert {r["code"] for r in results} <= {"field_not_allowed", "wrong_status",
                                                 "wrong_role", "blob_missing"}
    after = api.record(DESK, d["code"])["dossier"]
    assert after["result_files"] == before["result_files"]
    assert after["result_sha256"] == before["result_sha256"] == hashlib.sha256(
        api.http.get(f"/blobs/{before['result_files'][0]['sha256']}",
                     headers=api.login(DESK)).content).hexdigest()


def test_approve_and_seal_need_the_signatures_on_the_same_document(api, clock):
    d = find(api.dossiers(LEADER), status="in_process", step="approval")
    code, v = d["code"], d["version"]
    unsigned = upload(api, api.login(LEADER), pdf_bytes(f"khong ky {code}"), "kq.pdf")
    refused = api.commands(LEADER,
                           command(code, "approve", v, {}, clock.now),
                           command(code, "approve", v, {"result_files": [unsigned]}, clock.now))
    assert [r["code"] for r in refused] == ["result_required", "not_signed"]
    assert "chữ ký số" in refused[0]["vi"] and "chữ ký số" in refused[1]["vi"]
    [ok] = api.commands(LEADER, command(code, "approve", v, {"result_files": [signed_result(
        api, LEADER, code, "Lê Quang Vinh", "LanhDao")]}, clock.now))
    assert ok["outcome"] == "applied" and ok["dossier"]["dossier"]["approved_by"] == LEADER
    v = ok["version"]
    # The clerk must seal the very document the leader signed.
    other = upload(api, api.login(CLERK), _signed_twice(f"van ban khac {code}"), "khac.pdf")
    [bad] = api.commands(CLERK, command(code, "seal_and_register", v, {
        "register_number": "77/GP-UBND", "result_files": [other]}, clock.now))
    assert bad["code"] == "not_same_document"
    [sealed] = api.commands(CLERK, command(code, "seal_and_register", v, {
        "register_number": "77/GP-UBND", "result_files": [signed_result(
            api, CLERK, code, "UBND huyện Phú Vang", "CoQuan")]}, clock.now))
    assert sealed["outcome"] == "applied"
    record = sealed["dossier"]["dossier"]
    assert record["status"] == "done" and record["result_sha256"] == \
        record["result_files"][0]["sha256"]


def _signed_twice(text_: str) -> bytes:
    from server_stub.seed_signing import sign

    return sign(sign(pdf_bytes(text_), "Ai đó", "A"), "Ai đó khác", "B")


def test_a_registered_certificate_must_be_the_signers(api, clock, portal):
    from server_stub.seed_signing import signer_for

    d = find(api.dossiers(DEPT_LEADER), status="in_process", step="approval")
    # The leader's own certificate is registered on the portal (not the one used below).
    theirs = hashlib.sha256(signer_for("Chứng thư thật của lãnh đạo").signing_cert.dump())
    db = portal.app.state.portal.db
    with db.write() as conn:
        row = conn.execute(text("SELECT data FROM officers WHERE username = :u"),
                           {"u": DEPT_LEADER}).first()
        data = {**json.loads(row[0]), "cert_sha256": theirs.hexdigest()}
        conn.execute(text("UPDATE officers SET data = :d WHERE username = :u"),
                     {"d": json.dumps(data), "u": DEPT_LEADER})
    try:
        [r] = api.commands(DEPT_LEADER, command(d["code"], "approve", d["version"], {
            "result_files": [signed_result(api, DEPT_LEADER, d["code"], "Người khác", "X")]},
            clock.now))
        assert r["code"] == "wrong_signer" and "chứng thư" in r["vi"]
        [r] = api.commands(DEPT_LEADER, command(d["code"], "approve", d["version"], {
            "result_files": [signed_result(api, DEPT_LEADER, d["code"],
                                           "Chứng thư thật của lãnh đạo", "Y")]}, clock.now))
        assert r["outcome"] == "applied", r
    finally:
        with db.write() as conn:
            data.pop("cert_sha256")
            conn.execute(text("UPDATE officers SET data = :d WHERE username = :u"),
                         {"d": json.dumps(data), "u": DEPT_LEADER})


def test_a_backdated_command_is_refused(api, clock):
    d = find(api.dossiers(DESK), status="submitted", channel="online", complete=True)
    results = api.commands(
        DESK,
        command(d["code"], "receive", d["version"], at=clock.now.replace(year=2001)),
        {**command(d["code"], "receive", d["version"]), "acted_at": "0001-01-01T00:00:00+14:00"})
    assert [r["code"] for r in results] == ["acted_before_last", "bad_payload"]
    assert "sớm hơn" in results[0]["vi"]
    assert api.record(DESK, d["code"])["dossier"]["version"] == d["version"]


def test_a_desk_cannot_set_what_the_portal_owns_on_submit(api, clock):
    lease = api.post("/leases", DESK, json={"kind": "dossier", "period": "261130",
                                            "count": 1}).json()
    code = f"{PHUVANG}-261130-{lease['first']:04d}"
    forged = {
        "code": code, "procedure_code": "1.001612", "agency_id": PHUVANG,
        "applicant": {"kind": "citizen", "name": "Nguyễn Văn Giả"}, "channel": "in_person",
        "status": "returned", "version": 40, "received_at": "2020-01-01T08:00:00+07:00",
        "register_number": "999/GP-UBND", "result_sha256": "ab" * 32,
        "apologies": [{"number": "1", "issued_at": "2020-01-01T08:00:00+07:00", "reason": "x",
                       "new_due_at": "2020-01-02T08:00:00+07:00"}],
        "approved_by": LEADER, "receipt_number": "1/TNHS",
    }
    [r] = api.commands(DESK, command(code, "submit", 0, {"dossier": forged}, clock.now))
    assert r["outcome"] == "applied", r
    d = r["dossier"]["dossier"]
    assert (d["status"], d["version"], d["received_at"], d["register_number"]) == \
        ("submitted", 1, None, "")
    assert d["apologies"] == [] and d["result_sha256"] == "" and d["approved_by"] == ""
    assert d["receipt_number"] == ""
    assert [row["action"] for row in r["dossier"]["log"]] == ["submit"]


def test_the_province_office_sets_a_units_hours_and_the_feed_carries_them(api, clock):
    units = {u["agency_id"]: u for u in api.http.get("/units").json()}  # public
    assert set(units) >= {PHUVANG, SOTUPHAP}
    assert units["000.22.31.H57"]["sessions"] == ["07:30-11:30", "13:30-17:00"]
    bad = api.http.put(f"/units/{PHUVANG}/hours", headers=api.login("vanphong.tinh"),
                       json={"sessions": ["13:30-17:00", "07:30-11:30"]})
    assert bad.status_code == 422
    assert api.http.put(f"/units/{PHUVANG}/hours", headers=api.login(LEADER),
                        json={"sessions": ["07:30-11:30"]}).status_code == 403
    r = api.http.put(f"/units/{PHUVANG}/hours", headers=api.login("vanphong.tinh"),
                     json={"sessions": ["7:30-11:30", "13:30-17:00"]})
    assert r.status_code == 200 and r.json()["sessions"] == ["07:30-11:30", "13:30-17:00"]
    feed = _feed(api, DESK)
    unit = [c for c in feed if c["kind"] == "unit" and c["key"] == PHUVANG][-1]
    assert unit["data"]["sessions"] == ["07:30-11:30", "13:30-17:00"]
    # A receipt now counts from 07:30: an online dossier received on the portal gets the
    # due time the unit's own calendar gives.
    from desk_app.calendar import WorkCalendar
    from desk_app.domain import unit_from_dict

    d = find(api.dossiers(DESK), status="submitted", channel="online", complete=True)
    [ok] = api.commands(DESK, command(d["code"], "receive", d["version"], at=clock.now))
    got = ok["dossier"]["dossier"]
    procedure = next(p for p in _feed(api, DESK) if p["kind"] == "procedure"
                     and p["data"]["code"] == got["procedure_code"])
    from desk_app.calendar import CalendarOverride, OverrideKind
    from desk_app.domain import procedure_from_dict

    days_off = [CalendarOverride(datetime.fromisoformat(c["data"]["day"]).date(),
                                 OverrideKind(c["data"]["kind"])) for c in feed
                if c["kind"] == "calendar"]
    cal = WorkCalendar.for_unit(unit_from_dict(unit["data"]), days_off)
    # A working day is the unit's own 7.5 hours, not a fixed 8.
    assert cal.working_day.total_seconds() == 7.5 * 3600
    assert _at(got["due_at"]) == cal.add_limit(clock.now,
                                               procedure_from_dict(procedure["data"]).time_limit)
    api.http.put(f"/units/{PHUVANG}/hours", headers=api.login("vanphong.tinh"),
                 json={"sessions": ["07:00-11:30", "13:30-17:00"]})


def _feed(api, who: str) -> list[dict]:
    out, since, more = [], 0, True
    while more:
        page = api.get("/changes", who, params={"since": since, "limit": 1000}).json()
        out += page["changes"]
        since, more = page["next"], page["more"]
    return out


@pytest.mark.parametrize("body", [{"sessions": "07:00-11:30"}, {"sessions": []},
                                  {"sessions": ["25:00-26:00"]}, {"sessions": [1, 2]},
                                  {"sessions": ["07:00-11:30"] * 9}])
def test_bad_hours_are_a_clear_4xx(api, body):
    r = api.http.put(f"/units/{PHUVANG}/hours", headers=api.login("vanphong.tinh"), json=body)
    assert r.status_code == 422 and r.json()["detail"]["vi"]


def test_a_receipt_number_outside_the_units_blocks_is_refused(api, clock):
    d = find(api.dossiers(DESK), status="submitted", channel="online", complete=True)
    [r] = api.commands(DESK, command(d["code"], "receive", d["version"],
                                     {"receipt_line": 999_999}, clock.now))
    assert r["code"] == "not_leased"
    [r] = api.commands(DESK, command(d["code"], "receive", d["version"], {}, clock.now))
    got = r["dossier"]["dossier"]  # an old desk without a block: the portal numbers it
    assert got["receipt_line"] > 0 and got["receipt_number"] == f"{got['receipt_line']}/TNHS"


def test_a_department_routes_by_the_group_the_province_office_set(api, portal):
    # App. step 1, cấp Sở: received by itself and routed by the procedure's processing
    # group (data the province office edits), not to the first specialist.
    from server_stub.passwords import hash_password
    from server_stub.records import get_officer, put_officer

    db = portal.app.state.portal.db
    with db.write() as conn:
        spec = get_officer(conn, "chuyenvien.sotuphap")
        from dataclasses import replace

        put_officer(conn, replace(spec, group="Phòng Hộ tịch"), hash_password("demo"))
        put_officer(conn, replace(spec, username="a.chuyenvien.sotuphap", group="Phòng Khác",
                                  full_name="Chuyên viên phòng khác"), hash_password("demo"))
    r = api.http.put(f"/procedures/{SOTUPHAP}/2.000488/routing",
                     headers=api.login("vanphong.tinh"), json={"processing_group": "Phòng Hộ tịch"})
    assert r.status_code == 200 and r.json()["processing_group"] == "Phòng Hộ tịch"
    assert api.http.put(f"/procedures/{SOTUPHAP}/2.000488/routing",
                        headers=api.login("lanhdao.sotuphap"),
                        json={"processing_group": "x"}).status_code == 403
    who = api.citizen("hoaithuong.nguyen@example.com")
    proc = next(p for p in api.get("/procedures", params={"agency_id": SOTUPHAP}).json()
                if p["code"] == "2.000488")
    comps = [{"code": c["code"], "files": [upload(api, who, pdf_bytes(f"r {c['name']}"))]}
             for c in proc["components"] if c["required"]]
    d = api.http.post("/citizen/dossiers", headers=who, json={
        "agency_id": SOTUPHAP, "procedure_code": "2.000488", "components": comps}).json()
    got = d["dossier"]
    # "a.chuyenvien…" sorts first and has no open work, but is not in the group.
    assert got["status"] == "in_process" and got["assigned_to"] == "chuyenvien.sotuphap"


def test_a_paper_only_result_is_its_signed_papers_scan():
    # A procedure whose result is issued on paper only says so: the scan is the result and
    # no electronic signature is asked of it; any other procedure's result must be signed.
    from dataclasses import replace

    from desk_app.domain import FileRef, Role
    from desk_app.errors import WorkflowError
    from server_stub.seed_catalogue import procedures
    from server_stub.signatures import make_check

    scan = pdf_bytes("ban quet giay phep da ky tay")
    ref = FileRef(hashlib.sha256(scan).hexdigest(), "scan.pdf")
    proc = procedures()[0]
    paper = make_check(lambda sha: scan, replace(proc, result_on_paper=True), [])
    paper(Action.APPROVE, ref, None, Role.SYSTEM)  # accepted
    electronic = make_check(lambda sha: scan, proc, [])
    with pytest.raises(WorkflowError) as err:
        electronic(Action.APPROVE, ref, None, Role.SYSTEM)
    assert err.value.code == "not_signed"
