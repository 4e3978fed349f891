"""A unit sends its report to the real portal; the province office sees every unit's."""

from __future__ import annotations

import io
import json

import requests
from openpyxl import load_workbook
from reports_history import NOVEMBER, vn
from sqlalchemy import text

from desk_app.reports import periods
from desk_app.reports.reminders import reminders, send_pending, send_report
from desk_app.reports.survey import SurveyAnswer, import_feed_survey
from sync.errors import PortalUnavailable


def _sender(client):
    from sync.surveys import report_sender

    return report_sender(client)


class Province:
    """The province officer over plain HTTP: sync.client cannot sign in an officer whose
    unit (000.00.00.H57) is not among the portal's units (noted in the report)."""

    def __init__(self, portal) -> None:
        self.api = portal.api_url
        body = requests.post(self.api + "/auth/token",
                             json={"username": "vanphong.tinh", "password": "demo"},
                             timeout=10).json()
        self.headers = {"Authorization": "Bearer " + body["access_token"]}

    def request(self, method, path, **kw):
        return requests.request(method, self.api + path, headers=self.headers, timeout=10,
                                **kw)


def test_unit_sends_and_province_compiles(history, november, portal, client_for):
    desk = client_for("motcua.phuvang")
    province = Province(portal)
    # The province office sees that nobody has reported yet.
    resp = province.request("GET", "/reports/province", params={"period": "2026-11"})
    assert resp.status_code == 200 and resp.json()["units"] == []
    assert send_report(history.store, november, _sender(desk), now=lambda: vn(2026, 12, 5, 13))
    view = province.request("GET", "/reports/province", params={"period": "2026-11"}).json()
    (unit,) = view["units"]
    assert unit["agency_id"] == "000.00.22.H57" and unit["sent_by"] == "motcua.phuvang"
    assert {k: view["totals"][k] for k in NOVEMBER} == NOVEMBER
    assert view["totals"]["on_time_share"] == 0.5 and unit["late"] == 4
    assert {f["key"] for f in view["by_field"]} == {"Hộ tịch", "Xây dựng"}
    with portal.app.state.portal.db.read() as conn:
        stored = json.loads(conn.execute(text("SELECT payload FROM unit_reports")).scalar())
    assert november.survey["per_officer"]  # the leader's own report has it …
    assert stored["survey"]["per_officer"] is None  # … the portal never gets it
    assert {x["applicant_name"] for x in stored["late"]} == {""}
    missing = {m["agency_id"] for m in view["missing"]}
    assert "000.00.12.H57" in missing and "000.00.22.H57" not in missing
    resp = province.request("GET", "/reports/province.xlsx", params={"period": "2026-11"})
    assert resp.status_code == 200
    book = load_workbook(io.BytesIO(resp.content))
    units = list(book["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert units[0][:3] == ("000.00.22.H57", "UBND huyện Phú Vang", 3)  # carried over
    summary = {r[0]: r[1] for r in book["Báo cáo"].iter_rows(min_row=5, values_only=True)}
    assert summary["Giải quyết quá hạn"] == 2
    # A desk officer may not see the province view; a unit may not report for another.
    resp = desk.request("GET", "/reports/province", params={"period": "2026-11"})
    assert resp.status_code == 403 and resp.json()["detail"]["code"] == "wrong_role"
    other = november.to_dict() | {"agency_id": "000.00.12.H57"}
    resp = desk.request("POST", "/reports", json=other)
    assert resp.status_code == 403
    resp = desk.request("POST", "/reports", json={"agency_id": "000.00.22.H57"})
    assert resp.status_code == 422 and resp.json()["detail"]["vi"]


def test_report_made_offline_is_sent_later(history, portal, client_for):
    desk = client_for("motcua.phuvang")
    bc = periods.parse("BC-2026-11")
    from desk_app.reports import build_report

    report = build_report(history.store, history.unit.agency_id, bc, as_of=vn(2026, 11, 20, 9))
    before = reminders(history.store, history.unit.agency_id, vn(2026, 11, 18, 9))
    assert [r.period.code for r in before] == ["BC-2026-11"] and not before[0].overdue
    assert "trước ngày 22/11/2026" in before[0].message
    portal.stop()

    def offline(payload):
        raise PortalUnavailable("Mất kết nối", "down")

    assert not send_report(history.store, report, offline)
    assert reminders(history.store, history.unit.agency_id, vn(2026, 11, 22, 9))[0].overdue
    portal.start()
    assert send_pending(history.store, _sender(desk), now=lambda: vn(2026, 11, 22, 10)) == 1
    assert reminders(history.store, history.unit.agency_id, vn(2026, 11, 22, 11)) == []
    # The yearly report is reminded from 26 November, and it is late from 1 December.
    year = reminders(history.store, history.unit.agency_id, vn(2026, 11, 27, 9))
    assert [r.period.code for r in year] == ["BC-2026"]
    assert reminders(history.store, history.unit.agency_id, vn(2026, 12, 1, 9))[-1].overdue


def test_counter_survey_comes_back_down_the_feed_once(store_factory=None):
    """What the portal's feed carries back is recognised by its client id."""
    import tempfile
    from pathlib import Path

    from desk_app.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        s = Store(Path(tmp) / "d.sqlite3")
        a = SurveyAnswer("D-1", "000.00.22.H57", "o", vn(2026, 11, 5), {"forms": 5},
                         client_id="c-1")
        wire = a.to_wire()
        assert import_feed_survey(s, "c-1", wire)
        assert not import_feed_survey(s, "c-1", wire)
        assert s._query("SELECT client_id, sent, source FROM survey_answers") == [
            ("c-1", 1, "counter")]
        s.close()
