"""The application's side of the encrypted store: a store that cannot be opened is
explained (in Vietnamese, with what the administrator must do), and a key just made
has its recovery code shown once, for the unit's administrator to print and keep."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desk_app.store import StoreLockedError, StoreVersionError

RECOVERY_VI = (
    "Dữ liệu công dân trên máy này được mã hóa; khóa nằm trong kho khóa của hệ điều hành.\n\n"
    "MÃ KHÔI PHỤC (chỉ hiện một lần):\n\n    {code}\n\n"
    "Quản trị viên của đơn vị hãy chép hoặc in mã này, ký nhận và cất giữ an toàn, không "
    "lưu trên máy. Khi máy được cài lại hoặc mất khóa, dùng lệnh "
    "“desk-app store recover” với mã này để mở lại dữ liệu."
)


def _box(icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def open_session_or_explain(opener: Any, data: Path, *args: Any) -> Any | None:
    """`opener(data, *args)` (ui.app.open_session), or None after saying why not."""
    try:
        session = opener(data, *args)
    except (StoreLockedError, StoreVersionError) as exc:
        text = getattr(exc, "vi", None) or str(exc).split(" / ")[0]
        _box(QMessageBox.Icon.Critical, "Không mở được dữ liệu trên máy", text).exec()
        return None
    code = session.store.recovery_code
    if code:
        session.store.recovery_code = None  # shown once, then forgotten
        _box(QMessageBox.Icon.Information, "Mã khôi phục dữ liệu",
             RECOVERY_VI.format(code=code)).exec()
    return session


def leave_if_wiped(window: Any) -> bool:
    """After a failed sync: when it was the administrator's remote wipe, nothing of the
    erased data may stay on screen. The window closes and, once the notice is read, the
    application ends (the next start begins with an empty desk)."""
    engine = getattr(window.session.link, "engine", None)
    if getattr(engine, "wiped", None) is None:
        return False
    from PySide6.QtWidgets import QApplication

    from sync.wipe import WIPED_VI

    window.close()
    box = _box(QMessageBox.Icon.Critical, "Dữ liệu trên máy đã được xóa", WIPED_VI)
    box.setObjectName("wiped_notice")
    window.wiped_notice = box
    box.finished.connect(lambda _result=0: QApplication.quit())
    box.open()
    return True
