"""Journey: a paper dossier taken in at the counter, digitised from files, receipt
printed to a file; assigned, drafted, sent back, approved, sealed and registered;
returned by post with a handover slip. Once straight, once with the network cut in
the middle and restored: both end in the same state on the portal."""

from __future__ import annotations

import pytest
from journeys import answer_pin, paper_intake
from ui_harness import pdf_text, portal_dossier

from desk_app.domain import Status, Step
from desk_app.workflow import Action


def run_journey(desk_for, portal, tmp_path, cut: bool, hsm) -> dict:
    desk = desk_for("motcua.phuvang")
    if cut:
        portal.stop()  # the network goes down: the counter keeps working
    code = paper_intake(desk, tmp_path)
    d = desk.act(code, Action.ASSIGN, "desk",
                 fill=lambda dlg: dlg.who.setCurrentText("chuyenvien.phuvang"))
    assert d.status is Status.IN_PROCESS and d.assigned_to == "chuyenvien.phuvang"
    if cut:
        desk.sync()
        state = desk.window.sync_status.state
        assert state.status == "offline" and state.unsent >= 3
        assert "Ngoại tuyến" in desk.window.sync_status.text.text()
        portal.start()  # restored
    desk.sync()
    assert desk.window.sync_status.state.unsent == 0
    assert desk.dossier(code).provisional is False

    spec = desk_for("chuyenvien.phuvang")
    assert code in spec.ws("specialist").lists["assigned"].model.codes()
    spec.act(code, Action.SUBMIT_DRAFT, "specialist")
    spec.sync()

    lead = desk_for("lanhdao.phuvang", token_library=str(hsm.module), token_label="LANH DAO")
    assert code in lead.ws("leader").lists["approval"].model.codes()
    offered = lead.offered(code, "leader")
    assert "approve" in offered and "send_back" in offered and "receive" not in offered
    d = lead.act(code, Action.SEND_BACK, "leader",
                 fill=lambda dlg: dlg.reason.setPlainText("Bổ sung căn cứ pháp lý"))
    assert d.step is Step.PROCESSING
    lead.sync()

    spec.sync()
    spec.act(code, Action.SUBMIT_DRAFT, "specialist")
    spec.sync()

    lead.sync()
    leader_ws = lead.ws("leader")
    assert leader_ws.lists["approval"].select_code(code)
    leader_ws.batch_button.click()  # approve (and sign) the selected ones, one PIN
    lead.view_dialog = leader_ws.view.actions.dialog
    lead.view_dialog.ok()
    answer_pin(lead)  # App. step 3: approving is signing, on the leader's token
    lead.qtbot.waitUntil(lambda: lead.dossier(code).step is Step.SEALING, timeout=20_000)
    lead.sync()

    clerk = desk_for("vanthu.phuvang", token_library=str(hsm.module), token_label="VAN THU")
    view = clerk.open(code, "clerk")
    view.action_buttons[Action.SEAL_AND_REGISTER].click()
    view.actions.dialog.ok()
    answer_pin(clerk)  # App. step 4: the agency's signature on the same document
    clerk.qtbot.waitUntil(lambda: clerk.dossier(code).status is Status.DONE, timeout=30_000)
    d = clerk.dossier(code)
    assert d.status is Status.DONE and d.register_number
    clerk.qtbot.waitUntil(lambda: clerk.ws("clerk").register.rowCount() > 0, timeout=10_000)
    clerk.sync()

    desk.sync()
    assert code in desk.ws("desk").lists["to_return"].model.codes()
    d = desk.act(code, Action.HAND_TO_POST, "desk")
    assert d.status is Status.RETURNED
    slips = lambda: list(desk.session.output_dir.glob("postal_slip-*.pdf"))  # noqa: E731
    desk.qtbot.waitUntil(lambda: bool(slips()), timeout=20_000)
    assert code in pdf_text(slips()[0])
    desk.sync()
    assert desk.window.sync_status.state.unsent == 0
    record = portal_dossier(portal.base_url, code)["dossier"]
    assert record["status"] == "returned"
    assert record["register_number"] == d.register_number
    log = portal_dossier(portal.base_url, code)["log"]
    return {"status": record["status"], "actions": [r["action"] for r in log]}


@pytest.mark.parametrize("cut", [False, True], ids=["connected", "network_cut"])
def test_paper_dossier_to_postal_return(desk_for, portal, tmp_path, cut, tokens):
    outcome = run_journey(desk_for, portal, tmp_path, cut, tokens[1])
    assert outcome == {"status": "returned", "actions": [
        "submit", "receive", "assign", "submit_draft", "send_back", "submit_draft",
        "approve", "seal_and_register", "hand_to_post"]}
