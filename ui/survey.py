"""The Art. 8 satisfaction survey an applicant fills in after getting a result at the counter.

Full screen, on the second screen when the desk has one (the applicant faces it), with
big touch targets: each criterion has five buttons from "Rất không hài lòng" to "Rất
hài lòng". Anonymous unless the applicant ticks the box and gives a name. The answer
is written to the local store at once (so nothing is lost offline); the sync layer
sends it to the portal (`sync.surveys.push_surveys`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.calendar import now_vn
from desk_app.reports.errors import ReportError
from desk_app.reports.survey import CRITERIA, MAX_COMMENT, SCORES_VI, SurveyAnswer, save_answer
from desk_app.store import Store

TOUCH = 64  # px: the smallest side of anything a finger must hit (≥ 9 mm)
# Criteria about the online service: not asked of someone who came to the counter.
ONLINE_ONLY = frozenset({"online_convenience", "handling", "processing_time", "online_result",
                         "online_payment"})
THANKS_MS = 4000  # how long the thank-you page stays before the survey closes

STYLE = """
QWidget#survey { background: #f4f7fb; }
QLabel#title { font-size: 20pt; font-weight: bold; color: #0b3d91; padding-top: 8px; }
QLabel.criterion { font-size: 14pt; }
QPushButton.score { font-size: 12pt; border: 2px solid #9fb3c8; border-radius: 10px;
                    background: white; padding: 6px; }
QPushButton.score:checked { background: #0b3d91; color: white; border-color: #0b3d91; }
QPushButton#send { font-size: 18pt; background: #1b7f3b; color: white; border-radius: 12px; }
QPushButton#skip { font-size: 14pt; border: 2px solid #9fb3c8; border-radius: 12px; }
QLabel#hint { font-size: 14pt; }
QLineEdit#name { font-size: 14pt; }
QLabel#error { color: #b00020; font-size: 14pt; }
QLabel#thanks { font-size: 30pt; color: #1b7f3b; }
"""


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # text from outside is never markup
    label.setWordWrap(True)
    return label


class SurveyWidget(QWidget):
    """One survey for one dossier. Emits `submitted(client_id)` or `skipped()`."""

    submitted = Signal(str)
    skipped = Signal()

    def __init__(self, store: Store, dossier_code: str, agency_id: str, officer: str,
                 clock: Callable[[], datetime] = now_vn, parent: QWidget | None = None,
                 close_after_ms: int = THANKS_MS, in_person: bool = False) -> None:
        super().__init__(parent)
        self.criteria = tuple((k, n) for k, n in CRITERIA
                              if not (in_person and k in ONLINE_ONLY))
        self.store = store
        self.dossier_code = dossier_code
        self.agency_id = agency_id
        self.officer = officer
        self.clock = clock
        self.close_after_ms = close_after_ms
        self.groups: dict[str, QButtonGroup] = {}
        self.setObjectName("survey")
        self.setWindowTitle("Khảo sát mức độ hài lòng")
        self.setStyleSheet(STYLE)
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.addWidget(self.stack)
        self.stack.addWidget(self._form())
        self.stack.addWidget(self._thanks())

    # --- pages ---------------------------------------------------------------------

    def _form(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = _plain(QLabel("PHIẾU KHẢO SÁT MỨC ĐỘ HÀI LÒNG"))
        title.setObjectName("title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        intro = _plain(QLabel(
            f"Hồ sơ {self.dossier_code}. Xin ông/bà vui lòng cho biết mức độ hài lòng với "
            "từng tiêu chí (chạm vào một ô). Phiếu không ghi tên, trừ khi ông/bà muốn."))
        intro.setFont(QFont(intro.font().family(), 12))
        layout.addWidget(intro)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(5)
        for row, (key, name) in enumerate(self.criteria):
            label = _plain(QLabel(f"{row + 1}. {name}"))
            label.setProperty("class", "criterion")
            label.setMinimumWidth(320)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for score, words in SCORES_VI.items():
                button = QPushButton(f"{score}\n{words}")
                button.setObjectName(f"score_{key}_{score}")
                button.setProperty("class", "score")
                button.setCheckable(True)
                button.setMinimumSize(130, TOUCH)
                button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                button.setAccessibleName(f"{name}: {words}")
                group.addButton(button, score)
                grid.addWidget(button, row, score)
            self.groups[key] = group
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        self.comment = QPlainTextEdit()
        self.comment.setObjectName("comment")
        self.comment.setFixedHeight(TOUCH)
        self.comment.setFont(QFont(self.comment.font().family(), 14))
        self.comment.setPlaceholderText("Ý kiến khác (nếu có): ông/bà có thể góp ý thêm ở đây")
        self.comment.setAccessibleName("Ý kiến khác (nếu có)")
        # comment, name and the two buttons share one row: all eight criteria stay on a
        # 1366×768 screen without scrolling
        name_row = QHBoxLayout()
        name_row.addWidget(self.comment, 3)
        self.named = QCheckBox("Tôi muốn ghi tên của mình")
        self.named.setObjectName("named")
        self.named.setMinimumHeight(TOUCH // 2)
        self.named.setStyleSheet("QCheckBox { font-size: 13pt; } "
                                 "QCheckBox::indicator { width: 26px; height: 26px; }")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMinimumHeight(TOUCH // 2)
        self.name.setMaxLength(200)
        self.name.setPlaceholderText("Họ và tên")
        self.name.setEnabled(False)
        self.named.toggled.connect(self.name.setEnabled)
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.named)
        who.addWidget(self.name)
        name_row.addLayout(who, 2)
        layout.addLayout(name_row)

        self.error = _plain(QLabel(""))
        self.error.setObjectName("error")
        self.error.hide()
        layout.addWidget(self.error)

        buttons = name_row  # one row with the name: every criterion stays on screen
        skip = QPushButton("Bỏ qua")
        skip.setObjectName("skip")
        skip.setMinimumSize(140, TOUCH)
        skip.clicked.connect(self._skip)
        send = QPushButton("Gửi đánh giá")
        send.setObjectName("send")
        send.setMinimumSize(220, TOUCH)
        send.clicked.connect(self.submit)
        buttons.addSpacing(24)
        buttons.addWidget(skip)
        buttons.addWidget(send)
        return page

    def _thanks(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.thanks = _plain(QLabel("Xin cảm ơn ông/bà đã đánh giá!"))
        self.thanks.setObjectName("thanks")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.thanks)
        return page

    # --- answers -------------------------------------------------------------------

    def scores(self) -> dict[str, int]:
        return {key: g.checkedId() for key, g in self.groups.items() if g.checkedId() > 0}

    def answer(self) -> SurveyAnswer:
        named = self.named.isChecked()
        name = self.name.text().strip()
        if named and not name:
            raise ReportError("Xin ghi họ và tên, hoặc bỏ chọn ô ghi tên", "Name missing")
        comment = self.comment.toPlainText().strip()
        if len(comment) > MAX_COMMENT:
            raise ReportError(f"Ý kiến dài quá {MAX_COMMENT} ký tự", "Comment too long")
        return SurveyAnswer(
            dossier_code=self.dossier_code, agency_id=self.agency_id, officer=self.officer,
            answered_at=self.clock(), scores=self.scores(), comment=comment,
            anonymous=not named, applicant_name=name if named else "", source="counter")

    def submit(self) -> str | None:
        """Keep the answer; show the thank-you page. Returns the client id (None on error)."""
        try:
            answer = self.answer()
            save_answer(self.store, answer)
        except ReportError as exc:
            self.error.setText(exc.vi)
            self.error.show()
            return None
        self.error.setText("")
        self.error.hide()
        self.stack.setCurrentIndex(1)
        self.submitted.emit(answer.client_id)
        if self.close_after_ms >= 0:
            QTimer.singleShot(self.close_after_ms, self.close)
        return answer.client_id

    def _skip(self) -> None:
        self.skipped.emit()
        self.close()


def show_for_applicant(widget: QWidget) -> None:
    """Full screen on the second screen when there is one (it faces the applicant)."""
    screens = QGuiApplication.screens()
    if len(screens) > 1:
        widget.setScreen(screens[1])
        widget.move(screens[1].geometry().topLeft())
    widget.showFullScreen()


def survey_after_return(store: Store, dossier_code: str, desk_officer: str,
                        parent: QWidget | None = None) -> SurveyWidget | None:
    """The survey for a dossier just returned at the counter, shown to the applicant.

    The answer is attributed to the officer who handled the dossier (its specialist),
    else to the desk officer who returned it (Art. 8.1.e: the handling officer).
    """
    rows = store._query("SELECT agency_id, assigned_to FROM dossiers WHERE code = ?",
                        (dossier_code,))
    if not rows:
        return None
    agency_id, assigned_to = rows[0]
    dossier = store.get_dossier(dossier_code)
    in_person = dossier is not None and dossier.channel.value != "online"
    widget = SurveyWidget(store, dossier_code, agency_id, assigned_to or desk_officer,
                          parent=parent, in_person=in_person)
    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    show_for_applicant(widget)
    return widget
