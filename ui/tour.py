"""`desk-app demo --tour DIR`: every main screen rendered at 1366×768 on the demo portal,
as the officers of UBND huyện Phú Vang see it, to DIR/<name>.png. The pictures feed the
user guide (docs/huong-dan-su-dung.md) and the README screenshot; looking at them at
100 % and 150 % (QT_SCALE_FACTOR=1.5) is how the screens are reviewed."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

from desk_app.domain import ResultDelivery, Status, Step
from desk_app.workflow import Action, next_supplement

NAMES = ("login", "desk", "dossier", "intake", "supplement", "leader", "pin", "clerk",
         "postal", "reports", "survey", "settings", "lock", "conflicts")
SIZE = (1366, 768)


def _wait(cond: Callable[[], bool], timeout: float = 60.0) -> bool:
    """Turn the event loop until `cond` holds or the deadline passes."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    while not cond():
        if time.monotonic() > deadline:
            return False
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


def _settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Tour:
    def __init__(self, controller: Any, password: str, out: Path) -> None:
        self.c = controller
        self.password = password
        self.out = out
        self.saved: list[str] = []

    def shoot(self, widget: QWidget, name: str, size: tuple[int, int] | None = SIZE) -> None:
        if size is not None:
            widget.resize(*size)
        widget.show()
        _settle()
        path = self.out / f"{name}.png"
        if widget.grab().save(str(path)):
            self.saved.append(name)

    def ready(self) -> bool:
        from ui import threads

        w = self.c.window
        return (w is not None and not w.syncing and threads.active_count() == 0
                and all(ws.loaded for ws in w.workspaces))

    def log_in(self, username: str) -> Any:
        from ui import threads

        if self.c.window is not None:
            self.c.switch()
        else:
            self.c.show_login()
        self.c.log_in_as(username, self.password)
        _wait(lambda: self.c.window is not None and self.c.session.officer is not None
              and self.c.session.officer.username == username)
        w = self.c.window
        if w is None:
            raise RuntimeError("không đăng nhập được: " + self.c.login.error.text())
        _wait(lambda: w.sync_status.state is not None and (
            w.sync_status.state.last_success_at is not None or not w.session.link.available))
        _wait(self.ready)
        threads.wait_idle(5000)
        w.resize(*SIZE)
        return w

    def open(self, code: str) -> Any:
        w = self.c.window
        w.open_dossier(code)
        ws = w.current_workspace()
        _wait(lambda: ws.view.loaded is not None and ws.view.loaded.dossier.code == code)
        _wait(self.ready)
        _settle(300)
        return ws

    def first(self, statuses: tuple[Status, ...], step: Step | None = None,
              test: Callable[[Any], bool] | None = None) -> str:
        session = self.c.session
        for s in session.store.dossier_summaries(session.agency_id, statuses, step):
            d = session.store.get_dossier(s.code)
            if d is not None and (test is None or test(d)):
                return s.code
        return ""

    # --- the screens ----------------------------------------------------------------------

    def pick(self) -> dict[str, str]:
        """Who shows each role: a desk officer of the demo seed, and a leader and a clerk
        of the same unit when it has them (any otherwise)."""
        from desk_app.domain import Role

        known = list(self.c.known)
        desk = next((o for o in known if o.roles == {Role.DESK}),
                    next(o for o in known if Role.DESK in o.roles))

        def of(role: Role) -> str:
            same = [o for o in known if role in o.roles and o.unit_id == desk.unit_id]
            return (same or [o for o in known if role in o.roles] or [desk])[0].username

        return {"desk": desk.username, "leader": of(Role.LEADER), "clerk": of(Role.CLERK)}

    def run(self) -> None:
        self.users = self.pick()
        self.c.show_login()
        login = self.c.login
        login.user.setCurrentText(self.users["desk"])
        self.shoot(login, "login", None)
        self.desk_screens()
        self.leader_screens()
        self.clerk_screens()

    def desk_screens(self) -> None:
        from ui.conflicts import ConflictsDialog
        from ui.forms import SupplementDialog
        from ui.settings import SettingsDialog

        w = self.log_in(self.users["desk"])
        code = self.first((Status.SUBMITTED,), test=lambda d: not d.missing_required())
        if code:
            ws = self.open(code)
            self.shoot(w, "desk")
            ws.view.tabs.setCurrentIndex(1)
            _wait(lambda: ws.view.viewer.stack.currentIndex() != 0, 10)
            _settle(400)
            self.shoot(w, "dossier")
            ws.view.tabs.setCurrentIndex(0)
        incomplete = (self.first((Status.SUBMITTED,), test=lambda d: bool(d.missing_required()))
                      or self.first((Status.SUBMITTED, Status.RECEIVED)))
        if incomplete:
            d = self.c.session.store.get_dossier(incomplete)
            dlg = SupplementDialog(d.components, next_supplement(d), parent=w)
            self.shoot(dlg, "supplement", None)
            dlg.close()
        w.open_intake()
        dlg = w.dialog
        _wait(lambda: dlg.proc_list.count() > 0, 10)
        dlg.proc_list.setCurrentRow(0)
        dlg.name.setText("Nguyễn Thị Hoài Thương")
        dlg.id_number.setText("046190001234")
        dlg.address.setText("Thôn Hà Trung, xã Vinh Hà, huyện Phú Vang")
        dlg.phone.setText("0905123456")
        self.shoot(dlg, "intake", (1120, 720))
        dlg.discard()
        post = self.first((Status.DONE,), test=lambda d: d.result_delivery is ResultDelivery.POST)
        ws = w.current_workspace()
        if post and ws is not None:
            ws.tabs.setCurrentWidget(ws.lists["to_return"])
            self.open(post)
        self.shoot(w, "postal")
        w.open_reports()
        reports = w.reports
        reports.quick.setCurrentIndex(1)
        reports._quick(1)  # this quarter
        done: list[Any] = []
        reports.built.connect(done.append)
        reports.build()
        _wait(lambda: bool(done), 30)
        reports.tabs.setCurrentIndex(2)  # the charts
        _settle(500)
        self.shoot(reports, "reports", (1100, 700))
        w.reports.close()
        self.survey()
        dialog = SettingsDialog(w.session.settings, w)
        _wait(lambda: hasattr(dialog, "devices_found"), 30)
        self.shoot(dialog, "settings", None)
        dialog.close()
        self.make_conflict()
        conflicts = ConflictsDialog(w, w)
        _wait(lambda: conflicts.items.count() > 0, 10)
        _wait(self.ready, 10)
        _settle(300)
        self.shoot(conflicts, "conflicts", None)
        conflicts.close()
        w.lock()
        self.shoot(w, "lock")
        w.lock_page.password.setText(self.password)
        w.lock_page.try_unlock()
        _wait(self.ready)

    def make_conflict(self) -> None:
        """The same officer at a second counter received a dossier that this desk, not yet
        synced, refused: the portal keeps the receipt and this desk has a conflict."""
        import secrets

        from desk_app.calendar import now_vn
        from sync.client import PortalClient

        w = self.c.window
        session = w.session
        code = self.first((Status.SUBMITTED,), test=lambda d: not d.missing_required())
        if not code or not session.link.available:
            return
        d = session.store.get_dossier(code)
        try:
            session.service.refuse(code, "Giấy tờ không hợp lệ")
            other = PortalClient(session.link.base_url, keyring_service="desk-app-tour")
            other.login(session.officer.username, self.password)
            other.push_commands([{"client_id": secrets.token_hex(8), "dossier_code": code,
                                  "action": "receive", "base_version": d.version,
                                  "acted_at": now_vn().isoformat(), "payload": {}}])
            other.logout()
        except Exception as exc:  # the tour goes on without this picture's example
            print(f"Không tạo được ví dụ xung đột: {exc}", file=sys.stderr)
            return
        w.sync_now()
        _wait(lambda: not w.syncing, 30)
        _wait(self.ready, 30)

    def survey(self) -> None:
        try:
            from ui.survey import SurveyWidget
        except ImportError:
            return
        session = self.c.session
        counter = lambda d: d.channel.value != "online"  # noqa: E731 — came to the counter
        code = (self.first((Status.RETURNED, Status.DONE), test=counter)
                or self.first((Status.RECEIVED,), test=counter))
        widget = SurveyWidget(session.store, code, session.agency_id,
                              session.officer.username, in_person=True)
        self.shoot(widget, "survey")
        widget.close()

    def leader_screens(self) -> None:
        from desk_app.domain import Role
        from ui.forms import PinDialog

        leaders = [self.users["leader"], *(o.username for o in self.c.known
                                           if Role.LEADER in o.roles)]
        for username in dict.fromkeys(leaders):  # the first leader with drafts to sign
            w = self.log_in(username)
            ws = w.workspace("leader")
            if ws is not None and ws.lists["approval"].count():
                break
        code = ws.lists["approval"].model.codes()[0] if ws and ws.lists[
            "approval"].count() else self.first((Status.IN_PROCESS,), Step.APPROVAL)
        if code:
            ws = self.open(code)
            _wait(lambda: ws.view.viewer.stack.currentIndex() != 0, 10)
            _settle(500)
        self.shoot(w, "leader")
        ws = w.current_workspace()
        codes = ws.lists["approval"].model.codes()[:3] if ws else []
        store = w.session.store
        docs = [f"{c} — {(d := store.get_dossier(c)).subject} — {d.applicant.name}"
                for c in codes if store.get_dossier(c) is not None]
        pin = PinDialog("LANH DAO", 3, w, documents=docs,
                        certificate="Chứng thư số: NGUYỄN QUANG HUY, hết hạn 31/12/2027 "
                                    "(thiết bị “LANH DAO”)")
        self.shoot(pin, "pin", None)
        pin.close()

    def clerk_screens(self) -> None:
        from desk_app.domain import Role

        clerks = [self.users["clerk"], *(o.username for o in self.c.known
                                         if Role.CLERK in o.roles)]
        for username in dict.fromkeys(clerks):  # the first clerk with results to seal
            w = self.log_in(username)
            ws = w.workspace("clerk")
            if ws is not None and ws.lists["sealing"].count():
                self.open(ws.lists["sealing"].model.codes()[0])
                break
        self.shoot(w, "clerk")


def run(controller: Any, password: str, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    tour = Tour(controller, password, out)
    try:
        tour.run()
    finally:
        from ui import threads

        threads.wait_idle(5000)
        QCoreApplication.processEvents()
    missing = [n for n in NAMES if n not in tour.saved]
    print(f"Đã lưu {len(tour.saved)} ảnh vào {out}" + (
        f"; chưa chụp được: {', '.join(missing)}" if missing else ""))
    return 0 if not missing else 1


__all__ = ["NAMES", "Action", "run"]
if __name__ == "__main__":  # pragma: no cover
    sys.exit("dùng: desk-app demo --tour THƯ_MỤC")
