"""The conflicts panel: an action the portal did not apply because someone else moved
the dossier first. Both versions side by side; the officer chooses (never dropped)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import STATUS_NAMES_VI, STEP_NAMES_VI, Status, Step
from desk_app.textfmt import short_datetime
from desk_app.workflow import ACTION_NAMES_VI, Action
from ui.threads import run_task
from ui.widgets import plain_label


def _is_rejection(c: Any) -> bool:
    return hasattr(c, "vi") and not hasattr(c, "base_version")


def _action_vi(action: str) -> str:
    try:
        return ACTION_NAMES_VI[Action(action)]
    except ValueError:
        return action


def mine_text(c: Any) -> str:
    action = _action_vi(c.action)
    payload = json.dumps(c.payload, ensure_ascii=False, indent=1)[:1500]
    return (f"Thao tác: {action}\nNgười làm: {c.actor}\nLúc: {short_datetime(c.acted_at)}\n"
            f"Dựa trên phiên bản: {getattr(c, 'base_version', '')}\n\nNội dung:\n{payload}")


def theirs_text(c: Any) -> str:
    record = (c.theirs or {}).get("dossier") if isinstance(c.theirs, dict) else None
    if not record:
        return "Cổng không gửi kèm bản ghi hiện tại."
    status = record.get("status")
    step = record.get("step")
    state = STEP_NAMES_VI[Step(step)] if step else (
        STATUS_NAMES_VI[Status(status)] if status else "")
    log = (c.theirs or {}).get("log") or []
    last = log[-1] if log else {}
    return (f"Trạng thái trên Cổng: {state}\nPhiên bản: {record.get('version')}\n"
            f"Chuyên viên: {record.get('assigned_to', '')}\n"
            f"Thao tác cuối: {last.get('action', '')} bởi {last.get('handed_by', '')}")


class ConflictsDialog(QDialog):
    def __init__(self, host, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.host = host
        self.setWindowTitle("Xung đột và thao tác bị từ chối khi đồng bộ")
        self.resize(900, 520)
        self.items = QListWidget()
        self.items.setObjectName("conflict_list")
        self.mine = QPlainTextEdit()
        self.mine.setReadOnly(True)
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        self.keep_mine = QPushButton("Giữ thao tác của tôi (gửi lại)")
        self.keep_mine.setObjectName("keep_mine")
        self.take_theirs = QPushButton("Theo bản trên Cổng (bỏ thao tác của tôi)")
        self.take_theirs.setObjectName("take_theirs")
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.take_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.items.currentRowChanged.connect(self._show)
        sides = QHBoxLayout()
        for title, box in (("Bản của tôi", self.mine), ("Bản trên Cổng", self.theirs)):
            col = QVBoxLayout()
            col.addWidget(plain_label(title))
            col.addWidget(box)
            sides.addLayout(col)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Các thao tác sau chưa được Cổng chấp nhận vì hồ sơ đã "
                                     "thay đổi. Hãy xem hai bản và chọn."))
        layout.addWidget(self.items)
        layout.addLayout(sides, 1)
        layout.addLayout(buttons)
        self.conflicts: list[Any] = []
        self.reload()

    def reload(self) -> None:
        link = self.host.session.link
        run_task(lambda: [*link.conflicts(), *link.rejected()], self._fill,
                 self.host.show_error)

    def _fill(self, conflicts: list[Any]) -> None:
        self.conflicts = conflicts
        self.items.clear()
        for c in conflicts:
            kind = "Cổng từ chối" if _is_rejection(c) else "Xung đột"
            self.items.addItem(f"{kind}: {c.dossier_code} — {_action_vi(c.action)} "
                               f"({short_datetime(c.acted_at)})")
        if conflicts:
            self.items.setCurrentRow(0)
        else:
            self.mine.setPlainText("Không có xung đột nào.")
            self.theirs.clear()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.conflicts):
            c = self.conflicts[row]
            rejected = _is_rejection(c)
            self.mine.setPlainText(mine_text(c))
            self.theirs.setPlainText(
                (f"Cổng dịch vụ công từ chối thao tác này: {c.vi}\n\n" if rejected else "")
                + theirs_text(c))
            self.keep_mine.setEnabled(not rejected)
            self.take_theirs.setText("Đã xem (theo bản trên Cổng)" if rejected
                                     else "Theo bản trên Cổng (bỏ thao tác của tôi)")

    def _resolve(self, choice: str) -> None:
        row = self.items.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        c = self.conflicts[row]
        link = self.host.session.link
        if _is_rejection(c):
            work = lambda: link.acknowledge(c.id)  # noqa: E731
        else:
            work = lambda: link.resolve(c.id, choice)  # noqa: E731
        run_task(work, lambda _r: self._resolved(), self.host.show_error)

    def _resolved(self) -> None:
        self.host.show_message("Đã xử lý xung đột")
        self.host.refresh_all()
        self.reload()
