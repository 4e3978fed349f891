"""Steps several journeys share (imported by the e2e tests; not collected itself)."""

from __future__ import annotations

import shutil

import pytest
from ui_harness import pdf_text, scanned_page

from desk_app.domain import ResultDelivery, Status
from desk_app.textfmt import fold


def paper_intake(desk, tmp_path) -> str:
    window = desk.window
    desk.ws("desk").intake_button.click()
    dlg = window.dialog
    procs = [p for p in desk.store.procedures(desk.session.agency_id)
             if len(p.components) <= 3 and p.time_limit.amount >= 3]
    target = procs[0]
    # search without tone marks, as officers type
    words = " ".join(fold(target.name).split()[:3])
    desk.qtbot.keyClicks(dlg.proc_search, words)
    desk.qtbot.waitUntil(lambda: any(target.code in dlg.proc_list.item(i).text()
                                     for i in range(dlg.proc_list.count())), timeout=10_000)
    row = next(i for i in range(dlg.proc_list.count())
               if target.code in dlg.proc_list.item(i).text())
    dlg.proc_list.setCurrentRow(row)
    assert dlg.procedure is not None and dlg.procedure.code == target.code
    # QTest types ASCII only: type the name's start, then the whole name as an IME would
    desk.qtbot.keyClicks(dlg.name, "Ng")
    dlg.name.setText("Nguyễn Thị Hoài Thương")
    dlg.name.textEdited.emit(dlg.name.text())
    dlg.id_number.setText("046190001234")
    dlg.address.setText("Thôn Hà Trung, xã Vinh Hà, huyện Phú Vang")
    dlg.phone.setText("0905123456")
    dlg.delivery.setCurrentIndex(dlg.delivery.findData(ResultDelivery.POST.value))
    dlg.postal.setText("Thôn Hà Trung, xã Vinh Hà, huyện Phú Vang, Thừa Thiên Huế")
    dlg.submit()  # not yet digitised: a clear message, nothing lost
    assert "Chưa số hoá" in dlg.error.text() or "chưa đủ" in dlg.error.text()
    for spec in target.components:
        if spec.required:
            page = scanned_page(tmp_path / f"{spec.code}.png", spec.code.upper())
            dlg.import_files(spec.code, [str(page)])
            desk.qtbot.waitUntil(lambda c=spec.code: bool(dlg.row(c).files), timeout=30_000)
    # the half-finished intake is kept on disk until it is done (crash, power cut)
    assert window.drafts.load()["name"] == "Nguyễn Thị Hoài Thương"
    with desk.qtbot.waitSignal(dlg.done, timeout=20_000) as got:
        dlg.submit()
    dossier = got.args[0]
    assert dossier.status is Status.RECEIVED
    assert all(c.digitised for c in dossier.components if c.required)
    receipt = desk.session.output_dir / f"receipt-{dossier.code}.pdf"
    desk.qtbot.waitUntil(receipt.exists, timeout=20_000)
    text = pdf_text(receipt)
    assert dossier.code in text and "Nguyễn Thị Hoài Thương" in text
    assert window.drafts.load() is None
    return dossier.code


PIN = "123456"


@pytest.fixture
def tokens(tmp_path):
    """A leader's and a clerk's USB token: SoftHSM2 with certificates of a test CA."""
    from signing.softhsm import SoftHsm, make_test_pki, softhsm_module

    if shutil.which("softhsm2-util") is None or softhsm_module() is None:
        pytest.skip("SoftHSM2 is not installed")
    pki = make_test_pki()
    hsm = SoftHsm(tmp_path / "tokens")
    hsm.create_token("LANH DAO", PIN, pki.leader)
    hsm.create_token("VAN THU", PIN, pki.clerk)
    hsm.activate()
    return pki, hsm


def answer_pin(desk, pin: str = PIN, timeout: int = 30_000) -> int:
    """Wait for the PIN dialog (asked from the token thread) and type the PIN once."""
    prompt = desk.window.pin_prompt
    desk.qtbot.waitUntil(lambda: prompt.dialog is not None or len(desk.window.messages) > 1,
                         timeout=timeout)
    assert prompt.dialog is not None, desk.window.messages
    prompt.dialog.pin.setText(pin)
    prompt.dialog.accept()
    return 1
