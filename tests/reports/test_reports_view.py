"""The reports panel: built off the GUI thread, charts drawn, leader-only survey view,
export, reminders, and sending to the real portal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from reports_history import UNIT, vn

from desk_app.domain import Officer, Role


def _officer(*roles: Role) -> Officer:
    return Officer("lead.minh", "Lê Minh", UNIT.agency_id, frozenset(roles))


def _view(qtbot, history, officer, send=None, when=None):
    when = when or vn(2026, 12, 5, 12)
    from ui.reports_view import ReportsView

    view = ReportsView(history.store, officer, send=send, clock=lambda: when)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def _build(qtbot, view, code="2026-11"):
    view.period.setText(code)
    with qtbot.waitSignal(view.built, timeout=10_000):
        qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)


def test_leader_sees_everything(qtbot, history, tmp_path):
    view = _view(qtbot, history, _officer(Role.LEADER))
    _build(qtbot, view)
    cells = {view.summary.item(r, 0).text(): view.summary.item(r, 1).text()
             for r in range(view.summary.rowCount())}
    assert cells["Kỳ trước chuyển qua"] == "3" and cells["Giải quyết quá hạn"] == "2"
    assert cells["Tỷ lệ giải quyết trước hạn, đúng hạn"] == "50.0 %"
    assert view.procedures.rowCount() == 2 and view.late.rowCount() == 4
    assert len(view.weekly_chart.weeks) == 4 and len(view.on_time_chart.rows) == 2
    view.tabs.setCurrentIndex(2)
    image = view.weekly_chart.grab().toImage()
    blue = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y).name() == "#1f5fa8")
    assert blue > 20  # the bars are painted
    view.tabs.setCurrentIndex(4)
    assert view.officer_table.isVisible() and view.officer_table.rowCount() > 0
    assert [view.comments.item(i).text() for i in range(view.comments.count())] == [
        "<b>Chờ lâu</b> quá"]
    view.export_xlsx(tmp_path / "r.xlsx")
    view.export_pdf(tmp_path / "r.pdf")
    assert (tmp_path / "r.xlsx").stat().st_size > 0 and (tmp_path / "r.pdf").stat().st_size > 0


def test_desk_officer_gets_no_per_officer_survey(qtbot, history):
    view = _view(qtbot, history, _officer(Role.DESK))
    _build(qtbot, view)
    view.tabs.setCurrentIndex(4)
    assert not view.officer_table.isVisible() and view.officer_table.rowCount() == 0
    assert view.report.survey["per_officer"] is None


def test_bad_period_is_explained(qtbot, history):
    view = _view(qtbot, history, _officer(Role.DESK))
    view.period.setText("tháng mười một")
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    assert "Kỳ báo cáo không hợp lệ" in view.status.text()
    assert view.status.textFormat() == Qt.TextFormat.PlainText


def test_reminder_then_send_to_portal(qtbot, history, client_for):
    desk = client_for("motcua.phuvang")

    def send(payload):
        resp = desk.request("POST", "/reports", json=payload)
        assert resp.status_code == 200, resp.text

    view = _view(qtbot, history, _officer(Role.LEADER), send=send, when=vn(2026, 12, 18, 9))
    assert view.reminder.isVisible() and "BC-" not in view.reminder.text()
    assert "báo cáo tháng" in view.reminder.text()
    view.quick.setCurrentIndex(3)
    view._quick(3)
    assert view.period.text() == "BC-2026-12"
    _build(qtbot, view, view.period.text())
    with qtbot.waitSignal(view.sent, timeout=10_000) as sig:
        qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    assert sig.args == [True]
    assert "Đã gửi" in view.status.text()
    assert not view.reminder.isVisible()
