"""The desk's link to the portal: the sync package when it is there, else a local stand-in.

The UI talks only to `PortalLink`; `SyncLink` wires `sync.client.PortalClient` and
`sync.engine.SyncEngine`, and `LocalLink` lets the application open (offline) on a
local store when the sync package or the portal is not available, saying so plainly.
Every method here may block on the network: call them from `ui.threads.run_task`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk_app.domain import Applicant, Officer, Unit
from desk_app.store import BlobStore, Store

OUR_PACKAGES = {"desk_app", "sync", "signing", "scanning", "printing", "ui", "server_stub"}
NOT_AVAILABLE_VI = "Chức năng này chưa sẵn sàng trên máy này"


class LinkError(Exception):
    """A portal step that failed, with the officer's message in `vi`."""

    def __init__(self, vi: str) -> None:
        super().__init__(vi)
        self.vi = vi


@dataclass(frozen=True)
class LinkState:
    status: str  # online / offline / syncing / error / unavailable
    last_success_at: datetime | None
    unsent: int
    message_vi: str
    conflicts: int = 0


STATUS_VI = {
    "online": "Trực tuyến",
    "offline": "Ngoại tuyến",
    "syncing": "Đang đồng bộ",
    "error": "Lỗi đồng bộ",
    "unavailable": "Chưa kết nối",
}


def message_of(exc: BaseException) -> str:
    """The Vietnamese message of any of our exceptions, never a traceback."""
    vi = getattr(exc, "vi", None)
    if vi:
        return str(vi)
    ours = type(exc).__module__.split(".")[0] in OUR_PACKAGES
    if ours and str(exc):
        return str(exc)  # our layers raise with a Vietnamese message
    return f"Có lỗi: {exc}" if str(exc) else f"Có lỗi ({type(exc).__name__})"


class PortalLink:
    """Local stand-in: officers known in advance, no portal, everything offline."""

    def __init__(self, officers: Sequence[Officer] = (), units: Sequence[Unit] = (),
                 password: str = "") -> None:
        self._officers = {o.username: o for o in officers}
        self._units = {u.agency_id: u for u in units}
        self._password = password
        self.officer: Officer | None = None
        self.store: Store | None = None

    available = False
    base_url = ""

    def login(self, username: str, password: str) -> Officer:
        officer = self._officers.get(username.strip())
        if officer is None or not self._password or password != self._password:
            raise LinkError("Tên đăng nhập hoặc mật khẩu không đúng.")
        self.officer = officer
        return officer

    def resume(self, username: str) -> Officer | None:
        return None

    def logout(self) -> None:
        self.officer = None

    def unit(self) -> Unit | None:
        if self.officer is None:
            return None
        return self._units.get(self.officer.unit_id) or (
            self.store.get_unit(self.officer.unit_id) if self.store else None)

    def attach(self, store: Store, blobs: BlobStore) -> None:
        self.store = store

    def sync_once(self, progress: Any) -> str:
        raise LinkError("Chưa kết nối Cổng dịch vụ công: " + NOT_AVAILABLE_VI.lower())

    def state(self) -> LinkState:
        unsent = self.store.count_outbox() if self.store else 0
        return LinkState("unavailable", None, unsent,
                         "Đang làm việc trên dữ liệu của máy này; chưa kết nối Cổng dịch vụ công")

    def work_gate(self) -> Callable[[], None] | None:
        return None

    def conflicts(self) -> list[Any]:
        return []

    def resolve(self, conflict_id: str, choice: str) -> None:
        raise LinkError(NOT_AVAILABLE_VI)

    def rejected(self) -> list[Any]:
        return []

    def acknowledge(self, command_id: str) -> None:
        raise LinkError(NOT_AVAILABLE_VI)

    def create_citizen_account(self, applicant: Applicant) -> str:
        raise LinkError("Không tạo được tài khoản trên Cổng dịch vụ công: chưa kết nối")

    def fetch_blob(self, sha256: str) -> bytes:
        raise LinkError("Tệp chưa có trên máy và chưa kết nối Cổng dịch vụ công để tải về")

    def officers(self) -> list[dict[str, Any]]:
        """The unit's officer directory (username, full_name, title, roles)."""
        unit = self.officer.unit_id if self.officer else ""
        return [{"username": o.username, "full_name": o.full_name, "title": o.title,
                 "roles": sorted(r.value for r in o.roles)}
                for o in self._officers.values() if o.unit_id == unit]


class OfflineVerifier:
    """A salted PBKDF2 of the officer's password, kept in the OS keyring (never a file),
    so a desk can let its officer in while the portal is unreachable."""

    SERVICE = "desk-app.offline-login"

    @classmethod
    def remember(cls, username: str, password: str) -> None:
        import hashlib
        import os

        try:
            import keyring

            salt = os.urandom(16)
            digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 200_000)
            keyring.set_password(cls.SERVICE, username, (salt + digest).hex())
        except Exception:  # no usable keyring: offline login is simply not offered
            return

    @classmethod
    def check(cls, username: str, password: str) -> bool:
        import hashlib
        import hmac

        try:
            import keyring

            stored = keyring.get_password(cls.SERVICE, username)
        except Exception:
            return False
        if not stored:
            return False
        raw = bytes.fromhex(stored)
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), raw[:16], 200_000)
        return hmac.compare_digest(raw[16:], digest)


class SyncLink(PortalLink):
    """The real link: sync.client and sync.engine."""

    available = True

    def __init__(self, base_url: str, verify: bool | str = True) -> None:
        super().__init__()
        from sync.client import PortalClient

        self.base_url = base_url
        self.client = PortalClient(base_url, verify=verify, timeout=10.0,
                                   keyring_service="desk-app")
        self.engine: Any = None
        self._syncing = False
        self._offline_for_tests = False

    def login(self, username: str, password: str) -> Officer:
        username = username.strip()
        try:
            self.officer = self.client.login(username, password)
        except Exception as exc:
            offline = type(exc).__name__ == "PortalUnavailable"
            officer = self._offline_login(username, password) if offline else None
            if officer is None:
                raise LinkError(message_of(exc)) from exc
            self.officer = officer
            return officer
        OfflineVerifier.remember(username, password)
        return self.officer

    def _offline_login(self, username: str, password: str) -> Officer | None:
        """Art. 15, 18.6: with the portal down, an officer who logged in here before
        works on (checked against the verifier in the keyring; the portal checks the
        credential again at the next sync)."""
        if not OfflineVerifier.check(username, password):
            return None
        try:
            return self.client.resume(username)
        except Exception:
            return None

    def resume(self, username: str) -> Officer | None:
        try:
            self.officer = self.client.resume(username)
        except Exception:
            return None
        return self.officer

    def logout(self) -> None:
        try:
            self.client.logout()
        finally:
            self.officer = None
            self.engine = None

    def unit(self) -> Unit | None:
        return getattr(self.client, "unit", None)

    def officers(self) -> list[dict[str, Any]]:
        return self.client.officers()

    def attach(self, store: Store, blobs: BlobStore) -> None:
        self.store = store
        try:
            from sync.engine import SyncEngine
        except ImportError:
            self.engine = None
            return
        self.engine = SyncEngine(store, self.client, blobs)

    def sync_once(self, progress: Any) -> str:
        if self.engine is None:
            raise LinkError("Chưa có bộ đồng bộ: " + NOT_AVAILABLE_VI.lower())
        self._syncing = True
        try:
            report = self.engine.sync_once(
                lambda phase, done, total: progress(done, total, phase), progress.event)
        finally:
            self._syncing = False
        if not getattr(report, "ok", True):
            raise LinkError(getattr(report, "error_vi", "") or "Đồng bộ không thành công")
        return getattr(report, "error_vi", "") or ""

    def state(self) -> LinkState:
        if self.engine is None:
            return super().state()
        s = self.engine.state()
        status = "syncing" if self._syncing else s.status
        return LinkState(status, s.last_success_at, s.unsent, s.message_vi,
                         getattr(s, "conflicts", 0) + getattr(s, "rejected", 0))

    def work_gate(self) -> Callable[[], None] | None:
        return self.engine.work_gate if self.engine is not None else None

    def conflicts(self) -> list[Any]:
        return list(self.engine.conflicts()) if self.engine is not None else []

    def resolve(self, conflict_id: str, choice: str) -> None:
        if self.engine is None:
            raise LinkError(NOT_AVAILABLE_VI)
        try:
            self.engine.resolve(conflict_id, choice)
        except Exception as exc:
            raise LinkError(message_of(exc)) from exc

    def rejected(self) -> list[Any]:
        return list(self.engine.rejected()) if self.engine is not None else []

    def acknowledge(self, command_id: str) -> None:
        if self.engine is None:
            raise LinkError(NOT_AVAILABLE_VI)
        try:
            self.engine.acknowledge_rejected(command_id)
        except Exception as exc:
            raise LinkError(message_of(exc)) from exc

    def fetch_blob(self, sha256: str) -> bytes:
        try:
            return self.client.download_blob(sha256)
        except Exception as exc:
            raise LinkError("Chưa tải được tệp từ Cổng dịch vụ công: " + message_of(exc)) \
                from exc

    def create_citizen_account(self, applicant: Applicant) -> str:
        """Art. 12.1.b: a portal account for a walk-in applicant; returns what to tell them."""
        make = getattr(self.client, "create_citizen_account", None)
        if make is None:
            raise LinkError("Không tạo được tài khoản trên Cổng dịch vụ công: " +
                            NOT_AVAILABLE_VI.lower())
        try:
            made = make(email=applicant.email, full_name=applicant.name, phone=applicant.phone,
                        id_number=applicant.id_number, address=applicant.address,
                        kind=applicant.kind)
        except Exception as exc:
            raise LinkError(message_of(exc)) from exc
        self.last_account = made
        return str(made.account)
