"""Attack on the running portal with bad input: every request gets a 4xx with the usual
error body {"detail": {"code", "vi", "en"}}, one log line and no traceback, never a 500."""

from __future__ import annotations

import hashlib
import logging
import os
import threading

import httpx
import pytest
from server_support import PHUVANG

DESK = "motcua.phuvang"


@pytest.fixture
def portal_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def _refused(r: httpx.Response, status: int = 422) -> dict:
    assert r.status_code == status, (r.status_code, r.text[:300])
    detail = r.json()["detail"]
    assert detail["code"] and detail["vi"] and detail["en"], detail
    return detail


def _no_traceback(log: pytest.LogCaptureFixture) -> None:
    crashed = [r for r in log.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not crashed, [r.getMessage() for r in crashed]
    assert "Traceback" not in log.text


def test_a_body_of_nested_brackets_is_a_clear_4xx_without_traceback(api, portal_log):
    deep = b"[" * 100_000
    for path in ("/auth/token", "/citizen/auth/token", "/commands", "/reports"):
        r = api.http.post(path, content=deep, headers={**api.login(DESK),
                                                       "Content-Type": "application/json"})
        assert _refused(r)["code"] == "bad_json"
    _no_traceback(portal_log)
    lines = [r for r in portal_log.records if r.name.startswith("server_stub")
             and "bad_json" in r.getMessage()]
    assert len(lines) == 4  # one line per refused request


def test_a_huge_feed_cursor_is_refused(api, portal_log):
    r = api.get("/changes", DESK, params={"since": "10000000000000000000"})
    _refused(r)
    assert "since" in r.json()["detail"]["vi"]
    _no_traceback(portal_log)


def test_upload_offset_in_unicode_digits_is_refused(api, portal_log):
    data = os.urandom(100)
    sha = hashlib.sha256(data).hexdigest()
    for value in (b"\xb2", b"\xb9", b"1\xb3"):  # ², ¹, 1³: str.isdigit() says yes
        r = api.http.put(f"/blobs/{sha}", content=data,
                         headers={**api.login(DESK), "Upload-Offset": value})
        assert _refused(r)["code"] == "bad_header"
    _no_traceback(portal_log)


def test_non_finite_numbers_are_not_json(api, portal_log):
    for body in (b'{"kind": "dossier", "period": "261130", "count": Infinity}',
                 b'{"kind": "dossier", "period": "261130", "count": NaN}',
                 b'{"kind": "dossier", "period": "261130", "count": 1e999}'):
        r = api.http.post("/leases", content=body, headers={**api.login(DESK),
                                                           "Content-Type": "application/json"})
        assert _refused(r)["code"] == "bad_json"
    _no_traceback(portal_log)


def _report(**over) -> dict:
    base = {"agency_id": PHUVANG, "unit_name": "UBND huyện Phú Vang", "period": "BC-2026-11",
            "period_label": "Tháng 11/2026", "start": "2026-10-15", "end": "2026-11-14",
            "as_of": "2026-11-20T09:00:00+07:00", "totals": {"received_online": 3},
            "by_procedure": [], "by_field": [], "weekly": [], "late": [], "survey": None}
    return base | over


@pytest.mark.parametrize("bad", [
    {"totals": []}, {"totals": None}, {"survey": "abc"}, {"survey": ["x"]},
    {"weekly": [{"week_start": "2026-11-02", "received": "x", "resolved": 1}]},
    {"by_field": [{"key": "Hộ tịch"}]}, {"late": [{"code": 1}]}, {"late": "x"},
    {"start": 20261015}, {"as_of": "hôm qua"},
])
def test_report_bodies_of_the_wrong_shape_are_refused(api, portal_log, bad):
    r = api.post("/reports", "lanhdao.phuvang", json=_report(**bad))
    _refused(r)
    _no_traceback(portal_log)


def test_desk_survey_scores_out_of_range_are_refused(api, portal_log, clock):
    item = {"client_id": "s-1e999", "dossier_code": f"{PHUVANG}-261130-0001",
            "agency_id": PHUVANG, "officer": DESK, "answered_at": clock.now.isoformat(),
            "comment": ""}
    for scores in ('{"guidance": 1e999}', '{"guidance": 4.5}', '{"guidance": true}',
                   '{"guidance": "5"}', '[1, 2]'):
        body = ('{"surveys": [' + '{' + ", ".join(
            f'"{k}": "{v}"' for k, v in item.items()) + f', "scores": {scores}' + '}]}')
        r = api.http.post("/surveys", content=body.encode(),
                          headers={**api.login(DESK), "Content-Type": "application/json"})
        _refused(r)
    _no_traceback(portal_log)


def test_four_parallel_puts_of_one_new_blob_race_cleanly(api, portal, portal_log):
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    who = api.login(DESK)
    answers: list[httpx.Response] = []
    start = threading.Barrier(4)

    def put() -> None:
        with httpx.Client(base_url=portal.api_url, timeout=30) as http:
            start.wait(10)
            answers.append(http.put(f"/blobs/{sha}", content=data, headers=who))

    threads = [threading.Thread(target=put) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    codes = [r.status_code for r in answers]
    # Each sees the others' row: done (201) or "resume from here" (409 with the offset).
    assert len(codes) == 4 and set(codes) <= {201, 409} and 201 in codes, codes
    assert all(r.headers["Upload-Offset"].isdigit() for r in answers if r.status_code == 409)
    assert api.http.get(f"/blobs/{sha}", headers=who).content == data
    _no_traceback(portal_log)
