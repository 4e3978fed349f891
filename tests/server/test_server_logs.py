"""`desk-app portal` as a real process: it starts, logs to its file, and that file never
holds a password or a token."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_password_or_token_in_the_log_file(tmp_path: Path):
    port = _free_port()
    log_file = tmp_path / "portal.log"
    out = open(tmp_path / "stdout.txt", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "desk_app.cli", "portal", "--db",
         f"sqlite:///{tmp_path / 'p.sqlite3'}", "--port", str(port), "--seed", "demo",
         "--log-file", str(log_file)],
        stdout=out, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}/api/v1"
    secrets_seen: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, (tmp_path / "stdout.txt").read_text()
            assert time.monotonic() < deadline, "the portal did not start"
            time.sleep(0.05)
        wrong = "Sai-" + secrets.token_hex(6)
        assert httpx.post(base + "/auth/token", json={"username": "motcua.phuvang",
                                                      "password": wrong}).status_code == 401
        r = httpx.post(base + "/auth/token", json={"username": "motcua.phuvang",
                                                   "password": "demo"})
        grant = r.json()
        secrets_seen += [wrong, grant["access_token"], grant["refresh_token"]]
        h = {"Authorization": f"Bearer {grant['access_token']}"}
        assert httpx.get(base + "/changes", params={"since": 0}, headers=h).status_code == 200
        pw = "MatKhau-" + secrets.token_hex(6)
        secrets_seen.append(pw)
        assert httpx.post(base + "/citizen/accounts", json={
            "email": "nhat.le@example.com", "full_name": "Lê Nhật", "password": pw,
        }).status_code == 201
        walk_in = httpx.post(base + "/citizen/accounts", headers=h, json={
            "email": "tai.quay@example.com", "full_name": "Nguyễn Văn Tại"}).json()
        secrets_seen.append(walk_in["initial_password"])
        r = httpx.post(base + "/auth/refresh", json={"refresh_token": grant["refresh_token"]})
        secrets_seen += [r.json()["access_token"], r.json()["refresh_token"]]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    logged = log_file.read_text(encoding="utf-8") + (tmp_path / "stdout.txt").read_text()
    assert "motcua.phuvang" in logged and "POST /api/v1/auth/token" in logged
    for secret in [*secrets_seen, "demo\""]:
        assert secret not in logged
