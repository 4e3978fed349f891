"""Desks' commands against the real portal: applied, duplicate, conflict, rejected; the
whole district journey; a desk's own paper dossier under a leased number."""

from __future__ import annotations

from dataclasses import replace

from server_support import PHUVANG, command, find, pdf_bytes, signed_result, upload

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    Dossier,
    DossierComponent,
    file_ref_from_dict,
    to_dict,
)

DESK, SPEC, LEADER, CLERK = ("motcua.phuvang", "chuyenvien.phuvang", "lanhdao.phuvang",
                             "vanthu.phuvang")


def test_the_district_journey_from_receipt_to_return(api, clock):
    d = find(api.dossiers(DESK), status="submitted", channel="online", complete=True)
    code, v = d["code"], d["version"]

    [r] = api.commands(DESK, first := command(code, "receive", v, at=clock.now))
    assert r["outcome"] == "applied" and r["version"] == v + 1
    assert r["dossier"]["dossier"]["status"] == "received"
    assert r["dossier"]["log"][-1]["action"] == "receive"
    assert r["dossier"]["log"][-1]["timeliness"] in ("on_time", "early")

    # Resent (the answer was lost): the same answer, applied once.
    [again] = api.commands(DESK, first)
    assert again["outcome"] == "duplicate" and again["version"] == v + 1
    assert api.record(DESK, code)["dossier"]["version"] == v + 1

    steps = [
        (DESK, "assign", lambda: {"to": SPEC}),
        (SPEC, "submit_draft", lambda: {"result_files": [upload(
            api, api.login(SPEC), pdf_bytes(f"du thao {code}"))]}),
        (LEADER, "approve", lambda: {"note": "Đồng ý", "result_files": [signed_result(
            api, LEADER, code, "Lãnh đạo", "LanhDao")]}),
        (CLERK, "seal_and_register", lambda: {"register_number": "125/GP-UBND",
                                              "result_files": [signed_result(
                                                  api, CLERK, code, "UBND", "CoQuan")]}),
        (DESK, "return_at_counter", lambda: {}),
    ]
    version = v + 1
    for who, action, payload in steps:
        clock.advance(minutes=5)
        [r] = api.commands(who, command(code, action, version, payload(), clock.now))
        assert r["outcome"] == "applied", (action, r)
        version = r["version"]
    final = api.record(DESK, code)
    assert final["dossier"]["status"] == "returned"
    assert final["dossier"]["register_number"] == "125/GP-UBND"
    assert [row["action"] for row in final["log"]][-6:] == [
        "receive", "assign", "submit_draft", "approve", "seal_and_register",
        "return_at_counter"]


def test_stale_base_version_is_a_conflict_with_the_current_record(api, clock):
    d = find(api.dossiers(DESK), status="submitted", channel="online", complete=True)
    [r] = api.commands(DESK, command(d["code"], "receive", d["version"] - 1, at=clock.now))
    assert r["outcome"] == "conflict"
    assert r["version"] == d["version"]
    assert r["dossier"]["dossier"]["status"] == "submitted"


def test_the_workflow_refuses_and_says_why(api, clock):
    d = find(api.dossiers(DESK), status="submitted", complete=False)
    [r] = api.commands(DESK, command(d["code"], "receive", d["version"], at=clock.now))
    assert r["outcome"] == "rejected" and r["code"] == "incomplete"
    assert "thiếu thành phần" in r["vi"] and r["dossier"] is None
    assert api.record(DESK, d["code"])["dossier"]["version"] == d["version"]


def test_one_bad_command_does_not_undo_the_others(api, clock):
    ds = api.dossiers(DESK)
    received = find(ds, status="received")
    missing = find(ds, status="submitted", complete=False)
    results = api.commands(
        DESK,
        command(received["code"], "assign", received["version"], {"to": SPEC}, clock.now),
        command(missing["code"], "no_such_action", missing["version"], at=clock.now),
        command(missing["code"], "request_supplement", missing["version"],
                {"missing": [c["code"] for c in missing["components"]
                             if c["required"] and not c["files"]],
                 "reason": "Thiếu giấy tờ bắt buộc"}, clock.now),
    )
    assert [r["outcome"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["code"] == "unknown_action"


def test_a_file_must_be_uploaded_before_the_command_that_cites_it(api, clock):
    d = find(api.dossiers(DESK), status="in_process", step="processing", assigned_to=SPEC)
    ghost = {"sha256": "ab" * 32, "filename": "x.pdf"}
    [r] = api.commands(SPEC, command(d["code"], "submit_draft", d["version"],
                                     {"result_files": [ghost]}, clock.now))
    assert r["outcome"] == "rejected" and r["code"] == "blob_missing"


def _paper_dossier(api, code: str) -> Dossier:
    proc = next(p for p in api.get("/procedures", params={"agency_id": PHUVANG}).json()
                if p["code"] == "1.001612")
    who = api.login(DESK)
    comps = tuple(
        DossierComponent(c["code"], c["name"], c["required"],
                         (file_ref_from_dict(upload(api, who, pdf_bytes(f"{code} {c['code']}"))),)
                         if c["required"] else ())
        for c in proc["components"])
    return Dossier(code=code, procedure_code="1.001612", agency_id=PHUVANG,
                   applicant=Applicant(ApplicantKind.CITIZEN, "Lê Văn Tám", "046080001111",
                                       "Thôn Lại Ân, xã Phú Mậu, huyện Phú Vang"),
                   channel=Channel.IN_PERSON, components=comps, provisional=True)


def test_a_desks_paper_dossier_needs_a_leased_number(api, clock):
    r = api.post("/leases", DESK, json={"kind": "dossier", "period": "261130", "count": 5})
    assert r.status_code == 200, r.text
    lease = r.json()
    assert lease["agency_id"] == PHUVANG and lease["last"] - lease["first"] == 4

    code = f"{PHUVANG}-261130-{lease['first']:04d}"
    draft = _paper_dossier(api, code)
    [ok] = api.commands(DESK, command(code, "submit", 0, {"dossier": to_dict(draft)}, clock.now))
    assert ok["outcome"] == "applied" and ok["version"] == 1
    assert ok["dossier"]["dossier"]["status"] == "submitted"
    assert ok["dossier"]["dossier"]["provisional"] is False

    # A number nobody leased, and another agency's number, are refused plainly.
    stray = f"{PHUVANG}-261130-{lease['last'] + 100:04d}"
    [r] = api.commands(DESK, command(stray, "submit", 0,
                                     {"dossier": to_dict(replace(draft, code=stray))}, clock.now))
    assert r["outcome"] == "rejected" and r["code"] == "not_leased"
    other = f"000.22.31.H57-261130-{lease['first']:04d}"
    [r] = api.commands(DESK, command(other, "submit", 0, {"dossier": to_dict(
        replace(draft, code=other, agency_id="000.22.31.H57"))}, clock.now))
    assert r["outcome"] == "rejected" and r["code"] == "wrong_unit"
    # The same number twice: the second is a conflict with what the portal holds.
    [r] = api.commands(DESK, command(code, "submit", 0, {"dossier": to_dict(draft)}, clock.now))
    assert r["outcome"] == "conflict" and r["version"] == 1


def test_register_leases_never_overlap(api):
    a = api.post("/leases", CLERK, json={"kind": "register", "period": "2026", "count": 10}).json()
    b = api.post("/leases", CLERK, json={"kind": "register", "period": "2026", "count": 10}).json()
    assert b["first"] == a["last"] + 1
    r = api.post("/leases", CLERK, json={"kind": "register", "period": "1999", "count": 10})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "period_out_of_range"


def test_commands_sent_at_once_are_applied_once(api, clock, portal):
    import threading

    import httpx

    d = find(api.dossiers("canbo.phuthuan"), status="submitted", complete=True)
    same = command(d["code"], "receive", d["version"], at=clock.now)
    rival = command(d["code"], "refuse", d["version"], {"reason": "Trùng hồ sơ"}, clock.now)
    who = api.login("canbo.phuthuan")
    answers: list[dict] = []
    barrier = threading.Barrier(5)

    def send(cmd):
        with httpx.Client(base_url=api.base + "/api/v1", timeout=30) as c:
            barrier.wait(timeout=10)
            r = c.post("/commands", json={"commands": [cmd]}, headers=who)
            answers.append(r.json()["results"][0])

    threads = [threading.Thread(target=send, args=(c,)) for c in [same] * 4 + [rival]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    outcomes = sorted(a["outcome"] for a in answers)
    assert outcomes.count("applied") == 1, outcomes
    mine = [a for a in answers if a["client_id"] == same["client_id"]]
    if any(a["outcome"] == "applied" for a in mine):
        assert sorted(a["outcome"] for a in mine) == ["applied", "duplicate", "duplicate",
                                                      "duplicate"]
        assert next(a for a in answers if a["client_id"] == rival["client_id"]
                    )["outcome"] == "conflict"
    else:
        assert {a["outcome"] for a in mine} == {"conflict"}
    assert api.record("canbo.phuthuan", d["code"])["dossier"]["version"] == d["version"] + 1
