"""The PIN prompt the signing layer calls from its token thread, answered on the GUI thread.

`signing.PinPrompt.ask_pin` runs on the signing worker; it posts a request to the GUI
thread (queued signal), where a non-blocking dialog opens, and waits on an event for
the answer. The PIN is handed over once and never kept.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from ui.forms import PinDialog


class _Request:
    def __init__(self, label: str, tries_left: int | None) -> None:
        self.label, self.tries_left = label, tries_left
        self.answer: str | None = None
        self.done = threading.Event()


class QtPinPrompt(QObject):
    _ask = Signal(object)

    def __init__(self, parent: QWidget | None = None, timeout: float = 300.0) -> None:
        super().__init__()
        self._parent = parent
        self.timeout = timeout
        self.dialog: PinDialog | None = None
        # what the next PIN will sign and with which certificate (set by the batch)
        self.documents: list[str] = []
        self.certificate = ""
        self._ask.connect(self._open)

    def ask_pin(self, token_label: str, tries_left: int | None) -> str | None:
        if QThread.currentThread() is self.thread():
            return None  # never wait for the GUI on the GUI thread itself
        request = _Request(token_label, tries_left)
        self._ask.emit(request)
        if not request.done.wait(self.timeout):
            return None
        return request.answer

    @Slot(object)
    def _open(self, request: _Request) -> None:
        dialog = PinDialog(request.label, request.tries_left, self._parent,
                           documents=self.documents, certificate=self.certificate)
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.pin.text():
                request.answer = dialog.pin.text()
            dialog.pin.clear()
            self.dialog = None
            request.done.set()

        dialog.finished.connect(finished)
        dialog.open()
