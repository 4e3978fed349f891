"""What signatures look like on the page (Decree 30/2020/NĐ-CP, Appendix I).

- Leader: title on top, the blue signature image in the middle, the name below.
- Clerk (main document): the red seal at true size over the left third of the
  leader's signature.
- Clerk (attachment in a separate file): no image; the number and symbol and the
  signing time (ISO 8601, Vietnam time) top right of page 1 in Times New Roman 10 pt
  (Liberation Serif, metric-compatible, when Times is absent).
"""

from __future__ import annotations

import logging
import math
import os
import sys
import uuid
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import platformdirs
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.content import PdfContent, ResourceType
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter, PdfFileWriter
from pyhanko.stamp import BaseStamp, BaseStampStyle, StaticStampStyle, TextStampStyle

from .errors import AppearanceError

MM = 72 / 25.4
SEAL_DIAMETER_MM = 36.0  # a common size of an agency's round seal
LEADER_BOX = (190.0, 120.0)  # width, height of the leader's signature field, in points
TITLE_FRAC = 0.30  # share of the field's height for the title band
NAME_FRAC = 0.18  # share for the name band
ATTACHMENT_BOX = (190.0, 30.0)

ASSETS = Path(__file__).with_name("assets")

# fontTools reports every table it does not subset; that is noise in our logs.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
FONT_ENV = "DESK_SIGNING_FONT_DIR"

_FONT_FILES = {
    # style: Times New Roman names, then Liberation Serif (metric-compatible), then
    # DejaVu Serif as a last resort (has Vietnamese, wider letters).
    "regular": (("times.ttf", "Times New Roman.ttf"), ("LiberationSerif-Regular.ttf",),
                ("DejaVuSerif.ttf",)),
    "bold": (("timesbd.ttf", "Times New Roman Bold.ttf"), ("LiberationSerif-Bold.ttf",),
             ("DejaVuSerif-Bold.ttf",)),
    "italic": (("timesi.ttf", "Times New Roman Italic.ttf"), ("LiberationSerif-Italic.ttf",),
               ("DejaVuSerif-Italic.ttf",)),
}


def _font_dirs() -> list[Path]:
    dirs = []
    if os.environ.get(FONT_ENV):
        dirs.append(Path(os.environ[FONT_ENV]))
    dirs.append(ASSETS / "fonts")
    if sys.platform.startswith("win"):
        dirs.append(Path(os.environ.get("SYSTEMROOT", r"C:\Windows")) / "Fonts")
    else:
        dirs += [
            Path("/usr/share/fonts/truetype/msttcorefonts"),
            Path("/usr/share/fonts/truetype/liberation2"),
            Path("/usr/share/fonts/truetype/liberation"),
            Path("/usr/share/fonts/liberation-serif"),
            Path("/usr/share/fonts/liberation"),
            Path("/usr/share/fonts/truetype/dejavu"),
            Path("/usr/share/fonts/dejavu"),
            Path.home() / ".fonts",
        ]
    return dirs


def _has_vietnamese(path: Path) -> bool:
    """Liberation 1.x has no Vietnamese letters (Ủ, Ị, ố…); Liberation 2 has."""
    try:
        cmap = TTFont(str(path), lazy=True).getBestCmap() or {}
    except Exception:  # unreadable font file: not usable
        return False
    return all(ord(ch) in cmap for ch in "ỦỊốệđă")


@lru_cache(maxsize=8)
def find_font(style: str = "regular") -> Path:
    """Times New Roman if present, else Liberation Serif; a clear error if neither.

    Only fonts with the Vietnamese letters count: a font without them would
    print the leader's name with holes.
    """
    for names in _FONT_FILES[style]:
        for folder in _font_dirs():
            for name in names:
                if (folder / name).is_file() and _has_vietnamese(folder / name):
                    return folder / name
    raise AppearanceError(
        "Không tìm thấy phông chữ Times New Roman hoặc Liberation Serif (bản có chữ "
        "tiếng Việt) để vẽ chữ ký. Hãy cài gói fonts-liberation2 (Linux) hoặc đặt thư "
        f"mục chứa phông chữ vào biến {FONT_ENV}."
    )


# Latin, Vietnamese letters and combining marks, general punctuation.
_VIETNAMESE_RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1EA0, 0x1EF9),
                      (0x2000, 0x206F), (0x20AB, 0x20AB)]
_FONT_CACHE_TAG = "vi-upem1000-v1"


@lru_cache(maxsize=8)
def pdf_ready_font(style: str = "regular") -> Path:
    """The font prepared for pyHanko, once, in the user's cache folder.

    - Rescaled to 1000 units per em: pyHanko writes TrueType glyph widths (/W, TJ)
      in font units, which PDF reads as thousandths of an em; with Liberation's
      2048 units the letters would spread to twice their spacing.
    - Cut down to the Latin and Vietnamese letters, without hinting or layout
      tables: pyHanko subsets the font again for every signature, and on the full
      font that is most of the time a signature takes.
    """
    src = find_font(style)
    stat = src.stat()
    cache = Path(platformdirs.user_cache_dir("desk-app")) / "fonts"
    target = cache / f"{src.stem}-{stat.st_size}-{int(stat.st_mtime)}-{_FONT_CACHE_TAG}.ttf"
    if target.is_file():
        return target
    from fontTools import subset
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(src))
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "FFTM"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for a, b in _VIETNAMESE_RANGES for u in range(a, b + 1)])
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    os.replace(tmp, target)
    return target


def font_factory(style: str, size: int) -> GlyphAccumulatorFactory:
    return GlyphAccumulatorFactory(str(pdf_ready_font(style)), font_size=size)


# --- images ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def demo_signature_image() -> Image.Image:
    """A blue hand-drawn-looking signature on a transparent background (demo only)."""
    w, h = 600, 220
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    blue = (20, 40, 170, 255)
    pts = []
    for i in range(240):
        t = i / 239
        x = 40 + t * 500
        y = 120 - 60 * math.sin(t * 11) * (1 - t * 0.6) - 25 * math.sin(t * 31)
        pts.append((x, y))
    draw.line(pts, fill=blue, width=7, joint="curve")
    draw.line([(60, 175), (330, 160), (560, 150)], fill=blue, width=5)
    return img


@lru_cache(maxsize=1)
def demo_seal_image() -> Image.Image:
    """A red round seal with a star, on a transparent background (demo only)."""
    size = 420
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (215, 25, 32, 215)
    c = size / 2
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=12)
    draw.ellipse((70, 70, size - 70, size - 70), outline=red, width=6)
    star = []
    for k in range(10):
        r = 90 if k % 2 == 0 else 36
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + r * math.sin(a)))
    draw.polygon(star, fill=red)
    # dots around the ring stand in for the agency's name
    for k in range(36):
        a = k * 2 * math.pi / 36
        x, y = c + 168 * math.cos(a), c + 168 * math.sin(a)
        if not (-0.25 < math.sin(a) < 0.25 and math.cos(a) > 0):
            draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=red)
    return img


def load_image(path: str | os.PathLike[str] | None, fallback: Image.Image) -> Image.Image:
    if path is None:
        return fallback
    try:
        img = Image.open(path)
        img.load()
    except (OSError, ValueError) as exc:
        raise AppearanceError(f"Không đọc được ảnh “{path}”: {exc}") from exc
    return img.convert("RGBA")


# --- the leader's stamp --------------------------------------------------------

@dataclass(frozen=True)
class LeaderStampStyle(BaseStampStyle):
    """Title, signature image, name: Decree 30's signing block."""

    title: str = ""
    signer_name: str = ""
    image: Image.Image | None = None
    border_width: int = 0

    def create_stamp(self, writer: BasePdfFileWriter, box: layout.BoxConstraints,
                     text_params: dict) -> LeaderStamp:
        return LeaderStamp(writer=writer, style=self, box=box)


class LeaderStamp(BaseStamp):
    style: LeaderStampStyle

    _engine: Any = None

    def _bold(self, size: int) -> Any:
        """One embedded font for the title and the name (a single subset)."""
        if self._engine is None:
            self._engine = font_factory("bold", size).create_font_engine(self.writer)
            self._engine.font_size = size
            self.set_resource(category=ResourceType.FONT, name=pdf_name("/FBold"),
                              value=self._engine.as_resource())
        return self._engine

    def _text(self, text: str, size: int, band: tuple[float, float]) -> list[bytes]:
        """Centred lines: Decree 30 centres the title and the name."""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if not lines:
            return []
        engine = self._bold(size)
        font_name = "FBold"
        line_h = size * 1.2
        # Baseline of the first line, so that the block is centred in its band.
        top = band[0] + (band[1] + line_h * len(lines)) / 2 - size
        out = [b"BT /%s %d Tf" % (font_name.encode("ascii"), size)]
        x_prev, y_prev = 0.0, 0.0
        for i, line in enumerate(lines):
            shaped = engine.shape(line)
            x = (self.box.width - shaped.x_advance * size) / 2
            y = top - i * line_h
            out.append(b"%g %g Td %s" % (x - x_prev, y - y_prev, shaped.graphics_ops))
            # The shaped line ends with a Td past its own width: start from there.
            x_prev, y_prev = x + shaped.x_advance * size, y
        out.append(b"ET")
        return [b" ".join(out)]

    def _render_inner_content(self) -> list[bytes]:
        w, h = self.box.width, self.box.height
        title_h, name_h = h * TITLE_FRAC, h * NAME_FRAC
        out: list[bytes] = []
        out += self._text(self.style.title, 13, (h - title_h, title_h))
        out += self._text(self.style.signer_name, 13, (0, name_h))
        if self.style.image is not None:
            band_h = h - title_h - name_h
            img = self.style.image
            scale = min(w / img.width, band_h / img.height)
            iw, ih = img.width * scale, img.height * scale
            pdf_img = PdfImage(img, writer=self.writer, box=layout.BoxConstraints(iw, ih))
            cmds = pdf_img.render()
            self.import_resources(pdf_img.resources)
            out += [b"q 1 0 0 1 %g %g cm" % ((w - iw) / 2, name_h + (band_h - ih) / 2),
                    cmds, b"Q"]
        return out


def leader_style(title: str, signer_name: str, image: Image.Image) -> LeaderStampStyle:
    return LeaderStampStyle(title=title, signer_name=signer_name, image=image)


def leader_box(page_width: float, bottom: float = 90.0, right_margin: float = 50.0
               ) -> tuple[float, float, float, float]:
    """Default place of the leader's block: bottom right, where the form signs."""
    w, h = LEADER_BOX
    x2 = page_width - right_margin
    return (x2 - w, bottom, x2, bottom + h)


def seal_box(leader_rect: tuple[float, float, float, float],
             diameter_mm: float = SEAL_DIAMETER_MM) -> tuple[float, float, float, float]:
    """Decree 30: the seal at true size, covering about the left third of the signature.

    The signature image sits in the middle band of the leader's field; the seal's
    right edge is put a third of the way into that band, centred on it vertically.
    """
    x1, y1, x2, y2 = leader_rect
    h = y2 - y1
    band_bottom = y1 + h * NAME_FRAC
    band_top = y2 - h * TITLE_FRAC
    d = diameter_mm * MM
    right = x1 + (x2 - x1) / 3
    cy = (band_bottom + band_top) / 2
    return (right - d, cy - d / 2, right, cy + d / 2)


def seal_style(image: Image.Image) -> StaticStampStyle:
    return StaticStampStyle(
        background=PdfImage(image),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )


def _text_box_style(style: str, size: int) -> TextBoxStyle:
    # No inner margins: pyHanko's default 10 pt margin would shrink a 10 pt line
    # in a 30 pt box to fit.
    return TextBoxStyle(
        font=font_factory(style, size), font_size=size, border_width=0,
        box_layout_rule=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0)),
    )


def _top_right_text_style(style: str, size: int, text: str) -> TextStampStyle:
    return TextStampStyle(
        stamp_text=text,
        border_width=0,
        text_box_style=_text_box_style(style, size),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins.uniform(0),
        ),
    )


def attachment_style() -> TextStampStyle:
    """Number and ISO 8601 time, Times New Roman 10 pt, no image."""
    return _top_right_text_style("regular", 10, "%(number)s\n%(signed_at)s")


def attachment_box(page_width: float, page_height: float, margin: float = 28.0
                   ) -> tuple[float, float, float, float]:
    w, h = ATTACHMENT_BOX
    return (page_width - margin - w, page_height - margin - h,
            page_width - margin, page_height - margin)


def field_text_style(style: str, size: int) -> TextStampStyle:
    """Appearance of a filled register field (number or date), centred."""
    return TextStampStyle(
        stamp_text="%(value)s",
        border_width=0,
        text_box_style=_text_box_style(style, size),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )


# --- prerendered appearances (one font subset and image per batch) ----------------

class PrerenderedContent(PdfContent):
    """A stamp drawn once into a tiny PDF, imported as a form XObject per document.

    pyHanko subsets and embeds the font and re-encodes the image for every
    signature; for a batch with the same signer that is most of the cost, so the
    leader's block is drawn once and copied into each document instead.
    """

    def __init__(self, pdf_bytes: bytes, width: float, height: float) -> None:
        super().__init__(box=layout.BoxConstraints(width=width, height=height))
        self.pdf_bytes = pdf_bytes

        self._reader: PdfFileReader | None = None

    def render(self) -> bytes:
        if self._reader is None:  # parsed once; its objects are copied into each writer
            self._reader = PdfFileReader(BytesIO(self.pdf_bytes))
        xobj = self._ensure_writer.import_page_as_xobject(self._reader, page_ix=0)
        name = "/Pre" + uuid.uuid4().hex
        self.resources.xobject[name] = xobj
        return name.encode("ascii") + b" Do"


def prerender(style: BaseStampStyle, width: float, height: float,
              text_params: dict[str, str] | None = None) -> PrerenderedContent:
    """Draw `style` once at `width` x `height` points; reuse it in any document."""
    writer = PdfFileWriter()
    stamp = style.create_stamp(writer, layout.BoxConstraints(width=width, height=height),
                               dict(text_params or {}))
    if stamp is None:
        raise AppearanceError("Không vẽ được hình chữ ký.")
    commands = stamp.render()
    page = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Page"),
        pdf_name("/MediaBox"): generic.ArrayObject(
            [generic.NumberObject(0), generic.NumberObject(0),
             generic.FloatObject(width), generic.FloatObject(height)]),
        pdf_name("/Resources"): stamp.resources.as_pdf_object(),
        pdf_name("/Contents"): writer.add_object(generic.StreamObject(stream_data=commands)),
    })
    writer.insert_page(page)
    out = BytesIO()
    writer.write(out)
    return PrerenderedContent(out.getvalue(), width, height)


def prerendered_style(content: PrerenderedContent) -> StaticStampStyle:
    return StaticStampStyle(
        background=content, background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0)),
    )
