"""`desk-app doctor`: is this workstation ready for the one-stop desk?

Each check looks at one thing an officer needs (token, scanner, printers, portal,
clock, disk, keyring, fonts), within its own time limit, and says what it found in
Vietnamese. Exit code: 0 all good, 1 warnings, 2 something blocks work.

No Qt: the Settings page (ui/doctor_page.py) runs the same checks on a pool thread.
The desk's settings file is read here as plain JSON (ui/settings.py owns writing it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from desk_app.calendar import now_vn
from desk_app.portal_clock import WARN_OFFSET, describe_offset_vi, estimate_offset
from desk_app.protocol import API_PREFIX, PROTOCOL_VERSION

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
LABEL_VI = {OK: "ĐẠT", WARN: "CẢNH BÁO", FAIL: "LỖI", SKIP: "BỎ QUA"}
APP_NAME = "desk-app"
DEFAULT_TIMEOUT = 15.0  # a cold start of the signing libraries alone takes seconds
CERT_WARN_DAYS = 30
DISK_WARN = 1024**3  # 1 GiB: a day of scans at a busy counter
DISK_FAIL = 200 * 1024**2


@dataclass
class Result:
    id: str
    title: str
    status: str
    summary: str
    details: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    elapsed_ms: int = 0


@dataclass
class Context:
    """What the checks look at: the desk's settings and where the portal is."""

    settings: dict[str, Any]
    portal_url: str
    data_dir: Path
    timeout: float = DEFAULT_TIMEOUT
    now: Callable[[], datetime] = now_vn
    _probe: dict[str, Any] | None = None
    _probe_lock: threading.Lock = field(default_factory=threading.Lock)

    def probe(self) -> dict[str, Any]:
        """One GET of the portal's /health, shared by the portal and clock checks."""
        with self._probe_lock:
            if self._probe is None:
                self._probe = _probe_portal(self.portal_url, min(self.timeout, 5.0))
            return self._probe


# --- settings, without Qt --------------------------------------------------------------


def config_dir() -> Path:
    import platformdirs

    return Path(os.environ.get("DESK_APP_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    import platformdirs

    return Path(os.environ.get("DESK_APP_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def load_settings() -> dict[str, Any]:
    try:
        raw = json.loads((config_dir() / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


# --- the checks ------------------------------------------------------------------------


def _pkcs11_here(ctx: Context) -> Result:
    from signing.modules import find_modules
    from signing.tokens import list_tokens

    r = Result("pkcs11", "Thiết bị ký số (PKCS#11)", OK, "")
    configured = str(ctx.settings.get("token_library") or "")
    modules = find_modules(configured or None)
    if not modules:
        r.status, r.summary = WARN, ("Không tìm thấy thư viện PKCS#11 nào; hãy cài trình điều "
                                     "khiển token của nhà cung cấp chữ ký số.")
        return r
    now = ctx.now()
    days: list[int] = []
    tokens = 0
    r.data["modules"] = []
    for m in modules:
        entry: dict[str, Any] = {"vendor": m.vendor, "path": str(m.path), "tokens": []}
        r.data["modules"].append(entry)
        try:
            found = list_tokens(m.path)
        except Exception as exc:
            entry["error"] = getattr(exc, "message", "") or str(exc)
            r.details.append(f"{m.vendor} ({m.path}): {entry['error']}")
            continue
        for t in found:
            tokens += 1
            certs = [{"holder": c.holder, "issuer": c.issuer,
                      "not_after": c.not_after.isoformat(),
                      "days_left": (c.not_after - now).days} for c in t.certificates]
            days += [c["days_left"] for c in certs]
            entry["tokens"].append({"label": t.label, "serial": t.serial,
                                    "locked": t.locked, "certificates": certs})
            for c in certs:
                r.details.append(f"{m.vendor} · {t.label}: chứng thư của {c['holder']} còn "
                                 f"{c['days_left']} ngày")
            if t.locked:
                r.details.append(f"{t.label}: mã PIN đã bị khoá")
    names = ", ".join(m.vendor for m in modules)
    if not tokens:
        r.status, r.summary = WARN, f"Có thư viện ({names}) nhưng chưa cắm thiết bị ký số nào."
    elif days and max(days) < 0:
        r.status = FAIL if configured else WARN
        r.summary = "Mọi chứng thư số trên thiết bị đã hết hạn; không ký được."
    elif days and min(days) < CERT_WARN_DAYS:
        r.status = WARN
        r.summary = f"{tokens} thiết bị ký số; có chứng thư còn dưới {CERT_WARN_DAYS} ngày."
    else:
        r.summary = f"{tokens} thiết bị ký số ({names})."
    return r


def _scanners_here(ctx: Context) -> Result:
    from scanning.backends.sane_backend import SaneBackend

    r = Result("scanners", "Máy quét (SANE)", OK, "")
    backend = SaneBackend()
    usable, why = backend.is_usable()
    if not usable:
        r.status, r.summary = WARN, why or "Không dùng được SANE trên máy này."
        return r
    devices = backend.list_devices()
    r.data["devices"] = [{"id": d.id, "label": d.label} for d in devices]
    r.details = [d.label for d in devices]
    wanted = str(ctx.settings.get("scanner") or "")
    if not devices:
        r.status, r.summary = WARN, "Không thấy máy quét nào; kiểm tra cáp và nguồn máy quét."
    elif wanted and wanted not in {d.id for d in devices}:
        r.status, r.summary = WARN, f"Không thấy máy quét đã chọn “{wanted}”."
    else:
        r.summary = f"{len(devices)} máy quét: " + ", ".join(d.label for d in devices)
    return r


# Device checks run in a child process: libsane reads its configuration folder once per
# process (a later SANE_CONFIG_DIR is ignored), PKCS#11 modules are driven from the
# signing worker's one thread in the application, and a driver that hangs can only be
# stopped by ending its process.
IN_CHILD: dict[str, Callable[[Context], Result]] = {
    "pkcs11": _pkcs11_here, "scanners": _scanners_here}
PROBE_FLAG = "--probe"  # internal: `desk-app doctor --probe NAME` reads settings on stdin


def _in_child(name: str, ctx: Context) -> Result:
    if getattr(sys, "frozen", False):  # the built application: its own `doctor` command
        argv = [sys.executable, "doctor", PROBE_FLAG, name]
    else:
        argv = [sys.executable, "-m", "desk_app.cli", "doctor", PROBE_FLAG, name]
    limit = max(1.0, ctx.timeout - 0.5)
    try:
        done = subprocess.run(argv, input=json.dumps(ctx.settings, default=str),
                              capture_output=True, text=True, timeout=limit)
        return Result(**json.loads(done.stdout.strip().splitlines()[-1]))
    except subprocess.TimeoutExpired:
        return Result(name, TITLES[name], FAIL, f"Không trả lời sau {limit:g} giây.")
    except (OSError, ValueError, IndexError, TypeError):
        return Result(name, TITLES[name], FAIL, "Không chạy được bước kiểm tra này.")


def check_pkcs11(ctx: Context) -> Result:
    return _in_child("pkcs11", ctx)


def check_scanners(ctx: Context) -> Result:
    return _in_child("scanners", ctx)


def _probe_main(name: str) -> int:
    try:
        settings = json.loads(sys.stdin.read() or "{}")
    except ValueError:
        settings = {}
    ctx = Context(settings=settings if isinstance(settings, dict) else {}, portal_url="",
                  data_dir=data_dir())
    try:
        result = IN_CHILD[name](ctx)
    except Exception as exc:
        result = Result(name, TITLES[name], FAIL,
                        f"Không kiểm tra được: {type(exc).__name__}: {exc}"[:300])
    sys.stdout.write("\n" + json.dumps(asdict(result), ensure_ascii=False, default=str) + "\n")
    return 0


def _run(argv: list[str], timeout: float) -> str | None:
    """The program's output; None when it is not installed, fails or takes too long."""
    if shutil.which(argv[0]) is None:
        return None
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _tcp_target(value: str) -> tuple[str, int] | None:
    url = urlparse(value if "://" in value else "")
    if url.scheme in ("tcp", "socket") and url.hostname:
        return url.hostname, url.port or 9100
    return None


def check_printers(ctx: Context) -> Result:
    r = Result("printers", "Máy in", OK, "")
    step = min(ctx.timeout / 3, 3.0)
    queues_out = _run(["lpstat", "-e"], step)
    devices_out = _run(["lpstat", "-v"], step) or ""
    queues = [q.strip() for q in (queues_out or "").splitlines() if q.strip()]
    r.data["cups"] = queues_out is not None
    r.data["queues"] = queues
    r.details += [line.strip() for line in devices_out.splitlines() if line.strip()]
    problems: list[str] = []
    warnings: list[str] = []
    if queues_out is None:
        warnings.append("Không có CUPS trên máy này." if shutil.which("lpstat") is None
                        else "Dịch vụ in CUPS không trả lời (lpstat lỗi).")
    r.data["configured"] = []
    for key, label in (("a4_printer", "Máy in A4"), ("receipt_printer", "Máy in biên nhận")):
        value = str(ctx.settings.get(key) or "").strip()
        if not value:
            continue
        target = _tcp_target(value)
        entry: dict[str, Any] = {"setting": key, "value": value}
        if target:
            entry["reachable"] = _reachable(*target, timeout=min(2.0, step))
            if not entry["reachable"]:
                problems.append(f"{label} {value} không kết nối được (cổng TCP đóng hoặc "
                                "máy in tắt).")
        elif queues_out is not None:
            entry["queue_found"] = value in queues
            if value not in queues:
                problems.append(f"{label}: không có hàng đợi CUPS “{value}”.")
        r.data["configured"].append(entry)
    if problems:
        r.status, r.summary = FAIL, " ".join(problems)
    elif warnings:
        r.status, r.summary = WARN, " ".join(warnings)
    else:
        r.summary = (f"{len(queues)} hàng đợi CUPS"
                     + (f", {len(r.data['configured'])} máy in đã cài đặt dùng được."
                        if r.data["configured"] else "; chưa chọn máy in trong Cài đặt."))
    return r


def _reachable(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _probe_portal(url: str, timeout: float) -> dict[str, Any]:
    import requests

    out: dict[str, Any] = {"url": url}
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        out["error_vi"] = f"Địa chỉ Cổng dịch vụ công không hợp lệ: {url!r}."
        return out
    sent = now_vn()
    try:
        resp = requests.get(url.rstrip("/") + API_PREFIX + "/health", timeout=timeout,
                            verify=True)
    except requests.exceptions.SSLError:
        out["tls_ok"] = False
        out["error_vi"] = ("Chứng chỉ bảo mật (TLS) của Cổng dịch vụ công không hợp lệ hoặc "
                           "không được tin cậy.")
        return out
    except requests.RequestException as exc:
        out["error_vi"] = f"Không kết nối được Cổng dịch vụ công ({type(exc).__name__})."
        return out
    received = now_vn()
    out.update(status=resp.status_code, date=resp.headers.get("Date"),
               sent=sent, received=received, tls_ok=parsed.scheme == "https" or None)
    try:
        body = resp.json()
    except ValueError:
        body = None
    out["protocol"] = body.get("protocol") if isinstance(body, dict) else None
    return out


def check_portal(ctx: Context) -> Result:
    r = Result("portal", "Cổng dịch vụ công", OK, "")
    p = ctx.probe()
    r.data = {"url": ctx.portal_url, "reachable": "status" in p, "tls": p.get("tls_ok"),
              "protocol": p.get("protocol"), "expected_protocol": PROTOCOL_VERSION}
    if "error_vi" in p:
        r.status, r.summary = FAIL, p["error_vi"]
        return r
    if p["status"] != 200:
        r.status, r.summary = FAIL, f"Cổng dịch vụ công trả lời mã {p['status']}."
    elif p.get("protocol") != PROTOCOL_VERSION:
        r.status = FAIL
        r.summary = (f"Cổng dùng giao thức phiên bản {p.get('protocol')}, phần mềm dùng "
                     f"phiên bản {PROTOCOL_VERSION}; cần cập nhật phần mềm.")
    elif urlparse(ctx.portal_url).scheme != "https":
        host = urlparse(ctx.portal_url).hostname
        r.status = OK if host in ("127.0.0.1", "localhost", "::1") else WARN
        r.summary = ("Kết nối được (máy chủ thử trên máy này, không dùng TLS)."
                     if r.status == OK else "Kết nối không mã hoá (http://); hãy dùng https://.")
    else:
        r.summary = "Kết nối được, chứng chỉ TLS hợp lệ, giao thức khớp."
    return r


def check_clock(ctx: Context) -> Result:
    r = Result("clock", "Đồng hồ so với Cổng", OK, "")
    p = ctx.probe()
    offset = (estimate_offset(p.get("date"), p["sent"], p["received"])
              if "sent" in p else None)
    if offset is None:
        r.status, r.summary = SKIP, "Chưa biết giờ của Cổng (không kết nối được hoặc thiếu Date)."
        return r
    r.data = {"offset_seconds": round(offset.total_seconds(), 1),
              "warn_above_seconds": int(WARN_OFFSET.total_seconds())}
    r.summary = describe_offset_vi(offset)
    if abs(offset) > WARN_OFFSET:
        r.status = WARN
        # The receipt clock (Art. 12.1.a) and the processing log run on the portal's time.
        r.details.append("Hãy chỉnh đồng hồ của máy (bật đồng bộ giờ tự động). Phần mềm ghi "
                         "thời điểm thao tác theo giờ của Cổng và lưu kèm giờ của máy.")
    return r


def check_disk(ctx: Context) -> Result:
    r = Result("disk", "Dung lượng trống", OK, "")
    where = ctx.data_dir
    while not where.exists() and where.parent != where:
        where = where.parent
    free = shutil.disk_usage(where).free
    r.data = {"path": str(ctx.data_dir), "free_bytes": free}
    gib = free / 1024**3
    r.summary = f"Còn {gib:.1f} GB trống ở {ctx.data_dir}."
    if free < DISK_FAIL:
        r.status = FAIL
        r.summary += " Không đủ chỗ lưu hồ sơ quét; hãy giải phóng ổ đĩa."
    elif free < DISK_WARN:
        r.status = WARN
        r.summary += " Sắp hết chỗ lưu hồ sơ quét."
    return r


def check_keyring(ctx: Context) -> Result:
    import keyring

    from sync.credentials import NO_KEYRING_VI, keyring_usable

    r = Result("keyring", "Kho khoá bảo mật (keyring)", OK, "")
    try:
        backend = keyring.get_keyring()
        name = type(backend).__module__ + "." + type(backend).__name__
    except Exception as exc:
        name = f"lỗi: {type(exc).__name__}"
    r.data = {"backend": name, "usable": keyring_usable()}
    if r.data["usable"]:
        r.summary = f"Dùng được ({name})."
    else:
        r.status, r.summary = WARN, NO_KEYRING_VI
        r.details.append(f"Kho khoá hiện tại: {name}")
    return r


def check_fonts(ctx: Context) -> Result:
    from printing.fonts import SANS_FILES, FontError, find_first, serif_family

    r = Result("fonts", "Phông chữ tiếng Việt", OK, "")
    listed = _run(["fc-list", ":lang=vi", "family"], min(ctx.timeout / 2, 5.0))
    families = sorted({f.split(",")[0].strip() for f in (listed or "").splitlines()
                       if f.strip()})
    r.data["fontconfig_families"] = families
    try:
        r.data["serif"] = serif_family().name
        r.data["sans"] = str(find_first(SANS_FILES))
    except FontError as exc:
        r.status, r.summary = FAIL, str(exc)
        return r
    r.summary = (f"In biểu mẫu bằng {r.data['serif']}; {len(families)} họ phông có tiếng "
                 "Việt." if listed is not None else f"In biểu mẫu bằng {r.data['serif']}.")
    return r


CHECKS: dict[str, Callable[[Context], Result]] = {
    "portal": check_portal,
    "clock": check_clock,
    "pkcs11": check_pkcs11,
    "scanners": check_scanners,
    "printers": check_printers,
    "disk": check_disk,
    "keyring": check_keyring,
    "fonts": check_fonts,
}
TITLES = {"portal": "Cổng dịch vụ công", "clock": "Đồng hồ so với Cổng",
          "pkcs11": "Thiết bị ký số (PKCS#11)", "scanners": "Máy quét (SANE)",
          "printers": "Máy in", "disk": "Dung lượng trống",
          "keyring": "Kho khoá bảo mật (keyring)", "fonts": "Phông chữ tiếng Việt"}


# --- running them --------------------------------------------------------------------


def run_checks(ctx: Context, only: Sequence[str] | None = None) -> list[Result]:
    """Every check in parallel on daemon threads, each with `ctx.timeout`: one that hangs
    (a driver that never answers) is reported as such and left behind."""
    names = [n for n in CHECKS if not only or n in only]
    results: dict[str, Result] = {}
    threads: dict[str, tuple[threading.Thread, float]] = {}

    def run(name: str) -> None:
        start = time.monotonic()
        try:
            res = CHECKS[name](ctx)
        except Exception as exc:  # a check that breaks says so; the others still report
            res = Result(name, TITLES[name], FAIL,
                         f"Không kiểm tra được: {type(exc).__name__}: {exc}"[:300])
        res.elapsed_ms = int((time.monotonic() - start) * 1000)
        results[name] = res

    for name in names:
        t = threading.Thread(target=run, args=(name,), name=f"doctor-{name}", daemon=True)
        t.start()
        threads[name] = (t, time.monotonic() + ctx.timeout)
    for t, deadline in threads.values():
        t.join(max(0.0, deadline - time.monotonic()))
    return [results.get(n) or Result(n, TITLES[n], FAIL,
                                     f"Không trả lời sau {ctx.timeout:g} giây.")
            for n in names]


def exit_code(results: Sequence[Result]) -> int:
    statuses = {r.status for r in results}
    return 2 if FAIL in statuses else 1 if WARN in statuses else 0


def report(results: Sequence[Result], ctx: Context) -> dict[str, Any]:
    from desk_app.updates import current_version

    code = exit_code(results)
    return {"version": current_version(), "checked_at": ctx.now().isoformat(),
            "portal_url": ctx.portal_url, "exit_code": code,
            "status": {0: OK, 1: WARN, 2: FAIL}[code],
            "checks": [asdict(r) for r in results]}


def render_text(data: dict[str, Any]) -> str:
    lines = [f"Kiểm tra máy trạm Một cửa — {data['checked_at'][:19].replace('T', ' ')}", ""]
    for c in data["checks"]:
        label = f"[{LABEL_VI[c['status']]}]"
        lines.append(f"{label:<11} {c['title']}: {c['summary']}")
        lines += [f"{'':<11}   · {d}" for d in c["details"]]
    verdict = {0: "Máy sẵn sàng làm việc.", 1: "Máy làm việc được, nhưng có điều cần xem.",
               2: "Có lỗi cản trở công việc; hãy khắc phục các mục [LỖI]."}[data["exit_code"]]
    lines += ["", f"Kết quả: {verdict} (mã thoát {data['exit_code']})"]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desk-app doctor",
        description="Kiểm tra máy trạm: thiết bị ký số, máy quét, máy in, Cổng dịch vụ công, "
                    "đồng hồ, ổ đĩa, kho khoá, phông chữ. Mã thoát: 0 đạt, 1 có cảnh báo, "
                    "2 có lỗi cản trở công việc.")
    p.add_argument("--json", action="store_true",
                   help="in kết quả dạng JSON cho chương trình khác đọc")
    p.add_argument("--portal", metavar="URL",
                   help="địa chỉ Cổng dịch vụ công (mặc định: theo Cài đặt của máy)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="GIÂY",
                   help=f"thời gian tối đa cho mỗi mục kiểm tra (mặc định {DEFAULT_TIMEOUT:g})")
    p.add_argument("--only", metavar="MỤC,…",
                   help="chỉ kiểm tra các mục này: " + ", ".join(CHECKS))
    return p


def context_from(portal: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Context:
    settings = load_settings()
    url = portal or str(settings.get("portal_url") or "https://dichvucong.thuathienhue.gov.vn")
    return Context(settings=settings, portal_url=url, data_dir=data_dir(), timeout=timeout)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == PROBE_FLAG and argv[1] in IN_CHILD:
        return _probe_main(argv[1])
    args = parser().parse_args(argv)
    only = [o.strip() for o in args.only.split(",") if o.strip()] if args.only else None
    unknown = [o for o in only or () if o not in CHECKS]
    if unknown:
        print(f"Không có mục kiểm tra: {', '.join(unknown)} (có: {', '.join(CHECKS)})",
              file=sys.stderr)
        return 2
    ctx = context_from(args.portal, max(0.5, args.timeout))
    data = report(run_checks(ctx, only), ctx)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(render_text(data))
    return int(data["exit_code"])


def offset_of(result: Result) -> timedelta | None:
    """The clock check's offset (for the Settings page)."""
    seconds = result.data.get("offset_seconds")
    return None if seconds is None else timedelta(seconds=seconds)
