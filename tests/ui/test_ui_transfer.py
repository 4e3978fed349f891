"""Liên thông at the desk (issue 12 item 5): the unit picker finds a unit typed without
tone marks, a transfer moves the dossier to the "sent" list and leaves a read-only view,
the receiving unit's desk lists it, and the parts tab shows each unit's timeliness with
the late part marked. Against the real portal stub (demo seed) on a loopback port."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    Dossier,
    DossierPart,
    Procedure,
    ProcedurePart,
    ProcessShape,
    Status,
    TimeLimit,
    Timeliness,
    TimeUnit,
    Unit,
    UnitLevel,
)
from desk_app.workflow import Action

JUSTICE = "000.00.12.H57"  # Sở Tư pháp in the demo seed
DISTRICT = "000.00.22.H57"
UNITS = [
    Unit(JUSTICE, "Sở Tư pháp tỉnh Thừa Thiên Huế", ProcessShape.DEPARTMENT),
    Unit("000.00.01.H57", "Trung tâm Phục vụ hành chính công thành phố Huế",
         ProcessShape.DISTRICT, level=UnitLevel.PROVINCE_CENTRE),
    Unit("000.31.03.H57", "Công an phường Thuận Hóa (dữ liệu mẫu)", ProcessShape.COMMUNE),
    Unit(DISTRICT, "UBND huyện Phú Vang", ProcessShape.DISTRICT),
]
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))


def _dossier(**kw) -> Dossier:
    return Dossier("000.00.22.H57-261201-0001", "9.000003", DISTRICT,
                   Applicant(ApplicantKind.CITIZEN, "Nguyễn Thị Liên Thông"),
                   Channel.IN_PERSON, status=Status.IN_PROCESS, **kw)


def test_picker_finds_units_typed_without_tone_marks_and_by_code(qtbot):
    from ui.transfer import TransferDialog

    linked = Procedure("9.000003", DISTRICT, "Liên thông khai sinh, thường trú, BHYT",
                       parts=(ProcedurePart(DISTRICT, "Đăng ký khai sinh",
                                            TimeLimit(2, TimeUnit.WORKING_DAYS)),
                              ProcedurePart("000.31.03.H57", "Đăng ký thường trú",
                                            TimeLimit(3, TimeUnit.WORKING_DAYS))))
    d = _dossier(parts=(DossierPart(DISTRICT, "Đăng ký khai sinh", T0),))
    dlg = TransferDialog(d, UNITS, linked, DISTRICT)
    qtbot.addWidget(dlg)
    dlg.show()
    # the route of the linked procedure names the next unit: chosen already
    assert dlg.to_agency() == "000.31.03.H57"
    assert dlg.budget.text() == "Đăng ký thường trú: 3 ngày làm việc"
    # the unit holding it is not offered
    assert all(DISTRICT not in dlg.list.item(i).text() for i in range(dlg.list.count()))
    qtbot.keyClicks(dlg.search, "so tu phap")
    assert dlg.list.count() == 1
    assert dlg.chosen() is not None and dlg.chosen().name == "Sở Tư pháp tỉnh Thừa Thiên Huế"
    assert dlg.level.text() == "Sở, ngành cấp tỉnh"
    assert "không có phần việc" in dlg.budget.text()
    # by agency code, and a tone-marked word typed bare ("hoa" for "Hóa")
    dlg.search.clear()
    qtbot.keyClicks(dlg.search, "000.31.03")
    assert dlg.to_agency() == "000.31.03.H57"
    assert dlg.budget.text() == "Đăng ký thường trú: 3 ngày làm việc"
    dlg.search.clear()
    qtbot.keyClicks(dlg.search, "thuan hoa")
    assert dlg.to_agency() == "000.31.03.H57"
    # arrows move in the list from the search box; Enter goes to the note, not away
    dlg.search.clear()
    assert dlg.list.count() == 3 and dlg.list.currentRow() == 0
    qtbot.keyClick(dlg.search, Qt.Key.Key_Down)
    assert dlg.list.currentRow() == 1
    qtbot.keyClick(dlg.search, Qt.Key.Key_Up)
    assert dlg.list.currentRow() == 0
    dlg.activateWindow()
    qtbot.keyClick(dlg.search, Qt.Key.Key_Return)
    assert dlg.isVisible() and dlg.result() == 0
    # nothing found: a clear reason, the dialog stays
    dlg.search.setText("khong co don vi nay")
    dlg.ok()
    assert dlg.isVisible() and dlg.error.text() == "Không tìm thấy đơn vị phù hợp"


def test_parts_tab_marks_the_part_that_overran(qtbot):
    from ui.parts_view import PartsView

    d = _dossier(parts=(
        DossierPart(DISTRICT, "Đăng ký khai sinh", T0, T0 + timedelta(days=2),
                    T0 + timedelta(days=1), Timeliness.EARLY),
        DossierPart(JUSTICE, "Cấp phiếu", T0 + timedelta(days=1), T0 + timedelta(days=3),
                    T0 + timedelta(days=5), Timeliness.LATE),
        DossierPart("000.31.03.H57", "Đăng ký thường trú", T0 + timedelta(days=5),
                    T0 + timedelta(days=6)),
    ))
    names = {u.agency_id: u.name for u in UNITS}
    view = PartsView(lambda a: names.get(a, a))
    qtbot.addWidget(view)
    view.show_dossier(d, now=T0 + timedelta(days=7))
    assert view.timeliness_texts() == ["Trước hạn", "Quá hạn", "Đang xử lý, quá hạn"]
    assert view.table.item(1, 0).text() == "Sở Tư pháp tỉnh Thừa Thiên Huế\nCấp phiếu"
    assert view.table.item(2, 1).text() == "06/12/2026 08:00\n…"  # still open
    assert view.table.item(1, 2).text() == "04/12/2026 08:00"
    assert view.table.item(1, 0).background().color().name() == "#fde7e9"
    assert view.table.item(0, 0).background().style() == Qt.BrushStyle.NoBrush
    assert view.note.text() == ("⚠ Hồ sơ quá hạn ở phần việc của Sở Tư pháp tỉnh Thừa "
                                "Thiên Huế (Cấp phiếu)")


def _codes(ws, key: str) -> set[str]:
    wl = ws.lists[key]
    return {wl.model.summary(i).code for i in range(wl.count())}


def _publish_units(portal) -> None:
    """Every desk learns every unit through its feed, as the 2026 seed does (the demo
    seed publishes a unit to its own desk only)."""
    from desk_app.domain import to_dict
    from server_stub import records
    from server_stub.db import add_change

    with portal.app.state.portal.db.write() as conn:
        units = records.units(conn)
        for unit in units:
            for other in units:
                if other.agency_id != unit.agency_id:
                    add_change(conn, other.agency_id, "unit", unit.agency_id, to_dict(unit))


def test_transfer_from_the_desk_sends_it_and_leaves_a_read_only_view(portal, desk_for):
    _publish_units(portal)
    desk = desk_for("motcua.phuvang")
    d = desk.first(Status.RECEIVED)
    ws = desk.ws("linked")
    view = desk.open(d.code, "desk")
    assert Action.TRANSFER in view.action_buttons
    view.action_buttons[Action.TRANSFER].click()
    dlg = view.actions.dialog
    assert dlg is not None and dlg.objectName() == "transfer_dialog"
    desk.qtbot.keyClicks(dlg.search, "so tu phap")
    assert dlg.chosen().agency_id == JUSTICE
    dlg.reason.setPlainText("Chuyển Sở Tư pháp giải quyết theo thẩm quyền")
    dlg.ok()
    desk.wait_idle()
    moved = desk.dossier(d.code)
    assert moved.holder == JUSTICE
    # the screen says so and offers no action on it any more
    desk.qtbot.waitUntil(lambda: view.read_only.isVisible(), timeout=10_000)
    assert view.read_only.text() == ("Hồ sơ đang do Sở Tư pháp tỉnh Thừa Thiên Huế xử lý "
                                     "— chỉ xem")
    assert not [a for a in view.action_buttons if isinstance(a, Action)]
    # parts: the district's part closed and judged, the department's open
    texts = view.parts.timeliness_texts()
    assert len(texts) == 2 and texts[0] in ("Trước hạn", "Đúng hạn") and texts[1] == "Đang xử lý"
    # in the "sent" list, no longer in the received one
    ws.refresh()
    desk.qtbot.waitUntil(lambda: d.code in _codes(ws, "sent"), timeout=10_000)
    assert d.code not in _codes(desk.ws("desk"), "received")
    assert ws.tabs.tabText(ws.tabs.indexOf(ws.lists["sent"])).startswith(
        "Đã chuyển đơn vị khác (")
    # the portal takes it; the department's desk sees it among those received from others
    desk.sync()
    assert desk.dossier(d.code).holder == JUSTICE
    assert not desk.dossier(d.code).provisional
    dept = desk_for("motcua.sotuphap")
    dws = dept.ws("linked")
    dws.refresh()
    dept.qtbot.waitUntil(lambda: d.code in _codes(dws, "received_from"), timeout=10_000)
    dview = dept.open(d.code, "linked")
    assert not dview.read_only.isVisible()
    assert [a for a in dview.action_buttons if isinstance(a, Action)]  # its work now
    # the department's leader finds it in the same list and assigns a specialist
    leader = desk_for("lanhdao.sotuphap")
    lws = leader.ws("linked")
    lws.refresh()
    leader.qtbot.waitUntil(lambda: d.code in _codes(lws, "received_from"), timeout=10_000)
    lws.lists["received_from"].select_code(d.code)
    leader.qtbot.waitUntil(lambda: lws.view.loaded is not None
                           and lws.view.loaded.dossier.code == d.code, timeout=10_000)
    leader.wait_idle()
    assert "assign" in lws.view.offered()


def test_result_back_from_another_unit_is_listed_for_return(local_desk):
    """App. step 5: the department sealed it; the receiving desk returns it."""
    from dataclasses import replace

    desk = local_desk()
    ws = desk.ws("linked")
    assert [ws.tabs.tabText(i) for i in range(ws.tabs.count())] == [
        "Nhận từ đơn vị khác (0)", "Kết quả chuyển về để trả (0)", "Đã chuyển đơn vị khác (0)"]
    done = desk.first(Status.DONE)
    start = done.received_at or T0
    parts = (DossierPart(done.agency_id, "", start, done.due_at, start + timedelta(hours=2),
                         Timeliness.EARLY),
             DossierPart(JUSTICE, "", start + timedelta(hours=2), done.due_at,
                         done.finished_at or start + timedelta(hours=4), Timeliness.ON_TIME))
    desk.store.put_unit(UNITS[0])
    desk.store.put_dossier(replace(done, former_holders=(JUSTICE,), procedure_agency=JUSTICE,
                                   parts=parts))
    ws.refresh()
    desk.qtbot.waitUntil(lambda: done.code in _codes(ws, "came_back"), timeout=10_000)
    assert ws.tabs.tabText(ws.tabs.indexOf(ws.lists["came_back"])) == \
        "Kết quả chuyển về để trả (1)"
    ws.lists["came_back"].select_code(done.code)  # the officer opens it from this list
    view = ws.view
    desk.qtbot.waitUntil(lambda: view.loaded is not None
                         and view.loaded.dossier.code == done.code, timeout=10_000)
    assert not view.read_only.isVisible()  # back here: the desk returns it
    assert Action.RETURN_AT_COUNTER in view.action_buttons
    assert view.parts.timeliness_texts() == ["Trước hạn", "Đúng hạn"]
    assert view.info.values["Đơn vị giải quyết"].text() == "Sở Tư pháp tỉnh Thừa Thiên Huế"
