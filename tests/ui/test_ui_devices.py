"""Device steps that are not set up say so plainly; nothing crashes."""

from __future__ import annotations

from desk_app.domain import Status
from desk_app.workflow import Action


def test_scan_without_scanner_says_so(local_desk):
    desk = local_desk()
    desk.ws("desk").intake_button.click()
    dlg = desk.window.dialog
    desk.qtbot.waitUntil(lambda: dlg.proc_list.count() > 0, timeout=10_000)
    dlg.proc_list.setCurrentRow(0)
    dlg.scan(dlg.rows[0])
    desk.qtbot.waitUntil(lambda: any("máy quét" in m for m in desk.window.messages),
                         timeout=10_000)
    assert dlg.isVisible() and not dlg.rows[0].files


def test_approve_without_token_explains_and_approves_nothing(local_desk):
    # App. step 3: approving is signing; without a token nothing goes on unsigned.
    desk = local_desk("lanhdao")
    code = desk.store.dossier_summaries(desk.session.agency_id, (Status.IN_PROCESS,),
                                        desk.ws("leader").lists["approval"].spec.step)[0].code
    view = desk.open(code, "leader")
    view.action_buttons[Action.APPROVE].click()
    dlg = view.actions.dialog
    assert "Chưa ký số được" in dlg.findChildren(type(dlg.error))[0].text()
    dlg.ok()
    desk.qtbot.waitUntil(lambda: any("chưa ký số được" in m for m in desk.window.messages),
                         timeout=10_000)
    desk.wait_idle()
    assert desk.dossier(code).step.value == "approval"


def test_postal_slip_for_a_batch(local_desk):
    desk = local_desk(dossiers=120)
    now = desk.session.clock()
    rows = [s for s in desk.store.dossier_summaries(desk.session.agency_id, (Status.DONE,))
            if desk.dossier(s.code).result_delivery.value == "post" and s.due_at > now]
    assert len(rows) >= 2
    ws = desk.ws("desk")
    ws.tabs.setCurrentWidget(ws.lists["to_return"])
    assert ws.lists["to_return"].select_codes([s.code for s in rows]) == len(rows)
    ws.post_button.click()
    ws.view.actions.dialog.ok()
    slips = lambda: list(desk.session.output_dir.glob("postal_slip-*.pdf"))  # noqa: E731
    desk.qtbot.waitUntil(lambda: bool(slips()), timeout=20_000)
    desk.wait_idle()
    assert all(desk.dossier(s.code).status is Status.RETURNED for s in rows)
    from ui_harness import pdf_text

    text = pdf_text(slips()[0])
    assert all(s.code in text for s in rows)


def test_receipt_on_a_network_receipt_printer(local_desk):
    """A TCP listener on 127.0.0.1 stands for the counter's ESC/POS printer."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    desk = local_desk()
    desk.session.settings.receipt_printer = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    d = desk.dossier(desk.store.dossier_summaries(desk.session.agency_id, (Status.RECEIVED,))[0]
                     .code)
    desk.window.print_form("receipt", d)
    desk.qtbot.waitUntil(lambda: any("máy in nhiệt" in m or m.startswith("Không")
                                     for m in desk.window.messages), timeout=20_000)
    # plain words for the counter: which form, which dossier, no file paths
    said = desk.window.messages[-1]
    assert said.startswith("Giấy tiếp nhận") and d.code in said and "/" not in said.replace(
        d.code, "")
    thread.join(10)
    server.close()
    assert b"\x1b@" in received  # ESC @: the printer is initialised
    assert d.code.encode() in bytes(received)
    assert (desk.session.output_dir / f"receipt-{d.code}.pdf").exists()


def test_cancel_a_long_digitising_job(local_desk, tmp_path):
    from ui_harness import scanned_page

    desk = local_desk()
    desk.ws("desk").intake_button.click()
    dlg = desk.window.dialog
    desk.qtbot.waitUntil(lambda: dlg.proc_list.count() > 0, timeout=10_000)
    dlg.proc_list.setCurrentRow(0)
    pages = [str(scanned_page(tmp_path / f"p{i}.png")) for i in range(6)]
    dlg.import_files(dlg.rows[0].code, pages)
    assert desk.window.job_bar.isVisible()
    desk.window.job_bar.cancel.click()
    desk.qtbot.waitUntil(lambda: not desk.window.job_bar.isVisible(), timeout=30_000)
    assert not dlg.rows[0].files
    assert any("hủy" in m.lower() for m in desk.window.messages)
