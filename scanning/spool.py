"""Crash-safe spool: every scanned page is on disk before the next one is read.

One folder per batch under the root the UI gives (a platformdirs path). The page
image is written to a temporary name, flushed to disk and renamed; only then is
the manifest (also written atomically) updated. After a crash, `unfinished()`
lists the batches still open, and files that reached the disk but not the
manifest are picked up again, in arrival order.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from desk_app.atomic import atomic_write, fsync_dir
from scanning.errors import ScanError

MANIFEST = "batch.json"
LOCK = "batch.lock"
PAGE_RE = re.compile(r"^(\d{5})_(\d{2,4})dpi\.(png|jpg)$")
# Gray and colour pages are spooled as JPEG at quality 92 without chroma subsampling:
# visually lossless, about ten times faster to write than PNG and a third of its size
# on a noisy scan. Black-and-white pages are spooled as 1-bit PNG (exact and small).
SPOOL_JPEG_QUALITY = 92


@dataclass(frozen=True)
class BatchSummary:
    id: str
    created: str  # ISO 8601
    label: str
    pages: int
    path: Path


class Spool:
    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        self.folder = folder
        self.manifest = manifest
        self._lock_fh: Any = None

    @property
    def id(self) -> str:
        return str(self.manifest["id"])

    # --- life cycle ------------------------------------------------------------
    @classmethod
    def create(cls, root: Path, label: str = "", created: datetime | None = None) -> Spool:
        from desk_app.textfmt import VN_TZ

        root = Path(root)
        stamp = (created or datetime.now(VN_TZ)).strftime("%Y%m%d-%H%M%S-")
        batch_id = stamp + uuid.uuid4().hex[:6]
        folder = root / batch_id
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise ScanError(f"Không tạo được thư mục lưu tạm bản quét {folder}.",
                            detail=str(exc)) from exc
        manifest = {
            "version": 1,
            "id": batch_id,
            "created": (created or datetime.now(VN_TZ)).isoformat(),
            "label": label,
            "state": "open",
            "next": 1,
            "pages": {},
            "order": [],
            "trash": [],
        }
        spool = cls(folder, manifest)
        spool.lock()
        spool.save()
        return spool

    @classmethod
    def open(cls, root: Path, batch_id: str) -> Spool:
        folder = Path(root) / batch_id
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScanError(f"Không mở được đợt quét {batch_id}.", detail=str(exc)) from exc
        spool = cls(folder, manifest)
        if not spool.lock():
            raise ScanError(f"Đợt quét {batch_id} đang được mở ở cửa sổ khác.")
        return spool

    @staticmethod
    def unfinished(root: Path) -> list[BatchSummary]:
        out: list[BatchSummary] = []
        root = Path(root)
        if not root.is_dir():
            return out
        for folder in sorted(root.iterdir()):
            try:
                manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if manifest.get("state") != "open" or _locked_elsewhere(folder):
                continue
            pages = len(manifest.get("order", [])) + len(_orphans(folder, manifest))
            if pages:
                out.append(BatchSummary(manifest["id"], manifest.get("created", ""),
                                        manifest.get("label", ""), pages, folder))
        return out

    def lock(self) -> bool:
        """Hold an exclusive lock while the batch is open in this process."""
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks here; one desk per profile
            return True
        fh = open(self.folder / LOCK, "a+")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        self._lock_fh = fh
        return True

    def release(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None

    def save(self) -> None:
        data = json.dumps(self.manifest, ensure_ascii=False, indent=1).encode("utf-8")
        atomic_write(self.folder / MANIFEST, data)

    def finish(self, delete: bool = True) -> None:
        self.manifest["state"] = "done"
        self.save()
        self.release()
        if delete:
            # Page files and the default `out/` folder of built PDFs alike.
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- pages -----------------------------------------------------------------
    def next_number(self) -> int:
        number = int(self.manifest["next"])
        self.manifest["next"] = number + 1
        return number

    def write_image(self, number: int, image: Image.Image, dpi: int) -> str:
        bilevel = image.mode == "1"
        name = f"{number:05d}_{dpi}dpi.{'png' if bilevel else 'jpg'}"
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=name[-4:], dir=self.folder)
        os.close(fd)
        try:
            if bilevel:
                image.save(tmp, format="PNG", dpi=(dpi, dpi))
            else:
                arr = np.asarray(image)
                if arr.ndim == 3:
                    arr = cv2.cvtColor(arr, cv2.COLOR_RGB2BGR)
                params = [cv2.IMWRITE_JPEG_QUALITY, SPOOL_JPEG_QUALITY,
                          cv2.IMWRITE_JPEG_SAMPLING_FACTOR, cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444]
                if not cv2.imwrite(tmp, arr, params):
                    raise OSError("JPEG encoder failed")
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, self.folder / name)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise ScanError("Không ghi được trang quét xuống đĩa (đĩa đầy?).",
                            detail=str(exc)) from exc
        fsync_dir(self.folder)
        return name

    def read_image(self, name: str, reduce: int = 1) -> np.ndarray:
        """The page as an array (gray or RGB); `reduce` 2, 4 or 8 reads it smaller,
        which for JPEG costs a fraction of a full decode (thumbnails)."""
        if reduce in (2, 4, 8):
            flags = {2: (cv2.IMREAD_REDUCED_GRAYSCALE_2, cv2.IMREAD_REDUCED_COLOR_2),
                     4: (cv2.IMREAD_REDUCED_GRAYSCALE_4, cv2.IMREAD_REDUCED_COLOR_4),
                     8: (cv2.IMREAD_REDUCED_GRAYSCALE_8, cv2.IMREAD_REDUCED_COLOR_8)}[reduce]
            flag = flags[0] if name.endswith(".png") else flags[1]
        else:
            flag = cv2.IMREAD_UNCHANGED
        arr = cv2.imread(str(self.folder / name), flag)
        if arr is None:
            raise ScanError(f"Không đọc được trang đã quét {name} trong thư mục tạm.")
        if arr.ndim == 3:
            arr = cv2.cvtColor(arr, cv2.COLOR_BGR2RGB if arr.shape[2] == 3 else cv2.COLOR_BGRA2RGB)
        return arr

    def orphan_files(self) -> list[tuple[int, str, int]]:
        """(number, file, dpi) of page files on disk that the manifest does not list."""
        return _orphans(self.folder, self.manifest)


def _orphans(folder: Path, manifest: dict[str, Any]) -> list[tuple[int, str, int]]:
    listed = {rec["file"] for rec in manifest.get("pages", {}).values()}
    out = []
    for f in sorted(folder.iterdir()):
        match = PAGE_RE.match(f.name)
        if match and f.name not in listed:
            out.append((int(match.group(1)), f.name, int(match.group(2))))
    return out


def _locked_elsewhere(folder: Path) -> bool:
    try:
        import fcntl
    except ImportError:
        return False
    path = folder / LOCK
    if not path.exists():
        return False
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False
