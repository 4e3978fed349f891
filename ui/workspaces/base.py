"""What every workspace has: tabs of work lists with counts, and the dossier view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import Status
from ui.dossier_view import DossierView
from ui.style import icon
from ui.threads import run_task
from ui.worklist import ListSpec, WorkList

INCOMPLETE = "__incomplete__"
CALENDAR = "__calendar__"


class Workspace(QWidget):
    title = ""
    key = ""

    def __init__(self, host, specs: Sequence[ListSpec]) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.host = host
        self.session = host.session
        self.setObjectName(f"workspace_{self.key}")
        self.lists: dict[str, WorkList] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName(f"tabs_{self.key}")
        calendar = self.session.calendar()
        for spec in specs:
            # the session's clock (the portal's time), as the open dossier counts with it
            wl = WorkList(spec, self.session.procedure_names, calendar=calendar,
                          clock=lambda: self.session.clock())
            wl.opened.connect(self.show_dossier)
            self.lists[spec.key] = wl
            self.tabs.addTab(wl, wl.title())
        # the queue at a glance (its own line: it must never be cut off)
        self.summary = QLabel()
        self.summary.setObjectName("queue_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("color: #8c1d18; font-weight: bold")
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(self.buttons)
        lv.addWidget(self.summary)
        lv.addWidget(self.tabs, 1)
        self.view = DossierView(host)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.view)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 480])
        split.setChildrenCollapsible(False)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self.tabs.currentChanged.connect(lambda _i: self._update_summary())
        self.loaded = False

    def add_button(self, text: str, slot, name: str, shortcut: str = "",  # type: ignore[no-untyped-def]
                   glyph: str = "") -> QPushButton:
        text = QCoreApplication.translate("Workspace", text)
        button = QPushButton(icon(glyph), text) if glyph else QPushButton(text)
        button.setObjectName(name)
        if shortcut:
            button.setShortcut(shortcut)
            button.setToolTip(f"{text} ({shortcut})")
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def current_list(self) -> WorkList | None:
        w = self.tabs.currentWidget()
        return w if isinstance(w, WorkList) else None

    # --- loading ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload every list off the GUI thread; rows change in place."""
        session = self.session
        store, agency, user = self.session.store, self.session.agency_id, (
            self.session.officer.username if self.session.officer else "")
        specs = [wl.spec for wl in self.lists.values()]

        def load() -> dict[str, Any]:
            rows: dict[str, Any] = {s.key: s.query(store, agency, user) for s in specs}
            # flag what cannot be received as it is (the few awaiting receipt or a reply)
            waiting = {r.code for key, found in rows.items() for r in found[:300]
                       if r.status in (Status.SUBMITTED, Status.RECEIVED)}
            rows[INCOMPLETE] = {c for c in waiting if (d := store.get_dossier(c)) is not None
                                and d.missing_required()}
            # the unit's hours as they are now (a sync may have brought them, or changed them)
            rows[CALENDAR] = session.calendar()
            return rows

        run_task(load, self._loaded, self.host.show_error)

    def _loaded(self, rows: dict[str, Any]) -> None:
        incomplete = rows.get(INCOMPLETE, set())
        for key, wl in self.lists.items():
            wl.model.calendar = rows.get(CALENDAR, wl.model.calendar)  # as the open dossier
            wl.set_rows(rows.get(key, []))
            wl.model.set_incomplete({c for c in incomplete if wl.model.row_of(c) >= 0})
            self.tabs.setTabText(self.tabs.indexOf(wl), wl.title())
        self.loaded = True
        self._update_summary()
        self.after_refresh()

    def after_refresh(self) -> None:
        if self.view.code:
            self.view.reload()
        self.host.followed(self)

    def tick(self) -> None:
        for wl in self.lists.values():
            wl.model.tick()
        self.view.tick()
        self._update_summary()

    def next_dossier(self) -> None:
        """F8: the next dossier of the list in view (the queue's order), from the one open."""
        wl = self.current_list()
        if wl is None or not wl.count():
            return
        row = wl.model.row_of(self.view.code) if self.view.code else -1
        nxt = min(row + 1, wl.count() - 1) if row >= 0 else 0
        wl.select_code(wl.model.summary(nxt).code)
        wl.view.setFocus()

    def _update_summary(self) -> None:
        wl = self.current_list()
        self.summary.setText(wl.urgency_text() if wl else "")

    def show_dossier(self, code: str) -> None:
        self.view.show_dossier(code)

    def select(self, code: str) -> bool:
        for i in range(self.tabs.count()):
            wl = self.tabs.widget(i)
            if isinstance(wl, WorkList) and wl.select_code(code):
                self.tabs.setCurrentIndex(i)
                return True
        return False
