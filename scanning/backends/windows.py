"""TWAIN and WIA back ends (Windows only), behind the same interface as SANE.

HONEST NOTE: neither back end can run on the Linux machines where this project is
built and tested. They are written against the documented APIs (pytwain's
`SourceManager` / `xfer_image_natively`; WIA 2.0 automation through pywin32) and
checked here only for what can be checked off Windows: they import anywhere,
report plainly why they are unusable, and satisfy `ScannerBackend`. They need a
test on a real Windows desk with a real scanner before a unit relies on them.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Iterator
from typing import Any

from PIL import Image

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
from scanning.errors import BackendUnavailable, DeviceError, ScanCancelled

_CANCELLED_VI = "Đã huỷ quét. Các trang đã quét vẫn được giữ."


def _windows_only(what: str) -> None:
    if sys.platform != "win32":
        raise BackendUnavailable(f"{what} chỉ có trên Windows; máy này dùng SANE hoặc nhập tệp.")


class TwainBackend:
    """TWAIN data sources through pytwain (pip install pytwain), Windows only."""

    name = "twain"

    def _twain(self) -> Any:
        _windows_only("TWAIN")
        try:
            import twain
        except ImportError as exc:
            raise BackendUnavailable(
                "Chưa cài thư viện TWAIN cho Python (pytwain).", detail=str(exc)
            ) from exc
        return twain

    def is_usable(self) -> tuple[bool, str]:
        try:
            self._twain()
        except BackendUnavailable as exc:
            return False, exc.message
        return True, ""

    def list_devices(self) -> list[DeviceInfo]:
        twain = self._twain()
        with twain.SourceManager(0) as sm:
            return [DeviceInfo(name, backend=self.name) for name in sm.source_list]

    def options(self, device_id: str) -> DeviceOptions:
        return DeviceOptions(sources=(Source.FLATBED, Source.ADF, Source.ADF_DUPLEX))

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[ScannedPage]:
        twain = self._twain()
        cancel = cancel or threading.Event()
        pixel_type = {ColorMode.COLOR: twain.TWPT_RGB, ColorMode.GRAY: twain.TWPT_GRAY,
                      ColorMode.LINEART: twain.TWPT_BW}[settings.mode]
        with twain.SourceManager(0) as sm:
            src = sm.open_source(device_id)
            if src is None:
                raise DeviceError(f"Không mở được máy quét {device_id!r}.")
            try:
                feeder = settings.source is not Source.FLATBED
                src.set_capability(twain.ICAP_PIXELTYPE, twain.TWTY_UINT16, pixel_type)
                src.set_capability(twain.ICAP_XRESOLUTION, twain.TWTY_FIX32, float(settings.dpi))
                src.set_capability(twain.ICAP_YRESOLUTION, twain.TWTY_FIX32, float(settings.dpi))
                src.set_capability(twain.CAP_FEEDERENABLED, twain.TWTY_BOOL, feeder)
                if feeder:
                    src.set_capability(twain.CAP_DUPLEXENABLED, twain.TWTY_BOOL,
                                       settings.source is Source.ADF_DUPLEX)
                src.request_acquire(show_ui=False, modal_ui=False)
                index, more = 0, 1
                while more:
                    if cancel.is_set():
                        raise ScanCancelled(_CANCELLED_VI)
                    try:
                        handle, more = src.xfer_image_natively()
                    except twain.exceptions.DSTransferCancelled as exc:
                        raise ScanCancelled(_CANCELLED_VI) from exc
                    except Exception as exc:
                        raise DeviceError("Máy quét TWAIN báo lỗi.", detail=str(exc)) from exc
                    bmp = twain.dib_to_bm_file(handle)
                    image = Image.open(io.BytesIO(bmp), formats=["BMP"])
                    image.load()
                    if progress is not None:
                        progress(ScanProgress(index + 1, 1.0, index + 1))
                    side = "back" if settings.source is Source.ADF_DUPLEX and index % 2 else "front"
                    yield ScannedPage(image, settings.dpi, index, side)
                    index += 1
                    if settings.max_pages and index >= settings.max_pages:
                        break
            finally:
                src.close()


# WIA 2.0 property ids and values (wiadef.h).
_WIA_INTENT, _WIA_XRES, _WIA_YRES = "6146", "6147", "6148"
_WIA_HANDLING_SELECT, _WIA_PAGES = "3088", "3096"
_WIA_FEEDER, _WIA_FLATBED, _WIA_DUPLEX = 1, 2, 4
_WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
_WIA_PAPER_EMPTY = -2145320957  # 0x80210003
_WIA_PAPER_JAM = -2145320958  # 0x80210002


class WiaBackend:
    """Windows Image Acquisition 2.0 through pywin32's COM automation, Windows only."""

    name = "wia"

    def _com(self) -> Any:
        _windows_only("WIA")
        try:
            import win32com.client
        except ImportError as exc:
            raise BackendUnavailable("Chưa cài pywin32 nên không dùng được WIA.",
                                     detail=str(exc)) from exc
        return win32com.client

    def is_usable(self) -> tuple[bool, str]:
        try:
            self._com()
        except BackendUnavailable as exc:
            return False, exc.message
        return True, ""

    def list_devices(self) -> list[DeviceInfo]:
        manager = self._com().Dispatch("WIA.DeviceManager")
        out = []
        for i in range(1, manager.DeviceInfos.Count + 1):
            info = manager.DeviceInfos.Item(i)
            out.append(DeviceInfo(info.DeviceID, model=info.Properties("Name").Value,
                                  backend=self.name))
        return out

    def options(self, device_id: str) -> DeviceOptions:
        return DeviceOptions(sources=(Source.FLATBED, Source.ADF, Source.ADF_DUPLEX))

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[ScannedPage]:
        client = self._com()
        cancel = cancel or threading.Event()
        manager = client.Dispatch("WIA.DeviceManager")
        device = None
        for i in range(1, manager.DeviceInfos.Count + 1):
            info = manager.DeviceInfos.Item(i)
            if info.DeviceID == device_id:
                device = info.Connect()
        if device is None:
            raise DeviceError(f"Không mở được máy quét {device_id!r}.")
        handling = {Source.FLATBED: _WIA_FLATBED, Source.ADF: _WIA_FEEDER,
                    Source.ADF_DUPLEX: _WIA_FEEDER | _WIA_DUPLEX}[settings.source]
        _set(device.Properties, _WIA_HANDLING_SELECT, handling)
        _set(device.Properties, _WIA_PAGES, 0 if settings.source is not Source.FLATBED else 1)
        item = device.Items(1)
        intent = {ColorMode.COLOR: 1, ColorMode.GRAY: 2, ColorMode.LINEART: 4}[settings.mode]
        for prop, value in ((_WIA_INTENT, intent), (_WIA_XRES, settings.dpi),
                            (_WIA_YRES, settings.dpi)):
            _set(item.Properties, prop, value)
        index = 0
        while settings.source is not Source.FLATBED or index == 0:
            if cancel.is_set():
                raise ScanCancelled(_CANCELLED_VI)
            try:
                image_file = item.Transfer(_WIA_FORMAT_PNG)
            except Exception as exc:
                code = getattr(exc, "hresult", None) or (exc.args[0] if exc.args else None)
                if code == _WIA_PAPER_EMPTY and index > 0:
                    return
                if code == _WIA_PAPER_JAM:
                    raise DeviceError("Kẹt giấy trong khay nạp. Gỡ tờ bị kẹt rồi quét tiếp.",
                                      detail=str(exc)) from exc
                raise DeviceError("Máy quét WIA báo lỗi.", detail=str(exc)) from exc
            data = bytes(image_file.FileData.BinaryData)
            image = Image.open(io.BytesIO(data), formats=["PNG"])
            image.load()
            if progress is not None:
                progress(ScanProgress(index + 1, 1.0, index + 1))
            side = "back" if settings.source is Source.ADF_DUPLEX and index % 2 else "front"
            yield ScannedPage(image, settings.dpi, index, side)
            index += 1
            if settings.max_pages and index >= settings.max_pages:
                return


def _set(properties: Any, prop_id: str, value: int) -> None:
    for i in range(1, properties.Count + 1):
        prop = properties.Item(i)
        if str(prop.PropertyID) == prop_id:
            prop.Value = value
            return
