"""Raw transports to printers: network port 9100, USB, serial, Windows queues, files.

Each is a small object with `send(data)`; USB, serial and Windows go through
python-escpos' printer classes, imported only when used, and each says plainly when
its library (pyusb, pyserial, pywin32) is missing. A network printer is asked for its
paper status before the job (DLE EOT 4) and for its status after it (DLE EOT 1), so a
printer that closes the connection mid-job is noticed, not reported as printed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import (
    PrinterDisconnected,
    PrinterOutOfPaper,
    PrinterUnavailable,
    UnsupportedPrinter,
)

RAW_SCHEMES = ("tcp", "socket", "usb", "serial", "win32", "file")
DLE_EOT_PRINTER = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"
PAPER_END = 0x60  # bits 5 and 6 of the roll-sensor status: paper end
CHUNK = 4096


def prepare_escpos() -> None:
    """Call before the first python-escpos import: its printer database is parsed at
    import and pickled into a fresh temporary folder each time unless told where to
    keep it; a per-user cache folder makes every later start quick and leaves no litter.
    """
    if "escpos.capabilities" in sys.modules or "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    try:
        import platformdirs

        cache = platformdirs.user_cache_path("desk-app") / "escpos"
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # python-escpos falls back to a temporary folder
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)


class Transport(Protocol):
    def send(self, data: bytes) -> None: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed printer URI: scheme, target and query options (profile=, paper=, …)."""

    uri: str
    scheme: str
    target: str
    port: int = 0
    options: dict[str, str] = field(default_factory=dict)

    def option(self, name: str, default: str = "") -> str:
        return self.options.get(name, default)


def parse_printer_uri(uri: str) -> PrinterAddress:
    """tcp://host[:9100], usb://04b8:0202, serial:///dev/ttyUSB0?baudrate=19200,
    win32://Tên máy in, cups://hàng-đợi, file:///đường/dẫn; options after '?'."""
    parts = urlsplit(uri.strip())
    scheme = parts.scheme.lower()
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if scheme in ("tcp", "socket"):
        if not parts.hostname:
            raise UnsupportedPrinter(f"Địa chỉ máy in mạng {uri!r} thiếu tên máy hoặc IP.")
        try:
            port = parts.port or 9100
        except ValueError:
            raise UnsupportedPrinter(f"Cổng trong địa chỉ máy in {uri!r} không hợp lệ.") from None
        return PrinterAddress(uri, "tcp", parts.hostname, port, options)
    if scheme in ("usb", "win32", "cups"):
        target = unquote(parts.netloc + parts.path).strip("/")
        if not target:
            raise UnsupportedPrinter(f"Địa chỉ máy in {uri!r} thiếu tên thiết bị hoặc hàng đợi.")
        return PrinterAddress(uri, scheme, target, 0, options)
    if scheme in ("serial", "file"):
        target = unquote(parts.path or parts.netloc)
        if not target:
            raise UnsupportedPrinter(f"Địa chỉ máy in {uri!r} thiếu đường dẫn thiết bị.")
        return PrinterAddress(uri, scheme, target, 0, options)
    raise UnsupportedPrinter(
        f"Không hiểu địa chỉ máy in {uri!r}. Dùng tcp://IP:9100, usb://VID:PID, "
        "serial:///dev/ttyUSB0, win32://Tên máy in, cups://hàng-đợi hoặc file:///tệp."
    )


class NetworkTransport:
    """A receipt printer on the network (raw port 9100), through python-escpos' Network."""

    def __init__(self, host: str, port: int = 9100, *, timeout: float = 10.0,
                 status_timeout: float = 1.0, check_status: bool = True) -> None:
        self.host, self.port = host, port
        self.timeout, self.status_timeout = timeout, status_timeout
        self.check_status = check_status

    def describe(self) -> str:
        return f"máy in mạng {self.host}:{self.port}"

    def send(self, data: bytes) -> None:
        prepare_escpos()
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Network

        printer = Network(self.host, self.port, timeout=self.timeout)
        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterUnavailable(
                f"Không kết nối được {self.describe()}: máy in tắt, sai địa chỉ hoặc mạng có "
                f"sự cố ({_reason(exc)}). Kiểm tra rồi bấm In lại."
            ) from exc
        sock: socket.socket = printer.device
        answers = self.check_status
        try:
            if self.check_status:
                paper = self._query(sock, DLE_EOT_PAPER)
                # A printer that does not answer status requests is not asked again:
                # the job goes out unconfirmed rather than waiting twice.
                answers = paper is not None
                if paper is not None and paper & PAPER_END == PAPER_END:
                    raise PrinterOutOfPaper(
                        f"{self.describe().capitalize()} báo hết giấy. Lắp cuộn giấy mới rồi "
                        "bấm In lại."
                    )
            for start in range(0, len(data), CHUNK):
                sock.sendall(data[start : start + CHUNK])
            if answers:
                # The answer comes after the printer has taken everything before it;
                # a closed connection here means the job did not arrive whole.
                self._query(sock, DLE_EOT_PRINTER, must_answer_or_stay_open=True)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as exc:
            raise PrinterDisconnected(
                f"{self.describe().capitalize()} ngắt kết nối giữa chừng; phiếu có thể chưa in "
                "hết. Kiểm tra máy in rồi bấm In lại."
            ) from exc
        except TimeoutError as exc:
            raise PrinterUnavailable(
                f"{self.describe().capitalize()} không nhận dữ liệu (hết thời gian chờ). "
                "Kiểm tra máy in rồi bấm In lại."
            ) from exc
        finally:
            with contextlib.suppress(OSError):
                sock.close()

    def _query(self, sock: socket.socket, command: bytes,
               must_answer_or_stay_open: bool = False) -> int | None:
        """Send a real-time status request; the status byte, or None when the printer
        does not answer status requests (many do not over the network)."""
        sock.sendall(command)
        sock.settimeout(self.status_timeout)
        try:
            reply = sock.recv(16)
        except TimeoutError:
            return None
        finally:
            sock.settimeout(self.timeout)
        if not reply:
            raise ConnectionResetError("printer closed the connection")
        return reply[-1]


class EscposDeviceTransport:
    """USB, serial and Windows printers through python-escpos' own classes."""

    def __init__(self, address: PrinterAddress) -> None:
        self.address = address

    def describe(self) -> str:
        kinds = {"usb": "máy in USB", "serial": "máy in cổng nối tiếp", "win32": "máy in Windows"}
        return f"{kinds[self.address.scheme]} {self.address.target}"

    def _printer(self) -> Any:
        prepare_escpos()
        a = self.address
        if a.scheme == "usb":
            from escpos.printer import Usb as cls
        elif a.scheme == "serial":
            from escpos.printer import Serial as cls
        else:
            from escpos.printer import Win32Raw as cls
        if not cls.is_usable():
            lib = {"usb": "pyusb", "serial": "pyserial", "win32": "pywin32"}[a.scheme]
            raise PrinterUnavailable(
                f"Không dùng được {self.describe()}: máy này thiếu thư viện {lib}."
            )
        if a.scheme == "usb":
            try:
                vid, pid = (int(x, 16) for x in a.target.split(":"))
            except ValueError:
                raise PrinterUnavailable(
                    f"Mã thiết bị USB {a.target!r} phải có dạng VID:PID, ví dụ 04b8:0202."
                ) from None
            return cls(vid, pid, timeout=int(a.option("timeout", "0")))
        if a.scheme == "serial":
            return cls(devfile=a.target, baudrate=int(a.option("baudrate", "9600")))
        return cls(a.target)

    def send(self, data: bytes) -> None:
        from escpos.exceptions import Error as EscposError

        printer = self._printer()
        try:
            printer.open()
            printer._raw(data)
        except (EscposError, OSError) as exc:
            raise PrinterUnavailable(
                f"Không in được trên {self.describe()}: {_reason(exc)}. Kiểm tra cáp, nguồn "
                "máy in rồi bấm In lại."
            ) from exc
        finally:
            with contextlib.suppress(Exception):
                printer.close()


class FileTransport:
    """Writes the job to a file or device node (e.g. /dev/usb/lp0), appending."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def describe(self) -> str:
        return f"tệp {self.path}"

    def send(self, data: bytes) -> None:
        try:
            with self.path.open("ab") as f:
                f.write(data)
        except OSError as exc:
            raise PrinterUnavailable(f"Không ghi được {self.describe()}: {exc.strerror}.") from exc


def open_transport(uri: str | PrinterAddress) -> Transport:
    address = parse_printer_uri(uri) if isinstance(uri, str) else uri
    if address.scheme == "tcp":
        return NetworkTransport(
            address.target,
            address.port,
            timeout=float(address.option("timeout", "10")),
            check_status=address.option("status", "1") not in ("0", "no", "off"),
        )
    if address.scheme in ("usb", "serial", "win32"):
        return EscposDeviceTransport(address)
    if address.scheme == "file":
        return FileTransport(address.target)
    if address.scheme == "cups":
        from .dispatch import CupsTransport

        return CupsTransport(address.target, raw=True, server=address.option("server"))
    raise UnsupportedPrinter(f"Không gửi được dữ liệu thô tới {address.uri!r}.")


def _reason(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    text = str(cause or exc).strip().replace("\n", " ")
    return text or type(exc).__name__
