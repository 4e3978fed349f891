"""The demo's leaders and clerks sign with the demo's own tokens: with several tokens in
the slot and none chosen in Settings, the one whose certificate names the signer signs
(the leader by name, the agency's seal by the unit's name), and the portal accepts it."""

from __future__ import annotations

import shutil

import pytest
from journeys import answer_pin

from desk_app.domain import Status, Step


def test_demo_tokens_sign_for_the_right_person(desk_for, tmp_path):
    from desk_app.domain import Officer
    from server_stub.seed import officers_of
    from signing.softhsm import softhsm_module
    from ui import demo_tokens

    if shutil.which("softhsm2-util") is None or softhsm_module() is None:
        pytest.skip("SoftHSM2 is not installed")
    # This journey runs on the "demo" seed (the 2016 units); `desk-app demo` makes the
    # tokens of its own default seed's officers the same way.
    people = [Officer(u, n, a, frozenset(r)) for u, n, r, a in officers_of("demo")]
    module = demo_tokens.prepare(tmp_path / "tokens", people, demo_tokens.unit_names())
    assert module is not None
    lead = desk_for("lanhdao.phuvang", token_library=str(module))
    [code] = [s.code for s in lead.store.dossier_summaries(
        lead.session.agency_id, (Status.IN_PROCESS,), Step.APPROVAL)][:1]
    ws = lead.ws("leader")
    assert ws.lists["approval"].select_code(code)
    ws.batch_button.click()
    ws.view.actions.dialog.ok()
    answer_pin(lead, demo_tokens.DEMO_PIN, timeout=120_000)  # six tokens to look through
    lead.qtbot.waitUntil(lambda: lead.dossier(code).step is Step.SEALING, timeout=60_000)
    lead.sync()
    assert lead.window.sync_status.state.unsent == 0  # the portal accepted the signature
    clerk = desk_for("vanthu.phuvang", token_library=str(module))
    view = clerk.open(code, "clerk")
    view.action_buttons[next(a for a in view.action_buttons if a.value == "seal_and_register")
                        ].click()
    view.actions.dialog.ok()
    answer_pin(clerk, demo_tokens.DEMO_PIN, timeout=120_000)
    clerk.qtbot.waitUntil(lambda: clerk.dossier(code).status is Status.DONE, timeout=60_000)
    clerk.sync()
    assert clerk.window.sync_status.state.unsent == 0
