"""Settings of one desk, stored per user (platformdirs), with plain validation messages."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from datetime import time
from pathlib import Path
from urllib.parse import urlparse

import platformdirs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.calendar import Session, WorkCalendar

APP_NAME = "desk-app"


def config_dir() -> Path:
    return Path(os.environ.get("DESK_APP_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(os.environ.get("DESK_APP_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


@dataclass
class Settings:
    portal_url: str = "https://dichvucong.thuathienhue.gov.vn"
    unit_id: str = ""
    a4_printer: str = ""
    receipt_printer: str = ""  # e.g. "tcp://192.168.1.50:9100" or a CUPS queue name
    scanner: str = ""  # a SANE device name, e.g. "test:0"
    token_library: str = ""  # PKCS#11 module path
    token_label: str = ""  # which token, when several are plugged in
    morning: str = "07:00-11:30"
    afternoon: str = "13:30-17:00"
    idle_lock_minutes: int = 5
    sync_interval_seconds: int = 30
    language: str = "vi"
    receipt_output_dir: str = ""  # where receipts "printed to a file" go

    # --- storage ------------------------------------------------------------------

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        s = cls(**{k: v for k, v in raw.items() if k in known})
        return s if not s.validate() else cls()

    def save(self) -> None:
        target = self.path()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(self), f, ensure_ascii=False, indent=2)
        os.replace(tmp, target)

    # --- validation -----------------------------------------------------------------

    def calendar(self) -> WorkCalendar:
        """The unit's working calendar from its session hours (falls back to the default
        hours when the stored ones do not parse: validation reports those)."""
        try:
            return WorkCalendar.weekdays(
                Session(*parse_session(text)) for text in (self.morning, self.afternoon))
        except ValueError:
            return WorkCalendar.default()

    def validate(self) -> dict[str, str]:
        """Field name → a Vietnamese message saying what is wrong and how to fix it."""
        errors: dict[str, str] = {}
        url = urlparse(self.portal_url.strip())
        if url.scheme not in ("http", "https") or not url.hostname:
            errors["portal_url"] = ("Địa chỉ Cổng dịch vụ công phải bắt đầu bằng https:// "
                                    "và có tên máy chủ, ví dụ https://dichvucong.gov.vn")
        elif url.scheme == "http" and url.hostname not in ("127.0.0.1", "localhost", "::1"):
            errors["portal_url"] = ("Chỉ dùng http:// cho máy chủ thử trên chính máy này; "
                                    "Cổng dịch vụ công thật phải dùng https://")
        for name in ("morning", "afternoon"):
            try:
                start, end = parse_session(getattr(self, name))
            except ValueError:
                errors[name] = "Giờ làm việc ghi theo dạng 07:00-11:30"
                continue
            if start >= end:
                errors[name] = "Giờ bắt đầu phải trước giờ kết thúc"
        if "morning" not in errors and "afternoon" not in errors and (
                parse_session(self.morning)[1] > parse_session(self.afternoon)[0]):
            errors["afternoon"] = "Buổi chiều phải bắt đầu sau khi buổi sáng kết thúc"
        if not 1 <= int(self.idle_lock_minutes) <= 120:
            errors["idle_lock_minutes"] = "Thời gian tự khóa từ 1 đến 120 phút"
        if self.token_library and not Path(self.token_library).exists():
            errors["token_library"] = f"Không tìm thấy thư viện ký số: {self.token_library}"
        if self.language not in ("vi", "en"):
            errors["language"] = "Ngôn ngữ chỉ có thể là vi hoặc en"
        return errors


def parse_session(text: str) -> tuple[time, time]:
    start, end = (part.strip() for part in text.split("-"))
    return time.fromisoformat(start), time.fromisoformat(end)


_FIELDS = (
    ("portal_url", "Địa chỉ Cổng dịch vụ công"),
    ("unit_id", "Mã đơn vị"),
    ("a4_printer", "Máy in A4"),
    ("receipt_printer", "Máy in biên nhận"),
    ("scanner", "Máy quét"),
    ("token_library", "Thư viện chữ ký số (PKCS#11)"),
    ("token_label", "Tên thiết bị ký số (khi cắm nhiều)"),
    ("morning", "Buổi sáng"),
    ("afternoon", "Buổi chiều"),
)


DEVICE_KINDS = ("a4_printer", "receipt_printer", "scanner", "token_library")


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cài đặt"))
        self.settings = settings
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.found: dict[str, QComboBox] = {}  # devices present on this machine
        self.results: dict[str, QLabel] = {}  # what the last test said
        self.setMinimumWidth(760)
        form = QFormLayout()
        for name, label in _FIELDS:
            edit = QLineEdit(str(getattr(settings, name)))
            edit.setObjectName(name)
            err = QLabel()
            err.setTextFormat(Qt.TextFormat.PlainText)
            err.setStyleSheet("color: #b00020")
            err.setWordWrap(True)
            err.hide()
            self.edits[name], self.errors[name] = edit, err
            form.addRow(self.tr(label), self._device_row(name, edit))
            form.addRow("", err)
            if name in DEVICE_KINDS:
                form.addRow("", self.results[name])
        self.idle = QSpinBox()
        self.idle.setRange(0, 999)
        self.idle.setValue(int(settings.idle_lock_minutes))
        self.idle.setSuffix(" " + self.tr("phút"))
        self.errors["idle_lock_minutes"] = QLabel()
        self.errors["idle_lock_minutes"].hide()
        form.addRow(self.tr("Tự khóa khi không dùng sau"), self.idle)
        form.addRow("", self.errors["idle_lock_minutes"])
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if settings.language == "vi" else 1)
        form.addRow(self.tr("Ngôn ngữ"), self.language)
        form.addRow("", QLabel(self.tr("Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm")))
        self.errors["language"] = QLabel()
        self.errors["language"].hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setProperty("primary", True)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        from ui.doctor_page import settings_tabs  # the "Kiểm tra máy" page beside the form

        layout = QVBoxLayout(self)
        layout.addWidget(settings_tabs(self, form))
        layout.addWidget(buttons)
        self.find_devices()

    # --- devices present, and a test for each -----------------------------------------

    def _device_row(self, name: str, edit: QLineEdit) -> QWidget:
        if name not in DEVICE_KINDS:
            return edit
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        found = QComboBox()
        found.setObjectName(f"found_{name}")
        found.setMinimumWidth(220)
        found.addItem(self.tr("Đang tìm trên máy…"), "")
        found.activated.connect(lambda i, n=name: self._choose(n, i))
        test = QPushButton(self.tr("Thử"))
        test.setObjectName(f"test_{name}")
        test.clicked.connect(lambda _=False, n=name: self.test_device(n))
        result = QLabel()
        result.setObjectName(f"result_{name}")
        result.setTextFormat(Qt.TextFormat.PlainText)
        result.setWordWrap(True)
        result.hide()
        self.found[name], self.results[name] = found, result
        lay.addWidget(edit, 3)
        lay.addWidget(found, 2)
        lay.addWidget(test)
        return row

    def find_devices(self) -> None:
        """Look for what is plugged in now (off the GUI thread)."""
        from ui import device_finder
        from ui.threads import run_task

        library = self.edits["token_library"].text().strip()
        run_task(lambda: device_finder.discover(library), self._show_found,
                 lambda _exc: self._show_found({}))

    def _show_found(self, found: dict[str, list[tuple[str, str]]]) -> None:
        for name, combo in self.found.items():
            combo.clear()
            items = found.get(name, [])
            combo.addItem(self.tr("Có trên máy này…") if items else
                          self.tr("Không tìm thấy trên máy này"), "")
            for value, label in items:
                combo.addItem(label, value)
                combo.setItemData(combo.count() - 1, value, Qt.ItemDataRole.ToolTipRole)
        self.devices_found = found

    def _choose(self, name: str, index: int) -> None:
        value = self.found[name].itemData(index)
        if value:
            self.edits[name].setText(str(value))

    def test_device(self, name: str) -> None:
        from ui import device_finder
        from ui.threads import run_task

        value = self.edits[name].text()
        out = Path(self.settings.receipt_output_dir or data_dir() / "printed")
        label = self.results[name]
        label.setText(self.tr("Đang thử…"))
        label.show()
        run_task(lambda: device_finder.test_device(name, value, out), label.setText,
                 lambda exc: label.setText(str(exc)))

    def candidate(self) -> Settings:
        values = asdict(self.settings)
        values.update({name: edit.text().strip() for name, edit in self.edits.items()})
        values["idle_lock_minutes"] = self.idle.value()
        values["language"] = self.language.currentData()
        return Settings(**values)

    def try_accept(self) -> None:
        candidate = self.candidate()
        errors = candidate.validate()
        for name, label in self.errors.items():
            label.setVisible(name in errors)
            label.setText(errors.get(name, ""))
        if errors:
            return
        self.settings = candidate
        candidate.save()
        self.accept()
