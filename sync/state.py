"""What the UI shows of sync: connectivity, offline limits, conflicts, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from desk_app.store import OutboxCommand

Status = Literal["online", "offline", "syncing", "error"]

STATUS_NAMES_VI: dict[str, str] = {
    "online": "Đã kết nối",
    "offline": "Mất kết nối",
    "syncing": "Đang đồng bộ",
    "error": "Lỗi đồng bộ",
}


@dataclass(frozen=True)
class OfflineLimits:
    """How long and how much a desk may work without the portal (as MOSIP's
    registration client does with its days-without-sync and pending-packet limits)."""

    max_days_without_sync: float = 7.0
    max_unsent: int = 500

    def __post_init__(self) -> None:
        if self.max_days_without_sync <= 0 or self.max_unsent <= 0:
            raise ValueError("offline limits must be positive")


@dataclass(frozen=True)
class ConnectivityState:
    status: Status
    last_success_at: datetime | None
    unsent: int
    message_vi: str
    conflicts: int = 0
    rejected: int = 0

    @property
    def status_vi(self) -> str:
        return STATUS_NAMES_VI[self.status]


@dataclass(frozen=True)
class Conflict:
    """A command the portal did not apply because the dossier had moved on.

    `local` is the officer's command (action, payload, the version it was based on);
    `theirs` is the portal's record at the time ({"dossier", "log"}).
    """

    id: str  # the command's client id
    dossier_code: str
    action: str
    acted_at: datetime
    actor: str
    base_version: int
    payload: dict[str, Any]
    theirs: dict[str, Any] | None
    portal_version: int | None

    @classmethod
    def from_command(cls, c: OutboxCommand) -> Conflict:
        answer = c.answer or {}
        return cls(id=c.client_id, dossier_code=c.dossier_code, action=c.action,
                   acted_at=c.acted_at, actor=c.actor, base_version=c.base_version,
                   payload=c.payload, theirs=answer.get("dossier"),
                   portal_version=answer.get("version"))


@dataclass(frozen=True)
class Rejected:
    """A command the portal refused (workflow or rights), with its reason."""

    id: str
    dossier_code: str
    action: str
    acted_at: datetime
    actor: str
    payload: dict[str, Any]
    code: str
    vi: str
    en: str
    theirs: dict[str, Any] | None

    @classmethod
    def from_command(cls, c: OutboxCommand) -> Rejected:
        a = c.answer or {}
        return cls(id=c.client_id, dossier_code=c.dossier_code, action=c.action,
                   acted_at=c.acted_at, actor=c.actor, payload=c.payload,
                   code=a.get("code") or "", vi=a.get("vi") or "", en=a.get("en") or "",
                   theirs=a.get("dossier"))


@dataclass
class SyncReport:
    pulled: int = 0  # changes applied
    pushed: int = 0  # commands answered by the portal
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    blobs_uploaded: int = 0
    surveys: int = 0  # counter survey answers the portal now holds
    leased: int = 0  # blocks of numbers obtained
    cancelled: bool = False
    ok: bool = True
    error_vi: str = ""
    messages: list[str] = field(default_factory=list)
