"""Import from files: JPEG, PNG, TIFF (multi-page), BMP and PDF.

Each bad file gets its own clear message (`BadInputError`) and never takes other
files or pages down with it: pages read before a fault are yielded first.
Image sizes are checked from the header, before any pixel is decoded.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from scanning.backends.base import (
    DeviceInfo,
    DeviceOptions,
    ProgressCallback,
    ScannedPage,
    ScanProgress,
    ScanSettings,
)
from scanning.errors import BadInputError, ScanCancelled

# A3 at 600 dpi is 70 million pixels; more than this is not a scanned page.
MAX_PIXELS = 120_000_000
PDF_RENDER_DPI = 300
A4_LONG_INCH = 297 / 25.4


def _guess_dpi(img: Image.Image) -> tuple[int, bool]:
    """The image's own dpi, or one estimated as if its long side were A4's."""
    dpi = img.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    if value >= 100:
        return value, False
    return max(100, round(max(img.size) / A4_LONG_INCH)), True


def _normalise(img: Image.Image) -> Image.Image:
    if img.mode in ("1", "L", "RGB"):
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if img.mode.startswith("I;16") or img.mode in ("I", "F"):
        return img.point(lambda v: v / 256).convert("L")
    return img.convert("RGB")


def load_images(path: Path) -> Iterator[ScannedPage]:
    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise BadInputError(
            f"Ảnh {name} quá lớn, không phải một trang giấy quét: không nhập.", detail=str(exc)
        ) from exc
    except Image.DecompressionBombWarning as exc:
        raise BadInputError(f"Ảnh {name} quá lớn: không nhập.", detail=str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise BadInputError(
            f"Tệp {name} không phải ảnh (JPEG, PNG, TIFF) hay PDF: không nhập.", detail=str(exc)
        ) from exc
    except OSError as exc:
        raise BadInputError(f"Không đọc được tệp {name}.", detail=str(exc)) from exc
    with img:
        width, height = img.size
        if width * height > MAX_PIXELS:
            raise BadInputError(
                f"Ảnh {name} có {width:,} × {height:,} điểm ảnh, quá lớn cho một trang quét "
                f"(tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh): không nhập.".replace(",", ".")
            )
        frames = getattr(img, "n_frames", 1)
        for index in range(frames):
            try:
                img.seek(index)
                img.load()
                frame = ImageOps.exif_transpose(img) if img.format == "JPEG" else img.copy()
                frame = _normalise(frame)
            except (OSError, SyntaxError, ValueError) as exc:
                where = f"trang {index + 1} của " if frames > 1 else ""
                raise BadInputError(
                    f"Tệp ảnh {where}{name} bị hỏng hoặc bị cắt cụt: "
                    + ("các trang trước đã được nhập." if index else "không nhập."),
                    detail=str(exc),
                ) from exc
            dpi, estimated = _guess_dpi(img)
            info = {"source": str(path)}
            if estimated:
                info["dpi_estimated"] = "1"
            yield ScannedPage(frame, dpi, index, info=info)


def load_pdf(path: Path, dpi: int = PDF_RENDER_DPI) -> Iterator[ScannedPage]:
    import pikepdf

    name = path.name
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise BadInputError(f"Tệp PDF {name} có mật khẩu: không nhập.") from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise BadInputError(
            f"Tệp PDF {name} bị hỏng, không đọc được: không nhập.", detail=str(exc)
        ) from exc
    with pdf:
        repaired = bool(pdf.get_warnings())
        try:
            count = len(pdf.pages)
        except pikepdf.PdfError as exc:
            raise BadInputError(f"Tệp PDF {name} bị hỏng: không có trang đọc được.",
                                detail=str(exc)) from exc
        if count == 0:
            raise BadInputError(f"Tệp PDF {name} không có trang nào.")
        for index in range(count):
            try:
                page = pdf.pages[index]
                found = _single_image(page)
            except pikepdf.PdfError:
                found = None
            if found is None:
                img, page_dpi = _render(path, index, dpi), dpi
            else:
                img, page_dpi = found
            info = {"source": str(path)}
            repaired = repaired or bool(pdf.get_warnings())  # some faults show up late
            if repaired:
                info["warning"] = (
                    f"Tệp PDF {name} có lỗi cấu trúc đã được sửa khi đọc; "
                    "hãy xem lại đủ trang chưa."
                )
            yield ScannedPage(_normalise(img), page_dpi, index, info=info)


def _single_image(page: object) -> tuple[Image.Image, int] | None:
    """A page that is just one scanned image: take the image itself, losslessly."""
    import pikepdf

    assert isinstance(page, pikepdf.Page)
    found = page.get_images() if hasattr(page, "get_images") else page.images
    images = list(found.values())
    if len(images) != 1:
        return None
    raw = pikepdf.PdfImage(images[0])
    box = page.mediabox
    width_in = float(box[2] - box[0]) / 72
    if width_in <= 0 or raw.width * raw.height > MAX_PIXELS:
        return None
    try:
        img = raw.as_pil_image()
    except Exception:  # any exotic image: fall back to rendering
        return None
    dpi = round(raw.width / width_in)
    page_ratio = float(box[3] - box[1]) / float(box[2] - box[0])
    if dpi < 100 or abs(raw.height / raw.width - page_ratio) > 0.02:
        return None
    return img, dpi


def _render(path: Path, index: int, dpi: int) -> Image.Image:
    binary = shutil.which("pdftoppm")
    if binary is None:
        raise BadInputError(
            f"Trang {index + 1} của {path.name} không phải ảnh quét và máy này thiếu "
            "pdftoppm (poppler-utils) để chuyển thành ảnh."
        )
    with tempfile.TemporaryDirectory(prefix="desk-pdf-") as tmp:
        out = Path(tmp) / "page"
        proc = subprocess.run(
            [binary, "-r", str(dpi), "-f", str(index + 1), "-l", str(index + 1),
             "-singlefile", "-png", str(path), str(out)],
            capture_output=True, timeout=120, check=False,
        )
        png = out.with_suffix(".png")
        if proc.returncode != 0 or not png.exists():
            raise BadInputError(
                f"Không chuyển được trang {index + 1} của {path.name} thành ảnh.",
                detail=proc.stderr.decode("utf-8", "replace")[-300:],
            )
        with Image.open(png) as img:
            img.load()
            return img.copy()


def load_file(path: Path | str) -> Iterator[ScannedPage]:
    """Pages of one file, in order. Raises BadInputError with a Vietnamese message."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"Không tìm thấy tệp {path.name}.")
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise BadInputError(f"Không đọc được tệp {path.name}.", detail=str(exc)) from exc
    if b"%PDF-" in head:
        yield from load_pdf(path)
    else:
        yield from load_images(path)


class FileBackend:
    """Files as a "device": `device_id` is a path. Always usable."""

    name = "files"

    def is_usable(self) -> tuple[bool, str]:
        return True, ""

    def list_devices(self) -> list[DeviceInfo]:
        return []

    def options(self, device_id: str) -> DeviceOptions:
        return DeviceOptions()

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[ScannedPage]:
        for page in load_file(device_id):
            if cancel is not None and cancel.is_set():
                raise ScanCancelled("Đã huỷ nhập tệp. Các trang đã nhập vẫn được giữ.")
            if progress is not None:
                progress(ScanProgress(page.index + 1, 1.0, page.index + 1))
            yield page
