"""Bad input: a clear 4xx in Vietnamese, never a 500, nothing stored half-way."""

from __future__ import annotations

import json

import pytest
from server_support import PHUVANG, command, find
from sqlalchemy import text

DESK = "motcua.phuvang"
POSTS = ["/auth/token", "/auth/refresh", "/commands", "/leases", "/citizen/accounts",
         "/citizen/accounts/verify", "/citizen/auth/token", "/calendar"]
GARBAGE = [b"", b"{", b"[]", b"null", b"42", b'"text"', b"\xff\xfe\x00", b'{"commands": 1}',
           b'{"username": 5, "password": []}', b'{"commands": [{"client_id": 7}]}',
           b'{"kind": "dossier", "period": 261130, "count": "many"}',
           b'{"email": "not-an-address", "full_name": ""}', json.dumps({"x": "y" * 5000}).encode()]


@pytest.mark.parametrize("path", POSTS)
def test_garbage_bodies_get_a_clear_4xx(api, path):
    who = api.login(DESK)
    for body in GARBAGE:
        r = api.http.post(path, content=body, headers={**who, "Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (path, body, r.status_code, r.text)
        detail = r.json()["detail"]
        assert detail["code"] and detail["vi"] and detail["en"], (path, body)


def test_malformed_json_says_so(api):
    r = api.http.post("/commands", content=b'{"commands": [', headers=api.login(DESK))
    assert r.status_code == 422
    assert r.json()["detail"] == {"code": "bad_json", "vi": "Dữ liệu gửi lên không phải JSON "
                                  "hợp lệ", "en": "The body is not valid JSON"}


def test_bad_query_parameters_use_the_same_error_shape(api):
    r = api.get("/changes", DESK, params={"since": "abc"})
    assert r.status_code == 422 and "since" in r.json()["detail"]["vi"]
    r = api.get("/changes", DESK, params={"limit": 100000})
    assert r.status_code == 422
    r = api.http.get("/no/such/thing")
    assert r.status_code == 404 and r.json()["detail"]["vi"]


def test_a_huge_body_is_refused_before_it_is_read(api):
    big = b'{"commands": [' + b" " * (9 * 1024 * 1024) + b"]}"
    r = api.http.post("/commands", content=big, headers=api.login(DESK))
    assert r.status_code == 413 and "quá lớn" in r.json()["detail"]["vi"]


def test_too_many_commands_in_one_batch(api, clock):
    cmds = [command("x", "receive", 1, at=clock.now) for _ in range(501)]
    r = api.post("/commands", DESK, json={"commands": cmds})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "too_many_commands"


def test_wrong_types_inside_a_command_are_rejected_one_by_one(api, clock):
    d = find(api.dossiers(DESK), status="submitted", complete=True)
    code, v = d["code"], d["version"]
    bad = [
        {**command(code, "receive", v, at=clock.now), "base_version": "1"},
        {**command(code, "receive", v, at=clock.now), "acted_at": "2026-11-30T09:00:00"},
        {**command(code, "receive", v, at=clock.now), "acted_at": "hôm qua"},
        {**command(code, "receive", v, at=clock.now), "payload": ["x"]},
        {**command(code, "receive", v, at=clock.now), "action": None},
        command(code, "assign", v, {"to": 5}, clock.now),
        command(code, "receive", v, at=clock.now.replace(year=2027)),
    ]
    results = api.commands(DESK, *bad)
    assert [r["outcome"] for r in results] == ["rejected"] * len(bad)
    assert all(r["vi"] for r in results)
    assert results[1]["code"] == "naive_datetime" and "múi giờ" in results[1]["vi"]
    assert results[-1]["code"] == "acted_in_future"
    assert api.record(DESK, code)["dossier"]["version"] == v  # nothing applied


def test_a_broken_submit_stores_nothing(api, clock, portal):
    lease = api.post("/leases", DESK, json={"kind": "dossier", "period": "261130",
                                            "count": 1}).json()
    code = f"{PHUVANG}-261130-{lease['first']:04d}"
    for payload in ({"dossier": {"code": code}}, {"dossier": "x"}, {},
                    {"dossier": {"code": code, "procedure_code": "9.999999",
                                 "agency_id": PHUVANG, "channel": "in_person",
                                 "applicant": {"kind": "citizen", "name": "A"}}}):
        [r] = api.commands(DESK, command(code, "submit", 0, payload, clock.now))
        assert r["outcome"] == "rejected", r
        assert r["code"] in ("bad_payload", "unknown_procedure")
    assert api.get(f"/dossiers/{code}", DESK).status_code == 404
    with portal.app.state.portal.db.read() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM dossier_log WHERE dossier_code = :c"),
                            {"c": code}).scalar() == 0
        assert conn.execute(text("SELECT COUNT(*) FROM changes WHERE key = :c"),
                            {"c": code}).scalar() == 0


def test_a_desk_that_drops_mid_request_changes_nothing(api, portal, clock):
    import socket

    d = find(api.dossiers(DESK), status="submitted", complete=True)
    body = json.dumps({"commands": [command(d["code"], "receive", d["version"],
                                            at=clock.now)]}).encode()
    head = (f"POST /api/v1/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            f"application/json\r\nAuthorization: {api.login(DESK)['Authorization']}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", portal.port)) as s:
        s.sendall(head + body[: len(body) // 2])
    assert api.get("/health").status_code == 200
    assert api.record(DESK, d["code"])["dossier"]["version"] == d["version"]
