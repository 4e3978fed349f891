"""The applicant's journey on the portal, with e-mail through a real SMTP listener."""

from __future__ import annotations

import re

from server_support import PHUVANG, SOTUPHAP, command, pdf_bytes, signed_result, upload

DESK = "motcua.phuvang"


def _register(api, smtp, email: str, name: str = "Nguyễn Văn An") -> str:
    box, _ = smtp
    r = api.http.post("/citizen/accounts", json={
        "email": email, "full_name": name, "password": "MatKhau#2026", "phone": "0905111222",
        "address": "15 Đống Đa, phường Phú Nhuận, thành phố Huế", "id_number": "046090001122"})
    assert r.status_code == 201 and r.json() == {"account": email, "verified": False}
    mail = box.wait_for(email, "Xác thực tài khoản")
    return re.search(r"\b(\d{6})\b", mail.get_content()).group(1)


def _components(api, who, agency, code):
    proc = next(p for p in api.get("/procedures", params={"agency_id": agency}).json()
                if p["code"] == code)
    return [{"code": c["code"], "files": [upload(api, who, pdf_bytes(f"{code} {c['name']}"))]}
            for c in proc["components"] if c["required"]]


def test_register_verify_and_submit_to_a_department_which_receives_by_itself(api, smtp):
    box, _ = smtp
    email = "an.nguyen@example.com"
    code = _register(api, smtp, email)
    r = api.http.post("/citizen/auth/token", json={"account": email, "password": "MatKhau#2026"})
    assert r.status_code == 403 and r.json()["detail"]["code"] == "not_verified"
    assert api.http.post("/citizen/accounts/verify", json={"account": email, "code": "000000"}
                         ).status_code == 422
    assert api.http.post("/citizen/accounts/verify", json={"account": email, "code": code}
                         ).json()["verified"] is True
    who = api.citizen(email, "MatKhau#2026")
    r = api.http.post("/citizen/dossiers", headers=who, json={
        "agency_id": SOTUPHAP, "procedure_code": "2.000488",
        "components": _components(api, who, SOTUPHAP, "2.000488"),
        "fee_payment": "online", "result_delivery": "counter"})
    assert r.status_code == 201, r.text
    d, log = r.json()["dossier"], r.json()["log"]
    assert d["code"].startswith(SOTUPHAP + "-261130-")
    assert d["status"] == "in_process" and d["received_by"] == "system"  # App. step 1, cấp Sở
    assert d["assigned_to"] == "chuyenvien.sotuphap"  # routed by itself
    assert [row["action"] for row in log] == ["submit", "receive"]
    assert d["applicant"]["portal_account"] == email
    mail = box.wait_for(email, "đã được tiếp nhận")
    assert d["code"] in mail.get_content() and "hẹn trả kết quả" in mail.get_content()
    # The department's desk mirrors it; the applicant tracks it.
    assert d["code"] in api.dossiers("motcua.sotuphap")
    track = api.http.get(f"/citizen/dossiers/{d['code']}", headers=who).json()
    assert track["status_vi"] == "Đang xử lý"
    assert [x["code"] for x in api.http.get("/citizen/dossiers", headers=who).json()] == \
        [d["code"]]


def test_supplement_refusal_result_by_post_and_survey_at_a_district(api, smtp, clock):
    box, _ = smtp
    email = "binh.tran@example.com"
    code = _register(api, smtp, email, "Trần Thị Bình")
    api.http.post("/citizen/accounts/verify", json={"account": email, "code": code})
    who = api.citizen(email, "MatKhau#2026")
    comps = _components(api, who, PHUVANG, "1.001612")
    r = api.http.post("/citizen/dossiers", headers=who, json={
        "agency_id": PHUVANG, "procedure_code": "1.001612", "components": comps[:1],
        "result_delivery": "post", "postal_address": "15 Đống Đa, phường Phú Nhuận, Huế"})
    d = r.json()["dossier"]
    assert d["status"] == "submitted" and d["receipt_due_at"]  # Art. 12.1.a clock runs
    missing = [c["code"] for c in d["components"] if c["required"] and not c["files"]]
    [res] = api.commands(DESK, command(d["code"], "request_supplement", d["version"], {
        "missing": missing, "reason": "Thiếu giấy tờ tùy thân", "number": "12/HDHS"},
        clock.now))
    assert res["outcome"] == "applied"
    mail = box.wait_for(email, "Yêu cầu bổ sung")
    assert "Căn cước công dân" in mail.get_content() and "Thiếu giấy tờ tùy thân" in \
        mail.get_content()
    clock.advance(minutes=10)
    r = api.http.post(f"/citizen/dossiers/{d['code']}/supplement", headers=who, json={
        "component_files": {c["code"]: c["files"] for c in comps[1:]}})
    assert r.status_code == 200, r.text
    d = r.json()["dossier"]
    assert d["status"] == "submitted"  # back where the pause began, now complete
    assert all(c["files"] for c in d["components"] if c["required"])
    assert d["supplements"][-1]["received_at"]
    # The desk receives it and the dossier travels to the result, to be sent by post.
    v = d["version"]
    draft = upload(api, api.login("chuyenvien.phuvang"),
                   pdf_bytes(f"GCN ho kinh doanh {d['code']}"), "du-thao.pdf")
    code = d["code"]
    for who_, action, payload in [
            (DESK, "receive", lambda: {}), (DESK, "assign", lambda: {"to": "chuyenvien.phuvang"}),
            ("chuyenvien.phuvang", "submit_draft", lambda: {"result_files": [draft]}),
            ("lanhdao.phuvang", "approve", lambda: {"result_files": [signed_result(
                api, "lanhdao.phuvang", code, "Lãnh đạo", "LanhDao")]}),
            ("vanthu.phuvang", "seal_and_register", lambda: {
                "register_number": "31/GP-UBND", "result_files": [signed_result(
                    api, "vanthu.phuvang", code, "UBND huyện Phú Vang", "CoQuan")]})]:
        [res] = api.commands(who_, command(code, action, v, payload(), clock.now))
        assert res["outcome"] == "applied", (action, res)
        v = res["version"]
    sealed = api.http.get(f"/blobs/{res['dossier']['dossier']['result_files'][0]['sha256']}",
                          headers=api.login(DESK)).content
    box.wait_for(email, "đã được tiếp nhận")
    mail = box.wait_for(email, "đã có kết quả")
    [att] = list(mail.iter_attachments())  # Art. 13.2: the signed result goes first
    assert att.get_content() == sealed
    got = api.http.get(f"/citizen/dossiers/{d['code']}/result", headers=who)
    assert got.status_code == 200 and got.content == att.get_content()
    answers = {"guidance": 5, "forms": 4, "processing_time": 5, "attitude": 5}
    r = api.http.post(f"/citizen/dossiers/{d['code']}/survey", headers=who,
                      json={"answers": answers, "comment": "Cán bộ hướng dẫn tận tình"})
    assert r.status_code == 201
    assert api.http.post(f"/citizen/dossiers/{d['code']}/survey", headers=who,
                         json={"answers": answers}).status_code == 409
    feed = api.get("/changes", DESK, params={"since": 0, "limit": 1000}).json()["changes"]
    [change] = [c for c in feed if c["kind"] == "survey" and c["key"] == f"portal:{d['code']}"]
    # The desk reads it with the reports' own reader (Art. 8 summaries).
    from desk_app.reports.survey import answer_from_wire

    answer = answer_from_wire(change["data"])
    assert answer.scores == answers and answer.source == "portal" and answer.anonymous
    assert answer.officer == "chuyenvien.phuvang"


def test_refusal_and_withdrawal_and_privacy(api, smtp, clock):
    box, _ = smtp
    who = api.citizen("hoaithuong.nguyen@example.com")
    comps = _components(api, who, PHUVANG, "2.000528")
    codes = []
    for _ in range(2):
        r = api.http.post("/citizen/dossiers", headers=who, json={
            "agency_id": PHUVANG, "procedure_code": "2.000528", "components": comps})
        codes.append(r.json()["dossier"])
    refused, withdrawn = codes
    [res] = api.commands(DESK, command(refused["code"], "refuse", refused["version"],
                                       {"reason": "Hồ sơ không thuộc thẩm quyền"}, clock.now))
    assert res["outcome"] == "applied"
    assert "không thuộc thẩm quyền" in box.wait_for("hoaithuong.nguyen@example.com",
                                                    "không được tiếp nhận").get_content()
    r = api.http.post(f"/citizen/dossiers/{withdrawn['code']}/withdraw", headers=who,
                      json={"reason": "Nộp nhầm thủ tục"})
    assert r.status_code == 200 and r.json()["dossier"]["status"] == "withdrawn"
    r = api.http.post(f"/citizen/dossiers/{withdrawn['code']}/withdraw", headers=who,
                      json={"reason": "lần nữa"})
    assert r.status_code == 409 and r.json()["detail"]["code"] == "wrong_status"
    # Another applicant sees nothing of these (Art. 14.1).
    other = api.citizen("bao.tranvan@example.com")
    assert api.http.get(f"/citizen/dossiers/{refused['code']}", headers=other).status_code == 404
    assert api.http.post(f"/citizen/dossiers/{refused['code']}/withdraw", headers=other,
                         json={"reason": "x"}).status_code == 404
    assert api.http.get("/citizen/dossiers", headers=api.login(DESK)).status_code == 401


def test_a_desk_officer_opens_a_verified_account_for_a_walk_in_applicant(api):
    r = api.post("/citizen/accounts", DESK, json={
        "email": "Tai.Quay@Example.com", "full_name": "Lê Văn Tại",
        "address": "Thôn Mộc Trụ, xã Phú Diên, huyện Phú Vang"})
    assert r.status_code == 201
    body = r.json()
    assert body["account"] == "tai.quay@example.com" and body["verified"] is True
    r = api.http.post("/citizen/auth/token", json={"account": "tai.quay@example.com",
                                                   "password": body["initial_password"]})
    assert r.status_code == 200
    again = api.post("/citizen/accounts", DESK, json={"email": "tai.quay@example.com",
                                                      "full_name": "X"})
    assert again.status_code == 409
    # The paper dossier the desk takes in for this applicant can be tracked online.
    from dataclasses import replace

    from desk_app.domain import Applicant, ApplicantKind, Channel, Dossier, to_dict

    lease = api.post("/leases", DESK, json={"kind": "dossier", "period": "261130",
                                            "count": 1}).json()
    code = f"{PHUVANG}-261130-{lease['first']:04d}"
    draft = Dossier(code, "2.000908", PHUVANG, Applicant(
        ApplicantKind.CITIZEN, "Lê Văn Tại", portal_account="tai.quay@example.com"),
        Channel.IN_PERSON)
    [res] = api.commands(DESK, command(code, "submit", 0, {"dossier": to_dict(
        replace(draft, provisional=True))}))
    assert res["outcome"] == "applied"
    mine = api.http.get("/citizen/dossiers", headers=api.citizen(
        "tai.quay@example.com", body["initial_password"]))
    assert [x["code"] for x in mine.json()] == [code]


def test_an_unverified_account_is_removed_after_seven_days(api, smtp, clock):
    email = "cham.le@example.com"
    code = _register(api, smtp, email, "Lê Thị Chăm")
    clock.advance(days=7, minutes=1)
    r = api.http.post("/citizen/accounts/verify", json={"account": email, "code": code})
    assert r.status_code == 422  # Art. 10: gone
    _register(api, smtp, email, "Lê Thị Chăm")  # the address is free again
    api.tokens.clear()
