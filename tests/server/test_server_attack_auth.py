"""Attack on sign-in: guesses in parallel, spraying many accounts, a stranger keeping an
officer out, sessions that outlive logout, stolen refresh tokens, verification codes.

The portal here trusts 127.0.0.1 as its reverse proxy, so each test plays its clients
from its own addresses through X-Forwarded-For."""

from __future__ import annotations

import hashlib
import re
import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import text

DESK = "motcua.phuvang"


@pytest.fixture(scope="module")
def portal(db_url, clock, smtp):
    from server_stub.testing import run_portal

    smtp[0].messages.clear()  # the listener is shared by both back ends' runs
    with run_portal(db_url, seed="demo", smtp=smtp[1], clock=clock,
                    trusted_proxies=["127.0.0.1"]) as running:
        yield running


def _login(api, username: str, password: str, client: str) -> httpx.Response:
    return api.http.post("/auth/token", json={"username": username, "password": password},
                         headers={"X-Forwarded-For": client})


def _parallel(portal, calls: list[dict[str, Any]]) -> list[int]:
    codes: list[int] = []
    start = threading.Barrier(len(calls))

    def run(call: dict[str, Any]) -> None:
        with httpx.Client(base_url=portal.api_url, timeout=60) as http:
            start.wait(10)
            codes.append(http.post("/auth/token", **call).status_code)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(codes) == len(calls)
    return codes


def test_parallel_wrong_guesses_do_not_slip_past_the_throttle(portal):
    guess = {"json": {"username": "vanthu.phuvang", "password": "sai"},
             "headers": {"X-Forwarded-For": "203.0.113.10"}}
    codes = _parallel(portal, [guess] * 12)
    assert set(codes) <= {401, 429}
    assert codes.count(401) <= 4, codes  # the free tries, however many arrive at once


def test_spraying_many_accounts_from_one_client_is_slowed(api):
    accounts = ["motcua.sotuphap", "chuyenvien.sotuphap", "lanhdao.sotuphap",
                "vanthu.sotuphap", "chuyenvien2.phuvang", "lanhdao.phuvang",
                "canbo.phuthuan", "lanhdao.phuthuan", "vanthu.phuthuan", "chuyenvien.phuvang"]
    codes = [_login(api, accounts[i % 10], f"doan{i}", "203.0.113.20").status_code
             for i in range(30)]
    assert codes[:10] == [401] * 10
    assert codes.count(429) >= 15, codes
    # The accounts themselves are not locked: their officers sign in from elsewhere.
    assert _login(api, "lanhdao.phuvang", "demo", "198.51.100.20").status_code == 200


def test_a_strangers_guesses_do_not_keep_the_officer_out(api, clock):
    stranger, officer = "203.0.113.30", "198.51.100.30"
    for round_ in range(4):  # the stranger comes back every 15 minutes
        codes = [_login(api, DESK, f"sai{round_}{i}", stranger).status_code for i in range(6)]
        assert 429 in codes
        r = _login(api, DESK, "demo", officer)
        assert r.status_code == 200, (round_, r.text)
        clock.advance(minutes=15)


def test_forwarded_for_is_ignored_from_an_untrusted_peer(clock):
    from server_stub.testing import run_portal

    with run_portal(seed="demo", clock=clock) as other, \
            httpx.Client(base_url=other.api_url) as http:
        codes = [http.post("/auth/token", json={"username": DESK, "password": "sai"},
                           headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code
                 for i in range(8)]
    assert codes[:4] == [401] * 4 and 429 in codes[4:]  # rotating the header changes nothing


def _tokens(api, client: str) -> dict[str, Any]:
    r = _login(api, "chuyenvien.phuvang", "demo", client)
    assert r.status_code == 200, r.text
    return r.json()


def _refresh(api, token: str) -> httpx.Response:
    return api.http.post("/auth/refresh", json={"refresh_token": token})


def _works(api, access: str) -> bool:
    r = api.http.get("/officers", headers={"Authorization": f"Bearer {access}"})
    assert r.status_code in (200, 401)
    return r.status_code == 200


def test_logout_ends_the_whole_sign_in(api):
    first = _tokens(api, "198.51.100.40")
    second = _refresh(api, first["refresh_token"]).json()
    other = _tokens(api, "198.51.100.41")  # the same officer signed in on another desk
    assert _works(api, first["access_token"]) and _works(api, second["access_token"])
    r = api.http.post("/auth/logout",
                      headers={"Authorization": f"Bearer {second['access_token']}"})
    assert r.status_code == 200
    assert _refresh(api, second["refresh_token"]).status_code == 401
    assert not _works(api, first["access_token"]) and not _works(api, second["access_token"])
    assert _works(api, other["access_token"])  # only that sign-in ended
    assert _refresh(api, other["refresh_token"]).status_code == 200


def test_reusing_a_rotated_refresh_token_revokes_its_successors(api):
    stolen = _tokens(api, "198.51.100.50")["refresh_token"]
    legit = _refresh(api, stolen)
    assert legit.status_code == 200
    assert _refresh(api, stolen).status_code == 401  # the thief replays it …
    assert _refresh(api, legit.json()["refresh_token"]).status_code == 401  # … all of it ends
    assert not _works(api, legit.json()["access_token"])


def test_verification_codes_are_stored_under_a_keyed_hash(api, portal, smtp, backend):
    email = f"thu.khoa.{backend}@example.com"
    r = api.http.post("/citizen/accounts", json={"email": email, "full_name": "Trần Thu",
                                                 "password": "mat-khau-dai"})
    assert r.status_code == 201
    mail = smtp[0].wait_for(email, "Xác thực tài khoản")
    code = re.search(r"\b(\d{6})\b", mail.get_content()).group(1)
    with portal.app.state.portal.db.read() as conn:
        stored = conn.execute(text("SELECT verify_hash FROM citizens WHERE account = :a"),
                              {"a": email}).scalar()
    assert stored and hashlib.sha256(code.encode()).hexdigest() not in stored
    assert code not in stored
    r = api.http.post("/citizen/accounts/verify", json={"account": email, "code": code})
    assert r.status_code == 200 and r.json()["verified"] is True
