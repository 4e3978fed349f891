"""Shared by the portal tests (imported by name: conftest puts this folder on the path):
a controllable clock, a small API client, an SMTP mailbox, sample data helpers."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import httpx

from desk_app.textfmt import VN_TZ

PG_ENV = "DESK_TEST_PG_URL"
# Monday 30 November 2026, 09:00 in Huế: inside the morning session.
START = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)


class Clock:
    """The portal's clock, moved by the test (never the wall clock)."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


class Api:
    """A tiny client: sign in as anyone, call with their bearer token."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.http = httpx.Client(base_url=base_url + "/api/v1", timeout=30)
        self.tokens: dict[str, str] = {}

    def login(self, username: str, password: str = "demo") -> dict[str, str]:
        if username not in self.tokens:
            r = self.http.post("/auth/token", json={"username": username, "password": password})
            assert r.status_code == 200, r.text
            self.tokens[username] = r.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def citizen(self, account: str, password: str = "demo") -> dict[str, str]:
        key = "citizen:" + account
        if key not in self.tokens:
            r = self.http.post("/citizen/auth/token", json={"account": account,
                                                             "password": password})
            assert r.status_code == 200, r.text
            self.tokens[key] = r.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[key]}"}

    def get(self, path: str, who: str | None = None, **kw: Any) -> httpx.Response:
        return self.http.get(path, headers=self.login(who) if who else None, **kw)

    def post(self, path: str, who: str | None = None, **kw: Any) -> httpx.Response:
        return self.http.post(path, headers=self.login(who) if who else None, **kw)

    def commands(self, who: str, *cmds: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.post("/commands", who, json={"commands": list(cmds)})
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def record(self, who: str, code: str) -> dict[str, Any]:
        r = self.get(f"/dossiers/{code}", who)
        assert r.status_code == 200, r.text
        return r.json()

    def dossiers(self, who: str) -> dict[str, dict[str, Any]]:
        """The officer's unit's dossiers as the change feed ends up with them."""
        out: dict[str, dict[str, Any]] = {}
        since, more = 0, True
        while more:
            page = self.get("/changes", who, params={"since": since, "limit": 1000}).json()
            for c in page["changes"]:
                if c["kind"] == "dossier":
                    out[c["key"]] = c["data"]["dossier"]
            since, more = page["next"], page["more"]
        return out


def command(code: str, action: str, base: int, payload: dict | None = None,
            at: datetime | None = None) -> dict[str, Any]:
    return {"client_id": secrets.token_hex(8), "dossier_code": code, "action": action,
            "base_version": base, "acted_at": (at or START).isoformat(),
            "payload": payload or {}}


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, to: str, subject_part: str, timeout: float = 10) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in reversed(self.messages):  # the newest first
                if to in str(m["To"]) and subject_part in str(m["Subject"]):
                    return m
            time.sleep(0.02)
        raise AssertionError(f"no mail to {to} about {subject_part!r}: "
                             f"{[str(m['Subject']) for m in self.messages]}")


PHUVANG = "000.00.22.H57"
SOTUPHAP = "000.00.12.H57"
PHUTHUAN = "000.22.31.H57"


def pdf_bytes(text: str) -> bytes:
    from server_stub.seed import _pdf

    return _pdf(text)


def upload(api: Api, who: dict[str, str], data: bytes, filename: str = "scan.pdf"
           ) -> dict[str, Any]:
    sha = hashlib.sha256(data).hexdigest()
    r = api.http.put(f"/blobs/{sha}", content=data, headers=who)
    assert r.status_code == 201, r.text
    return {"sha256": sha, "filename": filename, "media_type": "application/pdf",
            "size": len(data), "pages": 1}


def find(dossiers: dict[str, dict[str, Any]], **want: Any) -> dict[str, Any]:
    for d in dossiers.values():
        if all(_get(d, k) == v for k, v in want.items()):
            return d
    raise AssertionError(f"no dossier with {want}")


def _get(d: dict[str, Any], key: str) -> Any:
    if key == "complete":
        return all(c["files"] for c in d["components"] if c["required"])
    return d.get(key)


def signed_result(api: Api, who: str, code: str, signer: str, field: str) -> dict[str, Any]:
    """The dossier's current result signed once more by `signer` (a real pyHanko
    signature with the seed's software CA), uploaded by `who`: what a leader's approval
    or a clerk's seal carries (App. steps 3-4)."""
    from server_stub.seed_signing import sign

    headers = api.login(who)
    ref = api.record(who, code)["dossier"]["result_files"][0]
    got = api.http.get(f"/blobs/{ref['sha256']}", headers=headers)
    assert got.status_code == 200, got.text
    return upload(api, headers, sign(got.content, signer, field), "ket-qua.pdf")
