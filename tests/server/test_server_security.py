"""Security: sign-in, expiry, throttling, and the officer's unit and role on every request."""

from __future__ import annotations

from server_support import PHUTHUAN, PHUVANG, command, find
from sqlalchemy import text

DESK = "motcua.phuvang"


def test_sign_in_gives_a_bearer_token_that_expires(api):
    r = api.http.post("/auth/token", json={"username": DESK, "password": "demo"})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    assert body["officer"]["unit_id"] == PHUVANG and body["officer"]["roles"] == ["desk"]
    assert body["unit"]["name"] == "UBND huyện Phú Vang"


def test_wrong_password_and_unknown_user_get_the_same_plain_answer(api):
    a = api.http.post("/auth/token", json={"username": DESK, "password": "sai-mat-khau"})
    b = api.http.post("/auth/token", json={"username": "khong.co.ai", "password": "x"})
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json()
    assert a.json()["detail"]["vi"] == "Tên đăng nhập hoặc mật khẩu không đúng"


def test_repeated_failures_are_slowed_down(api, clock):
    who = "vanthu.sotuphap"
    codes = [api.http.post("/auth/token", json={"username": who, "password": f"sai{i}"})
             .status_code for i in range(6)]
    assert codes[:4] == [401] * 4 and codes[-1] == 429
    locked = api.http.post("/auth/token", json={"username": who, "password": "demo"})
    assert locked.status_code == 429  # even the right password waits
    wait = int(locked.headers["Retry-After"])
    assert "thử lại sau" in locked.json()["detail"]["vi"]
    clock.advance(seconds=wait + 1)
    assert api.http.post("/auth/token", json={"username": who, "password": "demo"}
                         ).status_code == 200


def test_no_token_or_a_token_in_the_url_is_refused(api):
    assert api.http.get("/changes").status_code == 401
    token = api.login(DESK)["Authorization"].split()[1]
    assert api.http.get("/changes", params={"access_token": token}).status_code == 401
    assert api.http.get("/changes", headers={"Authorization": "Bearer nonsense"}
                        ).status_code == 401


def test_tokens_are_stored_only_as_hashes(api, portal):
    token = api.login(DESK)["Authorization"].split()[1]
    with portal.app.state.portal.db.read() as conn:
        rows = [r[0] for r in conn.execute(text("SELECT token_hash FROM tokens"))]
        hashes = [r[0] for r in conn.execute(text("SELECT password_hash FROM officers"))]
    assert rows and token not in rows and all(len(h) == 64 for h in rows)
    assert all(h.startswith("scrypt$") for h in hashes)


def test_an_officer_never_sees_another_units_dossiers(api, clock):
    district = api.dossiers(DESK)
    commune = api.dossiers("canbo.phuthuan")
    assert district and commune
    assert all(code.startswith(PHUVANG) for code in district)
    assert all(code.startswith(PHUTHUAN) for code in commune)
    d = find(district, status="submitted", complete=True)
    r = api.get(f"/dossiers/{d['code']}", "canbo.phuthuan")
    assert r.status_code == 404  # like an unused code: volumes do not leak


def test_an_officer_never_changes_another_units_dossier(api, clock):
    d = find(api.dossiers(DESK), status="submitted", complete=True)
    [r] = api.commands("canbo.phuthuan", command(d["code"], "receive", d["version"],
                                                 at=clock.now))
    assert r["outcome"] == "rejected" and r["code"] == "wrong_unit" and r["dossier"] is None
    assert api.record(DESK, d["code"])["dossier"]["status"] == "submitted"


def test_the_wrong_role_is_refused(api, clock):
    d = find(api.dossiers(DESK), status="submitted", complete=True)
    [r] = api.commands("chuyenvien.phuvang", command(d["code"], "receive", d["version"],
                                                     at=clock.now))
    assert r["outcome"] == "rejected" and r["code"] == "wrong_role"
    r = api.post("/citizen/accounts", "chuyenvien.phuvang",
                 json={"email": "a@example.com", "full_name": "A"})
    assert r.status_code == 403 and r.json()["detail"]["code"] == "wrong_role"
    r = api.post("/calendar", DESK, json={"day": "2026-12-24", "kind": "day_off"})
    assert r.status_code == 403


def test_refresh_rotates_and_an_expired_token_is_refused(api, clock):
    r = api.http.post("/auth/token", json={"username": "lanhdao.phuvang", "password": "demo"})
    access, refresh = r.json()["access_token"], r.json()["refresh_token"]
    clock.advance(seconds=3601)
    r = api.http.get("/changes", headers={"Authorization": f"Bearer {access}"})
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer"
    assert "hết hạn" in r.json()["detail"]["vi"]
    r = api.http.post("/auth/refresh", json={"refresh_token": refresh})
    assert r.status_code == 200
    new = r.json()["access_token"]
    assert api.http.get("/changes", headers={"Authorization": f"Bearer {new}"}
                        ).status_code == 200
    # A refresh token is good for one use only.
    assert api.http.post("/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    api.tokens.clear()
