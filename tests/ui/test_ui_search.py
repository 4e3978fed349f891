"""Search as you type without tone marks; a barcode scanner opens a dossier anywhere."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk_app.textfmt import fold


def test_search_without_tone_marks_opens_the_dossier(local_desk):
    desk = local_desk()
    target = desk.store.dossier_summaries(desk.session.agency_id)[3]
    typed = fold(target.applicant_name)  # "nguyen thi ..." as typed on any keyboard
    box = desk.window.search
    box.setFocus()
    desk.qtbot.keyClicks(box, typed)
    desk.qtbot.waitUntil(lambda: any(s.code == target.code for s in box.last_results),
                         timeout=10_000)
    assert box.results.count() >= 1
    row = next(i for i in range(box.results.count())
               if box.results.item(i).data(Qt.ItemDataRole.UserRole) == target.code)
    box.results.setCurrentRow(row)
    desk.qtbot.keyClick(box, Qt.Key.Key_Return)
    ws = desk.window.current_workspace()
    desk.qtbot.waitUntil(lambda: ws.view.loaded is not None
                         and ws.view.loaded.dossier.code == target.code, timeout=10_000)


def test_barcode_wedge_opens_dossier_from_any_screen(local_desk):
    desk = local_desk()
    rows = desk.store.dossier_summaries(desk.session.agency_id)
    target = rows[-1]
    # focus is somewhere else entirely: the work list of another tab
    ws = desk.window.current_workspace()
    ws.tabs.setCurrentIndex(ws.tabs.count() - 1)
    ws.current_list().view.setFocus()
    focus = desk.window.focusWidget() or desk.window
    desk.qtbot.keyClicks(focus, target.code)
    desk.qtbot.keyClick(focus, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: ws.view.loaded is not None
                         and ws.view.loaded.dossier.code == target.code, timeout=10_000)
