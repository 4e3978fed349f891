"""Notices to the applicant (Art. 12.2, 12.3, 13.2): one e-mail per transition, caught by a
real SMTP listener, recorded on the applicant's dossier page; a failed send is retried and
never blocks or undoes the action."""

from __future__ import annotations

import socket
import time

from server_support import Api, Clock, Mailbox, command, find, signed_result
from sqlalchemy import text

DESK, SPEC, LEADER, CLERK = ("motcua.phuvang", "chuyenvien.phuvang", "lanhdao.phuvang",
                             "vanthu.phuvang")


def _run(api, who, code, action, payload, clock):
    v = api.record(who, code)["dossier"]["version"]
    clock.advance(minutes=5)
    [r] = api.commands(who, command(code, action, v, payload, clock.now))
    assert r["outcome"] == "applied", (action, r)
    return r["dossier"]["dossier"]


def test_a_mail_for_each_transition_with_what_it_must_say(api, smtp, clock):
    box, _ = smtp
    ds = api.dossiers(DESK)
    d = find(ds, status="submitted", channel="online", complete=True)
    email = d["applicant"]["email"]
    code = d["code"]
    got = _run(api, DESK, code, "receive", {}, clock)
    mail = box.wait_for(email, f"Hồ sơ {code} đã được tiếp nhận")
    assert "hẹn trả kết quả" in mail.get_content()  # with the appointment
    _run(api, DESK, code, "request_supplement",
         {"missing": [got["components"][0]["code"]], "reason": "Bản chụp bị mờ"}, clock)
    body = box.wait_for(email, f"Yêu cầu bổ sung hồ sơ {code}").get_content()
    assert got["components"][0]["name"] in body and "Bản chụp bị mờ" in body  # the list
    _run(api, DESK, code, "supplement_received", {}, clock)
    _run(api, DESK, code, "assign", {"to": SPEC}, clock)
    _run(api, SPEC, code, "request_fees", {"amount": 50000}, clock)
    assert "50.000 đồng" in box.wait_for(email, "phí, lệ phí").get_content()
    _run(api, DESK, code, "fees_paid", {}, clock)
    _run(api, LEADER, code, "stop", {"reason": "Có tranh chấp đang chờ Tòa án"}, clock)
    assert "chờ Tòa án" in box.wait_for(email, f"Hồ sơ {code} dừng giải quyết").get_content()

    refused = find(api.dossiers(DESK), status="submitted", channel="online", complete=True)
    _run(api, DESK, refused["code"], "refuse", {"reason": "Không thuộc thẩm quyền"}, clock)
    assert "Không thuộc thẩm quyền" in box.wait_for(
        refused["applicant"]["email"], "không được tiếp nhận").get_content()

    # Handed to the post with its item number; the signed result rides with the result
    # notice (Art. 13.2) and the mail says so only when the file is attached.
    post = find(api.dossiers(DESK), status="in_process", step="sealing",
                result_delivery="post")
    to = post["applicant"]["email"]
    pcode = post["code"]
    _run(api, CLERK, pcode, "seal_and_register", {"register_number": "88/GP-UBND",
         "result_files": [signed_result(api, CLERK, pcode, "UBND", "CoQuan")]}, clock)
    ready = box.wait_for(to, f"Hồ sơ {pcode} đã có kết quả") if to else None
    _run(api, DESK, pcode, "hand_to_post", {"postal_item_number": "EB123456789VN"}, clock)
    page = api.record(DESK, pcode)
    assert page["dossier"]["status"] == "returned"
    if ready is not None:
        assert [a.get_filename() for a in ready.iter_attachments()]
        assert "Đính kèm thư này: 1 tệp" in ready.get_body(("plain",)).get_content()
        posted = box.wait_for(to, f"Hồ sơ {pcode} đã giao bưu chính")
        assert "EB123456789VN" in posted.get_body(("plain",)).get_content()
        assert not list(posted.iter_attachments())
        assert "Đính kèm" not in posted.get_body(("plain",)).get_content()


def test_the_dossier_page_lists_every_notice(api, smtp, clock):
    who = api.citizen("hoaithuong.nguyen@example.com")
    mine = api.http.get("/citizen/dossiers", headers=who).json()
    assert mine
    page = api.http.get(f"/citizen/dossiers/{mine[0]['code']}", headers=who).json()
    assert isinstance(page["notices"], list)
    for n in page["notices"]:
        assert n["subject"] and n["body"] and n["email_status"] in (
            "pending", "sent", "failed", "no_address", "gave_up", "no_smtp")


def test_a_failed_mail_is_retried_and_never_undoes_the_action(tmp_path):
    from aiosmtpd.controller import Controller

    from server_stub.testing import run_portal

    with socket.socket() as s:  # a port where no mail server listens yet
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    clock = Clock()
    with run_portal(f"sqlite:///{tmp_path / 'p.sqlite3'}", seed="demo",
                    smtp=("127.0.0.1", port), clock=clock) as portal:
        api = Api(portal.base_url)
        d = find(api.dossiers(DESK), status="submitted", channel="online", complete=True)
        [r] = api.commands(DESK, command(d["code"], "receive", d["version"], at=clock.now))
        assert r["outcome"] == "applied"  # the mail server is down: the action stands
        db = portal.app.state.portal.db

        def status() -> str:
            with db.read() as conn:
                return conn.execute(text(
                    "SELECT email_status FROM notices WHERE dossier_code = :c AND "
                    "kind = 'received' ORDER BY id DESC"), {"c": d["code"]}).scalar_one()

        deadline = time.monotonic() + 20
        while status() == "pending" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert status() == "failed"
        box = Mailbox()
        server = Controller(box, hostname="127.0.0.1", port=port)
        server.start()
        try:
            clock.advance(minutes=5)  # past the pause before the next try
            other = find(api.dossiers(DESK), status="received")
            api.commands(DESK, command(other["code"], "assign", other["version"],
                                       {"to": SPEC}, clock.now))  # any batch retries
            box.wait_for(d["applicant"]["email"], f"Hồ sơ {d['code']} đã được tiếp nhận")
            deadline = time.monotonic() + 20
            while status() != "sent" and time.monotonic() < deadline:
                time.sleep(0.05)
            assert status() == "sent"
        finally:
            server.stop()
        api.http.close()
