"""Attack on the files: citizens' scans are read only by the unit that holds the dossier and
by its applicant; "not yours" and "absent" look the same; partial uploads belong to their
uploader, within a quota."""

from __future__ import annotations

import hashlib
import os

from server_support import SOTUPHAP, pdf_bytes, upload

APPLICANT = "hoaithuong.nguyen@example.com"
OTHER_CITIZEN = "bao.tranvan@example.com"
UNIT_DESK = "motcua.sotuphap"  # the department the dossier goes to
OTHER_UNIT = "motcua.phuvang"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _seen(api, who: dict[str, str], sha: str) -> tuple[int, int]:
    return (api.http.head(f"/blobs/{sha}", headers=who).status_code,
            api.http.get(f"/blobs/{sha}", headers=who).status_code)


def test_a_scan_is_read_only_by_its_unit_and_its_applicant(api):
    applicant, stranger = api.citizen(APPLICANT), api.citizen(OTHER_CITIZEN)
    unit, other_unit = api.login(UNIT_DESK), api.login(OTHER_UNIT)
    proc = next(p for p in api.get("/procedures", params={"agency_id": SOTUPHAP}).json()
                if p["code"] == "2.000488")
    components = [{"code": c["code"], "files": [upload(api, applicant, pdf_bytes(
        f"Bản chụp CCCD của chị Thương, {c['name']}"))]}
        for c in proc["components"] if c["required"]]
    scan = components[0]["files"][0]["sha256"]
    # Before any dossier cites it: the uploader only.
    assert _seen(api, applicant, scan) == (200, 200)
    for who in (stranger, unit, other_unit):
        assert _seen(api, who, scan) == (404, 404)
    r = api.http.post("/citizen/dossiers", headers=applicant, json={
        "agency_id": SOTUPHAP, "procedure_code": "2.000488", "components": components,
        "fee_payment": "online", "result_delivery": "counter"})
    assert r.status_code == 201, r.text
    # Once cited: the unit holding the dossier and its applicant.
    assert _seen(api, applicant, scan) == (200, 200)
    assert _seen(api, unit, scan) == (200, 200)
    assert api.http.get(f"/blobs/{scan}", headers=unit).content.startswith(b"%PDF")
    for who in (stranger, other_unit):
        assert _seen(api, who, scan) == (404, 404)
    # "Not yours" is answered exactly like "absent".
    absent = _sha(b"no such file")
    mine_not = api.http.get(f"/blobs/{scan}", headers=other_unit)
    nothing = api.http.get(f"/blobs/{absent}", headers=other_unit)
    assert (mine_not.status_code, mine_not.json()) == (nothing.status_code, nothing.json())
    # Neither PUT nor the upload state reveals that the file exists.
    for who in (stranger, other_unit):
        held = api.http.put(f"/blobs/{scan}", content=b"", headers=who)
        none = api.http.put(f"/blobs/{absent}", content=b"", headers=who)
        assert (held.status_code, held.json()) == (none.status_code, none.json())
        assert held.status_code == 422
        state = api.http.get(f"/blobs/{scan}/upload", headers=who).json()
        assert state == {"received": 0, "total": None, "complete": False}


def test_a_partial_upload_belongs_to_its_uploader(api):
    desk, colleague = api.login("chuyenvien2.phuvang"), api.login("chuyenvien.phuvang")
    data = os.urandom(100_000)
    sha, total = _sha(data), {"Upload-Length": str(len(data))}
    r = api.http.put(f"/blobs/{sha}", content=data[:40_000], headers={**desk, **total})
    assert r.status_code == 202
    assert api.http.get(f"/blobs/{sha}/upload", headers=colleague).json()["received"] == 0
    r = api.http.put(f"/blobs/{sha}", content=data[40_000:], headers={
        **colleague, **total, "Upload-Offset": "40000"})
    assert r.status_code == 409 and r.headers["Upload-Offset"] == "0"
    r = api.http.put(f"/blobs/{sha}", content=data[40_000:], headers={
        **desk, **total, "Upload-Offset": "40000"})
    assert r.status_code == 201
    assert api.http.get(f"/blobs/{sha}", headers=desk).content == data


def test_unfinished_uploads_are_limited_per_uploader(api):
    who = api.login("lanhdao.phuthuan")
    codes = []
    for i in range(52):
        data = f"bản nháp {i}".encode() * 100
        codes.append(api.http.put(f"/blobs/{_sha(data)}", content=data[:10], headers={
            **who, "Upload-Length": str(len(data))}).status_code)
    assert codes[:50] == [202] * 50 and codes[50:] == [429, 429]
    # Someone else still uploads.
    assert upload(api, api.login("vanthu.phuthuan"), "%PDF-1.7 kết quả".encode())["sha256"]


def test_only_a_file_one_may_read_may_be_cited(api, portal):
    """Citing grants reading: the check the command and submission paths call."""
    from server_stub.blobs import Principal, not_citable

    mine = upload(api, api.login("chuyenvien2.phuvang"), b"%PDF-1.7 ban nhap rieng")["sha256"]
    absent = _sha(b"never uploaded")
    uploader = Principal("chuyenvien2.phuvang", unit="000.00.22.H57")
    other_unit = Principal("canbo.phuthuan", unit="000.22.31.H57")
    citizen = Principal("citizen:" + OTHER_CITIZEN, account=OTHER_CITIZEN)
    with portal.app.state.portal.db.read() as conn:
        assert not_citable(conn, uploader, [mine]) == []
        assert not_citable(conn, other_unit, [mine, absent]) == [mine, absent]
        assert not_citable(conn, citizen, [mine]) == [mine]
