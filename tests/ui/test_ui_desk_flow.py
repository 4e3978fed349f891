"""The desk as officers live in it (issue 13): the keyboard, the lock, the actions offered,
the PIN dialog, the breach warning — each as the officer at the counter would notice it."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desk_app.domain import ResultDelivery, Status
from desk_app.workflow import Action


def _activate(desk, widget=None) -> None:
    w = widget or desk.window
    w.show()
    w.raise_()
    w.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5_000)


def _open_intake(desk):
    desk.ws("desk").intake_button.click()
    dlg = desk.window.dialog
    desk.qtbot.waitUntil(lambda: dlg.proc_list.count() > 0, timeout=10_000)
    return dlg


def test_enter_in_any_intake_field_keeps_the_form_and_the_draft(local_desk):
    desk = local_desk()
    dlg = _open_intake(desk)
    dlg.proc_list.setCurrentRow(0)
    fields = [dlg.proc_search, dlg.name, dlg.id_number, dlg.address, dlg.phone, dlg.email,
              dlg.subject, dlg.postal]
    for i, field in enumerate(fields):
        field.setText(f"Nội dung {i}")
        field.textEdited.emit(field.text())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            desk.qtbot.keyClick(field, key)
            assert dlg.isVisible(), f"Enter in {field.objectName()} closed the form"
    for box in (dlg.kind, dlg.fee, dlg.delivery, dlg.proc_list, dlg.rows[0].handed):
        desk.qtbot.keyClick(box, Qt.Key.Key_Return)
        assert dlg.isVisible()
    assert dlg.name.text() == "Nội dung 1" and dlg.phone.text() == "Nội dung 4"
    dlg.save_draft()
    desk.qtbot.waitUntil(lambda: (desk.window.drafts.load() or {}).get("name") == "Nội dung 1",
                         timeout=5_000)
    assert desk.store.count_dossiers() == 40  # nothing was submitted by Enter either


def test_esc_asks_before_discarding(local_desk):
    desk = local_desk()
    dlg = _open_intake(desk)
    dlg.proc_list.setCurrentRow(0)
    dlg.name.setText("Trần Thị Bích")
    dlg.name.textEdited.emit(dlg.name.text())
    desk.qtbot.keyClick(dlg.name, Qt.Key.Key_Escape)
    assert dlg.isVisible() and dlg.confirm.isVisible()  # asks first
    desk.qtbot.keyClick(dlg, Qt.Key.Key_Escape)  # Esc again: back to the form, not closed
    assert dlg.isVisible() and not dlg.confirm.isVisible()
    assert dlg.name.text() == "Trần Thị Bích"
    desk.qtbot.keyClick(dlg.name, Qt.Key.Key_Escape)
    dlg.findChild(QAbstractButton, "intake_close_keep").click()
    assert not dlg.isVisible()
    desk.qtbot.waitUntil(lambda: (desk.window.drafts.load() or {}).get("name")
                         == "Trần Thị Bích", timeout=5_000)  # kept to open again
    assert desk.window.restore_button.isVisible()


def _all_text(root: QWidget) -> str:
    """Every text a person or a screen reader could get out of the window's widgets."""
    parts = [root.windowTitle()]
    for w in root.findChildren(QWidget):
        parts += [w.toolTip(), w.accessibleName(), w.windowTitle()]
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            parts.append(w.text())
        if isinstance(w, QPlainTextEdit):
            parts.append(w.toPlainText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            m, top = w.model(), QModelIndex()
            try:
                columns = m.columnCount(top)
            except TypeError:  # a list model: one column
                columns = 1
            for r in range(m.rowCount(top)):
                for c in range(columns):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = m.data(m.index(r, c), role)
                        parts.append(str(value) if value is not None else "")
    return "\n".join(parts)


def test_lock_screen_holds_no_applicant_data(local_desk):
    desk = local_desk()
    w = desk.window
    people = []
    for s in desk.store.dossier_summaries(desk.session.agency_id):
        a = desk.dossier(s.code).applicant
        people += [a.name, a.id_number, a.phone]
    code = desk.ws("desk").lists["awaiting_receipt"].model.codes()[0]
    desk.open(code, "desk")
    dlg = _open_intake(desk)
    dlg.name.setText("Hoàng Thị Lan")
    before = _all_text(w)
    assert any(p and p in before for p in people)  # the check can see them when unlocked
    w.lock()
    shown = _all_text(w) + "\n" + "\n".join(
        _all_text(t) for t in QApplication.topLevelWidgets() if t.isVisible())
    leaked = [p for p in [*people, "Hoàng Thị Lan", code] if p and p in shown]
    assert leaked == []
    assert w.pages.currentWidget() is w.lock_page and w.lock_page.isVisible()
    assert not w.toolbar.isVisible() and not w.statusBar().isVisible()
    desk.qtbot.waitUntil(lambda: (w.drafts.load() or {}).get("name") == "Hoàng Thị Lan",
                         timeout=5_000)  # the half-taken intake is kept
    # the password brings the work back where it was
    w.lock_page.password.setText("demo")
    w.lock_page.try_unlock()
    desk.qtbot.waitUntil(lambda: w.current_workspace() is not None
                         and w.current_workspace().view.code == code, timeout=10_000)
    assert w.pages.currentWidget() is w.work_page and w.toolbar.isVisible()


def test_locks_by_itself_after_the_units_idle_time(local_desk):
    desk = local_desk()
    w = desk.window
    w.idle.set_minutes(0.002)  # ~120 ms in the test; the unit sets minutes in Settings
    desk.qtbot.waitUntil(lambda: w.lock_dialog is not None, timeout=5_000)
    assert w.pages.currentWidget() is w.lock_page
    assert w.workspaces == []  # the lists and the dossier left the window


def test_one_primary_action_destructive_apart_and_no_postal_for_counter_pickup(local_desk):
    desk = local_desk(dossiers=120)
    d = desk.first(Status.SUBMITTED, complete=True)
    view = desk.open(d.code, "desk")
    assert view.primary is view.action_buttons[Action.RECEIVE]
    assert view.primary.property("primary") is True
    for action in (Action.REFUSE, Action.WITHDRAW):
        if action in view.action_buttons:
            button = view.action_buttons[action]
            assert button.property("danger") is True
            assert view.danger_box.indexOf(button) >= 0  # apart from the main actions
            assert not button.shortcut().toString()  # no Alt+N slip into a refusal
    counter = desk.first(Status.DONE, result_delivery=ResultDelivery.COUNTER)
    view = desk.open(counter.code, "desk")
    assert "hand_to_post" not in view.offered()
    assert view.primary is view.action_buttons[Action.RETURN_AT_COUNTER]
    post = desk.first(Status.DONE, result_delivery=ResultDelivery.POST)
    view = desk.open(post.code, "desk")
    assert view.primary is view.action_buttons[Action.HAND_TO_POST]


def test_refusal_asks_for_a_reason(local_desk):
    desk = local_desk()
    d = desk.first(Status.SUBMITTED)
    view = desk.open(d.code, "desk")
    view.action_buttons[Action.REFUSE].click()
    dlg = view.actions.dialog
    dlg.ok()
    assert dlg.isVisible() and "lý do" in dlg.error.text()
    assert desk.dossier(d.code).status is Status.SUBMITTED
    dlg.reject()


def test_incomplete_dossier_flagged_in_list_and_first_tab(local_desk):
    desk = local_desk(dossiers=120)
    d = desk.first(Status.SUBMITTED, complete=False)
    wl = desk.ws("desk").lists["awaiting_receipt"]
    row = wl.model.row_of(d.code)
    assert "Thiếu giấy tờ" in wl.model.data(wl.model.index(row, 2))
    assert "thiếu giấy tờ" in desk.ws("desk").summary.text()
    view = desk.open(d.code, "desk")
    assert view.incomplete.isVisible() and view.tabs.currentIndex() == 0
    assert d.missing_required()[0].name in view.incomplete.text()


def test_breach_warning_stays_until_seen(local_desk):
    from datetime import datetime

    from desk_app.textfmt import VN_TZ

    tuesday = datetime(2026, 12, 1, 10, 0, tzinfo=VN_TZ)  # fixed: any hour of any day
    desk = local_desk(clock=lambda: tuesday)
    w = desk.window
    desk.session.clock = lambda: tuesday + timedelta(days=1)  # every receipt clock ran out
    w.tick()
    desk.qtbot.waitUntil(lambda: w.alert.isVisible(), timeout=10_000)
    assert "quá hạn tiếp nhận" in w.alert_text.text()
    w.show_message("Một thông báo khác")  # other messages do not push it away
    w.tick()
    desk.wait_idle()
    assert w.alert.isVisible()
    w.findChild(QAbstractButton, "alert_seen").click()
    assert not w.alert.isVisible()


def test_the_open_dossier_shows_the_receipt_countdown_large(local_desk):
    desk = local_desk()
    d = desk.first(Status.SUBMITTED)
    view = desk.open(d.code, "desk")
    assert view.countdown.isVisible()
    assert view.countdown.text().startswith("Hạn tiếp nhận: ")
    assert view.countdown.font().pointSizeF() > view.status.font().pointSizeF() * 1.4


def test_pin_dialog_names_the_documents_and_the_certificate(qtbot):
    from ui.forms import PinDialog

    docs = ["000.00.22.H57-261130-0003 — Đăng ký khai sinh — Đặng Văn Lực",
            "000.00.22.H57-261130-0007 — Cấp giấy phép xây dựng — Trần Thị Mai"]
    dlg = PinDialog("LANH DAO", 3, documents=docs,
                    certificate="Chứng thư số: NGUYỄN QUANG HUY, hết hạn 31/12/2027")
    qtbot.addWidget(dlg)
    dlg.show()
    said = dlg.text()
    assert "Ký số 2 văn bản" in said
    assert all(d in said for d in docs)
    assert "NGUYỄN QUANG HUY" in said and "31/12/2027" in said
    assert dlg.width() >= 600


def test_pin_prompt_carries_the_batch_to_the_dialog(qtbot):
    import threading

    from ui.pin import QtPinPrompt

    prompt = QtPinPrompt(timeout=10)
    prompt.documents = ["000.00.22.H57-261130-0003 — Đăng ký khai sinh — Đặng Văn Lực"]
    prompt.certificate = "Chứng thư số: NGUYỄN QUANG HUY, hết hạn 31/12/2027"
    answer: list = []
    worker = threading.Thread(target=lambda: answer.append(prompt.ask_pin("LANH DAO", None)))
    worker.start()
    qtbot.waitUntil(lambda: prompt.dialog is not None, timeout=5_000)
    assert "Đặng Văn Lực" in prompt.dialog.text() and "Ký số 1 văn bản" in prompt.dialog.text()
    prompt.dialog.pin.setText("123456")
    prompt.dialog.accept()
    worker.join(5)
    assert answer == ["123456"]


def test_people_by_full_name_in_the_assign_dialog(local_desk):
    desk = local_desk()
    w = desk.window
    desk.qtbot.waitUntil(lambda: bool(desk.session.people), timeout=10_000)
    d = desk.first(Status.RECEIVED)
    view = desk.open(d.code, "desk")
    view.action_buttons[Action.ASSIGN].click()
    dlg = view.actions.dialog
    items = [dlg.who.itemText(i) for i in range(dlg.who.count())]
    assert items and all("." not in t.split(" — ")[0] for t in items), items  # no logins
    dlg.who.setCurrentIndex(0)
    username = dlg.username()
    dlg.ok()
    desk.wait_idle()
    assert desk.dossier(d.code).assigned_to == username
    desk.qtbot.waitUntil(lambda: "Chuyên viên xử lý" in view.info.values, timeout=10_000)
    assert view.info.values["Chuyên viên xử lý"].text() == w.person(username) != username


class Keys:
    """Counts what the officer presses: command keys and typed characters apart."""

    def __init__(self, qtbot) -> None:
        self.qtbot, self.commands, self.typed = qtbot, 0, 0

    def press(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.commands += 1
        self.qtbot.keyClick(widget, key, modifier)

    def type(self, widget, text: str) -> None:
        self.typed += len(text)
        self.qtbot.keyClicks(widget, text)


def _focus(desk):
    """Where the officer's keys go: the focused widget of the (active) main window."""
    _activate(desk)
    return desk.window.focusWidget() or desk.window


def test_keystrokes_of_the_two_daily_paths(local_desk, tmp_path, request):
    """(1) receive a complete online dossier and print its receipt; (2) a paper dossier
    for a known procedure, from F2 to the printed receipt. Digitising uses a PDF file
    the scanner would have made (one F9 per paper in the real counter)."""
    from desk_app.domain import Channel

    desk = local_desk(dossiers=120)
    w = desk.window
    _activate(desk)
    keys = Keys(desk.qtbot)
    ws = desk.ws("desk")
    queue = ws.lists["awaiting_receipt"]
    complete = {c for c in queue.model.codes() if not desk.dossier(c).missing_required()
                and desk.dossier(c).channel is Channel.ONLINE}
    # --- path 1: F8 down the queue to the first complete online one, Alt+1, Enter, Ctrl+P
    keys.press(w, Qt.Key.Key_F8)
    desk.qtbot.waitUntil(lambda: ws.view.code != "", timeout=5_000)
    while ws.view.code not in complete:
        keys.press(_focus(desk), Qt.Key.Key_F8)
    code = ws.view.code
    desk.qtbot.waitUntil(lambda: ws.view.loaded is not None
                         and ws.view.loaded.dossier.code == code and ws.view.primary is not None,
                         timeout=5_000)
    to_reach = keys.commands
    desk.wait_idle()
    desk.qtbot.waitUntil(lambda: ws.view.primary is not None and ws.view.primary.isVisible(),
                         timeout=5_000)
    keys.press(_focus(desk), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    # a button's shortcut clicks it as a short animation: wait for the dialog
    desk.qtbot.waitUntil(lambda: ws.view.actions.dialog is not None, timeout=5_000)
    dlg = ws.view.actions.dialog
    keys.press(dlg, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.dossier(code).status is Status.RECEIVED, timeout=10_000)
    # stays on the dossier, now in "received", with the next steps offered
    desk.qtbot.waitUntil(lambda: ws.view.code == code and ws.view.next_steps.isVisible()
                         and "print_receipt" in ws.view.action_buttons
                         and ws.current_list() is ws.lists["received"], timeout=10_000)
    assert ws.lists["received"].selected_codes() == [code]  # found again in its new list
    assert "In giấy tiếp nhận (Ctrl+P)" in ws.view.next_steps.text()
    _activate(desk)
    keys.press(_focus(desk), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    receipt = desk.session.output_dir / f"receipt-{code}.pdf"
    desk.qtbot.waitUntil(receipt.exists, timeout=20_000)
    online = keys.commands
    online_typed = keys.typed

    # --- path 2: F2, find the procedure, the applicant, scan each paper, Ctrl+Enter
    keys = Keys(desk.qtbot)
    _activate(desk)
    keys.press(w, Qt.Key.Key_F2)
    desk.qtbot.waitUntil(lambda: w.dialog is not None and w.dialog.isVisible(), timeout=5_000)
    dlg = w.dialog
    target = min(desk.store.procedures(desk.session.agency_id), key=lambda p: len(p.components))
    _activate(desk, dlg)
    keys.type(dlg.proc_search, target.code)
    desk.qtbot.waitUntil(lambda: dlg.proc_list.count() == 1, timeout=10_000)
    keys.press(dlg.proc_search, Qt.Key.Key_Return)
    assert dlg.procedure is not None and dlg.procedure.code == target.code
    assert dlg.focusWidget() is dlg.name
    keys.type(dlg.name, "Tran Thi Bich")
    keys.press(dlg.name, Qt.Key.Key_Return)  # Enter: on to the next field, never closes
    keys.type(dlg.id_number, "046190001234")
    from ui_harness import scanned_page

    for row in dlg.rows:  # F9 scans the next paper; here the "scanner" gives a file
        page = scanned_page(tmp_path / f"{row.code}.png", row.code.upper())
        keys.commands += 1  # the F9 press
        dlg.import_files(row.code, [str(page)])
        desk.qtbot.waitUntil(lambda r=row: bool(r.files), timeout=30_000)
    _activate(desk, dlg)
    assert dlg.problems() == []
    with desk.qtbot.waitSignal(dlg.done, timeout=20_000) as got:
        keys.press(dlg.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    new = got.args[0].code
    receipt = desk.session.output_dir / f"receipt-{new}.pdf"
    desk.qtbot.waitUntil(receipt.exists, timeout=20_000)
    # the new dossier is selected, in view
    desk.qtbot.waitUntil(lambda: ws.view.code == new, timeout=10_000)
    paper = keys.commands
    request.node.user_properties.append(("keystrokes", {
        "online": {"commands": online, "typed": online_typed, "to_reach": to_reach},
        "paper": {"commands": paper, "typed": keys.typed, "papers": len(dlg.rows)}}))
    print(f"\nKEYSTROKES online: {online} keys ({to_reach} of them F8 to reach the first "
          f"complete online dossier in the queue); paper: {paper} command keys "
          f"({len(dlg.rows)} F9 scans) + {keys.typed} typed characters")
    assert online - to_reach == 3  # Alt+1, Enter, Ctrl+P
    assert paper == 4 + len(dlg.rows)  # F2, Enter, Enter, F9 per paper, Ctrl+Enter


def test_idle_lock_follows_the_units_idle_time(local_desk):
    from dataclasses import replace

    desk = local_desk()
    w = desk.window
    unit = desk.session.unit
    desk.store.put_unit(replace(unit, idle_lock_minutes=2))  # as the portal sets it
    desk.session.settings.idle_lock_minutes = 5
    assert w.idle_minutes() == 2  # the unit's time; this machine may only shorten it
    desk.session.settings.idle_lock_minutes = 1
    assert w.idle_minutes() == 1


def test_leader_workspace_opens_on_the_draft(local_desk):
    from dataclasses import replace
    from io import BytesIO

    from reportlab.pdfgen import canvas

    from desk_app.domain import FileRef

    desk = local_desk("lanhdao")
    ws = desk.ws("leader")
    desk.qtbot.waitUntil(lambda: ws.view.loaded is not None, timeout=10_000)
    d = ws.view.loaded.dossier
    assert d.code == ws.lists["approval"].model.codes()[0]  # opened by itself
    buf = BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(100, 750, "DU THAO QUYET DINH")
    page.save()
    sha = desk.session.blobs.put(buf.getvalue())
    desk.store.put_dossier(replace(d, result_files=(FileRef(sha, "du-thao.pdf"),)))
    ws.view.reload()
    desk.qtbot.waitUntil(lambda: ws.view.loaded.dossier.result_files != (), timeout=10_000)
    desk.qtbot.waitUntil(lambda: ws.view.viewer.stack.currentWidget()
                         is ws.view.viewer.pdf_view, timeout=10_000)
    assert ws.view.tabs.currentIndex() == 1  # the components tab, on the draft result
    assert ws.view.components.currentItem().text().startswith("★ Kết quả")
    assert ws.view.primary.text() == "Phê duyệt và ký"


def test_a_late_failure_of_an_earlier_file_does_not_cover_the_file_now_shown(qtbot):
    """Clicking past a file still downloading, then onto one on this machine: the first
    download failing afterwards must not replace the second file with its error."""
    import threading
    from io import BytesIO
    from types import SimpleNamespace

    from reportlab.pdfgen import canvas

    from desk_app.domain import FileRef
    from ui.viewer import ComponentViewer

    buf = BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(100, 750, "BAN CHINH")
    page.save()
    local = {"b" * 64: buf.getvalue()}
    release = threading.Event()

    def fetch_blob(sha: str) -> bytes:
        release.wait(10)
        raise ConnectionError("portal unreachable")

    blobs = SimpleNamespace(has=lambda sha: sha in local, get=local.__getitem__,
                            put=lambda data: None)
    host = SimpleNamespace(session=SimpleNamespace(blobs=blobs,
                                                   link=SimpleNamespace(fetch_blob=fetch_blob)))
    viewer = ComponentViewer(host)
    qtbot.addWidget(viewer)
    viewer.show_file(FileRef("a" * 64, "dang-tai.pdf", "application/pdf"))
    viewer.show_file(FileRef("b" * 64, "ban-chinh.pdf", "application/pdf"))
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.pdf_view, timeout=10_000)
    failed_before = viewer.message.text()
    failures: list[int] = []
    handle = viewer._failed
    viewer._failed = lambda token, exc: (failures.append(token), handle(token, exc))
    release.set()
    qtbot.waitUntil(lambda: failures == [1], timeout=10_000)  # the first file's failure came
    assert viewer.stack.currentWidget() is viewer.pdf_view
    assert viewer.message.text() == failed_before


def test_the_list_counts_with_the_units_hours_that_a_sync_brought(local_desk):
    """The lists took the unit's calendar once, when the window was built (before the first
    sync had brought the unit's hours), so the packaged demo read 'Còn 1 giờ 30 phút' in
    the queue and 'còn 1 giờ 00 phút' on the open dossier, for one dossier; and they
    counted from this machine's clock, not the session's (the portal's time)."""
    from dataclasses import replace
    from datetime import datetime

    from desk_app.textfmt import VN_TZ
    from ui.models import deadline_of, remaining_vi

    tuesday = datetime(2026, 12, 1, 7, 45, tzinfo=VN_TZ)
    desk = local_desk(clock=lambda: tuesday)
    session = desk.session
    # as the province office sets it and the next sync brings it: the day starts at 08:00
    session.store.put_unit(replace(session.unit, sessions=("08:00-11:30", "13:30-17:00")))
    ws = desk.ws("desk")
    ws.refresh()
    wl = ws.lists["receipt"] if "receipt" in ws.lists else next(iter(ws.lists.values()))
    calendar = session.calendar()
    desk.qtbot.waitUntil(lambda: wl.model.calendar is not None
                         and wl.model.calendar.sessions == calendar.sessions, timeout=10_000)
    assert wl.count() > 0
    row = wl.model.summary(0)
    shown = wl.model.data(wl.model.index(0, wl.model.REMAINING))
    assert shown == remaining_vi(deadline_of(row), tuesday, calendar)
    view = desk.open(row.code, "desk")
    assert view.countdown.text().endswith(shown[0].lower() + shown[1:])
