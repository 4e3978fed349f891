"""The sync engine: push the outbox, pull the change feed, top up leased numbers.

Runs on a worker thread (`sync_once`); the GUI thread reads `state()` and the store
meanwhile (the Store serialises access with its own lock). No Qt here.

Exactly-once: each command carries its client id; a command is marked only with the
portal's answer, in one local transaction, so a process killed between sending and
marking resends the same ids and the portal answers "duplicate".
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, Literal

from desk_app.calendar import WorkCalendar, now_vn
from desk_app.domain import Officer
from desk_app.protocol import MAX_COMMANDS_PER_BATCH
from desk_app.services import DeskService, ServiceError
from desk_app.store import (
    DOSSIER_LEASE,
    RECEIPT_LEASE,
    REGISTER_LEASE,
    BlobStore,
    OutboxCommand,
    Store,
)
from desk_app.textfmt import short_datetime
from desk_app.workflow import Action, WorkflowError
from sync import bulk, replica, wipe
from sync.client import PortalClient
from sync.errors import (
    Cancelled,
    OfflineLimitReached,
    PortalRefused,
    PortalUnavailable,
    ProtocolError,
    SyncError,
)
from sync.state import Conflict, ConnectivityState, OfflineLimits, Rejected, SyncReport

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # phase, done, total (0 when unknown)


class SyncEngine:
    def __init__(
        self,
        store: Store,
        client: PortalClient,
        blobs: BlobStore,
        limits: OfflineLimits | None = None,
        clock: Callable[[], datetime] = now_vn,
        *,
        batch_size: int = 200,
        page_size: int = 500,
        lease_min: int = 20,
        lease_block: int = 50,
        lease_days: int = 3,
    ) -> None:
        self.store = store
        self.client = client
        self.blobs = blobs
        self.limits = limits or OfflineLimits()
        self.clock = clock
        self.batch_size = max(1, min(batch_size, MAX_COMMANDS_PER_BATCH))
        self.page_size = page_size
        self.lease_min, self.lease_block, self.lease_days = lease_min, lease_block, lease_days
        self._running = threading.Lock()
        self._status: str = "offline"
        self._error_vi = ""
        self.wiped: wipe.WipeResult | None = None  # set once the administrator's wipe ran
        replica.ensure_schema(store)

    # --- what the UI reads ---------------------------------------------------------

    def last_success_at(self) -> datetime | None:
        raw = self.store.get_meta(replica.LAST_SUCCESS_KEY)
        return datetime.fromisoformat(raw) if raw else None

    def state(self) -> ConnectivityState:
        if self.wiped is not None:  # the store is gone: nothing left to count
            return ConnectivityState("error", None, 0, wipe.WIPED_VI)
        last = self.last_success_at()
        unsent = self.store.count_outbox("pending")
        conflicts = self.store.count_outbox("conflict")
        rejected = self.store.count_outbox("rejected")
        status = self._status
        when = short_datetime(last) if last else "chưa lần nào"
        if status == "syncing":
            message = "Đang đồng bộ với Cổng dịch vụ công…"
        elif status == "online":
            message = f"Đã đồng bộ lúc {when}."
        elif status == "offline":
            message = f"Chưa kết nối được Cổng dịch vụ công; làm việc ngoại tuyến. " \
                      f"Lần đồng bộ cuối: {when}."
        else:
            message = self._error_vi or "Đồng bộ gặp lỗi."
        if unsent:
            message += f" Còn {unsent} thao tác chưa gửi lên Cổng."
        if conflicts or rejected:
            message += f" Có {conflicts + rejected} thao tác cần xem lại."
        return ConnectivityState(status, last, unsent, message,  # type: ignore[arg-type]
                                 conflicts=conflicts, rejected=rejected)

    def work_gate(self) -> None:
        """Raise OfflineLimitReached when new work must wait for a sync."""
        last = self.last_success_at()
        days = self.limits.max_days_without_sync
        if last is None:
            raise OfflineLimitReached(
                "Máy chưa đồng bộ với Cổng dịch vụ công lần nào; hãy kết nối mạng và "
                "đồng bộ trước khi làm việc.",
                "This desk has never synced with the portal.")
        idle = self.clock() - last
        if idle > timedelta(days=days):
            raise OfflineLimitReached(
                f"Đã {idle.days} ngày chưa đồng bộ với Cổng dịch vụ công (tối đa "
                f"{days:g} ngày làm việc ngoại tuyến). Hãy kết nối mạng và đồng bộ để tiếp "
                "tục nhận việc mới; dữ liệu đã nhập vẫn được giữ nguyên.",
                f"No sync for {idle.days} days (limit {days:g}).")
        unsent = self.store.count_outbox("pending")
        if unsent >= self.limits.max_unsent:
            raise OfflineLimitReached(
                f"Có {unsent} thao tác chưa gửi lên Cổng dịch vụ công (tối đa "
                f"{self.limits.max_unsent}). Hãy kết nối mạng và đồng bộ để tiếp tục nhận "
                "việc mới; dữ liệu đã nhập vẫn được giữ nguyên.",
                f"{unsent} unsent commands (limit {self.limits.max_unsent}).")

    def conflicts(self) -> list[Conflict]:
        return [Conflict.from_command(c)
                for c in self.store.outbox(("conflict",), limit=100_000)]

    def rejected(self) -> list[Rejected]:
        return [Rejected.from_command(c)
                for c in self.store.outbox(("rejected",), limit=100_000)]

    # --- one round -----------------------------------------------------------------

    def sync_once(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> SyncReport:
        report = SyncReport()
        if not self._running.acquire(blocking=False):
            report.ok = False
            report.error_vi = "Đang đồng bộ; hãy chờ lượt đồng bộ hiện tại xong."
            return report
        before = self._status
        self._status = "syncing"
        try:
            if self.wiped is not None or self._obey_wipe():
                raise wipe.DeskWiped(wipe.WIPED_VI, "this desk's data was wiped remotely")
            self.push(report, progress, cancel)
            self.push_surveys(report)
            self.pull(report, progress, cancel)
            self.top_up_leases(report)
            self.store.set_meta(replica.LAST_SUCCESS_KEY, self.clock().isoformat())
            self._status, self._error_vi = "online", ""
        except Cancelled:
            report.cancelled, report.ok = True, False
            self._status = before if before != "syncing" else "offline"
        except PortalUnavailable as exc:
            self._fail(report, "offline", exc)
        except SyncError as exc:
            self._fail(report, "error", exc)
        except Exception as exc:  # keep the desk running; the log has the detail
            log.exception("sync failed")
            self._fail(report, "error", SyncError(
                "Đồng bộ gặp lỗi không mong muốn; dữ liệu trên máy vẫn được giữ nguyên.",
                type(exc).__name__))
        finally:
            self._running.release()
        log.info("sync: pulled %d, pushed %d (applied %d, duplicate %d, conflict %d, "
                 "rejected %d), blobs %d, leases %d, ok=%s", report.pulled, report.pushed,
                 report.applied, report.duplicates, report.conflicts, report.rejected,
                 report.blobs_uploaded, report.leased, report.ok)
        return report

    def _obey_wipe(self) -> bool:
        """The administrator's remote wipe, asked for first at every sync."""
        self.wiped = wipe.obey(self.client, self.store, self.blobs)
        return self.wiped is not None

    def _fail(self, report: SyncReport, status: str, exc: SyncError) -> None:
        log.warning("sync %s: %s", status, exc.en or exc.vi)
        report.ok, report.error_vi = False, exc.vi
        self._status, self._error_vi = status, exc.vi

    @staticmethod
    def _check(cancel: threading.Event | None) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled("Đã hủy đồng bộ.", "cancelled")

    # --- pull ------------------------------------------------------------------------

    def pull(self, report: SyncReport, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> None:
        """Apply the feed page by page; each page commits together with its cursor.

        The next page is fetched while this one is written (the portal prepares it
        meanwhile), so a first sync costs little more than the download itself.
        """
        cursor = int(self.store.get_meta(replica.CURSOR_KEY, "0") or 0)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as fetcher:
            ahead: Future[tuple[dict[str, Any], bytes]] | None = None
            while True:
                self._check(cancel)
                page, body = (ahead.result() if ahead
                              else self.client.changes_raw(cursor, self.page_size))
                ahead = None
                more = bool(page.get("more")) and bool(page["changes"])
                if more and int(page["next"]) <= cursor:
                    raise ProtocolError("Cổng dịch vụ công trả về dữ liệu không tiến triển.",
                                        f"the feed cursor did not advance past {cursor}")
                if more:
                    ahead = fetcher.submit(self.client.changes_raw, int(page["next"]),
                                           self.page_size)
                try:
                    with self.store.transaction():
                        report.pulled += replica.apply_changes(self.store, page["changes"],
                                                               body)
                        # The cursor commits with the page: a crash replays at most it.
                        self.store.set_meta(replica.CURSOR_KEY, str(int(page["next"])))
                except BaseException:
                    if ahead is not None:
                        ahead.cancel()
                        with contextlib.suppress(Exception):
                            ahead.result()  # never leave a request running behind
                    raise
                cursor = int(page["next"])
                if progress:
                    progress("pull", report.pulled, 0)
                if not more:
                    return

    # --- push ------------------------------------------------------------------------

    def push(self, report: SyncReport, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> None:
        """Send the outbox in order, blobs first; mark each command by the portal's answer.

        A batch goes out only after the previous one was answered (the portal sees the
        commands in order), but its answers are written while the next batch travels.
        """
        total = self.store.count_outbox("pending")
        done = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as sender:
            self._check(cancel)
            batch = self.store.outbox(("pending",), limit=self.batch_size)
            if not batch:
                return
            self._upload_blobs(batch, report)
            sending = sender.submit(self.client.push_commands, [_wire(c) for c in batch])
            while batch:
                results = sending.result()
                last = batch[-1].seq
                following = [c for c in self.store.outbox(
                    ("pending",), limit=len(batch) + self.batch_size) if c.seq > last]
                following = following[:self.batch_size]
                nxt: Future[list[dict[str, Any]]] | None = None
                if following and not (cancel is not None and cancel.is_set()):
                    try:
                        self._upload_blobs(following, report)
                    except BaseException:
                        self._settle_batch(batch, results, report)  # keep what was answered
                        raise
                    nxt = sender.submit(self.client.push_commands,
                                        [_wire(c) for c in following])
                try:
                    self._settle_batch(batch, results, report)
                except BaseException:
                    if nxt is not None:
                        with contextlib.suppress(Exception):
                            nxt.result()  # its commands stay pending: resent, "duplicate"
                    raise
                done += len(batch)
                report.pushed += len(batch)
                if progress:
                    progress("push", done, max(total, done))
                if nxt is None:
                    self._check(cancel)
                    batch = []
                else:
                    batch, sending = following, nxt

    def _settle_batch(self, batch: list[OutboxCommand], results: list[dict[str, Any]],
                      report: SyncReport) -> None:
        with self.store.transaction() as conn:
            waiting = replica.pending_codes(conn)
            settled: set[str] = set()
            for command, result in zip(batch, results, strict=True):
                self._settle(conn, command, result, waiting, settled, report)
            # The newest record known of each dossier whose last command was answered
            # (a resent command's answer may be older than what the feed brought).
            bulk.put_records(conn, [r for r in (replica.shadow(conn, code)
                                                for code in settled) if r])

    def _settle(self, conn: sqlite3.Connection, c: OutboxCommand, r: dict[str, Any],
                waiting: dict[str, int], settled: set[str], report: SyncReport) -> None:
        outcome = r.get("outcome")
        record = r.get("dossier")
        if record:
            replica.remember(conn, [record])  # the portal's latest record
        last_of_dossier = waiting.get(c.dossier_code) == c.seq
        if outcome in ("applied", "duplicate"):
            self.store.mark_command(c.client_id, outcome, r)
            if record and last_of_dossier:
                settled.add(c.dossier_code)
            if outcome == "applied":
                report.applied += 1
            else:
                report.duplicates += 1
        elif outcome == "conflict":
            self.store.mark_command(c.client_id, "conflict", r)
            settled.discard(c.dossier_code)
            replica.roll_back(self.store, c.dossier_code, record)
            report.conflicts += 1
        elif outcome == "rejected":
            self.store.mark_command(c.client_id, "rejected", r)
            settled.discard(c.dossier_code)
            replica.roll_back(self.store, c.dossier_code, record)
            report.rejected += 1
        else:
            raise SyncError("Cổng dịch vụ công trả lời không đúng định dạng.",
                            f"unknown outcome {outcome!r}")

    def _upload_blobs(self, batch: list[OutboxCommand], report: SyncReport) -> None:
        """Blobs go up before the commands that cite them (resumable uploads)."""
        wanted = [sha for c in batch for sha in replica.file_refs(c.payload)]
        if not wanted:
            return
        marks = ",".join("?" * len(wanted))
        with self.store.transaction() as conn:
            known = {r[0] for r in conn.execute(
                f"SELECT sha256 FROM sync_blobs WHERE sha256 IN ({marks})", wanted)}
        for sha in dict.fromkeys(wanted):
            if sha in known:
                continue
            if self.blobs.has(sha):
                self.client.upload_blob(sha, self.blobs.get(sha))
                report.blobs_uploaded += 1
            elif not self.client.has_blob(sha):
                # The portal will refuse the command (blob_missing): a person sees why.
                log.warning("blob %s cited by a command is not on this desk", sha)
                continue
            with self.store.transaction() as conn:
                conn.execute("INSERT OR IGNORE INTO sync_blobs (sha256) VALUES (?)", (sha,))

    # --- survey answers given at the counter (Art. 8; sync.surveys) -----------------

    def push_surveys(self, report: SyncReport) -> None:
        from sync.surveys import push_surveys

        try:
            report.surveys += push_surveys(self.store, self.client)
        except PortalRefused as exc:  # kept unsent; the next round tries again
            report.messages.append(exc.vi)
            log.info("surveys refused: %s", exc.en or exc.code)

    # --- leases ------------------------------------------------------------------------

    def top_up_leases(self, report: SyncReport) -> None:
        """Keep numbers for today and the next working days, and for the year's register."""
        unit = self.client.unit
        if unit is None:
            return
        today = self.clock().date()
        calendar = WorkCalendar.default(self.store.calendar_overrides())
        days, day = [today], today
        for _ in range(self.lease_days):
            day = calendar.next_working_day(day + timedelta(days=1))  # "on or after"
            days.append(day)
        wanted = [(DOSSIER_LEASE, d.strftime("%y%m%d")) for d in dict.fromkeys(days)]
        wanted.append((REGISTER_LEASE, str(today.year)))
        wanted.append((RECEIPT_LEASE, str(today.year)))  # form 01's receipt register
        for kind, period in wanted:
            if self.store.numbers_left(kind, unit.agency_id, period) >= self.lease_min:
                continue
            try:
                lease = self.client.lease(kind, period, self.lease_block)
            except PortalRefused as exc:  # e.g. an officer without intake rights
                report.messages.append(exc.vi)
                log.info("lease %s %s refused: %s", kind, period, exc.en or exc.code)
                continue
            self.store.add_lease(kind, lease.get("agency_id") or unit.agency_id,
                                 str(lease.get("period", period)), int(lease["first"]),
                                 int(lease["last"]))
            report.leased += 1

    # --- conflicts and rejections --------------------------------------------------------

    def resolve(self, conflict_id: str, choice: Literal["mine", "theirs"],
                officer: Officer | None = None) -> str | None:
        """Settle a conflict. "theirs" keeps the portal's state and drops the command
        (it stays in the history as resolved); "mine" takes the action again on top of
        the portal's version and queues it anew. Returns the new command's id."""
        if choice not in ("mine", "theirs"):
            raise ValueError(f"choice must be 'mine' or 'theirs', not {choice!r}")
        command = next((c for c in self.store.outbox(("conflict",), limit=100_000)
                        if c.client_id == conflict_id), None)
        if command is None:
            raise SyncError("Không tìm thấy xung đột này (có thể đã được xử lý).",
                            f"no conflict {conflict_id}")
        answer = dict(command.answer or {})
        with self.store.transaction() as conn:
            if choice == "theirs":
                answer["resolution"] = "theirs"
                self.store.mark_command(command.client_id, "resolved_theirs", answer)
                if command.dossier_code not in replica.pending_codes(conn):
                    replica.roll_back(self.store, command.dossier_code, None)
                return None
            officer = officer or self.client.officer
            if officer is None:
                raise SyncError("Hãy đăng nhập trước khi xử lý xung đột.", "not logged in")
            if command.action == Action.SUBMIT.value:
                raise SyncError("Hồ sơ này đã có trên Cổng dịch vụ công; không thể đăng ký "
                                "lại, chỉ có thể giữ bản của Cổng.", "cannot re-submit")
            service = DeskService(self.store, officer, self.clock)
            try:
                # Keeping mine takes the action again now, on top of the portal's version:
                # its time is now, never before the portal's later event (Art. 12.4).
                service.act(command.dossier_code, Action(command.action), command.payload)
            except (WorkflowError, ServiceError) as exc:
                raise SyncError(f"Không thể thực hiện lại thao tác trên bản của Cổng: "
                                f"{exc.vi}", exc.en, getattr(exc, "code", "")) from None
            (new_id,) = conn.execute(
                "SELECT client_id FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
            answer.update(resolution="mine", requeued_as=new_id)
            self.store.mark_command(command.client_id, "resolved_mine", answer)
            return new_id

    def acknowledge_rejected(self, command_id: str) -> None:
        """A person has read a rejection: keep it in the history, off the list."""
        for c in self.store.outbox(("rejected",), limit=100_000):
            if c.client_id == command_id:
                self.store.mark_command(c.client_id, "rejected_seen", c.answer)
                return
        raise SyncError("Không tìm thấy thao tác bị từ chối này.", f"no rejection {command_id}")


def _wire(c: OutboxCommand) -> dict[str, Any]:
    wire = {"client_id": c.client_id, "dossier_code": c.dossier_code, "action": c.action,
            "base_version": c.base_version, "acted_at": c.acted_at.isoformat(),
            "payload": c.payload}
    if c.local_acted_at is not None:  # the desk's own reading, kept beside the portal time
        wire["local_acted_at"] = c.local_acted_at.isoformat()
    return wire


__all__ = ["Conflict", "ConnectivityState", "OfflineLimits", "SyncEngine", "SyncReport"]
