"""Content-addressed files: the hash is checked, uploads resume, sizes are limited, and a
bad upload leaves nothing behind."""

from __future__ import annotations

import hashlib
import os
import socket
import time

import pytest
from server_support import Clock

LIMIT = 256 * 1024


@pytest.fixture(scope="module")
def portal(db_url):
    from server_stub.testing import run_portal

    with run_portal(db_url, seed="minimal", clock=Clock(), max_blob=LIMIT) as running:
        running.app.state.portal.blob_part = 16 * 1024
        yield running


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_upload_then_head_and_get(api):
    who = api.login("motcua.phuvang")
    data = os.urandom(5000)
    sha = _sha(data)
    assert api.http.head(f"/blobs/{sha}", headers=who).status_code == 404
    r = api.http.put(f"/blobs/{sha}", content=data, headers=who)
    assert r.status_code == 201 and r.json() == {"sha256": sha, "size": 5000}
    assert api.http.head(f"/blobs/{sha}", headers=who).status_code == 200
    assert api.http.get(f"/blobs/{sha}", headers=who).content == data
    # Sending it again is harmless.
    assert api.http.put(f"/blobs/{sha}", content=data, headers=who).status_code == 201


def test_an_interrupted_upload_resumes_where_it_stopped(api):
    who = api.login("motcua.phuvang")
    data = os.urandom(100_000)
    sha = _sha(data)
    total = {"Upload-Length": str(len(data))}
    r = api.http.put(f"/blobs/{sha}", content=data[:40_000], headers={**who, **total})
    assert r.status_code == 202 and r.json()["received"] == 40_000
    assert api.http.get(f"/blobs/{sha}/upload", headers=who).json()["received"] == 40_000
    assert api.http.head(f"/blobs/{sha}", headers=who).status_code == 404  # not yet visible
    wrong = api.http.put(f"/blobs/{sha}", content=data[10:], headers={
        **who, **total, "Upload-Offset": "10"})
    assert wrong.status_code == 409 and wrong.headers["Upload-Offset"] == "40000"
    r = api.http.put(f"/blobs/{sha}", content=data[40_000:], headers={
        **who, **total, "Upload-Offset": "40000"})
    assert r.status_code == 201
    assert api.http.get(f"/blobs/{sha}", headers=who).content == data


def test_a_dropped_connection_keeps_what_arrived(api, portal):
    who = api.login("motcua.phuvang")
    data = os.urandom(150_000)
    sha = _sha(data)
    head = (f"PUT /api/v1/blobs/{sha} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: {who['Authorization']}\r\nContent-Length: {len(data)}\r\n"
            f"Upload-Length: {len(data)}\r\n\r\n").encode()

    def held() -> int:
        return api.http.get(f"/blobs/{sha}/upload", headers=who).json()["received"]

    with socket.create_connection(("127.0.0.1", portal.port)) as s:
        s.sendall(head + data[:60_000])
        deadline = time.monotonic() + 10
        while held() == 0:  # the portal keeps parts as they arrive
            assert time.monotonic() < deadline
            time.sleep(0.02)
    # The line dropped mid-file: the desk asks what arrived and sends the rest. The
    # portal may still be keeping the last bytes it read: a 409 tells the true offset.
    got = held()
    assert 16 * 1024 <= got <= 60_000
    for _ in range(5):
        r = api.http.put(f"/blobs/{sha}", content=data[got:], headers={
            **who, "Upload-Offset": str(got), "Upload-Length": str(len(data))})
        if r.status_code != 409:
            break
        got = int(r.headers["Upload-Offset"])
    assert r.status_code == 201, r.text
    assert api.http.get(f"/blobs/{sha}", headers=who).content == data


def test_a_hash_mismatch_is_refused_and_nothing_is_stored(api):
    who = api.login("motcua.phuvang")
    data = b"%PDF-1.4 not what the hash says"
    sha = _sha(b"something else")
    r = api.http.put(f"/blobs/{sha}", content=data, headers=who)
    assert r.status_code == 422 and r.json()["detail"]["code"] == "hash_mismatch"
    assert "không khớp" in r.json()["detail"]["vi"]
    assert api.http.head(f"/blobs/{sha}", headers=who).status_code == 404
    assert api.http.get(f"/blobs/{sha}/upload", headers=who).json()["received"] == 0


def test_too_large_is_refused_with_a_clear_message(api):
    who = api.login("motcua.phuvang")
    data = os.urandom(LIMIT + 1)
    sha = _sha(data)
    r = api.http.put(f"/blobs/{sha}", content=data, headers=who)
    assert r.status_code == 413 and "quá lớn" in r.json()["detail"]["vi"]
    r = api.http.put(f"/blobs/{sha}", content=data[:10], headers={
        **who, "Upload-Length": str(LIMIT + 1)})
    assert r.status_code == 413
    assert api.http.get(f"/blobs/{sha}/upload", headers=who).json()["received"] == 0

    def chunks():  # no Content-Length: the limit holds while streaming too
        for i in range(0, len(data), 65536):
            yield data[i:i + 65536]

    r = api.http.put(f"/blobs/{sha}", content=chunks(), headers=who)
    assert r.status_code == 413
    assert api.http.get(f"/blobs/{sha}/upload", headers=who).json()["received"] == 0


def test_bad_hashes_and_missing_tokens(api):
    who = api.login("motcua.phuvang")
    assert api.http.put("/blobs/XYZ", content=b"x", headers=who).status_code == 422
    assert api.http.put(f"/blobs/{'A' * 64}", content=b"x", headers=who).status_code == 422
    assert api.http.put(f"/blobs/{_sha(b'x')}", content=b"x").status_code == 401
    r = api.http.put(f"/blobs/{_sha(b'x')}", content=b"x", headers={**who, "Upload-Offset": "-1"})
    assert r.status_code == 422
