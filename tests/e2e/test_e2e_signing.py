"""Journey: the leader approves and signs two drafts with one PIN on a USB token
(SoftHSM2), the clerk seals them on the agency token, which numbers them in the
outgoing register; the dossier view shows each signature's status (Art. 11.1)."""

from __future__ import annotations

from journeys import answer_pin

from desk_app.domain import Status, Step
from desk_app.workflow import Action


def test_leader_and_clerk_sign_batches_with_one_pin(desk_for, tokens, tmp_path,
                                                    monkeypatch):
    pki, hsm = tokens
    spec = desk_for("chuyenvien.phuvang")
    codes = [s.code for s in spec.store.dossier_summaries(
        spec.session.agency_id, (Status.IN_PROCESS,), Step.PROCESSING,
        "chuyenvien.phuvang")][:2]
    assert len(codes) == 2
    for code in codes:
        spec.act(code, Action.SUBMIT_DRAFT, "specialist")
    spec.sync()

    lead = desk_for("lanhdao.phuvang", token_library=str(hsm.module), token_label="LANH DAO")
    ws = lead.ws("leader")
    assert ws.lists["approval"].select_codes(codes) == 2
    ws.batch_button.click()
    ws.view.actions.dialog.ok()
    asked = answer_pin(lead)
    lead.qtbot.waitUntil(lambda: all(lead.dossier(c).step is Step.SEALING for c in codes),
                         timeout=60_000)
    assert asked == 1 and lead.window.pin_prompt.dialog is None  # one PIN for the batch
    for code in codes:
        d = lead.dossier(code)
        data = lead.session.blobs.get(d.result_files[0].sha256)
        assert b"/ByteRange" in data  # signed
    # the dossier view shows the signature's status; the test CA is not trusted here
    view = lead.open(codes[0])
    view.tabs.setCurrentIndex(1)
    results = [i for i in range(view.components.count())
               if view.components.item(i).text().startswith("★")]
    view.components.setCurrentRow(results[-1])
    lead.qtbot.waitUntil(lambda: "chữ ký" in view.viewer.signature.text().lower()
                         or "Người ký" in view.viewer.signature.text(), timeout=30_000)
    assert "Chữ ký hợp lệ" not in view.viewer.signature.text()
    assert "Người ký không được tin cậy" in view.viewer.signature.text()
    # with the (test) root CA trusted, the same signature is valid
    trust = tmp_path / "trust"
    trust.mkdir()
    (trust / "root.pem").write_bytes(pki.root_pem())
    monkeypatch.setenv("DESK_TRUST_DIR", str(trust))
    view.components.setCurrentRow(0)
    view.components.setCurrentRow(results[-1])
    lead.qtbot.waitUntil(lambda: "Chữ ký hợp lệ" in view.viewer.signature.text(),
                         timeout=30_000)
    lead.sync()
    assert lead.window.sync_status.state.unsent == 0

    clerk = desk_for("vanthu.phuvang", token_library=str(hsm.module), token_label="VAN THU")
    ws = clerk.ws("clerk")
    assert ws.lists["sealing"].select_codes(codes) == 2
    ws.seal_selected()
    ws.view.actions.dialog.ok()
    answer_pin(clerk)
    clerk.qtbot.waitUntil(lambda: all(clerk.dossier(c).status is Status.DONE for c in codes),
                          timeout=60_000)
    numbers = {clerk.dossier(c).register_number for c in codes}
    assert len(numbers) == 2 and all(n.endswith("/GP-UBND") for n in numbers)
    clerk.qtbot.waitUntil(lambda: ws.register.rowCount() >= 2, timeout=10_000)
    shown = {ws.register.item(r, 0).text() for r in range(ws.register.rowCount())}
    assert numbers <= shown
    clerk.sync()
    assert clerk.window.sync_status.state.unsent == 0
