"""`ScanSession`: the service the UI calls to turn paper into a dossier's PDFs.

Art. 12.1.b: at the counter the desk digitises every component of a paper
dossier into the online dossier. A session streams pages from a back end (or
files) into a crash-safe spool, cleans each page as it arrives (bed crop,
deskew, orientation, blank detection, cover-sheet QR), lets the officer edit the
page list, splits it into components and builds one PDF/A-2b per component.

Threads: `scan`, `import_files` and `build_pdf` block; the UI runs them on a
worker and edits pages from the GUI thread. Every method takes the session lock
for the page list, never across device I/O. No Qt here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from desk_app.domain import FileRef
from scanning import cleanup as clean
from scanning import compress
from scanning import ocr as ocr_engine
from scanning.backends.base import (
    ColorMode,
    ProgressCallback,
    ScannedPage,
    ScannerBackend,
    ScanSettings,
)
from scanning.cover import CoverPayload, read_cover
from scanning.errors import BadInputError, ScanCancelled, ScanError
from scanning.pdfbuild import DocumentMetadata, PdfWriter
from scanning.spool import BatchSummary, Spool

MIN_DPI = 200  # Decree 30/2020: digitised documents at least 200 dpi


@dataclass
class Page:
    id: str
    file: str
    dpi: int
    bilevel: bool
    side: str = "front"
    source: str = ""
    cleanup: clean.Cleanup = field(default_factory=clean.Cleanup)
    turns: int = 0  # the officer's own clockwise quarter turns
    blank_override: bool | None = None
    cover: CoverPayload | None = None
    warning: str = ""

    @property
    def blank(self) -> bool:
        return self.cleanup.blank if self.blank_override is None else self.blank_override

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "dpi": self.dpi, "bilevel": self.bilevel, "side": self.side,
            "source": self.source, "cleanup": self.cleanup.to_dict(), "turns": self.turns,
            "blank_override": self.blank_override, "warning": self.warning,
            "cover": [self.cover.dossier_code, self.cover.component_code] if self.cover else None,
        }

    @classmethod
    def from_dict(cls, page_id: str, d: dict[str, Any]) -> Page:
        cover = d.get("cover")
        return cls(
            id=page_id, file=d["file"], dpi=int(d["dpi"]), bilevel=bool(d["bilevel"]),
            side=d.get("side", "front"), source=d.get("source", ""),
            cleanup=clean.Cleanup.from_dict(d.get("cleanup", {})), turns=int(d.get("turns", 0)),
            blank_override=d.get("blank_override"), warning=d.get("warning", ""),
            cover=CoverPayload(cover[0], cover[1]) if cover else None,
        )


@dataclass(frozen=True)
class ComponentPart:
    """Pages that belong to one component; codes are None when no cover sheet said."""

    dossier_code: str | None
    component_code: str | None
    page_ids: tuple[str, ...]


@dataclass
class ScanResult:
    pages: list[str]  # ids of the pages added, in order
    error: ScanError | None = None  # the jam or device error that ended the batch early
    cancelled: bool = False
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems


@dataclass(frozen=True)
class BuiltPdf:
    path: Path
    sha256: str
    size: int
    pages: int
    text: str  # OCR text for the search index ("" without OCR)
    warnings: tuple[str, ...] = ()

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    def file_ref(self, filename: str) -> FileRef:
        """The domain's reference to this file, to attach to a dossier component."""
        return FileRef(self.sha256, filename, "application/pdf", self.size, self.pages)


class ScanSession:
    def __init__(
        self,
        root: Path,
        backend: ScannerBackend | None = None,
        *,
        options: clean.CleanupOptions | None = None,
        label: str = "",
        _spool: Spool | None = None,
    ) -> None:
        self.root = Path(root)
        self.backend = backend
        self.options = options or clean.CleanupOptions()
        self._lock = threading.RLock()
        self.spool = _spool or Spool.create(self.root, label)
        self._pages: dict[str, Page] = {}
        self._order: list[str] = []
        self._trash: list[str] = []
        if _spool is not None:
            self._load()

    # --- recovery ------------------------------------------------------------------
    @staticmethod
    def unfinished(root: Path) -> list[BatchSummary]:
        """Batches left open by a crash or a closed window, to offer back."""
        return Spool.unfinished(Path(root))

    @classmethod
    def resume(
        cls, root: Path, batch_id: str, backend: ScannerBackend | None = None,
        *, options: clean.CleanupOptions | None = None,
    ) -> ScanSession:
        return cls(root, backend, options=options, _spool=Spool.open(Path(root), batch_id))

    def _load(self) -> None:
        m = self.spool.manifest
        self._pages = {pid: Page.from_dict(pid, rec) for pid, rec in m["pages"].items()}
        self._order = [pid for pid in m["order"] if pid in self._pages]
        self._trash = [pid for pid in m.get("trash", []) if pid in self._pages]
        for number, name, dpi in self.spool.orphan_files():
            # On disk but not yet in the manifest when the crash came: take it back.
            arr = self.spool.read_image(name)
            bilevel = name.endswith(".png")  # the spool keeps only 1-bit pages as PNG
            page = Page(f"p{number:05d}", name, dpi, bilevel)
            self._analyse(page, arr)
            self._pages[page.id] = page
            self._order.append(page.id)
            m["next"] = max(int(m["next"]), number + 1)
        self._save()

    @property
    def id(self) -> str:
        return self.spool.id

    # --- acquisition ---------------------------------------------------------------
    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        cancel: threading.Event | None = None,
        progress: ProgressCallback | None = None,
        on_page: Callable[[Page], None] | None = None,
    ) -> ScanResult:
        """Scan a batch; pages already scanned are kept whatever ends it."""
        if self.backend is None:
            raise ScanError("Chưa chọn máy quét.")
        ok, why = self.backend.is_usable()
        if not ok:
            return ScanResult([], error=ScanError(why))
        pages = self.backend.scan(device_id, settings, cancel, progress)
        return self._take(pages, settings.mode is ColorMode.LINEART, on_page)

    def import_files(
        self,
        paths: Iterable[Path | str],
        cancel: threading.Event | None = None,
        on_page: Callable[[Page], None] | None = None,
    ) -> ScanResult:
        """Add pages from image and PDF files; a bad file is reported, the rest go on."""
        from scanning.backends.files import load_file

        result = ScanResult([])
        for path in paths:
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                break
            part = self._take(load_file(path), False, on_page, cancel)
            result.pages += part.pages
            if part.error is not None:
                result.problems.append((str(path), part.error.message))
            if part.cancelled:
                result.cancelled = True
                break
        return result

    def _take(
        self,
        pages: Iterable[ScannedPage],
        lineart: bool,
        on_page: Callable[[Page], None] | None,
        cancel: threading.Event | None = None,
    ) -> ScanResult:
        result = ScanResult([])
        try:
            for scanned in pages:
                page = self.add_image(scanned.image, scanned.dpi, side=scanned.side,
                                      source=scanned.info.get("source", ""),
                                      warning=scanned.info.get("warning", ""),
                                      bilevel=lineart or scanned.image.mode == "1")
                result.pages.append(page.id)
                if on_page is not None:
                    on_page(page)
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    break
        except ScanCancelled:
            result.cancelled = True
        except ScanError as exc:
            result.error = exc
        return result

    def add_image(
        self, image: Image.Image, dpi: int, *, side: str = "front", source: str = "",
        warning: str = "", bilevel: bool | None = None,
    ) -> Page:
        """Spool one page (on disk before anything else), then clean and list it."""
        with self._lock:
            number = self.spool.next_number()
        if bilevel and image.mode != "1":
            image = image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
        name = self.spool.write_image(number, image, dpi)
        arr = np.asarray(image.convert("L") if image.mode == "1" else image)
        page = Page(f"p{number:05d}", name, dpi, image.mode == "1", side, source,
                    warning=warning)
        self._analyse(page, arr)
        with self._lock:
            self._pages[page.id] = page
            self._order.append(page.id)
            self._save()
        return page

    def _analyse(self, page: Page, arr: np.ndarray) -> None:
        page.cleanup = clean.analyse(arr, page.dpi, self.options)
        try:
            page.cover = read_cover(arr, page.dpi)
        except (ImportError, OSError):
            page.cover = None  # no zbar here: cover sheets are split by hand
        if page.cover is not None:
            page.cleanup = replace(page.cleanup, blank=False)

    # --- the page list ---------------------------------------------------------------
    @property
    def pages(self) -> list[Page]:
        with self._lock:
            return [self._pages[pid] for pid in self._order]

    def page(self, page_id: str) -> Page:
        with self._lock:
            if page_id not in self._pages:
                raise ScanError(f"Không có trang {page_id} trong đợt quét.")
            return self._pages[page_id]

    def move(self, page_id: str, to_index: int) -> None:
        with self._lock:
            self._need(page_id)
            self._order.remove(page_id)
            self._order.insert(max(0, min(to_index, len(self._order))), page_id)
            self._save()

    def reorder(self, page_ids: list[str]) -> None:
        with self._lock:
            if sorted(page_ids) != sorted(self._order):
                raise ScanError("Thứ tự mới phải gồm đúng các trang hiện có.")
            self._order = list(page_ids)
            self._save()

    def rotate(self, page_id: str, quarter_turns: int = 1) -> None:
        """Turn a page clockwise by quarter turns (negative: counter-clockwise)."""
        with self._lock:
            page = self._need(page_id)
            page.turns = (page.turns + quarter_turns) % 4
            self._save()

    def delete(self, page_id: str) -> None:
        with self._lock:
            self._need(page_id)
            self._order.remove(page_id)
            self._trash.append(page_id)
            self._save()

    def restore(self, page_id: str, to_index: int | None = None) -> None:
        with self._lock:
            if page_id not in self._trash:
                raise ScanError(f"Trang {page_id} không nằm trong các trang đã xoá.")
            self._trash.remove(page_id)
            self._order.insert(len(self._order) if to_index is None else to_index, page_id)
            self._save()

    def interleave(self, reverse_backs: bool = True) -> None:
        """Duplex by hand on a simplex feeder: the fronts were scanned, then the stack
        was turned over and the backs scanned. The first half of the list are the
        fronts; the second half the backs, last page first when `reverse_backs`."""
        with self._lock:
            if len(self._order) % 2:
                raise ScanError("Số trang lẻ: không ghép được mặt trước và mặt sau.")
            half = len(self._order) // 2
            fronts, backs = self._order[:half], self._order[half:]
            if reverse_backs:
                backs = backs[::-1]
            self._order = [pid for pair in zip(fronts, backs, strict=True) for pid in pair]
            for pid in backs:
                self._pages[pid].side = "back"
            self._save()

    def reverse(self) -> None:
        """The whole list in reverse order (a stack fed the wrong way round)."""
        with self._lock:
            self._order.reverse()
            self._save()

    def undo_cleanup(self, page_id: str) -> None:
        """Show the page as scanned: no crop, straightening or turning by the software
        (the officer's own turns and the blank flag stay)."""
        with self._lock:
            page = self._need(page_id)
            page.cleanup = clean.Cleanup(blank=page.cleanup.blank, coverage=page.cleanup.coverage)
            self._save()

    def set_blank(self, page_id: str, blank: bool | None) -> None:
        """Override blank detection (None: back to automatic)."""
        with self._lock:
            self._need(page_id).blank_override = blank
            self._save()

    def _need(self, page_id: str) -> Page:
        if page_id not in self._order:
            raise ScanError(f"Không có trang {page_id} trong danh sách trang.")
        return self._pages[page_id]

    def _save(self) -> None:
        with self._lock:
            m = self.spool.manifest
            m["pages"] = {pid: p.to_dict() for pid, p in self._pages.items()}
            m["order"] = list(self._order)
            m["trash"] = list(self._trash)
            self.spool.save()

    # --- splitting -------------------------------------------------------------------
    def split_by_covers(self) -> list[ComponentPart]:
        """Cut the stack at each cover sheet; covers and blank pages are left out."""
        parts: list[ComponentPart] = []
        current: CoverPayload | None = None
        ids: list[str] = []
        for page in self.pages:
            if page.cover is not None:
                if ids or current is not None:
                    parts.append(_part(current, ids))
                current, ids = page.cover, []
            elif not page.blank:
                ids.append(page.id)
        if ids or current is not None:
            parts.append(_part(current, ids))
        return parts

    def split_every(self, count: int) -> list[ComponentPart]:
        """Cut the stack every `count` pages (blank pages and covers left out)."""
        if count < 1:
            raise ScanError("Số trang mỗi thành phần phải từ 1 trở lên.")
        ids = [p.id for p in self.pages if p.cover is None and not p.blank]
        return [ComponentPart(None, None, tuple(ids[i : i + count]))
                for i in range(0, len(ids), count)]

    # --- rendering and building ------------------------------------------------------
    def render(self, page_id: str) -> np.ndarray:
        """The cleaned page at full resolution (gray, 0/255 for bilevel, or RGB)."""
        page = self.page(page_id)
        arr = self.spool.read_image(page.file)
        return clean.apply(arr, page.cleanup, page.turns)

    def thumbnail(self, page_id: str, max_side: int = 256) -> Image.Image:
        """A small picture of the cleaned page for the page list (read reduced)."""
        page = self.page(page_id)
        long_side = max(page.dpi * 14, 1)  # up to A4's long side in pixels, roughly
        reduce = next((f for f in (8, 4, 2) if long_side / f >= max_side * 1.5), 1)
        raw = self.spool.read_image(page.file, reduce)
        arr = clean.apply(raw, page.cleanup.scaled(reduce), page.turns)
        scale = max_side / max(arr.shape[:2])
        if scale < 1:
            size = (max(1, round(arr.shape[1] * scale)), max(1, round(arr.shape[0] * scale)))
            arr = cv2.resize(arr, size, interpolation=cv2.INTER_AREA)
        return Image.fromarray(arr)

    def build_pdf(
        self,
        page_ids: Iterable[str] | None,
        metadata: DocumentMetadata,
        out: Path | None = None,
        *,
        ocr: bool = False,
        skip_blank: bool = True,
        min_dpi: int = MIN_DPI,
        cancel: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> BuiltPdf:
        """One PDF/A-2b of the given pages (all, when None); cover sheets never go in."""
        with self._lock:
            chosen = list(page_ids) if page_ids is not None else list(self._order)
            pages = [self._pages[pid] for pid in chosen if pid in self._pages]
        pages = [p for p in pages if p.cover is None and not (skip_blank and p.blank)]
        if not pages:
            raise ScanError("Không có trang nào để đưa vào tệp PDF.")
        low = [p for p in pages if p.dpi < min_dpi]
        if low:
            raise ScanError(
                f"Có {len(low)} trang quét ở {low[0].dpi} dpi, dưới mức {min_dpi} dpi mà "
                "Nghị định 30/2020/NĐ-CP yêu cầu. Hãy quét lại ở độ phân giải cao hơn."
            )
        warnings: list[str] = [p.warning for p in pages if p.warning]
        use_ocr = ocr
        if ocr:
            usable, why = ocr_engine.available()
            if not usable:
                use_ocr = False
                warnings.append(why)
        writer = PdfWriter()
        texts: list[str] = []
        for number, page in enumerate(pages, start=1):
            if cancel is not None and cancel.is_set():
                raise ScanCancelled("Đã huỷ tạo tệp PDF.")
            raw = self.spool.read_image(page.file)
            arr = clean.apply(raw, page.cleanup, page.turns, deskew=False)
            encoded = compress.encode_page(arr, page.dpi, bilevel=page.bilevel,
                                           skew=clean.residual_skew(page.cleanup))
            layer = None
            if use_ocr:
                try:
                    upright = clean.apply(raw, page.cleanup, page.turns)
                    result = ocr_engine.recognise(upright, page.dpi)
                    layer = result.pdf
                    texts.append(result.text)
                except ScanError as exc:
                    warnings.append(f"Trang {number}: {exc.message}")
            writer.add(encoded, layer)
            if progress is not None:
                progress(number, len(pages))
        target = Path(out) if out is not None else self.spool.folder / "out" / f"{self.id}.pdf"
        try:
            digest = writer.save(target, metadata)
        except OSError as exc:
            raise ScanError(f"Không ghi được tệp PDF {target}.", detail=str(exc)) from exc
        return BuiltPdf(target, digest, target.stat().st_size, writer.page_count,
                        "\n\f".join(texts), tuple(dict.fromkeys(warnings)))

    # --- end -------------------------------------------------------------------------
    def finish(self, delete: bool = True) -> None:
        """The PDFs are saved elsewhere: close the batch and (by default) free the spool."""
        self.spool.finish(delete)

    def close(self) -> None:
        """Leave the batch open on disk (offered back later) and release it."""
        self.spool.release()


def _part(cover: CoverPayload | None, ids: list[str]) -> ComponentPart:
    if cover is None:
        return ComponentPart(None, None, tuple(ids))
    return ComponentPart(cover.dossier_code, cover.component_code, tuple(ids))


__all__ = [
    "BadInputError",
    "BuiltPdf",
    "ComponentPart",
    "DocumentMetadata",
    "Page",
    "ScanResult",
    "ScanSession",
]
