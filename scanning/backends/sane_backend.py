"""SANE back end (Linux, macOS) through python-sane.

Tested against SANE's real `test` back end (`test:0`): its feeder runs out after
ten sheets, and its `read-return-value` option makes `sane_read` fail with a jam
or an I/O error, which is how the tests exercise the error paths.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

from scanning.backends.base import (
    ColorMode,
    DeviceInfo,
    DeviceOptions,
    ProgressCallback,
    ScannedPage,
    ScanProgress,
    ScanSettings,
    Source,
)
from scanning.errors import BackendUnavailable, DeviceError, ScanCancelled, ScanError

# sane_strstatus() texts → what the officer should be told.
_STATUS_VI: dict[str, str] = {
    "Document feeder jammed": "Kẹt giấy trong khay nạp. Gỡ tờ bị kẹt rồi quét tiếp.",
    "Document feeder out of documents": "Khay nạp giấy không còn tờ nào.",
    "Scanner cover is open": "Nắp máy quét đang mở. Đóng nắp rồi quét lại.",
    "Error during device I/O": "Lỗi truyền dữ liệu với máy quét. Kiểm tra cáp và nguồn.",
    "Out of memory": "Máy quét báo hết bộ nhớ.",
    "Access to resource has been denied": "Không có quyền dùng máy quét này.",
    "Device busy": "Máy quét đang bận (có thể chương trình khác đang dùng).",
    "Invalid argument": "Máy quét không nhận thiết lập này.",
    "Operation not supported": "Máy quét không hỗ trợ thao tác này.",
}
_OUT_OF_DOCS = "Document feeder out of documents"
_CANCELLED = "Operation was canceled"

_MODE_NAMES: dict[ColorMode, tuple[str, ...]] = {
    ColorMode.COLOR: ("color", "colour", "24bit color", "rgb"),
    ColorMode.GRAY: ("gray", "grey", "true gray", "grayscale", "8bit gray"),
    ColorMode.LINEART: ("lineart", "binary", "black & white", "halftone", "bw"),
}



def _ignore_sigpipe_again() -> None:
    """Undo SANE's reset of SIGPIPE to its default (terminate).

    libsane's reader (sanei_thread) sets SIGPIPE back to SIG_DFL while scanning;
    Python relies on it being ignored, so afterwards a write to a socket the peer
    closed (a portal dropping the connection, a printer switched off) would kill
    the whole application instead of raising BrokenPipeError. Called after every
    page, from whatever thread scans: the C `signal()` call is process-wide and,
    unlike `signal.signal`, allowed off the main thread.
    """
    if os.name != "posix":
        return
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return
    libc = ctypes.CDLL(libc_name, use_errno=True)
    libc.signal.restype = ctypes.c_void_p
    libc.signal.argtypes = (ctypes.c_int, ctypes.c_void_p)
    libc.signal(int(signal.SIGPIPE), 1)  # 1 == SIG_IGN


_init_lock = threading.Lock()
_init_config: str | None = None  # SANE_CONFIG_DIR when sane.init() was last called


def _sane() -> Any:
    try:
        import sane
    except ImportError as exc:
        raise BackendUnavailable(
            "Chưa cài thư viện SANE cho Python (python-sane) nên không dùng được máy quét.",
            detail=str(exc),
        ) from exc
    global _init_config
    with _init_lock:
        wanted = os.environ.get("SANE_CONFIG_DIR", "")
        if _init_config != wanted:
            if _init_config is not None:
                sane.exit()  # a new configuration folder: start SANE again
            try:
                sane.init()
            except Exception as exc:
                raise BackendUnavailable(
                    "Không khởi động được SANE (libsane).", detail=str(exc)
                ) from exc
            _init_config = wanted
    return sane


def _device_error(exc: Exception) -> ScanError:
    text = str(exc)
    if text == _CANCELLED:
        return ScanCancelled("Đã huỷ quét. Các trang đã quét vẫn được giữ.")
    return DeviceError(_STATUS_VI.get(text, "Máy quét báo lỗi."), detail=text)


def _pick(choices: list[str], names: tuple[str, ...]) -> str | None:
    for choice in choices:
        if choice.lower() in names:
            return choice
    return None


def _source_choice(choices: list[str], source: Source) -> str | None:
    lowered = [(c, c.lower()) for c in choices]
    if source is Source.FLATBED:
        return next((c for c, low in lowered if "flatbed" in low or "normal" in low), None)
    feeders = [
        (c, low) for c, low in lowered if "feeder" in low or "adf" in low or "duplex" in low
    ]
    if source is Source.ADF_DUPLEX:
        return next((c for c, low in feeders if "duplex" in low), None)
    return next((c for c, low in feeders if "duplex" not in low), None)


class SaneBackend:
    """SANE devices. `extra_options` are raw SANE option values set after ours
    (vendor options such as a feeder's page count); `device` is the open handle
    while a batch runs, for diagnostics and for tests that change it mid-batch."""

    name = "sane"

    def __init__(self, extra_options: dict[str, Any] | None = None) -> None:
        self.extra_options = dict(extra_options or {})
        self.device: Any = None

    def is_usable(self) -> tuple[bool, str]:
        try:
            _sane()
        except BackendUnavailable as exc:
            return False, exc.message
        return True, ""

    def list_devices(self) -> list[DeviceInfo]:
        sane = _sane()
        try:
            devices = sane.get_devices()
        except Exception as exc:
            raise _device_error(exc) from exc
        return [DeviceInfo(d[0], d[1], d[2], d[3], backend=self.name) for d in devices]

    def _open(self, device_id: str) -> Any:
        sane = _sane()
        try:
            return sane.open(device_id)
        except Exception as exc:
            raise DeviceError(
                f"Không mở được máy quét {device_id!r}. Kiểm tra máy đã bật và đã nối.",
                detail=str(exc),
            ) from exc

    def options(self, device_id: str) -> DeviceOptions:
        dev = self._open(device_id)
        try:
            return _describe(dev)
        finally:
            dev.close()

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[ScannedPage]:
        cancel = cancel or threading.Event()
        dev = self._open(device_id)
        try:
            software_lineart = _configure(dev, settings)
            for key, value in self.extra_options.items():
                try:
                    setattr(dev, key.replace("-", "_"), value)
                except Exception as exc:
                    raise DeviceError(
                        f"Máy quét không nhận tuỳ chọn {key!r}.", detail=str(exc)
                    ) from exc
            self.device = dev
            feeder = settings.source is not Source.FLATBED
            limit = settings.max_pages or (0 if feeder else 1)
            index = 0
            while not limit or index < limit:
                if cancel.is_set():
                    raise ScanCancelled("Đã huỷ quét. Các trang đã quét vẫn được giữ.")
                try:
                    dev.start()
                except Exception as exc:
                    if str(exc) == _OUT_OF_DOCS and index > 0:
                        return  # the feeder is empty: the batch is complete
                    raise _device_error(exc) from exc
                image = self._read_page(dev, index, cancel, progress)
                if software_lineart or settings.mode is ColorMode.LINEART:
                    image = image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
                side = "back" if settings.source is Source.ADF_DUPLEX and index % 2 else "front"
                yield ScannedPage(image, settings.dpi, index, side, {"device": device_id})
                index += 1
        finally:
            self.device = None
            try:
                dev.cancel()
            finally:
                dev.close()
                _ignore_sigpipe_again()

    @staticmethod
    def _read_page(
        dev: Any, index: int, cancel: threading.Event, progress: ProgressCallback | None
    ) -> Any:
        def on_line(done: int, total: int) -> int:
            # Called by the C code once per line. It must never raise: python-sane
            # crashes the interpreter if a callback raises. Cancelling the device
            # here makes the next sane_read return CANCELLED, which snap raises.
            if cancel.is_set():
                dev.cancel()
                return 0
            if progress is not None and (done % 32 == 0 or done == total):
                # A faulty UI callback must not kill the scan (nor raise into C).
                with contextlib.suppress(Exception):
                    progress(ScanProgress(index + 1, done / max(total, 1), index))
            return 0

        try:
            return dev.snap(no_cancel=True, progress=on_line)
        except Exception as exc:
            raise _device_error(exc) from exc
        finally:
            _ignore_sigpipe_again()


def _configure(dev: Any, settings: ScanSettings) -> bool:
    """Set mode, dpi and source; True when lineart must be made in software."""
    opts = dev.opt
    via_gray = False  # lineart asked for, but the device only offers gray
    try:
        if "mode" in opts and isinstance(opts["mode"].constraint, list):
            wanted = _pick(opts["mode"].constraint, _MODE_NAMES[settings.mode])
            if wanted is None and settings.mode is ColorMode.LINEART:
                wanted = _pick(opts["mode"].constraint, _MODE_NAMES[ColorMode.GRAY])
                via_gray = True
            if wanted is None:
                raise DeviceError(f"Máy quét không có chế độ màu {settings.mode.value!r}.")
            dev.mode = wanted
        depths = dev.opt["depth"].constraint if "depth" in dev.opt else None
        software_lineart = via_gray
        if isinstance(depths, list):
            if via_gray and 1 in depths:
                dev.depth = 1  # gray at one bit is SANE's lineart
                software_lineart = False
            elif settings.mode is not ColorMode.LINEART and 8 in depths:
                dev.depth = 8
        if "resolution" in dev.opt:
            dev.resolution = settings.dpi
        if "source" in dev.opt and isinstance(dev.opt["source"].constraint, list):
            choice = _source_choice(dev.opt["source"].constraint, settings.source)
            if choice is None:
                raise DeviceError(_SOURCE_MISSING_VI[settings.source])
            dev.source = choice
        elif settings.source is not Source.FLATBED:
            raise DeviceError(_SOURCE_MISSING_VI[settings.source])
    except ScanError:
        raise
    except Exception as exc:
        raise DeviceError("Máy quét không nhận thiết lập quét.", detail=str(exc)) from exc
    return software_lineart


_SOURCE_MISSING_VI: dict[Source, str] = {
    Source.FLATBED: "Máy quét này không có mặt kính phẳng.",
    Source.ADF: "Máy quét này không có khay nạp giấy tự động.",
    Source.ADF_DUPLEX: "Máy quét này không quét được hai mặt qua khay nạp giấy.",
}


def _describe(dev: Any) -> DeviceOptions:
    opts = dev.opt
    modes: list[ColorMode] = []
    if "mode" in opts and isinstance(opts["mode"].constraint, list):
        for mode in ColorMode:
            if _pick(opts["mode"].constraint, _MODE_NAMES[mode]):
                modes.append(mode)
        if ColorMode.LINEART not in modes and ColorMode.GRAY in modes:
            modes.append(ColorMode.LINEART)  # from gray: depth 1 or a software threshold
    sources: list[Source] = []
    if "source" in opts and isinstance(opts["source"].constraint, list):
        sources = [s for s in Source if _source_choice(opts["source"].constraint, s)]
    dpi_min, dpi_max, choices = 75, 600, ()
    if "resolution" in opts:
        constraint = opts["resolution"].constraint
        if isinstance(constraint, tuple):
            dpi_min, dpi_max = int(constraint[0]), int(constraint[1])
        elif isinstance(constraint, list) and constraint:
            choices = tuple(int(c) for c in constraint)
            dpi_min, dpi_max = min(choices), max(choices)
    return DeviceOptions(
        modes=tuple(modes) or tuple(ColorMode),
        sources=tuple(sources) or (Source.FLATBED,),
        dpi_min=dpi_min,
        dpi_max=dpi_max,
        dpi_choices=choices,
    )
