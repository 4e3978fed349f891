"""The supplement dialog asks whose fault a repeated request is, with nothing pre-ticked,
and asks for the apology's new date only when the law needs one (App. steps 1-2)."""

from __future__ import annotations

from desk_app.domain import DossierComponent, SupplementFault, SupplementStage
from desk_app.workflow import NextSupplement

COMPONENTS = (DossierComponent("tk", "Tờ khai đăng ký khai sinh", True),)


def test_a_first_request_asks_no_fault(qtbot):
    from ui.forms import SupplementDialog

    dlg = SupplementDialog(COMPONENTS, NextSupplement(SupplementStage.RECEIPT, 1,
                                                      SupplementFault.DESK))
    qtbot.addWidget(dlg)
    dlg.reason.setPlainText("Thiếu tờ khai")
    assert dlg.problem() == "" and dlg.fault() is None and not dlg.apology_needed()


def test_a_repeated_request_needs_the_fault_stated_and_the_apology_when_the_unit_erred(qtbot):
    from ui.forms import SupplementDialog

    dlg = SupplementDialog(COMPONENTS, NextSupplement(SupplementStage.PROCESSING, 2,
                                                      SupplementFault.PROCESSING_UNIT))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.reason.setPlainText("Sai thông tin")
    assert not dlg.unit_fault.isChecked() and not dlg.applicant_fault.isChecked()
    assert "lỗi do đơn vị hay do người nộp" in dlg.problem()
    dlg.applicant_fault.setChecked(True)
    assert dlg.problem() == "" and not dlg.apology_needed() and not dlg.new_due.isVisible()
    dlg.unit_fault.setChecked(True)
    assert dlg.fault() is SupplementFault.PROCESSING_UNIT
    assert dlg.apology_needed() and dlg.new_due.isVisible()
