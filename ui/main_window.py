"""The main window: role workspaces, search, sync status, notifications, lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSystemTrayIcon,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import Dossier, Role, Status
from ui import access_log_view
from ui.conflicts import ConflictsDialog
from ui.login import IdleWatcher, LockDialog
from ui.pin import QtPinPrompt
from ui.portal import message_of
from ui.printing_jobs import PrintingMixin
from ui.recovery import DraftStore
from ui.search import BarcodeWedge, SearchBox
from ui.session import Session
from ui.sync_status import JobBar, SyncStatus
from ui.threads import Progress, run_task
from ui.widgets import plain_label
from ui.workspaces import workspaces_for
from ui.workspaces.base import Workspace

RECEIPT_WARNING = timedelta(minutes=15)


def app_icon() -> QIcon:
    """A plain mark drawn at run time (no image files to ship): "1C", one-stop."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#b3261e"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(2, 2, 60, 60, 12, 12)
    painter.setPen(QColor("#ffd54f"))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(30)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "1C")
    painter.end()
    return QIcon(pixmap)


class MainWindow(PrintingMixin, QMainWindow):
    switch_requested = Signal()
    synced = Signal()

    def __init__(self, session: Session, password_hash: bytes = b"") -> None:
        super().__init__()
        self.session = session
        self.password_hash = password_hash
        self.pin_prompt: Any = QtPinPrompt(self)
        self.notifications: list[str] = []
        self.messages: list[str] = []
        self.dialog: Any = None  # the intake or conflicts dialog now open
        self.lock_dialog: LockDialog | None = None
        self._syncing: Progress | None = None
        self._known_online: set[str] | None = None
        self._warned: set[str] = set()
        self._closed = False
        self.setObjectName("main_window")
        # Room above and below list rows: Vietnamese stacks two marks on a letter (ễ, ặ).
        self.setStyleSheet("QListView::item { padding: 3px 2px; }")
        self.resize(1366, 768)
        self.banner = plain_label()
        self.banner.setObjectName("banner")
        self.banner.hide()
        self.roles = QTabWidget()
        self.roles.setObjectName("roles")
        self.roles.setDocumentMode(True)
        self.restore_button = QPushButton(self.tr("Mở lại hồ sơ giấy đang nhập dở"))
        self.restore_button.setObjectName("restore_intake")
        self.restore_button.clicked.connect(self.restore_intake)
        self.restore_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.restore_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.roles, 1)
        self.setCentralWidget(central)
        self.search = SearchBox(lambda: self.session.store)
        self.search.opened.connect(self.open_dossier)
        self.sync_status = SyncStatus()
        self.sync_status.conflicts.clicked.connect(self.open_conflicts)
        self.job_bar = JobBar()
        self.statusBar().addPermanentWidget(self.job_bar)
        self.statusBar().addPermanentWidget(self.sync_status)
        self._toolbar()
        self.wedge = BarcodeWedge()
        self.wedge.scanned.connect(self.open_dossier)
        self.idle = IdleWatcher(session.settings.idle_lock_minutes)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        app.installEventFilter(self.wedge)
        app.installEventFilter(self.idle)
        self.setWindowIcon(app_icon())
        self.tray = QSystemTrayIcon(self) if QSystemTrayIcon.isSystemTrayAvailable() else None
        if self.tray is not None:
            self.tray.setIcon(self.windowIcon())
            self.tray.show()
        self.sync_timer = QTimer(self)
        self.sync_timer.timeout.connect(self.sync_now)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(15_000)  # the receipt clock counts minutes
        self.clock_timer.timeout.connect(self.tick)
        self.workspaces: list[Workspace] = []
        self.set_officer()

    def _toolbar(self) -> None:
        bar = QToolBar(self.tr("Công cụ"))
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.unit_label = QLabel()
        self.unit_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.unit_label)
        bar.addSeparator()
        bar.addWidget(self.search)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy().Preferred)
        bar.addWidget(spacer)
        self.officer_label = QLabel()
        self.officer_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.officer_label)
        for text, key, slot, name in (
            (self.tr("Đồng bộ"), "F5", self.sync_now, "sync_now"),
            (self.tr("Báo cáo"), "Ctrl+R", self.open_reports, "reports"),
            (self.tr("Cài đặt"), "Ctrl+,", self.open_settings, "settings"),
            (self.tr("Khoá"), "Ctrl+L", self.lock, "lock"),
            (self.tr("Đổi cán bộ"), "Ctrl+Shift+L", self.switch_requested.emit, "switch"),
        ):
            action = QAction(text, self)
            action.setObjectName(f"act_{name}")
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{text} ({key})")
            action.triggered.connect(slot)
            bar.addAction(action)
        self.access_log_action = access_log_view.install(self, bar)  # the leader's
        focus = QAction(self)
        focus.setShortcut(QKeySequence("Ctrl+F"))
        focus.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(focus)

    # --- officer --------------------------------------------------------------------

    def set_officer(self, password_hash: bytes | None = None) -> None:
        """Build the workspaces of the logged-in officer (also after switching)."""
        if password_hash is not None:
            self.password_hash = password_hash
        officer, unit = self.session.officer, self.session.unit
        assert officer is not None
        self.roles.clear()
        for ws in self.workspaces:
            ws.deleteLater()
        self.workspaces = workspaces_for(self)
        for ws in self.workspaces:
            self.roles.addTab(ws, QCoreApplication.translate("Workspace", ws.title))
        self.unit_label.setText(unit.name if unit else officer.unit_id)
        self.officer_label.setText(f"{officer.full_name}  ")
        access_log_view.show_for(self.access_log_action, officer)
        self.setWindowTitle(f"Một cửa — {unit.name if unit else ''} — {officer.full_name}")
        self._known_online = None
        self._warned = set()
        self.drafts = DraftStore(self.session.data_dir / "drafts", officer.username)
        self.restore_button.setVisible(self.drafts.worth_offering())
        self.refresh_all()
        self.update_sync_status()
        self.sync_timer.start(max(5, self.session.settings.sync_interval_seconds) * 1000)
        self.clock_timer.start()
        QTimer.singleShot(0, self.sync_now)

    def workspace(self, key: str) -> Workspace | None:
        return next((w for w in self.workspaces if w.key == key), None)

    def specialists(self) -> list[str]:
        rows = self.session.store.dossier_summaries(self.session.agency_id,
                                                    (Status.IN_PROCESS,), limit=500)
        names = {r.assigned_to for r in rows if r.assigned_to}
        names |= self.session.known_specialists
        return sorted(names)

    # --- messages -------------------------------------------------------------------

    def show_message(self, text: str, error: bool = False) -> None:
        self.messages.append(text)
        self.banner.setStyleSheet("background: #fde7e9; color: #8c1d18; padding: 4px"
                                  if error else "background: #e6f1fb; padding: 4px")
        self.banner.setText(text)
        self.banner.show()
        self.statusBar().showMessage(text[:160], 8000)

    def show_error(self, exc: BaseException) -> None:
        self.show_message(message_of(exc), error=True)

    def notify(self, text: str) -> None:
        self.notifications.append(text)
        if self.tray is not None:
            self.tray.showMessage(self.tr("Một cửa"), text)
        else:
            self.statusBar().showMessage(text, 10000)

    # --- work off the GUI thread -----------------------------------------------------------

    def run_action(self, title: str, work: Callable[[], Dossier],
                   on_done: Callable[[Dossier], None]) -> None:
        def done(d: Dossier) -> None:
            on_done(d)
            self.refresh_all()
            self.sync_soon()

        run_task(work, done, self.show_error)

    def start_job(self, title: str, work: Callable[[Progress], Any],
                  on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None] | None = None) -> Progress:
        """A long job off the GUI thread, with progress and cancel in the status bar."""
        holder: list[Progress] = []

        def done(result: Any) -> None:
            self.job_bar.end(holder[0])
            on_done(result)
            self.refresh_all()
            self.sync_soon()

        def failed(exc: BaseException) -> None:
            self.job_bar.end(holder[0])
            (on_error or self.show_error)(exc)

        progress = run_task(work, done, failed, self.job_bar.step, with_progress=True)
        holder.append(progress)
        self.job_bar.begin(title, progress)
        return progress

    def refresh_all(self) -> None:
        if self._closed:
            return
        for ws in self.workspaces:
            ws.refresh()
        self.update_sync_status()
        run_task(self._watch_clocks, self._clock_news)

    # --- dialogs ----------------------------------------------------------------------

    def open_intake(self, restore: dict[str, Any] | None = None) -> None:
        from ui.intake import IntakeDialog

        if not self.session.has(Role.DESK):
            return
        self.dialog = IntakeDialog(self, self.drafts, restore)
        self.dialog.finished.connect(lambda _r: self.restore_button.setVisible(
            self.drafts.worth_offering()))
        self.dialog.open()
        self.dialog._search_procedures("")

    def restore_intake(self) -> None:
        state = self.drafts.load()
        self.restore_button.hide()
        self.open_intake(state or None)

    def open_reports(self) -> None:
        """The unit's report (Art. 17) in its own window (the reports package's view)."""
        try:
            from ui.reports_view import ReportsView
        except ImportError:
            self.show_message(self.tr("Báo cáo: chức năng này chưa sẵn sàng trên máy này"),
                              error=True)
            return
        # a window of its own, owned by the main window (goes when it goes)
        self.reports = ReportsView(self.session.store, self.session.officer,
                                   clock=self.session.clock, parent=self)
        self.reports.setWindowFlag(Qt.WindowType.Window)
        self.reports.setWindowTitle(self.tr("Báo cáo"))
        self.reports.resize(1100, 700)
        self.reports.show()

    def offer_survey(self, code: str) -> None:
        """Art. 8: the applicant who just got the result rates the service."""
        try:
            from ui.survey import survey_after_return
        except ImportError:
            return
        officer = self.session.officer.username if self.session.officer else ""
        self.survey = survey_after_return(self.session.store, code, officer)

    def open_conflicts(self) -> None:
        self.dialog = ConflictsDialog(self, self)
        self.dialog.open()

    def open_settings(self) -> None:
        from ui.settings import SettingsDialog

        self.dialog = SettingsDialog(self.session.settings, self)

        def saved() -> None:
            self.session.settings = self.dialog.settings
            self.idle.set_minutes(self.session.settings.idle_lock_minutes)
            from ui import i18n

            i18n.install(self.session.settings.language)
            self.show_message(self.tr("Đã lưu cài đặt"))

        self.dialog.accepted.connect(saved)
        self.dialog.open()

    def open_dossier(self, code: str) -> None:
        """From the search box or the barcode scanner: select it where it is listed."""
        for i, ws in enumerate(self.workspaces):
            if ws.select(code):
                self.roles.setCurrentIndex(i)
                ws.show_dossier(code)
                return
        ws = self.roles.currentWidget()
        if isinstance(ws, Workspace):
            ws.show_dossier(code)

    def current_workspace(self) -> Workspace | None:
        ws = self.roles.currentWidget()
        return ws if isinstance(ws, Workspace) else None

    # --- lock ------------------------------------------------------------------------------

    def lock(self) -> None:
        if self.lock_dialog is not None or self.session.officer is None:
            return
        self.lock_dialog = LockDialog(self.session.officer, self.password_hash, self)
        self.lock_dialog.unlocked.connect(self._unlocked)
        self.lock_dialog.switch.connect(self._unlocked)
        self.lock_dialog.switch.connect(self.switch_requested.emit)
        self.lock_dialog.open()

    def _unlocked(self) -> None:
        self.lock_dialog = None
        self.idle.set_minutes(self.session.settings.idle_lock_minutes)

    # --- sync ------------------------------------------------------------------------------

    def sync_soon(self) -> None:
        QTimer.singleShot(300, self.sync_now)

    def sync_now(self) -> None:
        if self._closed:
            return
        if self._syncing is not None or not self.session.link.available:
            self.update_sync_status()
            return
        link = self.session.link
        if self.sync_status.state is not None:
            self.sync_status.set_state(self.sync_status.state, syncing=True)
        self._syncing = run_task(link.sync_once, self._synced, self._sync_failed,
                                 self.job_bar.step, with_progress=True)
        self.job_bar.begin(self.tr("Đồng bộ với Cổng dịch vụ công"), self._syncing)

    def _synced(self, note: str) -> None:
        self.job_bar.end(self._syncing)
        self._syncing = None
        self.session.refresh_names()
        self.refresh_all()
        if note:
            self.statusBar().showMessage(note, 8000)
        self.synced.emit()

    def _sync_failed(self, exc: BaseException) -> None:
        self.job_bar.end(self._syncing)
        self._syncing = None
        self.update_sync_status()
        self.statusBar().showMessage(message_of(exc), 8000)
        self.synced.emit()

    def update_sync_status(self) -> None:
        link = self.session.link
        run_task(link.state, lambda s: self.sync_status.set_state(s, self._syncing is not None))

    @property
    def syncing(self) -> bool:
        return self._syncing is not None

    # --- clocks and notifications ---------------------------------------------------------

    def tick(self) -> None:
        if self._closed:
            return
        for ws in self.workspaces:
            ws.tick()
        run_task(self._watch_clocks, self._clock_news)

    def _watch_clocks(self) -> tuple[set[str], list[tuple[str, Any]]]:
        rows = self.session.store.dossier_summaries(self.session.agency_id, (Status.SUBMITTED,))
        online = {r.code for r in rows if r.channel.value == "online"}
        now = self.session.clock()
        short = [(r.code, r.receipt_due_at) for r in rows
                 if r.receipt_due_at and now <= r.receipt_due_at <= now + RECEIPT_WARNING]
        return online, short

    def _clock_news(self, news: tuple[set[str], list[tuple[str, Any]]]) -> None:
        if not self.session.has(Role.DESK):
            return
        online, short = news
        if self._known_online is not None:
            for code in sorted(online - self._known_online):
                self.notify(self.tr("Có hồ sơ trực tuyến mới: ") + code)
        self._known_online = online
        now = self.session.clock()
        for code, due in short:
            if code not in self._warned:
                self._warned.add(code)
                minutes = max(0, int((due - now).total_seconds() // 60))
                self.notify(f"Hồ sơ {code} còn {minutes} phút để tiếp nhận (Điều 12.1.a)")

    def closeEvent(self, event: Any) -> None:
        self._closed = True
        app = QCoreApplication.instance()
        app.removeEventFilter(self.wedge)
        app.removeEventFilter(self.idle)
        self.sync_timer.stop()
        self.clock_timer.stop()
        if self._syncing is not None:
            self._syncing.cancel()
        super().closeEvent(event)
