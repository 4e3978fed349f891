"""The officer's refresh credential in the OS keyring, never in a file.

With no usable keyring back end (a bare Linux session, a locked-down Windows
profile) the credential lives only in memory: the officer logs in each time, and
`CredentialVault.message_vi` says so plainly.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import keyring
import keyring.errors

log = logging.getLogger(__name__)

NO_KEYRING_VI = (
    "Máy này không có kho khóa bảo mật của hệ điều hành (keyring) dùng được, nên phần mềm "
    "không lưu phiên đăng nhập: mỗi lần mở phần mềm, cán bộ cần đăng nhập lại."
)


def keyring_usable() -> bool:
    """True when the OS keyring has a real back end (not the fail/null one)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop the desk
        return False
    name = type(backend).__module__ + "." + type(backend).__name__
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    if name == "keyring.backends.chainer.ChainerBackend":
        return bool(getattr(backend, "backends", ()))
    try:
        return float(backend.priority) > 0  # type: ignore[attr-defined]
    except Exception:
        return True


class CredentialVault:
    """Refresh credentials (and the non-secret officer profile) per username."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._usable: bool | None = None  # found out on first use: discovery is slow
        self._memory: dict[str, str] = {}  # only used without a keyring

    @property
    def usable(self) -> bool:
        if self._usable is None:
            self._usable = keyring_usable()
            if not self._usable:
                log.warning("no usable keyring back end: the officer logs in each time")
        return self._usable

    @property
    def message_vi(self) -> str:
        return "" if self.usable else NO_KEYRING_VI

    def _fail(self, exc: Exception) -> None:
        log.warning("keyring unusable: %s", type(exc).__name__)
        self._usable = False

    def save(self, username: str, refresh_token: str, profile: dict[str, Any]) -> bool:
        """Keep the credential; False when it could only be kept in memory."""
        self._memory[username] = refresh_token
        if not self.usable:
            return False
        try:
            keyring.set_password(self.service, username, refresh_token)
            keyring.set_password(self.service + ".profile", username,
                                 json.dumps(profile, ensure_ascii=False))
            return True
        except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
            self._fail(exc)
            return False

    def refresh_token(self, username: str) -> str | None:
        if not self.usable:
            return self._memory.get(username)
        try:
            return keyring.get_password(self.service, username)
        except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
            self._fail(exc)
            return self._memory.get(username)

    def profile(self, username: str) -> dict[str, Any] | None:
        if not self.usable:
            return None
        try:
            raw = keyring.get_password(self.service + ".profile", username)
        except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
            self._fail(exc)
            return None
        return json.loads(raw) if raw else None

    def forget(self, username: str) -> None:
        self._memory.pop(username, None)
        if not self.usable:
            return
        for service in (self.service, self.service + ".profile"):
            try:
                keyring.delete_password(service, username)
            except keyring.errors.PasswordDeleteError:
                pass
            except (keyring.errors.KeyringError, RuntimeError, OSError) as exc:
                self._fail(exc)
