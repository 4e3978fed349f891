"""Applicants' accounts (Art. 10.2-10.3): changed by their owner with a new e-mail verified
again; suspended, cancelled and re-activated by the province office with a reason; a
suspended account can neither sign in nor submit; everything logged."""

from __future__ import annotations

import re

from server_support import PHUVANG

PROVINCE = "vanphong.tinh"
ACCOUNT = "taikhoan.thu@example.com"


def _register(api, smtp) -> dict[str, str]:
    box, _ = smtp
    r = api.http.post("/citizen/accounts", json={
        "email": ACCOUNT, "full_name": "Đặng Thị Thử", "password": "MatKhau#2026"})
    assert r.status_code == 201, r.text
    code = re.search(r"\b(\d{6})\b", box.wait_for(ACCOUNT, "Xác thực").get_content()).group(1)
    assert api.http.post("/citizen/accounts/verify",
                         json={"account": ACCOUNT, "code": code}).status_code == 200
    return api.citizen(ACCOUNT, "MatKhau#2026")


def test_the_applicant_changes_details_and_a_new_email_is_verified_again(api, smtp):
    box, _ = smtp
    who = _register(api, smtp)
    r = api.http.patch("/citizen/account", headers=who,
                       json={"phone": "0914000111", "email": "moi.thu@example.com"})
    assert r.status_code == 200, r.text
    assert r.json()["phone"] == "0914000111"
    assert r.json()["email"] == ACCOUNT  # not before the new address is verified
    code = re.search(r"\b(\d{6})\b", box.wait_for("moi.thu@example.com", "Xác thực")
                     .get_content()).group(1)
    wrong = api.http.post("/citizen/account/verify-email", headers=who,
                          json={"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 422 and wrong.json()["detail"]["code"] == "bad_code"
    ok = api.http.post("/citizen/account/verify-email", headers=who, json={"code": code})
    assert ok.status_code == 200 and ok.json()["email"] == "moi.thu@example.com"
    bad = api.http.patch("/citizen/account", headers=who, json={"status": "active"})
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "field_not_allowed"


def test_suspend_cancel_reactivate_with_a_reason_by_the_province_office_only(api, smtp):
    who = api.citizen(ACCOUNT, "MatKhau#2026")
    path = f"/accounts/{ACCOUNT}"
    assert api.http.post(f"{path}/suspend", headers=api.login("motcua.phuvang"),
                         json={"reason": "x"}).status_code == 403
    assert api.http.post(f"{path}/suspend", headers=api.login(PROVINCE),
                         json={}).status_code == 422  # a reason is required
    r = api.http.post(f"{path}/suspend", headers=api.login(PROVINCE),
                      json={"reason": "Nghi vấn nộp hồ sơ giả mạo"})
    assert r.status_code == 200 and r.json()["status"] == "suspended"
    # Its session has ended; it can neither sign in nor submit.
    assert api.http.get("/citizen/dossiers", headers=who).status_code == 401
    assert api.http.post("/citizen/dossiers", headers=who, json={
        "agency_id": PHUVANG, "procedure_code": "2.000528"}).status_code == 401
    login = api.http.post("/citizen/auth/token", json={"account": ACCOUNT,
                                                        "password": "MatKhau#2026"})
    assert login.status_code == 403 and login.json()["detail"]["code"] == "account_suspended"
    assert "tạm khóa" in login.json()["detail"]["vi"]
    assert api.http.post(f"{path}/cancel", headers=api.login(PROVINCE),
                         json={"reason": "Theo đề nghị của chủ tài khoản"}).status_code == 200
    assert api.http.post(f"{path}/reactivate", headers=api.login(PROVINCE),
                         json={"reason": "Đã xác minh"}).status_code == 200
    assert api.http.post("/citizen/auth/token", json={
        "account": ACCOUNT, "password": "MatKhau#2026"}).status_code == 200
    events = api.http.get(f"{path}/events", headers=api.login(PROVINCE)).json()
    assert [(e["action"], e["by"]) for e in events][-3:] == [
        ("suspend", PROVINCE), ("cancel", PROVINCE), ("reactivate", PROVINCE)]
    assert events[-3]["reason"] == "Nghi vấn nộp hồ sơ giả mạo"
    assert any(e["action"] == "change" for e in events)
