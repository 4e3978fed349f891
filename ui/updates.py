"""Updates in the application: check at start and daily, download in the background,
offer "cài đặt khi khởi động lại", install before work starts at the next start.

The checking, signature, hash and version rules are desk_app.updates; here only the
timing and the asking. A refused update is logged and shown once in plain words;
it never interrupts an officer's work with a modal dialog.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk_app import updates

log = logging.getLogger(__name__)
DAY_MS = 24 * 60 * 60 * 1000
ACCEPTED_FILE = "accepted"


def staging_dir(data: Path) -> Path:
    return data / "updates"


class UpdateChecker(QObject):
    """Checks the portal's signed manifest; downloads and offers a newer build."""

    offered = Signal(object)  # StagedUpdate, downloaded and verified
    refused = Signal(str)  # why an update was not taken, in Vietnamese
    accepted = Signal(object)  # StagedUpdate the officer agreed to install at restart

    def __init__(self, portal_url: Callable[[], str], staging: Path,
                 parent: QObject | None = None, *, interval_ms: int = DAY_MS,
                 installed: str | None = None, verify: bool | str = True) -> None:
        super().__init__(parent)
        self.portal_url = portal_url
        self.staging = staging
        self.installed = installed
        self.verify = verify
        self.busy = False
        self.checks_done = 0  # answered checks, for the status line and tests
        self.offer_box: QMessageBox | None = None
        self.last_refusal = ""
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.refusal_box: QMessageBox | None = None
        self.refused.connect(self.tell_refusal)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        if self.busy:
            return
        from ui.threads import run_task

        self.busy = True
        url = self.portal_url()
        installed, verify, staging = self.installed, self.verify, self.staging

        def work() -> updates.StagedUpdate | None:
            manifest = updates.check(url, installed=installed, verify=verify)
            if manifest is None:
                return None
            ready = updates.pending(staging, installed=installed)
            if ready is not None and ready.version == manifest.version:
                return ready  # downloaded on an earlier check
            return updates.download(manifest, url, staging, verify=verify)

        run_task(work, self._checked, self._failed)

    def _checked(self, staged: updates.StagedUpdate | None) -> None:
        self.busy = False
        self.checks_done += 1
        if staged is not None:
            self.offered.emit(staged)
            self.offer(staged)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.checks_done += 1
        if isinstance(exc, updates.UpdateRefused):
            log.warning("update refused: %s", exc)
            if exc.vi != self.last_refusal:  # say it once, not every day
                self.last_refusal = exc.vi
                self.refused.emit(exc.vi)
        else:  # offline or the portal is down: try again at the next check
            log.info("update check failed: %s", type(exc).__name__)

    def offer(self, staged: updates.StagedUpdate) -> None:
        if (self.staging / ACCEPTED_FILE).is_file():
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Bản cập nhật mới"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.tr("Đã tải và kiểm tra chữ ký bản cập nhật {0}. Cài đặt khi khởi "
                            "động lại phần mềm?").format(staged.version))
        later = box.addButton(self.tr("Để sau"), QMessageBox.ButtonRole.RejectRole)
        install = box.addButton(self.tr("Cài đặt khi khởi động lại"),
                                QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(later)
        box.buttonClicked.connect(
            lambda button: self.accept(staged) if button is install else None)
        self.offer_box = box
        box.open()  # not modal to the application: the officer may be mid-dossier

    def tell_refusal(self, why: str) -> None:
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Không cài bản cập nhật"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(why)
        self.refusal_box = box
        box.open()

    def accept(self, staged: updates.StagedUpdate) -> None:
        (self.staging / ACCEPTED_FILE).write_text(staged.version, encoding="utf-8")
        self.accepted.emit(staged)


def install_at_start(data: Path, *, installed: str | None = None,
                     launch: Callable[[list[str]], Any] | None = None) -> bool:
    """At start, before any window: launch the installer of an update the officer
    accepted, if it is still valid (signature, newer, hash checked again). True when
    launched: the application then quits and the installer takes over."""
    staging = staging_dir(data)
    accepted = staging / ACCEPTED_FILE
    if not accepted.is_file():
        return False
    staged = updates.pending(staging, installed=installed)
    if staged is None or accepted.read_text(encoding="utf-8").strip() != staged.version:
        updates.discard(staging)
        return False
    try:
        command = updates.install_command(staged)
    except updates.UpdateRefused as exc:
        log.warning("cannot install the staged update: %s", exc)
        updates.discard(staging)
        return False
    accepted.unlink()  # one attempt: a failed install does not loop at every start
    (launch or _launch)(command)
    return True


def _launch(command: list[str]) -> None:
    kwargs: dict[str, Any] = {"close_fds": True}
    if sys.platform.startswith("win"):
        kwargs["creationflags"] = 0x00000008 | 0x00000200  # DETACHED, NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True
    subprocess.Popen(command, **kwargs)  # a signed, hash-checked installer
