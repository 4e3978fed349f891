"""Outside text is plain text; a half-finished paper intake survives a crash."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from ui_harness import open_local

from desk_app.domain import Status


def test_citizen_text_is_shown_as_plain_text(local_desk):
    desk = local_desk()
    code = desk.store.dossier_summaries(desk.session.agency_id, (Status.SUBMITTED,))[0].code
    d = desk.dossier(code)
    evil = "<b>Lê</b> <img src='http://x/y.png'> <a href='x'>bấm</a>"
    desk.store.put_dossier(replace(d, applicant=replace(d.applicant, name=evil,
                                                        address="<h1>Huế</h1>")))
    view = desk.open(code, "desk")
    assert evil in view.title.text()
    assert view.title.textFormat() == Qt.TextFormat.PlainText
    shown = [lb for lb in view.findChildren(QLabel) if "<h1>Huế</h1>" in lb.text()]
    assert shown and all(lb.textFormat() == Qt.TextFormat.PlainText for lb in shown)


def test_half_finished_intake_is_offered_back_after_a_crash(qtbot, tmp_path):
    data = tmp_path / "desk"
    desk = open_local(qtbot, data)
    desk.ws("desk").intake_button.click()
    dlg = desk.window.dialog
    qtbot.waitUntil(lambda: dlg.proc_list.count() > 0, timeout=10_000)
    dlg.proc_list.setCurrentRow(0)
    dlg.name.setText("Trần Văn Bảo")
    dlg.name.textEdited.emit(dlg.name.text())
    dlg.row(dlg.rows[0].code).handed.setChecked(True)
    qtbot.waitUntil(lambda: (desk.window.drafts.load() or {}).get("name") == "Trần Văn Bảo",
                    timeout=5_000)
    # power cut: nothing is closed properly, the next start opens the same folder
    desk.store.close()
    again = open_local(qtbot, data)
    assert again.window.restore_button.isVisible() or not again.window.restore_button.isHidden()
    again.window.restore_button.click()
    back = again.window.dialog
    assert back.name.text() == "Trần Văn Bảo"
    assert back.procedure is not None and back.rows[0].handed.isChecked()
    again.close()
