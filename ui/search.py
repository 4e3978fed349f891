"""Search everywhere in the local replica, as you type, without tone marks; and the USB
barcode/QR scanner (a keyboard wedge) that opens a dossier from any screen."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QListWidgetItem, QWidget

from desk_app.store import DossierSummary, Store
from ui.models import status_vi
from ui.threads import run_task

# {agency identifier}-{yyMMdd}-{NNNN}, e.g. 000.00.22.H57-261129-0001
CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}-\d{6}-\d{4}$")


def code_in(text: str) -> str | None:
    """The dossier code in what a scanner typed (a bare code, or a URL ending in one)."""
    text = text.strip()
    candidate = text.rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    return candidate if CODE_RE.match(candidate) else None


class SearchBox(QLineEdit):
    opened = Signal(str)

    def __init__(self, store: Callable[[], Store], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search")
        self.setPlaceholderText(self.tr("Tìm hồ sơ: mã, tên, số giấy tờ, thủ tục… (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(240)
        self._store = store
        self._seq = 0
        self.results = QListWidget()
        self.results.setObjectName("search_results")
        self.results.setWindowFlags(Qt.WindowType.ToolTip)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.itemClicked.connect(self._chosen)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self._enter)
        self.last_results: list[DossierSummary] = []

    def _search(self) -> None:
        text = self.text()
        self._seq += 1
        seq = self._seq
        if len(text.strip()) < 2:
            self._show([], seq)
            return
        store = self._store()
        run_task(lambda: store.search_dossiers(text, limit=30), lambda r: self._show(r, seq))

    def _show(self, rows: list[DossierSummary], seq: int) -> None:
        if seq != self._seq:
            return  # an older search finished after a newer one
        self.last_results = rows
        self.results.clear()
        for s in rows:
            item = QListWidgetItem(f"{s.code}   {s.applicant_name}   — {status_vi(s)}")
            item.setData(Qt.ItemDataRole.UserRole, s.code)
            self.results.addItem(item)
        if not rows:
            self.results.hide()
            return
        self.results.setFixedWidth(max(self.width(), 560))
        self.results.setFixedHeight(min(10, len(rows)) * 24 + 6)
        self.results.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.results.show()
        self.results.setCurrentRow(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.results.isVisible() and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return
        if event.key() == Qt.Key.Key_Escape:
            self.results.hide()
            self.clear()
            return
        super().keyPressEvent(event)

    def _enter(self) -> None:
        code = code_in(self.text())
        if code:
            self._open(code)
            return
        item = self.results.currentItem()
        if item is not None:
            self._chosen(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        self._open(item.data(Qt.ItemDataRole.UserRole))

    def _open(self, code: str) -> None:
        self.results.hide()
        self.clear()
        self.opened.emit(code)


class BarcodeWedge(QObject):
    """Recognises a scanner's burst of keystrokes ending in Enter, anywhere in the app.

    A keyboard-wedge scanner types far faster than a person; a burst of characters
    with gaps under `gap` seconds that forms a dossier code, then Enter, opens it.
    """

    scanned = Signal(str)

    def __init__(self, gap: float = 0.05, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.gap = gap
        self.clock = clock
        self._buffer = ""
        self._last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        # Count each keystroke once: at the focus widget (or the window when none has
        # focus), not again as it propagates to the parents.
        if event.isAutoRepeat() or not isinstance(watched, QWidget) or (
                watched is not focus and not (focus is None and watched.isWindow())):
            return False
        now = self.clock()
        if now - self._last > self.gap:
            self._buffer = ""
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code = code_in(self._buffer)
            self._buffer = ""
            if code:
                self.scanned.emit(code)
                return True
            return False
        text = event.text()
        if text and text.isprintable():
            self._buffer = (self._buffer + text)[-120:]
        return False
