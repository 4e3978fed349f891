"""Officer login against the portal, the lock screen after idle time (counters are
public places), and switching officer without closing the application."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import ROLE_NAMES_VI, Officer
from ui.portal import PortalLink, message_of
from ui.threads import run_task
from ui.widgets import plain_label


class LoginDialog(QDialog):
    logged_in = Signal(object)  # Officer
    settings_requested = Signal()

    def __init__(self, link: PortalLink, known: Sequence[Officer] = (), hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.setWindowTitle(self.tr("Đăng nhập — Bộ phận một cửa"))
        self.setMinimumWidth(440)
        self.user = QComboBox()
        self.user.setObjectName("username")
        self.user.setEditable(True)
        for o in known:
            roles = ", ".join(ROLE_NAMES_VI[r] for r in sorted(o.roles))
            self.user.addItem(f"{o.username}", o.username)
            self.user.setItemData(self.user.count() - 1, f"{o.full_name} — {roles}",
                                  Qt.ItemDataRole.ToolTipRole)
        self.user.setCurrentText(known[0].username if known else "")
        self.who = plain_label()
        self.user.currentIndexChanged.connect(self._describe)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.submit)
        self.error = plain_label()
        self.error.setObjectName("login_error")
        self.error.setStyleSheet("color: #b00020")
        self.button = QPushButton(self.tr("Đăng nhập"))
        self.button.setObjectName("login_button")
        self.button.setProperty("primary", True)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.user)
        form.addRow("", self.who)
        form.addRow(self.tr("Mật khẩu"), self.password)
        layout = QVBoxLayout(self)
        where = link.base_url or self.tr("dữ liệu trên máy này (chưa kết nối Cổng)")
        where_label = plain_label(self.tr("Cổng dịch vụ công: ") + where)
        layout.addWidget(where_label)
        layout.addLayout(form)
        if hint:
            layout.addWidget(plain_label(hint))
        layout.addWidget(self.error)
        settings = QPushButton(self.tr("Cài đặt…"))
        settings.setObjectName("login_settings")
        settings.clicked.connect(self.settings_requested)
        row = QHBoxLayout()
        row.addWidget(settings)
        row.addWidget(self.button, 1)
        layout.addLayout(row)
        self.where = where_label
        self._known = {o.username: o for o in known}
        self._describe()
        self.password_hash: bytes = b""

    def set_link(self, link: PortalLink) -> None:
        self.link = link
        self.where.setText(self.tr("Cổng dịch vụ công: ") + link.base_url)

    def _describe(self) -> None:
        o = self._known.get(self.user.currentText())
        self.who.setText(f"{o.full_name} — {', '.join(ROLE_NAMES_VI[r] for r in sorted(o.roles))}"
                         if o else "")

    def submit(self) -> None:
        username, password = self.user.currentText().strip(), self.password.text()
        if not username or not password:
            self.error.setText(self.tr("Hãy nhập tên đăng nhập và mật khẩu"))
            return
        self.button.setEnabled(False)
        self.error.setText(self.tr("Đang đăng nhập…"))
        link = self.link
        # the network call and the key stretching both off the GUI thread
        run_task(lambda: (link.login(username, password), PasswordCheck.make(password)),
                 self._ok, self._failed)

    def _ok(self, result: tuple[Officer, bytes]) -> None:
        officer, self.password_hash = result
        self.password.clear()
        self.button.setEnabled(True)
        self.error.clear()
        self.logged_in.emit(officer)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        self.error.setText(message_of(exc))


class PasswordCheck:
    """Unlocking works offline: a salted hash of the password, in memory only."""

    @staticmethod
    def make(password: str) -> bytes:
        salt = os.urandom(16)
        return salt + hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 50_000)

    @staticmethod
    def check(stored: bytes, password: str) -> bool:
        if len(stored) < 17:
            return False
        salt, digest = stored[:16], stored[16:]
        return hmac.compare_digest(
            digest, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 50_000))


class LockPage(QWidget):
    """The whole window while locked (counters are public places): an opaque page with
    nothing of the work behind it; the window takes the work out of its widget tree."""

    unlocked = Signal()
    switch = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # opaque, styled
        self.setAutoFillBackground(True)
        self._stored = b""
        self.heading = plain_label(self.tr("Màn hình đã khóa"), selectable=False)
        self.heading.setObjectName("lock_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.heading.setFont(font)
        self.who = plain_label(selectable=False)
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Mật khẩu của cán bộ"))
        self.password.returnPressed.connect(self.try_unlock)
        self.error = plain_label(selectable=False)
        self.error.setStyleSheet("color: #b00020")
        unlock = QPushButton(self.tr("Mở khóa"))
        unlock.setObjectName("unlock_button")
        unlock.setProperty("primary", True)
        unlock.clicked.connect(self.try_unlock)
        other = QPushButton(self.tr("Đổi cán bộ"))
        other.setObjectName("switch_officer")
        other.clicked.connect(self.switch)
        buttons = QHBoxLayout()
        buttons.addWidget(unlock)
        buttons.addWidget(other)
        card = QWidget()
        card.setObjectName("lock_card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setMaximumWidth(460)
        cv = QVBoxLayout(card)
        cv.setContentsMargins(32, 28, 32, 28)
        cv.setSpacing(10)
        cv.addWidget(self.heading)
        cv.addWidget(plain_label(self.tr("Hồ sơ được che để bảo vệ thông tin của người dân. "
                                         "Nhập mật khẩu để làm tiếp."), selectable=False))
        cv.addWidget(self.who)
        cv.addWidget(self.password)
        cv.addWidget(self.error)
        cv.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def arm(self, officer: Officer, stored: bytes) -> None:
        self._stored = stored
        self.who.setText(self.tr("Cán bộ: ") + officer.full_name)
        self.password.clear()
        self.error.clear()
        self.password.setFocus()

    def try_unlock(self) -> None:
        ok = PasswordCheck.check(self._stored, self.password.text())
        self.password.clear()
        if ok:
            self.error.clear()
            self.unlocked.emit()
        else:
            self.error.setText(self.tr("Mật khẩu không đúng"))


class IdleWatcher(QObject):
    """Emits `idle` after `minutes` without keyboard or mouse input."""

    idle = Signal()
    _INPUT: frozenset[QEvent.Type] = frozenset({
        QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
        QEvent.Type.Wheel})

    def __init__(self, minutes: float) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT:
            self.timer.start()
        return False
