"""Sending jobs to printers, keeping them for a retry, and logging every print.

PDF forms go to a system queue through CUPS (`lp`, with tray and copies); receipts go
as raw ESC/POS bytes over a transport. A failure raises a PrinterError whose message
says what to do; the PrintJob is unchanged and `send_job` can be called again. Every
attempt is appended to a JSON-lines log, rotated by size; a second successful print
of the same form for the same dossier is marked as a reprint.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desk_app.textfmt import VN_TZ

from .errors import PrinterError, PrinterUnavailable, UnsupportedPrinter
from .transport import open_transport, parse_printer_uri

LOG_NAME = "print-log.jsonl"
LOG_MAX_BYTES = 1 << 20  # per file
LOG_KEEP = 5  # older files kept beside the current one


@dataclass
class PrintJob:
    data: bytes
    kind: str  # "pdf" or "escpos"
    printer: str  # URI
    form: str = ""
    dossier_code: str = ""
    copies: int = 1
    tray: str = ""
    officer: str = ""
    title: str = ""
    job_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    attempts: int = 0
    last_error: str = ""


@dataclass(frozen=True)
class PrintResult:
    job_id: str
    printer: str
    reprint: bool
    detail: str = ""


class CupsTransport:
    """A CUPS queue through the `lp` command (not present on every machine).

    `server` (cups://hàng-đợi?server=máy-chủ:631 or a socket path) sends to a print
    server other than the local one, as `lp -h` does; the job id CUPS gives back is
    kept in `job_id` for the print log.
    """

    def __init__(self, queue: str, *, raw: bool = False, copies: int = 1, tray: str = "",
                 title: str = "", server: str = "", lp: str = "lp",
                 lpstat: str = "lpstat") -> None:
        self.queue, self.raw, self.copies, self.tray, self.title = queue, raw, copies, tray, title
        self.server, self.lp, self.lpstat = server, lp, lpstat
        self.job_id = ""

    def describe(self) -> str:
        where = f" trên máy chủ in {self.server}" if self.server else ""
        return f"hàng đợi in {self.queue}{where}"

    def _server_args(self) -> list[str]:
        return ["-h", self.server] if self.server else []

    def command(self) -> list[str]:
        cmd = [self.lp, *self._server_args(), "-d", self.queue, "-n", str(max(1, self.copies))]
        if self.title:
            cmd += ["-t", self.title]
        if self.tray:
            cmd += ["-o", f"InputSlot={self.tray}"]
        if self.raw:
            cmd += ["-o", "raw"]
        return [*cmd, "--", "-"]

    def send(self, data: bytes) -> None:
        lp = shutil.which(self.lp)
        if lp is None:
            raise PrinterUnavailable(
                "Máy này không có CUPS (không tìm thấy lệnh 'lp'), nên không gửi được tới "
                f"{self.describe()}. Cài gói cups-client hoặc lưu ra tệp PDF (--out) để in."
            )
        self._check_queue()
        try:
            done = subprocess.run(self.command(), input=data, capture_output=True, timeout=60,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrinterUnavailable(f"Không gửi được tới {self.describe()}: {exc}.") from exc
        if done.returncode != 0:
            msg = done.stderr.decode("utf-8", "replace").strip() or f"mã lỗi {done.returncode}"
            raise PrinterUnavailable(f"CUPS không nhận lệnh in tới {self.describe()}: {msg}.")
        # "request id is hàng-đợi-42 (1 file(s))"; the words may be translated.
        found = re.search(rf"{re.escape(self.queue)}-\d+", done.stdout.decode("utf-8", "replace"))
        self.job_id = found.group(0) if found else ""

    def _check_queue(self) -> None:
        lpstat = shutil.which(self.lpstat)
        if lpstat is None:
            return
        try:
            done = subprocess.run([lpstat, *self._server_args(), "-p", self.queue],
                                  capture_output=True, timeout=15, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrinterUnavailable(
                f"Không hỏi được CUPS về {self.describe()}: {exc}. Kiểm tra dịch vụ in."
            ) from exc
        out = (done.stdout + done.stderr).decode("utf-8", "replace")
        if done.returncode != 0:
            raise PrinterUnavailable(
                f"CUPS không có {self.describe()} ({out.strip()}). Kiểm tra tên máy in."
            )
        if "disabled" in out or "bị tắt" in out:
            raise PrinterUnavailable(
                f"{self.describe().capitalize()} đang tắt hoặc tạm dừng ({out.strip()}). "
                "Bật máy in rồi bấm In lại."
            )


class PrintLog:
    """JSON lines in `folder` (the UI passes a platformdirs path), rotated by size.

    When the current file would grow past `max_bytes` it becomes print-log.1.jsonl,
    the older ones move up one number and the oldest beyond `keep` is dropped, so a
    desk printing all day for years keeps a bounded log (about 4,000 prints per MiB)
    while reprints are still recognised across the files kept.
    """

    def __init__(self, folder: str | Path, on_entry: Callable[[dict[str, Any]], None] | None
                 = None, *, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_KEEP) -> None:
        if max_bytes <= 0 or keep < 0:
            raise ValueError("max_bytes must be positive and keep not negative")
        self.path = Path(folder) / LOG_NAME
        self.on_entry = on_entry
        self.max_bytes, self.keep = max_bytes, keep
        self._lock = threading.Lock()

    def rotated(self, n: int) -> Path:
        """The n-th older file (1 = the most recent one rotated out)."""
        return self.path.with_name(f"{self.path.stem}.{n}{self.path.suffix}")

    def files(self) -> list[Path]:
        """The log's files that exist, oldest first."""
        paths = [self.rotated(n) for n in range(self.keep, 0, -1)] + [self.path]
        return [p for p in paths if p.exists()]

    def _lines(self, needle: str = "") -> list[str]:
        out: list[str] = []
        for path in self.files():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except FileNotFoundError:
                continue  # rotated away by another process meanwhile
            out += [line for line in text.splitlines() if needle in line]
        return out

    def entries(self) -> list[dict[str, Any]]:
        return self._parse(self._lines())

    @staticmethod
    def _parse(lines: list[str]) -> list[dict[str, Any]]:
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a line cut by a crash must not hide the others
        return out

    def printed_before(self, form: str, dossier_code: str) -> bool:
        if not dossier_code:
            return False
        # Only lines that mention the code are parsed: the log may hold thousands.
        needle = json.dumps(dossier_code, ensure_ascii=False)
        return any(
            e.get("ok") and e.get("form") == form and e.get("dossier") == dossier_code
            for e in self._parse(self._lines(needle))
        )

    def append(self, entry: dict[str, Any]) -> None:
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                size = self.path.stat().st_size
            except FileNotFoundError:
                size = 0
            if size and size + len(line) > self.max_bytes:
                self._rotate()
            with self.path.open("ab") as f:
                f.write(line)
        if self.on_entry:
            self.on_entry(entry)

    def _rotate(self) -> None:
        if self.keep == 0:
            self.path.unlink(missing_ok=True)
            return
        # Oldest first, so each os.replace moves a file onto a free (or dropped) name.
        for n in range(self.keep, 1, -1):
            if self.rotated(n - 1).exists():
                os.replace(self.rotated(n - 1), self.rotated(n))
        os.replace(self.path, self.rotated(1))


def transport_for(job: PrintJob) -> Any:
    address = parse_printer_uri(job.printer)
    if job.kind == "pdf":
        if address.scheme == "cups":
            return CupsTransport(address.target, copies=job.copies,
                                 tray=job.tray or address.option("tray"), title=job.title,
                                 server=address.option("server"))
        if address.scheme == "file":
            return open_transport(address)
        raise UnsupportedPrinter(
            f"Biểu mẫu A4/A5 in qua hàng đợi của hệ thống (cups://tên-máy-in) hoặc lưu ra tệp; "
            f"{job.printer!r} là máy in hoá đơn."
        )
    return open_transport(address)


def send_job(job: PrintJob, log: PrintLog | None = None) -> PrintResult:
    """Send `job`; on failure log it, keep it as it was, and raise PrinterError."""
    job.attempts += 1
    reprint = log.printed_before(job.form, job.dossier_code) if log else False
    entry: dict[str, Any] = {
        "time": datetime.now(VN_TZ).isoformat(timespec="seconds"),
        "job_id": job.job_id,
        "form": job.form,
        "dossier": job.dossier_code,
        "printer": job.printer,
        "kind": job.kind,
        "copies": job.copies,
        "tray": job.tray,
        "officer": job.officer,
        "attempt": job.attempts,
        "bytes": len(job.data),
        "reprint": reprint,
    }
    try:
        transport = transport_for(job)
        # Raw printers have no copy count: the bytes go as many times as asked.
        times = 1 if isinstance(transport, CupsTransport) else max(1, job.copies)
        transport.send(job.data * times if times > 1 else job.data)
    except PrinterError as exc:
        job.last_error = exc.message
        if log:
            log.append({**entry, "ok": False, "error": exc.message})
        raise
    except Exception as exc:  # a surprise from a driver must not lose the job
        job.last_error = str(exc)
        if log:
            log.append({**entry, "ok": False, "error": str(exc)})
        if isinstance(exc, UnsupportedPrinter):
            raise
        raise PrinterError(f"Lỗi khi in: {exc}. Có thể bấm In lại.") from exc
    job.last_error = ""
    if isinstance(transport, CupsTransport) and transport.job_id:
        entry["cups_job"] = transport.job_id
    if log:
        log.append({**entry, "ok": True})
    return PrintResult(job.job_id, job.printer, reprint, transport.describe())


def job_summary(job: PrintJob) -> dict[str, Any]:
    d = asdict(job)
    d.pop("data")
    return d
