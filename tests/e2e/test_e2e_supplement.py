"""Journey: an incomplete online dossier; the desk asks for everything missing at once
(App. step 1, form 02 printed), the portal agrees."""

from __future__ import annotations

from ui_harness import pdf_text, portal_dossier, scanned_page

from desk_app.domain import Status
from desk_app.workflow import Action


def test_supplement_request_lists_everything_missing_once(desk_for, portal, tmp_path):
    desk = desk_for("motcua.phuvang")
    d = desk.first(Status.SUBMITTED, complete=False)
    missing = [c.code for c in d.missing_required()]
    view = desk.open(d.code, "desk")
    assert "receive" in view.offered()  # offered, but refused with the reason
    view.action_buttons[Action.RECEIVE].click()
    view.actions.dialog.ok()
    desk.wait_idle()
    assert "thiếu thành phần" in desk.window.banner.text()
    assert desk.dossier(d.code).status is Status.SUBMITTED

    def fill(dlg):
        assert sorted(dlg.missing()) == sorted(missing)  # pre-checked: all at once
        dlg.reason.setPlainText("Bổ sung bản chính giấy tờ còn thiếu")

    after = desk.act(d.code, Action.REQUEST_SUPPLEMENT, "desk", fill=fill)
    assert after.status is Status.SUPPLEMENT_REQUESTED
    assert list(after.supplements[-1].missing) == missing
    form = desk.session.output_dir / f"supplement-{d.code}.pdf"
    desk.qtbot.waitUntil(lambda: form.exists() or any(
        m.startswith(("Mẫu", "Không", "Có lỗi", "Chưa")) for m in desk.window.messages),
        timeout=20_000)
    assert form.exists(), desk.window.messages
    assert d.code in pdf_text(form)
    assert d.code in desk.ws("desk").lists["supplement"].model.codes()
    desk.sync()
    assert portal_dossier(portal.base_url, d.code)["dossier"]["status"] == "supplement_requested"

    # the applicant brings the missing parts: digitised, then the dossier is received
    def bring(dlg):
        for code in missing:
            dlg.add_files(code, [str(scanned_page(tmp_path / f"{code}.png"))])
        desk.qtbot.waitUntil(lambda: len(dlg.files) == len(missing), timeout=60_000)

    back = desk.act(d.code, Action.SUPPLEMENT_RECEIVED, "desk", fill=bring)
    assert back.status is Status.SUBMITTED and not back.missing_required()
    received = desk.act(d.code, Action.RECEIVE, "desk")
    assert received.status is Status.RECEIVED
    desk.sync()
    assert portal_dossier(portal.base_url, d.code)["dossier"]["status"] == "received"
