"""The portal's time from its `Date` header: learnt by the sync client from a real answer,
and used by the desk to stamp actions while the machine's own clock is wrong."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from core_samples import APPLICANT, DISTRICT, complete_components, officer, vn

from desk_app.domain import Role
from desk_app.portal_clock import PortalClock, describe_offset_vi, estimate_offset
from desk_app.services import DeskService
from desk_app.textfmt import VN_TZ


def _http_date(at: datetime) -> str:
    return format_datetime(at.astimezone(UTC), usegmt=True)


def test_offset_from_one_answer() -> None:
    sent = vn(2026, 11, 30, 9, 0)
    received = sent + timedelta(milliseconds=200)
    ahead = estimate_offset(_http_date(sent + timedelta(minutes=5)), sent, received)
    assert ahead is not None and abs(ahead - timedelta(minutes=5)) < timedelta(seconds=2)
    behind = estimate_offset(_http_date(sent - timedelta(minutes=3)), sent, received)
    assert behind is not None and behind < -timedelta(minutes=2)
    # Within what the header's one-second steps can explain: a correct clock.
    assert estimate_offset(_http_date(sent), sent, received) == timedelta(0)
    assert estimate_offset("not a date", sent, received) is None
    assert estimate_offset(None, sent, received) is None
    assert estimate_offset(_http_date(sent), sent, sent + timedelta(minutes=1)) is None


def test_clock_keeps_local_reading_beside_corrected_time() -> None:
    local = vn(2026, 11, 30, 9, 0)
    clock = PortalClock(local=lambda: local)
    assert clock.offset is None and clock() == local
    assert clock.describe_vi().startswith("Chưa biết")
    clock.observe(_http_date(local + timedelta(minutes=7)), local, local)
    corrected, reading = clock.reading()
    assert reading == local
    assert abs(corrected - (local + timedelta(minutes=7))) < timedelta(seconds=2)
    assert corrected.tzinfo is not None and corrected.utcoffset() == timedelta(hours=7)
    clock.observe("garbage", local, local)  # an unreadable header keeps what was known
    assert clock.offset is not None and clock.offset > timedelta(minutes=6)
    assert "chậm 7 phút" in clock.describe_vi()
    assert describe_offset_vi(timedelta(seconds=-42)) == \
        "Đồng hồ máy nhanh 42 giây so với Cổng dịch vụ công."


def test_actions_are_stamped_with_portal_time(store: Any) -> None:
    # The machine's clock says 08:55 on Monday; the portal says 09:05.
    local = vn(2026, 11, 30, 8, 55)
    clock = PortalClock(local=lambda: local)
    clock.observe(_http_date(local + timedelta(minutes=10)), local, local)
    desk = DeskService(store, officer("motcua.h57", DISTRICT, Role.DESK), clock=clock)
    procedure = store.get_procedure("1.001193", DISTRICT.agency_id)
    d = desk.intake(procedure, APPLICANT, complete_components())
    rows = store.log_rows(d.code)
    assert rows and all(abs(r.handed_at - vn(2026, 11, 30, 9, 5)) < timedelta(seconds=2)
                        for r in rows)
    assert all(abs(c.acted_at - vn(2026, 11, 30, 9, 5)) < timedelta(seconds=2)
               for c in store.outbox())


class _Ahead(BaseHTTPRequestHandler):
    def date_time_string(self, timestamp: float | None = None) -> str:
        return _http_date(datetime.now(UTC) + timedelta(minutes=5))

    def do_GET(self) -> None:
        body = json.dumps({"changes": [], "next": 0, "more": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def ahead_portal() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ahead)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_sync_client_learns_the_offset_from_each_answer(ahead_portal: str) -> None:
    from sync.client import PortalClient

    client = PortalClient(ahead_portal, retries=0)
    assert client.portal_clock.offset is None
    client.request("GET", "/changes", auth=False)
    offset = client.portal_clock.offset
    assert offset is not None and abs(offset - timedelta(minutes=5)) < timedelta(seconds=3)
    corrected, local = client.portal_clock.reading()
    assert local.tzinfo is not None and corrected.astimezone(VN_TZ) - local > timedelta(
        minutes=4)
