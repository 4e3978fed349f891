"""Drive the desk application through its widgets against a real portal service.

Imported by the conftest files of tests/ui and tests/e2e (they put this folder on the
path). Keyring: an in-memory back end, so no test touches a real keychain.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "sync.keyring_memory.MemoryKeyring")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desk_app.domain import Dossier, Status
from desk_app.workflow import Action
from ui import i18n, threads
from ui.app import Controller, open_session
from ui.portal import SyncLink
from ui.settings import Settings

PASSWORD = "demo"
WAIT = 30_000


@dataclass
class Desk:
    qtbot: Any
    controller: Controller
    data: Path

    @property
    def window(self) -> Any:
        return self.controller.window

    @property
    def session(self) -> Any:
        return self.controller.session

    @property
    def store(self) -> Any:
        return self.session.store

    def ws(self, key: str) -> Any:
        ws = self.window.workspace(key)
        assert ws is not None, f"no workspace {key}"
        return ws

    def wait_idle(self) -> None:
        self.qtbot.waitUntil(lambda: threads.active_count() == 0 and not self.window.syncing,
                             timeout=WAIT)

    def sync(self) -> None:
        self.wait_idle()
        with self.qtbot.waitSignal(self.window.synced, timeout=WAIT):
            self.window.sync_now()
        self.wait_idle()

    def open(self, code: str, ws_key: str | None = None) -> Any:
        self.wait_idle()
        self.window.open_dossier(code)
        ws = self.ws(ws_key) if ws_key else self.window.current_workspace()
        self.qtbot.waitUntil(lambda: ws.view.loaded is not None
                             and ws.view.loaded.dossier.code == code, timeout=WAIT)
        self.wait_idle()
        return ws.view

    def offered(self, code: str, ws_key: str | None = None) -> list[str]:
        return self.open(code, ws_key).offered()

    def act(self, code: str, action: Action, ws_key: str | None = None,
            fill: Any = None) -> Dossier:
        view = self.open(code, ws_key)
        assert action in view.action_buttons, (action, view.offered())
        view.action_buttons[action].click()
        dialog = view.actions.dialog
        assert dialog is not None
        if fill is not None:
            fill(dialog)
        dialog.ok()
        self.wait_idle()
        d = self.store.get_dossier(code)
        assert d is not None
        return d

    def dossier(self, code: str) -> Dossier:
        d = self.store.get_dossier(code)
        assert d is not None
        return d

    def first(self, status: Status, complete: bool | None = None, test: Any = None,
              **where: Any) -> Dossier:
        for s in self.store.dossier_summaries(self.session.agency_id, (status,)):
            d = self.dossier(s.code)
            if complete is not None and (not d.missing_required()) != complete:
                continue
            if test is not None and not test(d):
                continue
            if all(getattr(d, k) == v for k, v in where.items()):
                return d
        raise AssertionError(f"no {status} dossier with {where}")

    def close(self) -> None:
        if getattr(self, "closed", False):
            return
        self.closed = True
        if self.window is not None:
            self.wait_idle()
            self.window.close()
            self.window.deleteLater()
        if self.controller.login is not None:
            self.controller.login.close()
            self.controller.login.deleteLater()
        threads.wait_idle(5000)
        settle()
        self.store.close()


def settle() -> None:
    """Free closed windows now, on the GUI thread, at a quiet moment: not later from
    Python's cycle collector in the middle of another test (which can crash Qt)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_desk(qtbot: Any, base_url: str, username: str, data: Path,
              wait_sync: bool = True, **settings: Any) -> Desk:
    i18n.install("vi")  # as the application does at start
    data.mkdir(parents=True, exist_ok=True)
    os.environ["DESK_APP_CONFIG_DIR"] = str(data / "config")
    link = SyncLink(base_url)
    s = Settings(portal_url=base_url, receipt_output_dir=str(data / "printed"),
                 sync_interval_seconds=3600, **settings)
    controller = Controller(open_session(data, link, s))
    controller.show_login()
    controller.log_in_as(username, PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=WAIT)
    desk = Desk(qtbot, controller, data)
    # the first sync starts by itself right after login
    qtbot.waitUntil(lambda: desk.window.sync_status.state is not None
                    and (desk.window.sync_status.state.last_success_at is not None
                         or not wait_sync)
                    and not desk.window.syncing, timeout=WAIT)
    desk.wait_idle()
    return desk


def portal_dossier(base_url: str, code: str, username: str = "lanhdao.phuvang") -> dict:
    """The portal's own record of a dossier, read through its change feed."""
    from sync.client import PortalClient

    client = PortalClient(base_url, keyring_service="desk-app-test-reader")
    client.login(username, PASSWORD)
    found: dict = {}
    since = 0
    while True:
        page = client.changes(since, 500)
        for ch in page["changes"]:
            if ch["kind"] == "dossier" and ch["key"] == code:
                found = ch["data"]
        since = page["next"]
        if not page["more"]:
            break
    client.logout()
    return found


def scanned_page(path: Path, title: str = "TO KHAI") -> Path:
    """A page as a scanner would save it: 200 dpi, A4, black marks on white."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 200, 1400, 400), fill=0)
    draw.text((200, 600), title, fill=0)
    image.save(path, dpi=(200, 200))
    return path


def pdf_text(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def open_local(qtbot: Any, data: Path, username: str = "motcua", dossiers: int = 40,
               clock: Any = None) -> Desk:
    """The application on a seeded local store with no portal (fast screens tests)."""
    from desk_app.store import Store
    from ui import demo_data
    from ui.portal import PortalLink

    i18n.install("vi")
    data.mkdir(parents=True, exist_ok=True)
    os.environ["DESK_APP_CONFIG_DIR"] = str(data / "config")
    store = Store(data / "desk.sqlite3")
    if store.count_dossiers() == 0:
        demo_data.seed_store(store, dossiers, now=clock() if clock else None)
    store.close()
    link = PortalLink(demo_data.OFFICERS, (demo_data.DISTRICT, demo_data.COMMUNE),
                      demo_data.DEMO_PASSWORD)
    s = Settings(portal_url="http://127.0.0.1", receipt_output_dir=str(data / "printed"))
    session = open_session(data, link, s)
    if clock is not None:
        session.clock = clock
    controller = Controller(session, list(demo_data.OFFICERS))
    controller.show_login()
    controller.log_in_as(username, demo_data.DEMO_PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=WAIT)
    desk = Desk(qtbot, controller, data)
    qtbot.waitUntil(lambda: all(ws.loaded for ws in desk.window.workspaces), timeout=WAIT)
    desk.wait_idle()
    return desk


def clipped_texts(root: Any) -> list[str]:
    """Texts of visible labels, buttons and tabs that do not fit their widget."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    bad: list[str] = []
    for w in [root, *root.findChildren(QWidget_type())]:
        if not w.isVisible() or w.width() <= 1:
            continue
        fm = w.fontMetrics()
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height() + 2:
                    bad.append(w.text())
            elif fm.horizontalAdvance(w.text()) > w.contentsRect().width() + 1:
                bad.append(w.text())
        elif isinstance(w, QAbstractButton) and w.text():
            extra = 8 + (w.iconSize().width() if not w.icon().isNull() else 0)
            if w.metaObject().className() in ("QCheckBox", "QRadioButton"):
                extra += 22
            if fm.horizontalAdvance(w.text().replace("&", "")) + extra > w.width():
                bad.append(w.text())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if not w.isTabVisible(i):
                    continue  # a hidden tab (an empty liên thông list) shows no text
                if fm.horizontalAdvance(w.tabText(i)) + 8 > w.tabRect(i).width():
                    bad.append(w.tabText(i))
    return bad


def QWidget_type() -> Any:
    from PySide6.QtWidgets import QWidget

    return QWidget
