"""Start the desk application: `desk-app` (the portal in Settings) and `desk-app demo`
(an embedded portal with the demo seed; `--screenshot FILE.png` renders the main window
after the first sync, saves it and exits)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desk_app.domain import Officer, Role
from desk_app.store import BlobStore, Store
from ui import store_keys
from ui.portal import PortalLink, SyncLink
from ui.settings import Settings, data_dir


def make_qapp(headless: bool = False) -> Any:
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("desk-app")
    app.setApplicationDisplayName("Một cửa")
    app.setOrganizationName("desk-app")
    from ui import style

    style.apply(app)  # one look for every window, the login dialog included
    from ui.threads import collect_on_gui_thread

    collect_on_gui_thread()
    return app


class Controller:
    """Login → main window; switching officer logs out and back in, window kept."""

    def __init__(self, session: Any, known: Sequence[Officer] = (), hint: str = "") -> None:
        self.session = session
        self.known = list(known)
        self.hint = hint
        self.window: Any = None
        self.login: Any = None

    def show_login(self) -> Any:
        from ui.login import LoginDialog

        self.login = LoginDialog(self.session.link, self.known, self.hint, self.window)
        self.login.logged_in.connect(self._logged_in)
        self.login.settings_requested.connect(self.open_settings)
        self.login.open() if self.window is not None else self.login.show()
        return self.login

    def open_settings(self) -> None:
        """Before login too: the portal address must be right before anyone can log in."""
        from ui.settings import SettingsDialog

        dialog = SettingsDialog(self.session.settings, self.login)
        self.settings_dialog = dialog

        def saved() -> None:
            old = self.session.settings.portal_url
            self.session.settings = dialog.settings
            if dialog.settings.portal_url != old and self.session.link.available:
                self.session.link = SyncLink(dialog.settings.portal_url)
                self.login.set_link(self.session.link)

        dialog.accepted.connect(saved)
        dialog.open()

    def log_in_as(self, username: str, password: str) -> None:
        dialog = self.login or self.show_login()
        dialog.user.setCurrentText(username)
        dialog.password.setText(password)
        dialog.submit()

    def _logged_in(self, officer: Officer) -> None:
        from ui.main_window import MainWindow

        self.session.log_in(officer)
        known = {o.username for o in self.known if Role.SPECIALIST in o.roles
                 and o.unit_id == officer.unit_id}
        self.session.known_specialists = known
        stored = self.login.password_hash if self.login else b""
        if self.window is None:
            self.window = MainWindow(self.session, stored)
            self.window.switch_requested.connect(self.switch)
            self.window.show()
        else:
            self.window.set_officer(stored)

    def switch(self) -> None:
        self.session.link.logout()
        self.session.log_out()
        self.show_login()


def open_session(data: Path, link: PortalLink, settings: Settings,
                 encrypted: bool = True) -> Any:
    from desk_app.store.cli import open_desk_data
    from ui.session import Session

    # Decree 13/2023/NĐ-CP: citizens' data encrypted at rest, its key in the OS keyring.
    store, blobs = open_desk_data(data) if encrypted else \
        (Store(data / "desk.sqlite3"), BlobStore(data / "blobs"))
    return Session(store=store, blobs=blobs, link=link, settings=settings, data_dir=data)


def demo_officers() -> tuple[list[Officer], str] | None:
    try:
        from server_stub.seed import DEMO_PASSWORD, DEMO_SEED, officers_of
    except ImportError:
        return None
    return [Officer(u, n, agency, frozenset(roles))
            for u, n, roles, agency in officers_of(DEMO_SEED)], DEMO_PASSWORD


class PortalTime:
    """The portal's time (from its Date header), read through `session.link` (Settings may
    replace the link); `reading()` gives (corrected, local) so a stamp keeps both."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def __call__(self) -> Any:
        return self.session.link.client.portal_clock()

    def reading(self) -> Any:
        return self.session.link.client.portal_clock.reading()


@contextlib.contextmanager
def demo_backend(data: Path, dossiers: int = 24) -> Any:
    """(link, officers, password): the embedded portal with its demo seed, or, when the
    portal service is not installed, a local store seeded here and no portal."""
    try:
        from server_stub.testing import run_portal
        people = demo_officers()
    except ImportError:
        people = None
    if people is not None:
        from server_stub.seed import DEMO_SEED

        with run_portal(f"sqlite:///{data / 'portal.sqlite3'}", seed=DEMO_SEED) as portal:
            yield SyncLink(portal.base_url), people[0], people[1], portal
        return
    from ui import demo_data

    store = Store(data / "desk.sqlite3")
    if store.count_dossiers() == 0:
        demo_data.seed_store(store, dossiers)
    store.close()
    link = PortalLink(demo_data.OFFICERS, (demo_data.DISTRICT, demo_data.COMMUNE),
                      demo_data.DEMO_PASSWORD)
    yield link, list(demo_data.OFFICERS), demo_data.DEMO_PASSWORD, None


def demo_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="desk-app demo", description=(
        "Mở phần mềm với Cổng dịch vụ công chạy thử trên máy, dữ liệu mẫu (demo)"))
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="chụp cửa sổ chính sau lần đồng bộ đầu rồi thoát")
    parser.add_argument("--officer", help="đăng nhập sẵn bằng tài khoản này")
    parser.add_argument("--tour", metavar="THƯ_MỤC",
                        help="chụp từng màn hình chính (1366×768) vào thư mục này rồi thoát")
    parser.add_argument("--data", help="thư mục dữ liệu thử (mặc định: thư mục tạm)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi",
                        help="ngôn ngữ giao diện: vi (tiếng Việt, mặc định) hoặc en (English)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "sync.keyring_memory.MemoryKeyring")
    scratch = None if args.data else tempfile.TemporaryDirectory(
        prefix="desk-demo-", ignore_cleanup_errors=True)  # demo state goes with the demo
    data = Path(args.data or scratch.name)  # type: ignore[union-attr]
    data.mkdir(parents=True, exist_ok=True)
    try:
        return _run_demo(args, data)
    finally:
        if scratch is not None:
            scratch.cleanup()


def _run_demo(args: argparse.Namespace, data: Path) -> int:
    os.environ.setdefault("DESK_APP_CONFIG_DIR", str(data / "config"))
    app = make_qapp(headless=bool(args.screenshot or args.tour))
    from ui import i18n

    i18n.install(args.lang)
    with demo_backend(data) as (link, officers, password, _portal):
        settings = Settings(portal_url=link.base_url or "http://127.0.0.1",
                            receipt_output_dir=str(data / "printed"), language=args.lang)
        # Approving and sealing are signing: the demo's leaders and clerks get test tokens,
        # made in the background (a few seconds) while the officer logs in.
        import threading

        from ui import demo_tokens

        def make_tokens() -> None:
            module = demo_tokens.prepare(data / "tokens", officers, demo_tokens.unit_names())
            if module is not None:
                settings.token_library = str(module)

        tokens = threading.Thread(target=make_tokens, name="demo-tokens", daemon=True)
        if args.tour or not args.screenshot:  # a screenshot ends (its folder goes) first
            tokens.start()
        if args.tour:
            tokens.join(120)  # the tour shows the PIN dialog
        # A demo kept in --data outlives its in-memory keyring: its sample data stays plain.
        session = open_session(data, link, settings, encrypted=not args.data)
        hint = (f"Tài khoản thử: chọn một cán bộ ở trên; mật khẩu: {password}; "
                f"mã PIN thiết bị ký số thử: {demo_tokens.DEMO_PIN}")
        controller = Controller(session, officers, hint)
        if args.tour:
            from ui import tour

            try:
                return tour.run(controller, password, Path(args.tour))
            finally:
                session.store.close()
        if args.screenshot or args.officer:
            user = args.officer or next(
                (o.username for o in officers if o.roles == {Role.DESK}
                 and "phuvang" in o.username), officers[0].username)
            controller.show_login()
            controller.log_in_as(user, password)
        else:
            controller.show_login()
        try:
            if args.screenshot:
                return _screenshot(app, controller, Path(args.screenshot))
            return int(app.exec())
        finally:
            from ui import threads

            threads.wait_idle(5000)
            session.store.close()


def _screenshot(app: Any, controller: Controller, target: Path, timeout_ms: int = 60_000
                ) -> int:
    """Wait for login, the first sync and the lists, then save the window and quit."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from ui import threads

    clock = QElapsedTimer()
    clock.start()
    outcome = {"rc": 1}
    state = {"synced": False}

    def check() -> None:
        w = controller.window
        if w is not None and not state["synced"]:
            w.synced.connect(lambda: state.update(synced=True))
            state["synced"] = not w.session.link.available or (not w.syncing and bool(
                w.sync_status.state and w.sync_status.state.last_success_at))
        ready = (w is not None and state["synced"] and threads.active_count() == 0
                 and all(ws.loaded for ws in w.workspaces) and not w.syncing)
        if ready and not state.get("picked"):
            # show a dossier, as an officer would: the first of the first list
            state["picked"] = True
            ws = w.current_workspace()
            wl = ws.current_list() if ws else None
            if wl is not None and wl.count():
                wl.select_code(wl.model.summary(0).code)
            QTimer.singleShot(100, check)
            return
        if ready or clock.elapsed() > timeout_ms:
            if w is None:
                print("Không đăng nhập được để chụp màn hình", file=sys.stderr)
                app.quit()
                return
            w.resize(1366, 768)
            target.parent.mkdir(parents=True, exist_ok=True)
            outcome["rc"] = 0 if w.grab().save(str(target)) else 1
            print(f"Đã lưu ảnh cửa sổ: {target}")
            app.quit()
            return
        QTimer.singleShot(100, check)

    QTimer.singleShot(100, check)
    app.exec()
    threads.wait_idle(5000)
    return outcome["rc"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="desk-app", description=(
        "Phần mềm Bộ phận một cửa: tiếp nhận, xử lý và trả kết quả hồ sơ (desk application)"))
    parser.add_argument("--lang", choices=("vi", "en"),
                        help="ngôn ngữ giao diện: vi (tiếng Việt) hoặc en (English); "
                             "mặc định: theo Cài đặt")
    args = parser.parse_args(argv)
    settings = Settings.load()
    app = make_qapp()
    from ui import i18n

    i18n.install(args.lang or settings.language)
    data = data_dir()
    data.mkdir(parents=True, exist_ok=True)
    from ui import updates

    if updates.install_at_start(data):  # accepted last time: the installer takes over
        return 0
    try:
        link: PortalLink = SyncLink(settings.portal_url)
    except ImportError:
        link = PortalLink()
    session = store_keys.open_session_or_explain(open_session, data, link, settings)
    if session is None:  # the store's key is missing or wrong: the message said what to do
        return 1
    if isinstance(link, SyncLink):  # stamp actions with the portal's time (Date header),
        # read through session.link: Settings may replace the link with a new portal's
        session.clock = PortalTime(session)
    controller = Controller(session)
    controller.show_login()
    checker = updates.UpdateChecker(lambda: session.settings.portal_url,
                                    updates.staging_dir(data), app)
    checker.start()
    return int(app.exec())
