"""Plain http:// only to this machine: PortalClient and `desk-app sync` refuse it for any
other host before a password or a scan leaves the desk."""

from __future__ import annotations

import socket
import threading

import pytest

from sync.client import InsecurePortalURL, PortalClient


@pytest.fixture
def listener():
    """A real TCP listener on another address of this machine that records whether anyone
    connected (nothing should)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn.recv(4096))
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield sock.getsockname()[1], hits
    stop.set()
    t.join(2)
    sock.close()


@pytest.mark.parametrize("url", ["http://dvc.thuathienhue.gov.vn", "http://10.0.0.5:8080",
                                 "http://[2001:db8::1]/", "ftp://127.0.0.1", "dvc.example.vn"])
def test_plain_http_to_another_host_is_refused(url):
    client = PortalClient(url, retries=0, keyring_service="desk-app-test-none")
    with pytest.raises(InsecurePortalURL) as caught:
        client.login("motcua.phuvang", "demo")
    assert "https://" in caught.value.vi


def test_loopback_and_https_are_accepted(listener):
    port, _hits = listener
    from sync.client import check_portal_url

    for url in (f"http://127.0.0.1:{port}", f"http://localhost:{port}", "http://[::1]:8080",
                "https://dvc.thuathienhue.gov.vn"):
        check_portal_url(url)


def test_desk_app_sync_refuses_plain_http(tmp_path, capsys, listener):
    from sync.cli import main

    port, hits = listener
    # A name that resolves to this machine but is not written as loopback: still refused,
    # and nothing reaches the listener.
    code = main(["--portal", f"http://{socket.gethostname()}.invalid:{port}",
                 "--store", str(tmp_path / "desk.sqlite3"), "--user", "motcua.phuvang",
                 "--password-stdin"])
    assert code == 2
    assert "https://" in capsys.readouterr().err
    assert hits == []
    assert not (tmp_path / "desk.sqlite3").exists()
