"""Small dialogs the actions ask with: a reason, a supplement request, an assignee,
a draft, an apology date. Opened with .open() (never blocking exec) so the GUI keeps
running and tests can fill them in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import SUPPLEMENT_FAULT_NAMES_VI, DossierComponent, SupplementFault
from desk_app.textfmt import VN_TZ
from desk_app.workflow import NextSupplement
from ui.widgets import plain_label


class ActionDialog(QDialog):
    """A confirmation with an optional text (reason, comment) and extra fields."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None, *,
                 reason_label: str = "", reason_required: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.reason_required = reason_required
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(plain_label(text))
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.reason: QPlainTextEdit | None = None
        if reason_label:
            self.reason = QPlainTextEdit()
            self.reason.setObjectName("reason")
            self.reason.setTabChangesFocus(True)
            self.reason.setFixedHeight(80)
            self.form.addRow(reason_label, self.reason)
        self.error = plain_label()
        self.error.setStyleSheet("color: #b00020")
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        # one spelling across the product ("Hủy"), the confirming button the primary one
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setProperty("primary", True)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip() if self.reason else ""

    def problem(self) -> str:
        if self.reason_required and not self.reason_text():
            return "Hãy ghi rõ lý do, nội dung"
        return ""

    def _try_accept(self) -> None:
        why = self.problem()
        self.error.setText(why)
        if not why:
            self.accept()

    def ok(self) -> None:
        """Press OK (keyboard users press Ctrl+Enter; tests call this)."""
        self._try_accept()


class SupplementDialog(ActionDialog):
    """Form 02: everything that is missing, listed once, all at once (App. step 1)."""

    def __init__(self, components: Sequence[DossierComponent], nxt: NextSupplement,
                 parent: QWidget | None = None) -> None:
        super().__init__("Yêu cầu bổ sung, hoàn thiện hồ sơ",
                         "Đánh dấu mọi thành phần cần bổ sung và ghi rõ nội dung cần sửa: "
                         "công dân chỉ được hướng dẫn một lần.", parent,
                         reason_label="Nội dung, lý do")
        self.nxt = nxt
        self.items = QListWidget()
        self.items.setObjectName("missing")
        self.items.setWordWrap(True)  # long component names wrap instead of being cut
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for c in components:
            item = QListWidgetItem(c.name)
            item.setToolTip(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.required and not c.present
                               else Qt.CheckState.Unchecked)
            self.items.addItem(item)
        self.form.insertRow(0, "Thành phần cần bổ sung", self.items)
        self.setMinimumWidth(580)
        # A repeated request says whose fault it is; the officer chooses, nothing is ticked.
        self.fault_choice = QButtonGroup(self)
        self.unit_fault = QRadioButton(SUPPLEMENT_FAULT_NAMES_VI[nxt.unit_fault])
        self.applicant_fault = QRadioButton(
            SUPPLEMENT_FAULT_NAMES_VI[SupplementFault.APPLICANT])
        self.new_due = QDateTimeEdit()
        self.new_due.setCalendarPopup(True)
        self.new_due.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.new_due.setDateTime(QDateTime.currentDateTime().addDays(3))
        if nxt.fault_required:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            for b in (self.unit_fault, self.applicant_fault):
                self.fault_choice.addButton(b)
                lay.addWidget(b)
            self.form.addRow(f"Lần thứ {nxt.number}: lỗi do", box)
            self.apology_label = QLabel("Kèm thư xin lỗi, hẹn lại ngày trả kết quả")
            self.form.addRow(self.apology_label, self.new_due)
            self.unit_fault.toggled.connect(self._show_apology)
            self._show_apology()

    def _show_apology(self) -> None:
        needed = self.nxt.apology_needed(self.fault())
        self.apology_label.setVisible(needed)
        self.new_due.setVisible(needed)

    def fault(self) -> SupplementFault | None:
        if self.unit_fault.isChecked():
            return self.nxt.unit_fault
        if self.applicant_fault.isChecked():
            return SupplementFault.APPLICANT
        return None

    def apology_needed(self) -> bool:
        return self.nxt.apology_needed(self.fault())

    def missing(self) -> list[str]:
        return [self.items.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.items.count())
                if self.items.item(i).checkState() == Qt.CheckState.Checked]

    def problem(self) -> str:
        if not self.missing() and not self.reason_text():
            return "Hãy đánh dấu thành phần cần bổ sung hoặc ghi nội dung cần sửa"
        if self.nxt.fault_required and self.fault() is None:
            return "Hãy chọn lỗi do đơn vị hay do người nộp hồ sơ"
        return ""

    def new_due_at(self) -> datetime:
        return _aware(self.new_due.dateTime())


class AssignDialog(ActionDialog):
    """To a named person: the list shows full names and titles (the officer directory);
    the command carries the login name."""

    def __init__(self, candidates: Sequence[str], parent: QWidget | None = None,
                 names: dict[str, str] | None = None) -> None:
        super().__init__("Chuyển xử lý", "Chọn chuyên viên xử lý hồ sơ", parent)
        names = names or {}
        self.who = QComboBox()
        self.who.setObjectName("assignee")
        self.who.setEditable(True)
        self.who.setMinimumWidth(360)
        for username in candidates:
            self.who.addItem(names.get(username, username), username)
        self.form.addRow("Chuyên viên", self.who)

    def username(self) -> str:
        """The chosen person's login name (a typed login name is taken as it is)."""
        text = self.who.currentText().strip()
        i = self.who.findText(text)
        return str(self.who.itemData(i)) if i >= 0 and self.who.itemData(i) else text

    def problem(self) -> str:
        return "" if self.who.currentText().strip() else "Chưa chọn chuyên viên xử lý"


class DraftDialog(ActionDialog):
    """App. step 2: attach the draft result, or let the application generate one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Trình lãnh đạo", "Dự thảo kết quả giải quyết gửi lãnh đạo phê duyệt",
                         parent, reason_label="Ghi chú")
        self.generate = QRadioButton("Tạo dự thảo từ thông tin hồ sơ")
        self.generate.setChecked(True)
        self.attach = QRadioButton("Đính kèm tệp dự thảo")
        self.file = plain_label("")
        self.path = ""
        pick = QPushButton("Chọn tệp…")
        pick.clicked.connect(self._pick)
        row = QHBoxLayout()
        row.addWidget(self.attach)
        row.addWidget(pick)
        self.form.insertRow(0, self.generate)
        self.form.insertRow(1, row)
        self.form.insertRow(2, self.file)

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp dự thảo", "", "PDF (*.pdf)")
        if path:
            self.set_file(path)

    def set_file(self, path: str) -> None:
        self.path = path
        self.file.setText(path)
        self.attach.setChecked(True)

    def problem(self) -> str:
        if self.attach.isChecked() and not self.path:
            return "Chưa chọn tệp dự thảo"
        return ""


class ApologyDialog(ActionDialog):
    """Form 04: apology with a new appointment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Thư xin lỗi, hẹn lại", "Lập phiếu xin lỗi và hẹn lại ngày trả kết quả",
                         parent, reason_label="Lý do", reason_required=True)
        self.new_due = QDateTimeEdit()
        self.new_due.setObjectName("new_due")
        self.new_due.setCalendarPopup(True)
        self.new_due.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.new_due.setDateTime(QDateTime.currentDateTime().addDays(2))
        self.form.addRow("Hẹn lại", self.new_due)

    def new_due_at(self) -> datetime:
        return _aware(self.new_due.dateTime())


class PinDialog(QDialog):
    """The token PIN, asked once for a batch; never stored. It says what will be signed
    and with which certificate, so nobody signs blind."""

    def __init__(self, token_label: str, tries_left: int | None,
                 parent: QWidget | None = None, documents: Sequence[str] = (),
                 certificate: str = "") -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QLineEdit

        self.setWindowTitle("Nhập mã PIN để ký số")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        if documents:
            head = plain_label(f"Ký số {len(documents)} văn bản:")
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            layout.addWidget(head)
            self.documents = QListWidget()
            self.documents.setObjectName("pin_documents")
            self.documents.addItems(list(documents))
            self.documents.setWordWrap(True)  # each document read whole, never scrolled
            self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.documents.setMaximumHeight(min(240, 46 * len(documents) + 8))
            layout.addWidget(self.documents)
        self.certificate = plain_label(certificate or f"Thiết bị ký số: {token_label}")
        self.certificate.setObjectName("pin_certificate")
        layout.addWidget(self.certificate)
        layout.addWidget(plain_label(f"Nhập mã PIN của thiết bị ký số “{token_label}”"))
        if tries_left is not None:
            layout.addWidget(QLabel(f"Còn {tries_left} lần thử"))
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.pin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Ký số")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        """Everything the dialog says (for tests and screen readers), not the PIN."""
        parts = [w.text() for w in self.findChildren(QLabel)]
        docs = getattr(self, "documents", None)
        if docs is not None:
            parts += [docs.item(i).text() for i in range(docs.count())]
        return "\n".join(parts)


def _aware(value: QDateTime) -> datetime:
    py = value.toPython()
    return py.replace(tzinfo=VN_TZ) if py.tzinfo is None else py.astimezone(VN_TZ)


class SupplementReceivedDialog(ActionDialog):
    """The applicant brought what was asked for: digitise each part (Art. 12.1.b)."""

    def __init__(self, host, code: str, components: Sequence[DossierComponent],  # type: ignore[no-untyped-def]
                 asked: Sequence[str]) -> None:
        super().__init__("Nhận hồ sơ bổ sung", f"Hồ sơ {code}: số hóa các thành phần bổ sung",
                         host)
        self.host = host
        self.code = code
        self.files: dict[str, list] = {}
        self.parts = QComboBox()
        self.parts.setObjectName("supplement_part")
        for c in components:
            mark = " (được yêu cầu)" if c.code in asked else ""
            self.parts.addItem(c.name + mark, c.code)
        pick = QPushButton("Chọn tệp…")
        pick.clicked.connect(self._pick)
        self.attached = plain_label("Chưa có tệp nào")
        row = QHBoxLayout()
        row.addWidget(self.parts, 1)
        row.addWidget(pick)
        self.form.addRow("Thành phần", row)
        self.form.addRow("", self.attached)

    def _pick(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp đã quét", "",
                                                "PDF, ảnh (*.pdf *.png *.jpg *.jpeg *.tif)")
        if paths:
            self.add_files(self.parts.currentData(), paths)

    def add_files(self, component: str, paths: list[str]) -> None:
        """Digitise `paths` into one PDF for `component`, off the GUI thread."""
        from desk_app.domain import FileRef
        from ui import devices

        session = self.host.session

        def work(progress):  # type: ignore[no-untyped-def]
            made = devices.digitise_files(paths, session.data_dir / "scans", component,
                                          session.officer.full_name, self.code, component,
                                          cancel=progress.event)
            sha = session.blobs.put(made.data)
            return FileRef(sha, f"{component}-bo-sung.pdf", "application/pdf",
                           len(made.data), made.pages)

        def done(ref) -> None:  # type: ignore[no-untyped-def]
            self.files.setdefault(component, []).append(ref)
            self.attached.setText("; ".join(f"{k}: {len(v)} tệp" for k, v in self.files.items()))

        self.host.start_job("Số hóa hồ sơ bổ sung", work, done)
