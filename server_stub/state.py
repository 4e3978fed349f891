"""The running portal's shared state: database, clock, settings, mailer."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection

from desk_app.calendar import WorkCalendar, now_vn
from desk_app.domain import Unit
from desk_app.textfmt import require_aware
from server_stub.db import Database
from server_stub.mail import Mailer
from server_stub.reference import ReferenceCache

DEFAULT_MAX_BLOB = 50 * 1024 * 1024  # 50 MiB: a long scanned dossier at 200 dpi fits
DEFAULT_MAX_BODY = 8 * 1024 * 1024  # JSON bodies (commands, dossiers)


@dataclass
class Portal:
    db: Database
    clock: Callable[[], datetime] = now_vn
    token_ttl: int = 3600
    refresh_ttl: int = 14 * 24 * 3600
    max_blob: int = DEFAULT_MAX_BLOB
    max_body: int = DEFAULT_MAX_BODY
    # Bytes of an upload kept at a time: what survives a dropped connection.
    blob_part: int = 256 * 1024
    mailer: Mailer = field(default_factory=Mailer)
    # Roots the portal trusts for result signatures (App. steps 3-4); none configured:
    # integrity and the signer's certificate are still checked, the chain is not.
    trust_roots: list = field(default_factory=list)
    # One sender thread: mails leave in the order their changes were committed.
    mail_queue: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="portal-mail"))
    # This process's copies of units, procedures, officers and days off (reference.py).
    reference: ReferenceCache = field(default_factory=ReferenceCache)

    def close(self) -> None:
        self.mail_queue.shutdown(wait=True)
        self.db.dispose()

    def now(self) -> datetime:
        return require_aware(self.clock(), "clock()")

    def epoch(self) -> int:
        return int(self.now().timestamp())

    def calendar(self, conn: Connection, unit: Unit | None = None) -> WorkCalendar:
        """The unit's calendar (its own session hours) with the announced days off."""
        from server_stub.records import calendar_of

        return calendar_of(conn, unit)
