"""Art. 12.1.a in the reports: every first answer to an online dossier (receive, refuse,
request a supplement) is judged on the 60-minute receipt clock; the unit's report counts
and lists the breaches."""

from __future__ import annotations

from reports_history import P1, P2, History, prepare, vn

from desk_app.domain import Channel
from desk_app.reports import periods
from desk_app.reports.compute import unit_report
from desk_app.reports.model import report_from_dict
from desk_app.store import Store


def test_late_first_answers_of_every_kind_are_listed(tmp_path):
    store = Store(tmp_path / "desk.sqlite3")
    prepare(store)
    h = History(store)
    on_time = h.intake("A", vn(2026, 11, 2, 8), P2, Channel.ONLINE,
                       receive_at=vn(2026, 11, 2, 8, 40))
    late_receipt = h.intake("B", vn(2026, 11, 3, 8), P2, Channel.ONLINE,
                            receive_at=vn(2026, 11, 3, 10, 30))
    refused = h.intake("C", vn(2026, 11, 4, 8), P1, Channel.ONLINE, complete=False)
    h.at(vn(2026, 11, 4, 14)).desk.refuse(refused, "Không thuộc thẩm quyền")
    sent_back = h.intake("D", vn(2026, 11, 5, 8), P1, Channel.ONLINE, complete=False)
    h.at(vn(2026, 11, 5, 9, 30)).desk.request_supplement(sent_back, ["gt"], "Thiếu giấy tờ")
    report = unit_report(store, h.unit.agency_id, periods.month(2026, 11),
                         as_of=vn(2026, 12, 1, 9))
    breaches = {b.code: b for b in report.receipt_breaches}
    assert set(breaches) == {late_receipt, refused, sent_back} and on_time not in breaches
    assert breaches[late_receipt].action == "receive"
    assert breaches[refused].action == "refuse"
    assert breaches[sent_back].action == "request_supplement"
    assert breaches[late_receipt].receipt_due_at.startswith("2026-11-03T09:00")
    # It travels to the portal with the report and back.
    again = report_from_dict(report.to_dict())
    assert [b.code for b in again.receipt_breaches] == [b.code for b in report.receipt_breaches]
    store.close()
