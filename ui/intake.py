"""Paper intake at the counter (Art. 12.1.b): choose the procedure, the applicant (and a
portal account for a walk-in), check each component off, digitise it, choose fee
payment and result delivery, receive and print the receipt (form 01).

A half-finished intake is saved on every change (atomically) and offered back after a
crash or power cut (`ui.recovery`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    ComponentSource,
    DossierComponent,
    FeePayment,
    FileRef,
    Procedure,
    ResultDelivery,
)
from ui import devices
from ui.recovery import DraftStore
from ui.threads import run_task
from ui.widgets import plain_label

KINDS = ((ApplicantKind.CITIZEN, "Công dân"), (ApplicantKind.ORGANISATION, "Tổ chức"),
         (ApplicantKind.BUSINESS, "Doanh nghiệp"))
FEES = ((FeePayment.COUNTER, "Nộp tại quầy"), (FeePayment.ONLINE, "Nộp trực tuyến"),
        (FeePayment.NONE, "Không thu phí"))
DELIVERY = ((ResultDelivery.COUNTER, "Nhận tại Bộ phận một cửa"),
            (ResultDelivery.POST, "Nhận qua bưu chính công ích"))


@dataclass
class ComponentRow:
    code: str
    name: str
    required: bool
    handed: QCheckBox
    copies: QSpinBox
    status: Any  # QLabel
    files: list[FileRef]


class IntakeDialog(QDialog):
    done = Signal(object)  # the Dossier

    def __init__(self, host, drafts: DraftStore, restore: dict[str, Any] | None = None
                 ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(host)
        self.host = host
        self.session = host.session
        self.drafts = drafts
        self.setWindowTitle(self.tr("Tiếp nhận hồ sơ giấy"))
        self.resize(1120, 720)
        self.procedure: Procedure | None = None
        self.rows: list[ComponentRow] = []
        self._busy = False
        # procedure, with search as you type (no tone marks needed)
        self.proc_search = QLineEdit()
        self.proc_search.setObjectName("procedure_search")
        self.proc_search.setPlaceholderText(self.tr("Gõ tên hoặc mã thủ tục, không cần dấu"))
        self.proc_list = QListWidget()
        self.proc_list.setObjectName("procedure_list")
        self.proc_list.setMaximumHeight(130)
        self.proc_list.setWordWrap(True)  # long procedure names wrap, never scroll sideways
        self.proc_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.proc_search.textEdited.connect(self._search_procedures)
        self.proc_list.currentRowChanged.connect(self._procedure_chosen)
        self.proc_label = plain_label()
        self.proc_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 6)
        # applicant
        self.kind = QComboBox()
        for kind, text in KINDS:
            self.kind.addItem(text, kind.value)
        self.name, self.id_number, self.address = QLineEdit(), QLineEdit(), QLineEdit()
        self.phone, self.email, self.subject = QLineEdit(), QLineEdit(), QLineEdit()
        for w, n in ((self.name, "applicant_name"), (self.id_number, "applicant_id"),
                     (self.address, "applicant_address"), (self.phone, "applicant_phone"),
                     (self.email, "applicant_email"), (self.subject, "subject")):
            w.setObjectName(n)
        self.make_account = QCheckBox(self.tr("Tạo tài khoản Cổng dịch vụ công cho người nộp"))
        self.make_account.setObjectName("make_account")
        # components
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("intake_components")
        self.table.setHorizontalHeaderLabels(["Thành phần hồ sơ", "Số bản", "Số hóa", ""])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        self.table.setColumnWidth(1, fm.horizontalAdvance("Số bản") + 40)
        self.table.setColumnWidth(2, fm.horizontalAdvance("✔ 99 trang, 9999 KB") + 24)
        self.table.setColumnWidth(3, fm.horizontalAdvance("QuétChọn tệp…") + 70)
        # fee and delivery
        self.fee = QComboBox()
        for value, text in FEES:
            self.fee.addItem(text, value.value)
        self.delivery = QComboBox()
        self.delivery.setObjectName("delivery")
        for value, text in DELIVERY:
            self.delivery.addItem(text, value.value)
        self.postal = QLineEdit()
        self.postal.setObjectName("postal_address")
        self.postal.setPlaceholderText(self.tr("Địa chỉ nhận kết quả qua bưu chính"))
        self.delivery.currentIndexChanged.connect(
            lambda _i: self.postal.setEnabled(self.by_post()))
        self.postal.setEnabled(False)
        self.error = plain_label()
        self.error.setObjectName("intake_error")
        self.error.setStyleSheet("color: #b00020")
        self.submit_button = QPushButton(self.tr("Tiếp nhận và in giấy tiếp nhận (Ctrl+Enter)"))
        self.submit_button.setObjectName("intake_submit")
        self.submit_button.setProperty("primary", True)
        self.submit_button.setShortcut("Ctrl+Return")
        self.submit_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Để sau"))
        cancel.setObjectName("intake_later")
        cancel.clicked.connect(self.leave)
        # Esc asks first: the citizen's papers are half taken
        self.confirm = QWidget()
        self.confirm.setObjectName("intake_confirm")
        self.confirm.setStyleSheet("#intake_confirm { background: #fff3c4; border-radius: 4px }")
        cl = QHBoxLayout(self.confirm)
        cl.addWidget(plain_label(self.tr("Đóng hồ sơ đang nhập? Bản nháp được giữ lại để mở "
                                         "tiếp."), selectable=False), 1)
        self.keep_on = QPushButton(self.tr("Tiếp tục nhập"))
        self.keep_on.setObjectName("intake_keep_on")
        self.keep_on.clicked.connect(self._keep_on)
        close_keep = QPushButton(self.tr("Đóng, giữ bản nháp"))
        close_keep.setObjectName("intake_close_keep")
        close_keep.clicked.connect(self.leave)
        drop = QPushButton(self.tr("Bỏ hồ sơ này"))
        drop.setObjectName("intake_discard")
        drop.clicked.connect(self.discard)
        for b in (self.keep_on, close_keep, drop):
            cl.addWidget(b)
        self.confirm.hide()
        self._layout(cancel)
        # Enter never presses a button here (it moves on to the next field instead)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_draft)
        for w in (self.name, self.id_number, self.address, self.phone, self.email, self.subject,
                  self.postal):
            w.textEdited.connect(lambda _t: self._save_timer.start())
        for c in (self.kind, self.fee, self.delivery):
            c.currentIndexChanged.connect(lambda _i: self._save_timer.start())
        self.make_account.toggled.connect(lambda _b: self._save_timer.start())
        if restore:
            self.restore(restore)

    def _layout(self, cancel: QPushButton) -> None:
        proc = QGroupBox(self.tr("1. Thủ tục"))
        pv = QVBoxLayout(proc)
        pv.addWidget(self.proc_search)
        pv.addWidget(self.proc_list)
        pv.addWidget(self.proc_label)
        who = QGroupBox(self.tr("2. Người nộp hồ sơ"))
        form = QFormLayout(who)
        form.addRow(self.tr("Loại"), self.kind)
        form.addRow(self.tr("Họ tên / Tên tổ chức"), self.name)
        form.addRow(self.tr("Số CCCD / mã số"), self.id_number)
        form.addRow(self.tr("Địa chỉ"), self.address)
        form.addRow(self.tr("Điện thoại"), self.phone)
        form.addRow(self.tr("Thư điện tử"), self.email)
        form.addRow("", self.make_account)
        comps = QGroupBox(self.tr("3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hóa "
                                  "(F9: quét thành phần kế tiếp)"))
        QVBoxLayout(comps).addWidget(self.table)
        last = QGroupBox(self.tr("4. Phí, lệ phí và nhận kết quả"))
        lf = QFormLayout(last)
        lf.addRow(self.tr("Nội dung yêu cầu"), self.subject)
        lf.addRow(self.tr("Phí, lệ phí"), self.fee)
        lf.addRow(self.tr("Nhận kết quả"), self.delivery)
        lf.addRow(self.tr("Địa chỉ nhận"), self.postal)
        top = QHBoxLayout()
        top.addWidget(proc, 1)
        top.addWidget(who, 1)
        buttons = QHBoxLayout()
        layout_confirm = self.confirm
        buttons.addWidget(self.error, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(comps, 1)
        layout.addWidget(last)
        layout.addWidget(layout_confirm)
        layout.addLayout(buttons)

    # --- procedure --------------------------------------------------------------------

    def _search_procedures(self, text: str) -> None:
        store = self.session.store
        agency = self.session.agency_id

        def find() -> list[Procedure]:
            found = store.search_procedures(text) if text.strip() else store.procedures(agency)
            return [p for p in found if p.agency_id == agency]

        run_task(find, lambda found: self._show_procedures(found, text),
                 self.host.show_error)

    def _show_procedures(self, procs: list[Procedure], text: str | None = None) -> None:
        if text is not None and text != self.proc_search.text() and (
                text or self.proc_search.text()):
            return  # an answer for what was typed before: a newer one is on its way
        self._procs = procs
        self.proc_list.clear()
        for p in procs:
            item = QListWidgetItem(f"{p.code} — {p.name}")
            self.proc_list.addItem(item)
        if len(procs) == 1:
            self.proc_list.setCurrentRow(0)

    def _take_procedure(self) -> None:
        """Enter in the search box: the highlighted (or only) procedure, then on to the
        applicant's name."""
        if self.proc_list.count() and self.proc_list.currentRow() < 0:
            self.proc_list.setCurrentRow(0)
        if self.procedure is not None:
            self.name.setFocus()

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
            self.submit()  # Ctrl+Enter, also when the shortcut did not take it
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() in (self.proc_search, self.proc_list):
                self._take_procedure()
                return
            self.focusNextChild()  # like Tab: the draft stays, the form stays open
            return
        if key == Qt.Key.Key_F9:
            self.scan_next()
            return
        if key == Qt.Key.Key_Down and self.focusWidget() is self.proc_search:
            self.proc_list.setFocus()
            self.proc_list.setCurrentRow(max(0, self.proc_list.currentRow()))
            return
        super().keyPressEvent(event)

    def leave(self) -> None:
        """Close now, keeping the draft ("Để sau", "Đóng, giữ bản nháp")."""
        self._leaving = True
        self.close()

    def reject(self) -> None:
        """Esc (or the window's close box): ask before closing a form with anything in it."""
        if getattr(self, "_leaving", False):
            super().reject()
            return
        if self._finished_ok() or not self._has_content() or self.confirm.isVisible():
            if self.confirm.isVisible():
                self._keep_on()
                return
            super().reject()
            return
        self.confirm.show()
        self.keep_on.setFocus()

    def _keep_on(self) -> None:
        self.confirm.hide()
        self.name.setFocus()

    def discard(self) -> None:
        """The officer chose to drop this intake: no draft is kept."""
        self._save_timer.stop()
        self._finished = True
        self.drafts.discard()
        self.confirm.hide()
        super().reject()

    def _finished_ok(self) -> bool:
        return bool(getattr(self, "_finished", False))

    def _has_content(self) -> bool:
        return self.procedure is not None or any(
            w.text().strip() for w in (self.name, self.id_number, self.address, self.phone,
                                       self.email))

    def _procedure_chosen(self, row: int) -> None:
        procs = getattr(self, "_procs", [])
        if 0 <= row < len(procs):
            p = procs[row]
            if self.procedure is not None and (p.code, p.agency_id) == (
                    self.procedure.code, self.procedure.agency_id):
                return  # the same one again (a late search answer): keep what was scanned
            self.set_procedure(p)

    def set_procedure(self, p: Procedure, files: dict[str, list[FileRef]] | None = None,
                      handed: dict[str, bool] | None = None) -> None:
        self.procedure = p
        self.proc_label.setText(f"{p.name} ({p.code}) — thời hạn {p.time_limit.describe_vi()}"
                                f"; {p.fees or 'không thu phí'}")
        if not self.subject.text():
            self.subject.setText(p.name)
        self.table.setRowCount(0)
        self.rows = []
        for spec in p.components:
            r = self.table.rowCount()
            self.table.insertRow(r)
            box = QCheckBox(spec.name + (" *" if spec.required else ""))
            box.setObjectName(f"handed_{spec.code}")
            box.setChecked(bool((handed or {}).get(spec.code)))
            box.toggled.connect(lambda _b: self._save_timer.start())
            copies = QSpinBox()
            copies.setRange(1, 20)
            status = plain_label("", wrap=False)
            actions = QWidget()
            al = QHBoxLayout(actions)
            al.setContentsMargins(0, 0, 0, 0)
            scan = QPushButton(self.tr("Quét"))
            scan.setObjectName(f"scan_{spec.code}")
            pick = QPushButton(self.tr("Chọn tệp…"))
            pick.setObjectName(f"import_{spec.code}")
            al.addWidget(scan)
            al.addWidget(pick)
            row = ComponentRow(spec.code, spec.name, spec.required, box, copies, status,
                               list((files or {}).get(spec.code, [])))
            scan.clicked.connect(lambda _=False, rw=row: self.scan(rw))
            pick.clicked.connect(lambda _=False, rw=row: self._pick(rw))
            self.table.setCellWidget(r, 0, box)
            self.table.setCellWidget(r, 1, copies)
            self.table.setCellWidget(r, 2, status)
            self.table.setCellWidget(r, 3, actions)
            self.rows.append(row)
            self._show_files(row)
        self._save_timer.start()

    def row(self, code: str) -> ComponentRow:
        return next(r for r in self.rows if r.code == code)

    # --- digitising --------------------------------------------------------------------

    def _pick(self, row: ComponentRow) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn tệp đã quét"), "",
            "PDF, ảnh (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")
        if paths:
            self.import_files(row.code, paths)

    def import_files(self, code: str, paths: list[str]) -> None:
        """Digitise from files (the scanning service builds one PDF per component)."""
        self._digitise(self.row(code), lambda cancel, prog: devices.digitise_files(
            paths, self.session.data_dir / "scans", self.row(code).name,
            self.session.officer.full_name, component_code=code, cancel=cancel,
            progress=prog))

    def scan_next(self) -> None:
        """F9: scan the next component not yet digitised, required ones first (the officer
        lays the next paper on the scanner and presses one key)."""
        todo = sorted((r for r in self.rows if not r.files), key=lambda r: not r.required)
        if todo:
            self.scan(todo[0])

    def scan(self, row: ComponentRow) -> None:
        device = self.session.settings.scanner
        self._digitise(row, lambda cancel, prog: devices.scan_to_pdf(
            device, self.session.data_dir / "scans", row.name,
            self.session.officer.full_name, cancel=cancel, progress=prog))

    def _digitise(self, row: ComponentRow, work: Any) -> None:
        blobs = self.session.blobs
        row.status.setText(self.tr("Đang số hóa…"))

        def run(progress: Any) -> tuple[FileRef, tuple[str, ...]]:
            # the job bar's Hủy sets progress.event; the scanning service watches it
            result = work(progress.event, lambda d, t: progress(d, t, row.name))
            progress.check()
            sha = blobs.put(result.data)
            return FileRef(sha, f"{row.code}.pdf", "application/pdf", len(result.data),
                           result.pages), result.warnings

        def finished(r: tuple[FileRef, tuple[str, ...]]) -> None:
            ref, warnings = r
            row.files = [ref]
            row.handed.setChecked(True)
            self._show_files(row)
            if warnings:
                self.host.show_message("; ".join(warnings))
            self.save_draft()

        def failed(exc: BaseException) -> None:
            self._show_files(row)
            self.host.show_error(exc)

        self.host.start_job(self.tr("Số hóa: ") + row.name, run, finished, failed)

    def _show_files(self, row: ComponentRow) -> None:
        if row.files:
            f = row.files[0]
            row.status.setText(f"✔ {f.pages or '?'} trang, {max(1, f.size // 1024)} KB")
        else:
            row.status.setText(self.tr("chưa số hóa"))

    # --- submit ------------------------------------------------------------------------

    def problems(self) -> list[str]:
        out = []
        if self.procedure is None:
            out.append("Chưa chọn thủ tục")
        if not self.name.text().strip():
            out.append("Chưa nhập họ tên người nộp")
        missing = [r.name for r in self.rows if r.required and not r.handed.isChecked()]
        if missing:
            out.append("Hồ sơ chưa đủ thành phần bắt buộc: " + "; ".join(missing)
                       + " — hãy hướng dẫn người nộp bổ sung một lần, đầy đủ")
        undigitised = [r.name for r in self.rows if r.handed.isChecked() and not r.files]
        if undigitised:
            # Art. 12.1.b: every paper component goes into the online dossier.
            out.append("Chưa số hóa: " + "; ".join(undigitised))
        if self.by_post() and not self.postal.text().strip():
            out.append("Chưa nhập địa chỉ nhận kết quả qua bưu chính")
        if self.make_account.isChecked() and "@" not in self.email.text():
            out.append("Cần địa chỉ thư điện tử của người nộp để tạo tài khoản Cổng")
        return out

    def by_post(self) -> bool:
        return self.delivery.currentData() == ResultDelivery.POST.value

    def applicant(self, account: str = "") -> Applicant:
        return Applicant(ApplicantKind(self.kind.currentData()), self.name.text().strip(),
                         self.id_number.text().strip(), self.address.text().strip(),
                         self.phone.text().strip(), self.email.text().strip(), account)

    def submit(self) -> None:
        problems = self.problems()
        self.error.setText("\n".join(problems))
        if problems or self._busy or self.procedure is None:
            return
        self._busy = True
        self.submit_button.setEnabled(False)
        procedure, svc, link = self.procedure, self.session.service, self.session.link
        comps = [DossierComponent(r.code, r.name, r.required, tuple(r.files),
                                  ComponentSource.DIGITISED, r.copies.value())
                 for r in self.rows if r.handed.isChecked()]
        applicant = self.applicant()
        want_account = self.make_account.isChecked()
        kwargs = dict(subject=self.subject.text().strip(),
                      fee_payment=FeePayment(self.fee.currentData()),
                      result_delivery=ResultDelivery(self.delivery.currentData()),
                      postal_address=self.postal.text().strip())

        def work() -> tuple[Any, str]:
            note, who = "", applicant
            if want_account:
                try:
                    account = link.create_citizen_account(applicant)
                    who = self.applicant(account)
                    made = getattr(link, "last_account", None)
                    first = getattr(made, "initial_password", "")
                    note = f"Đã tạo tài khoản Cổng: {account}" + (
                        f"; mật khẩu ban đầu (giao cho người nộp): {first}" if first else "")
                except Exception as exc:  # the intake goes on; the account can come later
                    note = devices.message_of(exc)
            return svc.intake(procedure, who, comps, **kwargs), note

        run_task(work, self._submitted, self._failed)

    def _submitted(self, result: tuple[Any, str]) -> None:
        dossier, note = result
        self._busy = False
        self._finished = True
        self._save_timer.stop()
        self.drafts.discard()
        self.host.show_message(f"Đã tiếp nhận hồ sơ {dossier.code} của "
                               f"{dossier.applicant.name}. {note}".strip())
        self.host.print_form("receipt", dossier)
        self.host.follow(dossier.code)  # the new dossier is selected once listed
        self.host.refresh_all()
        self.done.emit(dossier)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.submit_button.setEnabled(True)
        self.error.setText(devices.message_of(exc))

    # --- crash-safe draft -----------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        return {
            "procedure": [self.procedure.code, self.procedure.agency_id] if self.procedure
            else None,
            "kind": self.kind.currentData(), "name": self.name.text(),
            "id_number": self.id_number.text(), "address": self.address.text(),
            "phone": self.phone.text(), "email": self.email.text(),
            "subject": self.subject.text(), "fee": self.fee.currentData(),
            "delivery": self.delivery.currentData(), "postal": self.postal.text(),
            "make_account": self.make_account.isChecked(),
            "handed": {r.code: r.handed.isChecked() for r in self.rows},
            "files": {r.code: [vars(f) for f in r.files] for r in self.rows},
        }

    def save_draft(self) -> None:
        if not getattr(self, "_finished", False):
            self.drafts.save_soon(self.state())

    def restore(self, s: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(s.get("kind", "citizen")))))
        for w, key in ((self.name, "name"), (self.id_number, "id_number"),
                       (self.address, "address"), (self.phone, "phone"), (self.email, "email"),
                       (self.subject, "subject"), (self.postal, "postal")):
            w.setText(str(s.get(key, "")))
        self.fee.setCurrentIndex(max(0, self.fee.findData(str(s.get("fee", "counter")))))
        self.delivery.setCurrentIndex(max(0, self.delivery.findData(
            str(s.get("delivery", "counter")))))
        self.make_account.setChecked(bool(s.get("make_account")))
        if s.get("procedure"):
            p = self.session.store.get_procedure(*s["procedure"])
            if p is not None:
                files = {k: [FileRef(**f) for f in v] for k, v in s.get("files", {}).items()}
                self.set_procedure(p, files, s.get("handed", {}))

    def closeEvent(self, event: Any) -> None:
        if self.result() != QDialog.DialogCode.Accepted:
            self.save_draft()
        super().closeEvent(event)

