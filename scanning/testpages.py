"""Synthetic scanned pages with known text: for tests, the benchmark and demos.

Pages look like what reaches the desk: an administrative text in Vietnamese, a
slight skew, sensor noise and specks, optionally a tinted paper with a red seal,
an A5 sheet lying on a dark scanner bed, or a nearly blank back side.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
)
# DejaVu first: Debian's fonts-liberation (1.x) lacks the Vietnamese letters U+1EA0-1EF9.
_FONT_FILES = ("DejaVuSerif.ttf", "DejaVuSans.ttf")
_BOLD_FILES = ("DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf")

SENTENCES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.",
    "Ủy ban nhân dân huyện Phú Vang tiếp nhận hồ sơ đề nghị cấp giấy phép xây dựng.",
    "Người nộp hồ sơ chịu trách nhiệm về tính chính xác của các thông tin đã kê khai.",
    "Bộ phận tiếp nhận và trả kết quả kiểm tra tính đầy đủ, hợp lệ của hồ sơ.",
    "Trường hợp hồ sơ chưa đầy đủ, cán bộ hướng dẫn một lần để hoàn thiện hồ sơ.",
    "Thời hạn giải quyết là mười lăm ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Địa chỉ thửa đất: thôn Dương Nổ Đông, xã Phú Dương, tỉnh Thừa Thiên Huế.",
    "Giấy chứng nhận quyền sử dụng đất số BĐ 123456 do Sở Tài nguyên và Môi trường cấp.",
    "Diện tích xây dựng tầng một là 85,5 mét vuông, chiều cao công trình 11,2 mét.",
    "Chủ đầu tư cam kết thực hiện đúng giấy phép và các quy định của pháp luật.",
    "Phí thẩm định được nộp trực tiếp tại quầy hoặc thanh toán trực tuyến qua Cổng.",
    "Kết quả được trả tại Bộ phận một cửa hoặc gửi qua dịch vụ bưu chính công ích.",
    "Hồ sơ gồm đơn đề nghị, bản vẽ thiết kế, bản sao giấy tờ về quyền sử dụng đất.",
    "Quyết định này có hiệu lực kể từ ngày ký và được niêm yết công khai tại trụ sở.",
    "Ông Nguyễn Văn Hưởng, sinh năm 1978, số căn cước công dân 046078001234.",
    "Bà Trần Thị Thủy đề nghị điều chỉnh thông tin trên sổ hộ khẩu của gia đình.",
    "Việc luân chuyển hồ sơ được ghi vào phiếu kiểm soát quá trình giải quyết.",
    "Đề nghị các cơ quan, đơn vị phối hợp để giải quyết đúng hạn, không gây phiền hà.",
)


@dataclass
class SyntheticPage:
    image: np.ndarray  # RGB (H, W, 3) or gray (H, W), uint8
    dpi: int
    lines: list[str]  # the text drawn, top to bottom
    skew: float  # degrees, counter-clockwise as drawn on screen

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def pil(self) -> Image.Image:
        img = Image.fromarray(self.image)
        img.info["dpi"] = (self.dpi, self.dpi)
        return img


def font(size_px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    for name in _BOLD_FILES if bold else _FONT_FILES:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                return ImageFont.truetype(str(folder / name), size_px)
    raise FileNotFoundError("no TrueType font with Vietnamese letters (fonts-liberation)")


def vietnamese_lines(seed: int, count: int, width_chars: int = 78) -> list[str]:
    """Dense running text wrapped at about `width_chars` characters."""
    rng = random.Random(seed)
    words: list[str] = []
    while len(words) < count * width_chars // 5:
        words += rng.choice(SENTENCES).split()
    lines, current = [], ""
    for word in words:
        if len(current) + len(word) + 1 > width_chars:
            lines.append(current)
            current = word
            if len(lines) == count:
                break
        else:
            current = f"{current} {word}".strip()
    return lines


def text_page(
    seed: int = 1,
    dpi: int = 300,
    *,
    lines: int = 44,
    point_size: float = 12.0,
    skew: float = 0.0,
    noise: float = 0.0,
    specks: int = 0,
    color: bool = False,
    seal: bool = False,
    paper_mm: tuple[float, float] = (210.0, 297.0),
    bed_mm: tuple[float, float] | None = None,
    blank: bool = False,
    bleed_through: bool = False,
    upside_down: bool = False,
    portrait: bool = False,
    paper_gray: int = 255,
    ink_gray: int = 0,
    blur: float = 0.0,
) -> SyntheticPage:
    """A page of Vietnamese text as a scanner would deliver it.

    `paper_gray` and `ink_gray` set the tones of a black-and-white page (an office
    scanner reads white paper as 230-240 and black toner as 20-40); `blur` (pixels,
    Gaussian sigma) stands for the scanner's optics, which soften every edge.
    """
    rng = np.random.default_rng(seed)
    mm = dpi / 25.4
    w, h = round(paper_mm[0] * mm), round(paper_mm[1] * mm)
    paper = (250, 246, 236) if color else (paper_gray,) * 3
    img = Image.new("RGB", (w, h), paper)
    draw = ImageDraw.Draw(img)
    size_px = round(point_size * dpi / 72)
    width_chars = int((paper_mm[0] - 36) / 2.5 * 12 / point_size)
    text_lines = [] if blank else vietnamese_lines(seed, lines, width_chars)
    ink = (20, 30, 90) if color else (ink_gray,) * 3
    y = round(20 * mm)
    if text_lines:
        title = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        draw.text((round(35 * mm), y), title, font=font(size_px, bold=True),
                  fill=(180, 20, 20) if color else ink)
        y += round(size_px * 1.8)
        text_lines = [title, *text_lines]
    body = font(size_px)
    # With a seal, the body stops above the signature block, as on a real decision.
    bottom = h - (75 if seal else 20) * mm
    for i, line in enumerate(text_lines[1:], start=1):
        if y > bottom:
            text_lines = text_lines[:i]
            break
        draw.text((round(18 * mm), y), line, font=body, fill=ink)
        y += round(size_px * 1.3)
    if seal and text_lines:
        x = round(w - 60 * mm)
        sign_top = round(bottom + 8 * mm)
        bold = font(size_px, bold=True)
        draw.text((x, sign_top), "CHỦ TỊCH", font=bold, fill=ink, anchor="mt")
        _draw_seal(draw, (x - round(12 * mm), sign_top + round(25 * mm)), mm)
        draw.text((x, sign_top + round(48 * mm)), "Nguyễn Văn Hưởng", font=bold, fill=ink,
                  anchor="mt")
        text_lines += ["CHỦ TỊCH", "Nguyễn Văn Hưởng"]
    arr = np.asarray(img).copy()
    if portrait:  # a 30 × 40 mm photograph, as on a copy of an ID card
        pw, ph = round(30 * mm), round(40 * mm)
        field = rng.integers(40, 220, (8, 6, 3), dtype=np.uint8)
        photo = cv2.resize(field, (pw, ph), interpolation=cv2.INTER_CUBIC)
        cv2.ellipse(photo, (pw // 2, ph // 2), (pw // 4, ph // 3), 0, 0, 360, (90, 60, 50), -1)
        x0, y0 = w - pw - round(15 * mm), round(40 * mm)
        arr[y0 : y0 + ph, x0 : x0 + pw] = photo
    if bleed_through:
        ghost = np.asarray(text_page(seed + 99, dpi, lines=lines, paper_mm=paper_mm).image)
        ghost = cv2.cvtColor(ghost, cv2.COLOR_GRAY2RGB)
        ghost = cv2.flip(cv2.GaussianBlur(ghost, (0, 0), 2.0), 1)
        arr = np.minimum(arr, (255 - (255 - ghost.astype(np.int16)) * 0.12).astype(np.uint8))
    if upside_down:
        arr = cv2.rotate(arr, cv2.ROTATE_180)
    if bed_mm is not None:
        bw, bh = round(bed_mm[0] * mm), round(bed_mm[1] * mm)
        bed = np.full((bh, bw, 3), 45, np.uint8)
        bed[:h, :w] = arr[: min(h, bh), : min(w, bw)]
        arr = bed
    if skew:
        mat = cv2.getRotationMatrix2D((arr.shape[1] / 2, arr.shape[0] / 2), skew, 1.0)
        border = (45, 45, 45) if bed_mm is not None else paper
        arr = cv2.warpAffine(arr, mat, (arr.shape[1], arr.shape[0]), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    if blur:
        arr = cv2.GaussianBlur(arr, (0, 0), blur)
    if noise:
        arr = np.clip(arr + rng.normal(0, noise, arr.shape), 0, 255).astype(np.uint8)
    if specks:
        ys = rng.integers(0, arr.shape[0], specks)
        xs = rng.integers(0, arr.shape[1], specks)
        arr[ys, xs] = 0
    if not color:
        arr = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    return SyntheticPage(arr, dpi, text_lines, skew)


def office_gray_page(seed: int = 1, dpi: int = 300, *, skew: float = 0.6, lines: int = 48,
                     point_size: float = 11.0, **kwargs: object) -> SyntheticPage:
    """Black text on white paper as most office scanners deliver it in gray mode:
    anti-aliased, softened edges, paper a little gray (about 235), toner not quite
    black, a small skew, a little sensor noise and some dust."""
    options: dict[str, object] = dict(paper_gray=235, ink_gray=30, blur=0.7, noise=3.0,
                                      specks=60)
    options.update(kwargs)
    return text_page(seed, dpi, lines=lines, point_size=point_size, skew=skew,
                     **options)  # type: ignore[arg-type]


def _draw_seal(draw: ImageDraw.ImageDraw, centre: tuple[int, int], mm: float) -> None:
    red = (200, 25, 30)
    cx, cy = centre
    for radius, width in ((18 * mm, 0.9 * mm), (13 * mm, 0.5 * mm)):
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius),
                     outline=red, width=max(1, round(width)))
    small = font(round(2.8 * mm), bold=True)
    draw.text((cx, cy - 5 * mm), "ỦY BAN NHÂN DÂN", font=small, fill=red, anchor="mm")
    draw.text((cx, cy + 5 * mm), "HUYỆN PHÚ VANG", font=small, fill=red, anchor="mm")
    draw.regular_polygon((cx, cy, 3 * mm), 5, fill=red)
    # the leader's signature across the seal, in blue ink
    pts = [(cx - 30 * mm + i * mm, cy + 8 * mm - 6 * mm * np.sin(i / 3)) for i in range(40)]
    draw.line(pts, fill=(30, 40, 160), width=max(1, round(0.5 * mm)))
