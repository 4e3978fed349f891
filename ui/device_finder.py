"""What Settings offers for the devices: the PKCS#11 modules and the tokens plugged into
them, the scanners and printers actually present on this machine, and a test for each.

Everything here blocks (libraries, USB, CUPS, the network): the settings dialog calls
it through `ui.threads.run_task`, never on the GUI thread. Answers are in plain
Vietnamese; a device that is not there says so, nothing raises to the officer.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ui.devices import message_of

KINDS = ("token_library", "scanner", "a4_printer", "receipt_printer")


def discover(configured_library: str = "") -> dict[str, list[tuple[str, str]]]:
    """(value for the settings field, label shown) per kind of device found now."""
    return {"token_library": _tokens(configured_library), "scanner": _scanners(),
            "a4_printer": _cups_queues(), "receipt_printer": []}


def _tokens(configured: str) -> list[tuple[str, str]]:
    try:
        from signing.modules import find_modules
        from signing.tokens import list_tokens
    except ImportError:
        return []
    out = []
    for module in find_modules(configured or None):
        try:
            labels = [t.label.strip() for t in list_tokens(module.path, refresh=True)
                      if t.label.strip()]
        except Exception:
            labels = []
        plugged = (f"thiết bị: {', '.join(labels)}" if labels else "chưa cắm thiết bị")
        out.append((str(module.path), f"{module.vendor} — {plugged} ({module.path.name})"))
    return out


def _scanners() -> list[tuple[str, str]]:
    try:
        from scanning.backends import available_backends
    except ImportError:
        return []
    out = []
    for backend, usable, _why in available_backends():
        if not usable:
            continue
        try:
            out += [(d.id, d.label) for d in backend.list_devices()]
        except Exception:
            continue
    return out


def _cups_queues() -> list[tuple[str, str]]:
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return []
    try:
        done = subprocess.run([lpstat, "-e"], capture_output=True, text=True, timeout=10,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [(q, q) for q in done.stdout.split() if q.strip()]


# --- tests ---------------------------------------------------------------------------------

def test_device(kind: str, value: str, out_dir: Path) -> str:
    """Try the device set in a field; says what happened (never raises)."""
    try:
        return _TESTS[kind](value.strip(), out_dir)
    except Exception as exc:
        return "Không được: " + message_of(exc)


def _test_token(value: str, _out: Path) -> str:
    if not value:
        return "Chưa chọn thư viện chữ ký số."
    if not Path(value).is_file():
        return f"Không thấy tệp thư viện {value} trên máy này."
    from signing.tokens import list_tokens

    tokens = [t for t in list_tokens(value, refresh=True) if t.label.strip()]
    if not tokens:
        return "Thư viện dùng được nhưng chưa thấy thiết bị ký số nào được cắm."
    parts = []
    for t in tokens:
        certs = [f"{c.holder}, hết hạn {c.not_after:%d/%m/%Y}" for c in t.certificates
                 if c.can_sign()]
        parts.append(f"“{t.label}”" + (f" (chứng thư số: {'; '.join(certs)})" if certs
                                       else " (chưa có chứng thư số để ký)"))
    return "Thấy thiết bị ký số: " + "; ".join(parts)


def _test_scanner(value: str, _out: Path) -> str:
    if not value:
        return "Chưa chọn máy quét."
    found = dict(_scanners())
    if value in found:
        return f"Máy quét sẵn sàng: {found[value]}"
    return (f"Không thấy máy quét {value}. Kiểm tra cáp, nguồn điện, rồi bấm Tìm lại.")


def _test_a4(value: str, out_dir: Path) -> str:
    from printing.testpage import pdf_test_page
    from ui.devices import print_pdf

    said = print_pdf(pdf_test_page(value or "tệp PDF"), "trang-in-thu", value, out_dir)
    return "Trang in thử: " + said


def _test_receipt(value: str, _out: Path) -> str:
    if not value:
        return "Chưa nhập địa chỉ máy in biên nhận (ví dụ tcp://192.168.1.50:9100)."
    from printing.dispatch import PrintJob, send_job
    from printing.testpage import thermal_test_page
    from printing.thermal import ThermalPrinter

    data = thermal_test_page(value, ThermalPrinter())
    send_job(PrintJob(data=data, kind="escpos", printer=value, form="test_page"))
    return "Đã gửi trang in thử tới máy in biên nhận."


_TESTS = {"token_library": _test_token, "scanner": _test_scanner, "a4_printer": _test_a4,
          "receipt_printer": _test_receipt}
