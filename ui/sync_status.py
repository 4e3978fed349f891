"""Always visible: online / offline / syncing, the last sync time, unsent commands;
and the bar of the long job in progress, with its cancel button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desk_app.textfmt import short_datetime
from ui.portal import STATUS_VI, LinkState
from ui.widgets import plain_label

COLOURS = {"online": "#1b7f3b", "offline": "#b3261e", "syncing": "#1f5fbf",
           "error": "#b3261e", "unavailable": "#6b6b6b"}


class SyncStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.dot = QLabel("●")
        self.text = plain_label(wrap=False, selectable=False)
        self.text.setObjectName("sync_text")
        self.conflicts = QPushButton()
        self.conflicts.setObjectName("conflicts_button")
        # a badge that cannot be missed: amber, bold, a button
        self.conflicts.setStyleSheet("QPushButton { background: #fff3c4; color: #5c3c00; "
                                     "border: 1px solid #e0b100; border-radius: 10px; "
                                     "padding: 2px 10px; font-weight: bold; }")
        self.conflicts.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        layout.addWidget(self.conflicts)
        self.state: LinkState | None = None

    def set_state(self, state: LinkState, syncing: bool = False) -> None:
        status = "syncing" if syncing else state.status
        self.state = state
        self.dot.setStyleSheet(f"color: {COLOURS.get(status, '#6b6b6b')}")
        last = (f"lần cuối {short_datetime(state.last_success_at)}" if state.last_success_at
                else "chưa đồng bộ lần nào")
        self.text.setText(f"{STATUS_VI.get(status, status)} · {last} · "
                          f"{state.unsent} thao tác chưa gửi")
        self.setToolTip(state.message_vi)
        self.conflicts.setVisible(state.conflicts > 0)
        self.conflicts.setText(f"⚠ {state.conflicts} việc cần xem lại")

    def status(self) -> str:
        return self.state.status if self.state else ""


class JobBar(QWidget):
    """The long jobs running now (sync, scan, batch signing, printing), with cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("job_bar")
        self.label = plain_label(wrap=False, selectable=False)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.cancel = QPushButton("Hủy")
        self.cancel.setObjectName("cancel_job")
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self._jobs: list[object] = []
        self.hide()

    def begin(self, title: str, job: object) -> None:
        self._jobs.append(job)
        self.label.setText(title)
        self.bar.setRange(0, 0)
        self.show()

    def step(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        if text:
            self.label.setText(text[:80])

    def end(self, job: object) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if not self._jobs:
            self.hide()

    def _cancel(self) -> None:
        for job in self._jobs:
            job.cancel()  # type: ignore[attr-defined]
        self.label.setText("Đang hủy…")
