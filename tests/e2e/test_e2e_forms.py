"""Forms printed from the dossier screen: the apology letter (form 04) with its number
and new appointment, officers by full name on the receipt (issue 11.10)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from ui_harness import pdf_text

from desk_app.domain import Status


def test_the_apology_letter_prints_from_the_dossier_screen(desk_for):
    desk = desk_for("motcua.phuvang")
    d = next(desk.dossier(s.code) for s in desk.store.dossier_summaries(
        desk.session.agency_id) if desk.dossier(s.code).apologies)
    letter = d.apologies[-1]
    view = desk.open(d.code, "desk")
    [button] = [b for b in view.findChildren(QPushButton) if b.objectName() == "print_apology"]
    assert letter.number in button.text()
    button.click()
    out = desk.session.output_dir
    desk.qtbot.waitUntil(lambda: bool(list(out.glob(f"apology-{d.code}*.pdf"))),
                         timeout=20_000)
    text = pdf_text(next(out.glob(f"apology-{d.code}*.pdf")))
    assert letter.number in text and d.code in text
    assert f"{letter.new_due_at:%Y}" in text  # the new appointment


def test_the_receipt_names_the_officer_by_full_name(desk_for):
    desk = desk_for("motcua.phuvang")
    d = desk.first(Status.IN_PROCESS)
    view = desk.open(d.code, "desk")
    [button] = [b for b in view.findChildren(QPushButton) if b.objectName() == "print_receipt"]
    button.click()
    out = desk.session.output_dir
    desk.qtbot.waitUntil(lambda: bool(list(out.glob(f"receipt-{d.code}*.pdf"))),
                         timeout=20_000)
    text = pdf_text(next(out.glob(f"receipt-{d.code}*.pdf")))
    assert "Thông tư số 03/2025/TT-VPCP" in text or "03/2025" in text  # received in 2026
    receiver = desk.session.person(d.received_by) if d.received_by else ""
    if receiver and receiver != d.received_by:
        assert receiver in " ".join(text.split())
    assert d.received_by not in text.split() or not d.received_by
