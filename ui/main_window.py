"""The main window: role workspaces, search, sync status, notifications, lock."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QSystemTrayIcon,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import Dossier, Role, Status
from ui import access_log_view, receipt_watch, store_keys
from ui.conflicts import ConflictsDialog
from ui.login import IdleWatcher, LockPage
from ui.pin import QtPinPrompt
from ui.portal import message_of
from ui.printing_jobs import PrintingMixin
from ui.recovery import DraftStore
from ui.search import BarcodeWedge, SearchBox
from ui.session import Session
from ui.style import app_icon
from ui.sync_status import JobBar, SyncStatus
from ui.threads import Progress, run_task
from ui.widgets import plain_label
from ui.workspaces import workspaces_for
from ui.workspaces.base import Workspace


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
        self.lock_dialog: LockPage | None = None  # the lock page while locked
        self.alerts: list[str] = []  # breach warnings not yet seen
        self._follow = ""  # the dossier to keep in view after an action
        self._syncing: Progress | None = None
        self._known_online: set[str] | None = None
        self._warned: set[str] = set()
        self._closed = False
        self.setObjectName("main_window")
        from ui import style

        style.apply(QApplication.instance())  # one look (also where no launcher applied it)
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
        # a warning that stays until the officer says it was seen (the receipt clock)
        self.alert = QFrame()
        self.alert.setObjectName("alert")
        self.alert_text = plain_label(selectable=False)
        self.alert_text.setObjectName("alert_text")
        seen = QPushButton(self.tr("Đã xem"))
        seen.setObjectName("alert_seen")
        seen.clicked.connect(self.dismiss_alerts)
        al = QHBoxLayout(self.alert)
        al.setContentsMargins(8, 4, 8, 4)
        al.addWidget(self.alert_text, 1)
        al.addWidget(seen)
        self.alert.hide()
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.restore_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.alert)
        layout.addLayout(top)
        layout.addWidget(self.roles, 1)
        self.work_page = central
        self.lock_page = LockPage()
        self.lock_page.unlocked.connect(self._unlocked)
        self.lock_page.switch.connect(self._switch_from_lock)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(central)
        self.pages.addWidget(self.lock_page)
        self.setCentralWidget(self.pages)
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
        self.idle = IdleWatcher(self.idle_minutes())
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
        from ui.style import icon

        bar = QToolBar(self.tr("Công cụ"))
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
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
        for text, key, slot, name, glyph in (
            (self.tr("Đồng bộ"), "F5", self.sync_now, "sync_now", "rotate"),
            (self.tr("Báo cáo"), "Ctrl+R", self.open_reports, "reports", "chart-column"),
            (self.tr("Cài đặt"), "Ctrl+,", self.open_settings, "settings", "gear"),
            (self.tr("Khóa"), "Ctrl+L", self.lock, "lock", "lock"),
            (self.tr("Đổi cán bộ"), "Ctrl+Shift+L", self.switch_requested.emit, "switch",
             "user-group"),
        ):
            action = QAction(icon(glyph), text, self)
            action.setObjectName(f"act_{name}")
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{text} ({key})")
            action.triggered.connect(slot)
            bar.addAction(action)
        self.access_log_action = access_log_view.install(self, bar)  # the leader's
        self.toolbar = bar
        focus = QAction(self)
        focus.setShortcut(QKeySequence("Ctrl+F"))
        focus.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(focus)
        step = QAction(self.tr("Hồ sơ kế tiếp"), self)
        step.setObjectName("act_next")
        step.setShortcuts([QKeySequence("F8"), QKeySequence("Ctrl+Down")])
        step.triggered.connect(self.next_dossier)
        self.addAction(step)

    # --- officer --------------------------------------------------------------------

    def set_officer(self, password_hash: bytes | None = None) -> None:
        """Build the workspaces of the logged-in officer (also after switching)."""
        if password_hash is not None:
            self.password_hash = password_hash
        officer, unit = self.session.officer, self.session.unit
        assert officer is not None
        self._build_workspaces()
        name = unit.name if unit else officer.unit_id
        # a long unit name must not push the header buttons off a 1366-pixel screen
        self.unit_label.setText(self.unit_label.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideRight, 240))
        self.unit_label.setToolTip(name)
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
        self.alerts = []
        self.alert.hide()
        self._fetch_directory()
        QTimer.singleShot(0, self.sync_now)

    def idle_minutes(self) -> float:
        """The unit's idle time (set on the portal for every desk of the unit); this
        machine's setting may only make it shorter."""
        local = float(self.session.settings.idle_lock_minutes or 0)
        try:
            unit = self.session.unit
        except Exception:  # no store or unit yet
            unit = None
        unit_minutes = float(getattr(unit, "idle_lock_minutes", 0) or 0)
        chosen = [m for m in (local, unit_minutes) if m > 0]
        return min(chosen) if chosen else 10.0

    def _build_workspaces(self) -> None:
        self.roles.clear()
        for ws in self.workspaces:
            ws.deleteLater()
        self.workspaces = workspaces_for(self)
        for ws in self.workspaces:
            self.roles.addTab(ws, QCoreApplication.translate("Workspace", ws.title))

    # --- people -------------------------------------------------------------------------

    def _fetch_directory(self) -> None:
        session = self.session

        def fetched(people: dict[str, Any]) -> None:
            session.people = people
            for ws in self.workspaces:
                ws.refresh()

        # offline, the copy kept from the last time stays in use
        run_task(session.refresh_directory, fetched, lambda _exc: None)

    def person(self, username: str) -> str:
        return self.session.person(username)

    def directory_names(self) -> dict[str, str]:
        return {u: self.session.person_with_title(u) for u in self.session.people}

    def workspace(self, key: str) -> Workspace | None:
        return next((w for w in self.workspaces if w.key == key), None)

    def specialists(self) -> list[str]:
        rows = self.session.store.dossier_summaries(self.session.agency_id,
                                                    (Status.IN_PROCESS,), limit=500)
        names = {r.assigned_to for r in rows if r.assigned_to}
        names |= self.session.known_specialists
        names |= {u for u, p in self.session.people.items()
                  if "specialist" in (p.get("roles") or ())}
        return sorted(names, key=lambda u: (self.person(u).split()[-1:], u))

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

    def notify(self, text: str, stay: bool = False) -> None:
        """A notification; with `stay`, also a warning in the window until seen."""
        self.notifications.append(text)
        if self.tray is not None:
            self.tray.showMessage(self.tr("Một cửa"), text,
                                  QSystemTrayIcon.MessageIcon.Warning if stay else
                                  QSystemTrayIcon.MessageIcon.Information, 0 if stay else 10000)
        if stay:
            self.alerts.append(text)
            more = f" (và {len(self.alerts) - 1} cảnh báo khác)" if len(self.alerts) > 1 else ""
            self.alert_text.setText("⚠ " + text + more)
            self.alert.show()
        elif self.tray is None:
            self.statusBar().showMessage(text, 10000)

    def dismiss_alerts(self) -> None:
        self.alerts = []
        self.alert.hide()

    def follow(self, code: str) -> None:
        """Keep `code` in view after the lists reload (it may have moved to another)."""
        self._follow = code

    def followed(self, ws: Workspace) -> None:
        """Called by a workspace after it reloaded: reselect the followed dossier."""
        if self._follow and ws is self.current_workspace():
            code, self._follow = self._follow, ""
            if not ws.select(code):
                ws.show_dossier(code)

    def next_dossier(self) -> None:
        ws = self.current_workspace()
        if ws is not None:
            ws.next_dossier()

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
        session = self.session
        run_task(lambda: receipt_watch.watch(session), self._clock_news)

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
            self.idle.set_minutes(self.idle_minutes())
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
        """Cover the whole window: the work leaves the widget tree (nothing of a citizen
        can be read or found behind the lock), dialogs close (a paper intake keeps its
        draft), and it comes back as it was after the password."""
        if self.lock_dialog is not None or self.session.officer is None:
            return
        ws = self.current_workspace()
        self._locked_at = (self.roles.currentIndex(), ws.view.code if ws else "")
        for child in self.findChildren(QDialog):
            # open ones close (a paper intake keeps its draft; a PIN ask is cancelled);
            # closed ones still hold what they showed: all leave the window
            if child.isVisible():
                child.close()
            child.setParent(None)
            child.deleteLater()
        self.dialog = None
        for name in ("reports", "survey"):
            other = getattr(self, name, None)
            if other is not None:
                with contextlib.suppress(RuntimeError):  # already gone with its window
                    other.close()
        self.roles.clear()
        for ws in self.workspaces:
            # emptied and out of the window now, freed on the next turn of the loop
            ws.view.clear()
            for wl in ws.lists.values():
                wl.set_rows([])
            ws.setParent(None)
            ws.deleteLater()
        self.workspaces = []
        self.banner.clear()
        self.banner.hide()
        self.alert_text.clear()
        self.alert.hide()
        self.search.clear()
        self.statusBar().clearMessage()
        self.statusBar().hide()
        self.toolbar.hide()
        self.setWindowTitle(self.tr("Một cửa — đã khóa"))
        self.lock_page.arm(self.session.officer, self.password_hash)
        self.pages.setCurrentWidget(self.lock_page)
        self.lock_dialog = self.lock_page

    def _unlocked(self) -> None:
        if self.lock_dialog is None:
            return
        self.lock_dialog = None
        self.pages.setCurrentWidget(self.work_page)
        self.toolbar.show()
        self.statusBar().show()
        officer, unit = self.session.officer, self.session.unit
        if officer is not None:
            self.setWindowTitle(f"Một cửa — {unit.name if unit else ''} — {officer.full_name}")
            self._build_workspaces()
            index, code = getattr(self, "_locked_at", (0, ""))
            self.roles.setCurrentIndex(index)
            if code:
                self.follow(code)
            self.refresh_all()
        if self.alerts:
            self.alert_text.setText("⚠ " + self.alerts[-1])
            self.alert.show()
        self.idle.set_minutes(self.idle_minutes())

    def _switch_from_lock(self) -> None:
        self.lock_dialog = None
        self.pages.setCurrentWidget(self.work_page)
        self.toolbar.show()
        self.statusBar().show()
        self.switch_requested.emit()

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
        minutes = self.idle_minutes()
        if self.lock_dialog is None and minutes != self.idle.timer.interval() / 60_000:
            self.idle.set_minutes(minutes)  # the unit's value changed (not a reset)
        if not self.session.people:
            self._fetch_directory()
        self.refresh_all()
        if note:
            self.statusBar().showMessage(note, 8000)
        self.synced.emit()

    def _sync_failed(self, exc: BaseException) -> None:
        self.job_bar.end(self._syncing)
        self._syncing = None
        if store_keys.leave_if_wiped(self):  # the administrator's remote wipe: nothing stays
            return
        self.update_sync_status()
        self.statusBar().showMessage(message_of(exc), 8000)
        self.synced.emit()

    def update_sync_status(self) -> None:
        link = self.session.link
        run_task(link.state, self._show_link_state)

    def _show_link_state(self, state: Any) -> None:
        self.sync_status.set_state(state, self._syncing is not None)
        seen = getattr(self, "_conflicts_seen", 0)
        if state.conflicts > seen and self.lock_dialog is None:
            self.notify(f"Có {state.conflicts} việc cần xem lại sau khi đồng bộ: bấm "
                        "“việc cần xem lại” ở góc dưới để chọn.", stay=True)
        self._conflicts_seen = state.conflicts

    @property
    def syncing(self) -> bool:
        return self._syncing is not None

    # --- clocks and notifications ---------------------------------------------------------

    def tick(self) -> None:
        if self._closed:
            return
        for ws in self.workspaces:
            ws.tick()
        session = self.session
        run_task(lambda: receipt_watch.watch(session), self._clock_news)

    def _clock_news(self, news: tuple[set[str], list[receipt_watch.Short]]) -> None:
        if not self.session.has(Role.DESK) or self.lock_dialog is not None:
            return  # nothing about a citizen shows on a locked window
        online, short = news
        if self._known_online is not None:
            for code in sorted(online - self._known_online):
                self.notify(self.tr("Có hồ sơ trực tuyến mới: ") + code)
        self._known_online = online
        for code, name, left in short:
            key = f"{code}:{'late' if left < timedelta(0) else 'soon'}"
            if key not in self._warned:
                self._warned.add(key)
                self.notify(receipt_watch.warning(code, name, left), stay=True)

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
