"""Smoke check of a screenshot of the built application: not blank, header texts drawn.

    python installer/check_screenshot.py shot.png

The blank-text build of issue 14 drew the window frame with no words in the header; so
the header band must have ink (pixel variance), and Tesseract (Vietnamese) must read
back at least three of the header's button texts. Exit code 0 when both hold.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from PIL import Image, ImageStat

HEADER_TEXTS = ("Tìm hồ sơ", "Đồng bộ", "Báo cáo", "Cài đặt", "Khoá", "Đổi cán bộ")
HEADER_HEIGHT = 44  # px: the top bar of the main window (unit, search, buttons)


def _plain(text: str) -> str:
    """Lower case without diacritics or spaces: OCR's slips on tone marks and gaps don't count."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = (c for c in decomposed if not unicodedata.combining(c) and not c.isspace())
    return "".join(kept).lower()


def check(path: Path) -> list[str]:
    problems: list[str] = []
    image = Image.open(path).convert("L")
    if image.width < 800 or image.height < 500:
        problems.append(f"ảnh quá nhỏ: {image.size}")
    whole = ImageStat.Stat(image).stddev[0]
    header = image.crop((0, 0, image.width, HEADER_HEIGHT))
    header_sd = ImageStat.Stat(header).stddev[0]
    print(f"độ lệch chuẩn điểm ảnh (pixel stddev): cả ảnh {whole:.1f}, "
          f"thanh tiêu đề {header_sd:.1f}")
    if whole < 10 or header_sd < 10:
        problems.append("ảnh gần như trống (blank)")
    if shutil.which("tesseract") is None:
        print("không có tesseract: bỏ qua bước đọc chữ (OCR skipped)")
        return problems
    big = header.resize((header.width * 3, header.height * 3), Image.Resampling.LANCZOS)
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    lang = "vie" if "vie" in langs.split() else "eng"
    with tempfile.TemporaryDirectory() as tmp:
        ocr_input = Path(tmp) / "header.png"
        big.save(ocr_input)
        read = subprocess.run(["tesseract", str(ocr_input), "-", "-l", lang, "--psm", "6"],
                              capture_output=True, text=True, check=False).stdout
    found = [t for t in HEADER_TEXTS if _plain(t) in _plain(read)]
    print(f"thanh tiêu đề đọc được (OCR): {' '.join(read.split())!r}")
    print(f"chữ của thanh tiêu đề tìm thấy: {found}")
    if len(found) < 3:
        problems.append(f"thiếu chữ ở thanh tiêu đề: chỉ thấy {found}")
    return problems


def main(argv: list[str]) -> int:
    problems = check(Path(argv[0]))
    for p in problems:
        print("LỖI:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
