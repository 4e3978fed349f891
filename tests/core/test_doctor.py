"""`desk-app doctor` against the real portal stub, a blocked portal, a portal whose clock
is 5 minutes off (a tiny HTTP server on loopback), and network receipt printers (TCP
listeners)."""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from desk_app import doctor

STATUSES = {"ok", "warn", "fail", "skip"}


@pytest.fixture(scope="module")
def portal() -> Iterator[Any]:
    from server_stub.testing import run_portal

    with run_portal(seed=None) as running:
        yield running


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk with its own settings and data folders."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("DESK_APP_CONFIG_DIR", str(config))
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(tmp_path / "data"))
    return config


def _settings(config: Path, **values: Any) -> None:
    (config / "settings.json").write_text(json.dumps(values), encoding="utf-8")


@pytest.fixture
def printer() -> Iterator[int]:
    """A network receipt printer: a TCP listener on loopback."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                conn.close()
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(5)
    server.close()


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


class _SkewedPortal(BaseHTTPRequestHandler):
    skew = timedelta(minutes=5)

    def date_time_string(self, timestamp: float | None = None) -> str:
        return format_datetime(datetime.now(UTC) + self.skew, usegmt=True)

    def do_GET(self) -> None:
        body = json.dumps({"ok": True, "protocol": 1}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def skewed_portal() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SkewedPortal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.test")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "portal.pem", tmp_path / "portal.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _OnTimePortal(_SkewedPortal):
    skew = timedelta(0)


@pytest.fixture
def tls_portal(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A portal on https://127.0.0.1 whose certificate no public CA vouches for."""
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OnTimePortal)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()
    thread.join(5)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    # A generous limit: the machine running the tests is shared and busy.
    code = doctor.main(["--json", "--timeout", "60", *argv])
    return code, json.loads(capsys.readouterr().out)


def _check(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in data["checks"] if c["id"] == name)


def test_json_report_against_the_real_portal(portal: Any, desk: Path, printer: int,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _settings(desk, receipt_printer=f"tcp://127.0.0.1:{printer}")
    code, data = _run(capsys, "--portal", portal.base_url)
    assert set(data) >= {"version", "checked_at", "portal_url", "exit_code", "status", "checks"}
    assert data["exit_code"] == code and code in (0, 1, 2)
    assert [c["id"] for c in data["checks"]] == list(doctor.CHECKS)
    for c in data["checks"]:
        assert c["status"] in STATUSES and c["title"] and c["summary"], c
        assert isinstance(c["details"], list) and isinstance(c["data"], dict)
    assert code == max({"ok": 0, "skip": 0, "warn": 1, "fail": 2}[c["status"]]
                       for c in data["checks"])
    p = _check(data, "portal")
    assert p["status"] == "ok" and p["data"]["reachable"] and p["data"]["protocol"] == 1
    clock = _check(data, "clock")
    assert clock["status"] == "ok" and abs(clock["data"]["offset_seconds"]) < 2
    printers = _check(data, "printers")
    assert printers["data"]["configured"][0]["reachable"] is True
    disk = _check(data, "disk")
    assert disk["data"]["free_bytes"] > 0
    assert _check(data, "fonts")["status"] == "ok"  # the tests need Vietnamese fonts too
    assert "days_left" in json.dumps(_check(data, "pkcs11")["data"]) or \
        _check(data, "pkcs11")["status"] == "warn"


def test_blocked_portal_blocks_work(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    code = doctor.main(["--portal", url, "--only", "portal,clock,disk"])
    text = capsys.readouterr().out
    assert code == 2
    assert "[LỖI]" in text and "Không kết nối được Cổng dịch vụ công" in text
    assert "mã thoát 2" in text
    code, data = _run(capsys, "--portal", url, "--only", "portal,clock")
    assert code == 2
    assert _check(data, "portal")["status"] == "fail"
    assert _check(data, "clock")["status"] == "skip"


def test_skewed_portal_clock_warns(skewed_portal: str, desk: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _run(capsys, "--portal", skewed_portal, "--only", "portal,clock")
    clock = _check(data, "clock")
    assert clock["status"] == "warn"
    assert 295 <= clock["data"]["offset_seconds"] <= 305
    assert "chậm 5 phút" in clock["summary"]
    assert code == 1  # the portal itself answers fine: a warning, not a block


def test_unreachable_receipt_printer_and_missing_queue_fail(
        desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _settings(desk, receipt_printer=f"tcp://127.0.0.1:{_closed_port()}",
              a4_printer="khong-co-hang-doi")
    code, data = _run(capsys, "--only", "printers")
    printers = _check(data, "printers")
    assert code == 2 and printers["status"] == "fail"
    assert "Máy in biên nhận" in printers["summary"]
    receipt = next(e for e in printers["data"]["configured"]
                   if e["setting"] == "receipt_printer")
    assert receipt["reachable"] is False


def test_a_hanging_check_is_cut_off(monkeypatch: pytest.MonkeyPatch, desk: Path) -> None:
    release = threading.Event()

    def hangs(_ctx: doctor.Context) -> doctor.Result:
        release.wait(30)
        raise AssertionError("not reached in time")

    def breaks(_ctx: doctor.Context) -> doctor.Result:
        raise RuntimeError("driver crashed")

    monkeypatch.setitem(doctor.CHECKS, "scanners", hangs)
    monkeypatch.setitem(doctor.CHECKS, "pkcs11", breaks)
    ctx = doctor.context_from("http://127.0.0.1:9", timeout=0.5)
    results = {r.id: r for r in doctor.run_checks(ctx, ["scanners", "pkcs11", "disk"])}
    release.set()
    assert results["scanners"].status == "fail"
    assert "Không trả lời sau 0.5 giây" in results["scanners"].summary
    assert results["pkcs11"].status == "fail" and "driver crashed" in results["pkcs11"].summary
    assert results["disk"].status == "ok"


def test_command_line_entry(desk: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "desk_app.cli", "doctor", "--json",
                           "--only", "disk"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["checks"][0]["id"] == "disk"
    bad = subprocess.run([sys.executable, "-m", "desk_app.cli", "doctor", "--only", "x"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Không có mục kiểm tra" in bad.stderr


def test_portal_tls_chain_is_verified(tls_portal: tuple[str, Path], desk: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    url, cert = tls_portal
    code, data = _run(capsys, "--portal", url, "--only", "portal,clock")
    portal = _check(data, "portal")
    assert code == 2 and portal["status"] == "fail" and portal["data"]["tls"] is False
    assert "Chứng chỉ bảo mật (TLS)" in portal["summary"]
    # The office's own CA, installed where requests looks for it: trusted.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    code, data = _run(capsys, "--portal", url, "--only", "portal,clock")
    portal = _check(data, "portal")
    assert code == 0 and portal["status"] == "ok" and portal["data"]["tls"] is True
    assert "chứng chỉ TLS hợp lệ" in portal["summary"]
    assert _check(data, "clock")["status"] == "ok"


def test_tokens_and_certificate_days_left(tmp_path: Path, desk: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from signing.softhsm import SoftHsm, make_test_pki, softhsm_module

    if shutil.which("softhsm2-util") is None or softhsm_module() is None:
        pytest.skip("softhsm2-util not installed")
    monkeypatch.setenv("SOFTHSM2_CONF", "")  # restored after: SoftHsm.activate() sets it
    now = datetime.now(UTC)
    pki = make_test_pki(now)
    soon = pki.issue("Lê Văn Sắp Hết Hạn", not_before=now - timedelta(days=300),
                     not_after=now + timedelta(days=20, hours=1))
    hsm = SoftHsm(tmp_path / "softhsm")
    hsm.create_token("LANHDAO", "123456", soon)
    _settings(desk, token_library=str(hsm.module))
    code, data = _run(capsys, "--only", "pkcs11")
    check = _check(data, "pkcs11")
    tokens = [t for m in check["data"]["modules"] for t in m["tokens"]]
    assert [t["label"] for t in tokens] == ["LANHDAO"]
    assert tokens[0]["certificates"][0]["days_left"] == 20
    assert check["status"] == "warn" and code == 1
    assert "còn dưới 30 ngày" in check["summary"]
    assert any("Lê Văn Sắp Hết Hạn còn 20 ngày" in d for d in check["details"])

    # Only an expired certificate, on the desk's configured token library: no signing.
    hsm2 = SoftHsm(tmp_path / "softhsm2")
    hsm2.create_token("HETHAN", "123456", pki.expired)
    code, data = _run(capsys, "--only", "pkcs11")
    check = _check(data, "pkcs11")
    assert code == 2 and check["status"] == "fail"
    assert "hết hạn" in check["summary"]


def test_sane_test_scanner_is_listed(tmp_path: Path, desk: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sane")
    folder = tmp_path / "sane"
    folder.mkdir()
    (folder / "dll.conf").write_text("test\n")  # SANE's own test back end only
    monkeypatch.setenv("SANE_CONFIG_DIR", str(folder))
    _settings(desk, scanner="test:0")
    code, data = _run(capsys, "--only", "scanners")
    check = _check(data, "scanners")
    assert check["status"] == "ok" and code == 0, check
    assert "test:0" in [d["id"] for d in check["data"]["devices"]]
    _settings(desk, scanner="fujitsu:fi-7160:1234")
    code, data = _run(capsys, "--only", "scanners")
    check = _check(data, "scanners")
    assert code == 1 and "fujitsu:fi-7160:1234" in check["summary"]
