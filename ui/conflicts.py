"""The conflicts panel: an action the portal did not apply because someone else moved
the dossier first. Both versions side by side; the officer chooses (never dropped)."""

from __future__ import annotations

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


# What an action's payload says, in words (never the raw data).
_PAYLOAD_WORDS = {"reason": "Lý do", "to": "Chuyển cho", "comment": "Ý kiến",
                  "note": "Ghi chú", "missing": "Thành phần cần bổ sung",
                  "register_number": "Số, ký hiệu văn bản", "new_due_at": "Hẹn lại"}


def _who(host: Any, username: str) -> str:
    try:
        return host.person(username) if username else ""
    except Exception:
        return username


def _payload_lines(payload: Any, host: Any) -> list[str]:
    lines = []
    if not isinstance(payload, dict):
        return lines
    for key, label in _PAYLOAD_WORDS.items():
        value = payload.get(key)
        if value in (None, "", [], {}):
            continue
        if key == "to":
            value = _who(host, str(value))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif key == "new_due_at":
            try:
                from datetime import datetime

                value = short_datetime(datetime.fromisoformat(str(value)))
            except ValueError:
                value = str(value)
        lines.append(f"{label}: {str(value)[:300]}")
    return lines


def mine_text(c: Any, host: Any = None) -> str:
    """The officer's own action, in plain Vietnamese."""
    lines = [f"Việc đã làm: {_action_vi(c.action)}",
             f"Người làm: {_who(host, c.actor)}",
             f"Lúc: {short_datetime(c.acted_at)}"]
    lines += _payload_lines(c.payload, host)
    return "\n".join(lines)


def _state_vi(record: dict[str, Any]) -> str:
    try:
        step, status = record.get("step"), record.get("status")
        return STEP_NAMES_VI[Step(step)] if step else (
            STATUS_NAMES_VI[Status(status)] if status else "")
    except ValueError:
        return ""


def theirs_text(c: Any, host: Any = None) -> str:
    """What the portal holds now, in plain Vietnamese."""
    record = (c.theirs or {}).get("dossier") if isinstance(c.theirs, dict) else None
    if not record:
        return "Cổng không gửi kèm thông tin hiện tại của hồ sơ."
    log = (c.theirs or {}).get("log") or []
    last = log[-1] if log else {}
    lines = [f"Hồ sơ hiện ở bước: {_state_vi(record)}"]
    if last.get("action"):
        when = last.get("handed_at", "")
        try:
            from datetime import datetime

            when = short_datetime(datetime.fromisoformat(when)) if when else ""
        except ValueError:
            when = ""
        lines.append(f"Việc làm gần nhất: {_action_vi(last['action'])}, do "
                     f"{_who(host, last.get('handed_by', ''))}" + (f", lúc {when}" if when else ""))
    if record.get("assigned_to"):
        lines.append(f"Chuyên viên xử lý: {_who(host, record['assigned_to'])}")
    return "\n".join(lines)


class ConflictsDialog(QDialog):
    def __init__(self, host, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.host = host
        self.setWindowTitle("Thao tác cần xem lại sau khi đồng bộ")
        self.resize(900, 520)
        self.items = QListWidget()
        self.items.setObjectName("conflict_list")
        self.mine = QPlainTextEdit()
        self.mine.setReadOnly(True)
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        # the safe choice is the default: keep what the portal (someone else) already did
        self.take_theirs = QPushButton("Giữ như trên Cổng (không làm lại việc của tôi)")
        self.take_theirs.setObjectName("take_theirs")
        self.take_theirs.setProperty("primary", True)
        self.take_theirs.setDefault(True)
        self.keep_mine = QPushButton("Vẫn làm lại việc của tôi…")
        self.keep_mine.setObjectName("keep_mine")
        self.keep_mine.setAutoDefault(False)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.take_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.items.currentRowChanged.connect(self._show)
        sides = QHBoxLayout()
        for title, box in (("Việc tôi đã làm trên máy này", self.mine),
                           ("Hồ sơ trên Cổng dịch vụ công bây giờ", self.theirs)):
            col = QVBoxLayout()
            col.addWidget(plain_label(title))
            col.addWidget(box)
            sides.addLayout(col)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take_theirs)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_mine)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Trong lúc máy này chưa đồng bộ, hồ sơ đã được người khác "
                                     "xử lý trên Cổng, nên việc dưới đây chưa được ghi nhận. "
                                     "Thường nên giữ như trên Cổng; chỉ làm lại việc của mình "
                                     "khi chắc chắn."))
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
            kind = "Cổng không nhận" if _is_rejection(c) else "Hồ sơ đã thay đổi"
            self.items.addItem(f"{kind}: {c.dossier_code} — {_action_vi(c.action)} "
                               f"({short_datetime(c.acted_at)})")
        if conflicts:
            self.items.setCurrentRow(0)
        else:
            self.mine.setPlainText("Không có việc nào cần xem lại.")
            self.theirs.clear()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.conflicts):
            c = self.conflicts[row]
            rejected = _is_rejection(c)
            self.mine.setPlainText(mine_text(c, self.host))
            self.theirs.setPlainText(
                (f"Cổng dịch vụ công không nhận việc này: {c.vi}\n\n" if rejected else "")
                + theirs_text(c, self.host))
            self.keep_mine.setEnabled(not rejected)
            self.take_theirs.setText("Đã xem" if rejected
                                     else "Giữ như trên Cổng (không làm lại việc của tôi)")
            self.take_theirs.setFocus()

    def _resolve(self, choice: str) -> None:
        row = self.items.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        c = self.conflicts[row]
        if choice == "mine" and not getattr(self, "_sure", False):
            # the risky way asks once more: it overrides what someone else did
            self._sure = True
            self.keep_mine.setText("Bấm lần nữa để làm lại việc của tôi")
            return
        self._sure = False
        self.keep_mine.setText("Vẫn làm lại việc của tôi…")
        link = self.host.session.link
        if _is_rejection(c):
            work = lambda: link.acknowledge(c.id)  # noqa: E731
        else:
            work = lambda: link.resolve(c.id, choice)  # noqa: E731
        run_task(work, lambda _r: self._resolved(), self.host.show_error)

    def _resolved(self) -> None:
        self.host.show_message("Đã xử lý việc cần xem lại")
        self.host.refresh_all()
        self.reload()
