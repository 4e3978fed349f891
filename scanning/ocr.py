"""Optional OCR with Tesseract: a searchable text layer and the text for the index.

Tesseract runs as a program (Debian tesseract-ocr, tesseract-ocr-vie). When it or
the Vietnamese data is missing, `available()` says so and digitising goes on
without a text layer: OCR never stops a scan from completing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from scanning.errors import ScanError

DEFAULT_LANG = "vie"
TIMEOUT_S = 180


@dataclass(frozen=True)
class OcrResult:
    pdf: bytes  # a one-page PDF with only invisible text, same size as the page
    text: str


def _binary() -> str | None:
    return shutil.which(os.environ.get("TESSERACT_CMD", "tesseract"))


@lru_cache(maxsize=4)
def _languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True,
                             timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def available(lang: str = DEFAULT_LANG) -> tuple[bool, str]:
    """(True, "") when Tesseract and the language data are installed."""
    binary = _binary()
    if binary is None:
        return False, "Chưa cài Tesseract nên không nhận dạng chữ (OCR); bản quét vẫn được lưu."
    missing = [code for code in lang.split("+") if code not in _languages(binary)]
    if missing:
        return False, (
            f"Thiếu dữ liệu ngôn ngữ Tesseract: {', '.join(missing)} "
            "(gói tesseract-ocr-vie); bản quét vẫn được lưu, không có lớp chữ."
        )
    return True, ""


def recognise(gray: np.ndarray, dpi: int, lang: str = DEFAULT_LANG) -> OcrResult:
    """OCR one cleaned page (gray or RGB array). Raises ScanError on failure."""
    binary = _binary()
    if binary is None:
        raise ScanError(available(lang)[1])
    with tempfile.TemporaryDirectory(prefix="desk-ocr-") as tmp:
        src = Path(tmp) / "page.png"
        # Tesseract reads the dpi from the PNG's pHYs chunk, which PIL writes.
        Image.fromarray(gray).save(src, dpi=(dpi, dpi), compress_level=1)
        base = Path(tmp) / "out"
        cmd = [binary, str(src), str(base), "-l", lang, "--dpi", str(dpi),
               "-c", "textonly_pdf=1", "pdf", "txt"]
        env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, env=env,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise ScanError("Nhận dạng chữ (OCR) quá lâu nên đã dừng.") from exc
        except OSError as exc:
            raise ScanError("Không chạy được Tesseract.", detail=str(exc)) from exc
        if proc.returncode != 0 or not base.with_suffix(".pdf").exists():
            raise ScanError("Tesseract không nhận dạng được trang này.",
                            detail=proc.stderr.decode("utf-8", "replace")[-300:])
        return OcrResult(
            base.with_suffix(".pdf").read_bytes(),
            base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace"),
        )
