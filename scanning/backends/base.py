"""The one small interface every scanner back end satisfies.

A back end lists devices, describes a device's options, and scans a batch as a
stream of pages: each page is yielded as soon as the device delivers it, so the
caller can spool it to disk before the next one arrives. Cancel is a
`threading.Event` the back end polls; progress is a plain callback.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from PIL import Image


class ColorMode(enum.StrEnum):
    COLOR = "color"
    GRAY = "gray"
    LINEART = "lineart"  # black and white, 1 bit


class Source(enum.StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"  # feeder, front sides only
    ADF_DUPLEX = "adf-duplex"  # feeder, both sides


@dataclass(frozen=True)
class DeviceInfo:
    id: str  # what `scan` takes, e.g. "test:0" for SANE
    vendor: str = ""
    model: str = ""
    kind: str = ""
    backend: str = ""

    @property
    def label(self) -> str:
        text = " ".join(p for p in (self.vendor, self.model) if p)
        return f"{text} ({self.id})" if text else self.id


@dataclass(frozen=True)
class DeviceOptions:
    """What the officer may choose for a device, in our own vocabulary."""

    modes: tuple[ColorMode, ...] = (ColorMode.COLOR, ColorMode.GRAY, ColorMode.LINEART)
    sources: tuple[Source, ...] = (Source.FLATBED,)
    dpi_min: int = 75
    dpi_max: int = 600
    dpi_choices: tuple[int, ...] = ()  # empty when any value in the range is accepted


@dataclass(frozen=True)
class ScanSettings:
    dpi: int = 300
    mode: ColorMode = ColorMode.COLOR
    source: Source = Source.FLATBED
    max_pages: int = 0  # 0: until the feeder is empty (ADF) or one page (flatbed)


@dataclass
class ScannedPage:
    image: Image.Image
    dpi: int
    index: int  # 0-based order of arrival in the batch
    side: str = "front"  # "front" or "back" in duplex batches
    info: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScanProgress:
    page: int  # 1-based number of the page being scanned
    fraction: float  # of that page, 0..1
    pages_done: int
    message: str = ""


ProgressCallback = Callable[[ScanProgress], None]


@runtime_checkable
class ScannerBackend(Protocol):
    name: str

    def is_usable(self) -> tuple[bool, str]:
        """(True, "") when the library and platform are here, else (False, why in Vietnamese)."""
        ...

    def list_devices(self) -> list[DeviceInfo]: ...

    def options(self, device_id: str) -> DeviceOptions: ...

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[ScannedPage]:
        """Yield pages as they are scanned.

        Raises `ScanCancelled` when `cancel` is set and `DeviceError` on a jam or a
        device error, in both cases only after every page already scanned was yielded.
        """
        ...
