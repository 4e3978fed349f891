"""Printing from the main window: forms rendered and printed (or written to a file) off
the GUI thread, with the job shown in the status bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from desk_app.domain import Dossier
from ui import devices
from ui.threads import Progress, run_task

FORM_NAMES_VI = {"receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                 "supplement": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
                 "refusal": "Phiếu từ chối tiếp nhận", "apology": "Phiếu xin lỗi và hẹn lại",
                 "control": "Phiếu kiểm soát quá trình giải quyết", "postal_slip":
                 "Phiếu giao chuyển bưu chính", "stop": "Thông báo dừng giải quyết hồ sơ"}


class PrintingMixin:
    """Needs `session`, `job_bar`, `show_message`, `show_error` and `tr` on the window."""

    session: Any
    job_bar: Any
    show_message: Callable[..., None]
    show_error: Callable[[BaseException], None]
    tr: Callable[[str], str]

    # --- printing ----------------------------------------------------------------------

    def print_form(self, form_id: str, dossier: Dossier, **data: Any) -> None:
        session = self.session
        unit, officer = session.unit, session.officer

        def work() -> str:
            if unit is None or officer is None:
                raise devices.DeviceUnavailable("Chưa có thông tin đơn vị; hãy đồng bộ")
            d = session.store.get_dossier(dossier.code) or dossier
            procedure = session.store.get_procedure(d.procedure_code, d.deciding_id)
            if form_id == "control" and d.parts and "parts" not in data:
                # Form 06 (2025): every unit's part with its budget and timeliness.
                from printing.fields import dossier_parts

                data["parts"] = dossier_parts(d, {u.agency_id: u.name for u in
                                                  session.store.units()}, procedure)
            # Officers by full name on every form (the officer directory).
            req = devices.FormRequest(form_id, unit, officer, session.clock(),
                                      {"dossier": d, "procedure": procedure, **data},
                                      people={u: session.person(u) for u in session.people},
                                      calendar=session.service.calendar(d.agency_id))
            pdf = devices.render_form(req)
            title = f"{FORM_NAMES_VI.get(form_id, 'Bản in')} của hồ sơ {d.code}: "
            if form_id == "receipt" and session.settings.receipt_printer:
                # the counter's receipt printer too; the A4 copy is kept either way
                note = devices.print_thermal_receipt(req, session.settings.receipt_printer)
                return title + note + "; bản A4 " + devices.print_pdf(
                    pdf, f"{form_id}-{d.code}", session.settings.a4_printer,
                    session.output_dir)
            return title + devices.print_pdf(pdf, f"{form_id}-{d.code}",
                                             session.settings.a4_printer, session.output_dir)

        self._print_job(work)

    def print_postal_slip(self, dossiers: Sequence[Dossier]) -> None:
        session = self.session
        unit, officer = session.unit, session.officer

        def work() -> str:
            if unit is None or officer is None:
                raise devices.DeviceUnavailable("Chưa có thông tin đơn vị; hãy đồng bộ")
            now = session.clock()
            batch = devices.postal_batch(f"{now:%y%m%d%H%M}/PGBC", now, list(dossiers),
                                         "Bưu điện " + unit.name.replace("UBND ", ""))
            pdf = devices.render_form(devices.FormRequest("postal_slip", unit, officer, now,
                                                          {"batch": batch}))
            return (f"{FORM_NAMES_VI['postal_slip']} ({len(dossiers)} hồ sơ): "
                    + devices.print_pdf(pdf, f"postal_slip-{now:%Y%m%d-%H%M%S}",
                                        session.settings.a4_printer, session.output_dir))

        self._print_job(work)

    def _print_job(self, work: Callable[[], str]) -> None:
        holder: list[Progress] = []

        def done(text: str) -> None:
            self.job_bar.end(holder[0])
            self._printed(text)

        def failed(exc: BaseException) -> None:
            self.job_bar.end(holder[0])
            self.show_error(exc)

        holder.append(run_task(work, done, failed))
        self.job_bar.begin(self.tr("Đang in…"), holder[0])

    def _printed(self, text: str) -> None:
        self.printed = [*getattr(self, "printed", []), text]
        self.show_message(text)

