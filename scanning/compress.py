"""Compression that keeps text legible.

* Black-and-white pages: CCITT Group 4, after removing scanner specks.
* Gray pages of dark text on plain paper (how most office scanners deliver a
  black-and-white page in gray mode: anti-aliased edges, paper read as 230-240):
  Group 4 alone, thresholded halfway between paper and toner, as a black-and-white
  scan would be; mixed raster's background and colour layers would add about a
  third more bytes and nothing to see.
* Colour pages, and gray pages with tints, pictures or light marks: mixed raster
  content (MRC). A full
  resolution bilevel mask (Group 4) carries the shapes of the text, a
  low-resolution foreground image carries its colour, and a low-resolution
  background carries the paper, tints and pictures. A colour form with a red seal
  stays sharp and small: the seal's strokes are in the mask, its red in the
  foreground.
* A picture on a text page (the portrait on a copy of an ID card) is kept out of
  the mask and stays whole in the background layer.
* Photographs and coloured graphics (most of the page far from paper): JPEG at
  full resolution.

The mask is drawn as an image with an explicit /Mask (an image mask), which PDF
1.3 and later and PDF/A-2 allow; no transparency group is needed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

BG_DPI = 100  # background layer resolution
FG_DPI = 50  # foreground colour resolution
BG_QUALITY = 45
FG_QUALITY = 60
PHOTO_QUALITY = 75
FG_CONTRAST = 1.4  # see encode_page: text colour measured over half-toned edges
# A gray page is bilevel only when its paper is even (the tones of its background
# layer span no more than this, so no tint or shading is dropped; faint bleed-through
# from the back goes, as it would in a black-and-white scan)…
PLAIN_PAPER_SPREAD = 24
# …and its marks are dark: the median tone under the text mask (anti-aliased edges
# included) at least this far below the paper, so faint pencil or a gray stamp keeps
# its tone in a mixed raster page instead of turning black.
DARK_TEXT_CONTRAST = 110


@dataclass
class PdfImage:
    """An image XObject ready to embed: already-encoded bytes plus its dictionary."""

    data: bytes
    width: int
    height: int
    filter: str  # "/DCTDecode" or "/CCITTFaxDecode"
    colorspace: str | None  # "/DeviceRGB", "/DeviceGray"; None for an image mask
    bpc: int = 8
    decode_parms: dict[str, int | bool] | None = None
    mask: PdfImage | None = None
    image_mask: bool = False

    @property
    def nbytes(self) -> int:
        return len(self.data) + (self.mask.nbytes if self.mask else 0)


@dataclass
class EncodedPage:
    width_px: int
    height_px: int
    dpi: int
    kind: str  # "bilevel", "mixed" or "photo"
    layers: list[PdfImage] = field(default_factory=list)  # drawn in order, full page

    @property
    def nbytes(self) -> int:
        return sum(layer.nbytes for layer in self.layers)

    @property
    def size_pt(self) -> tuple[float, float]:
        """Page size at 100 % scale (Decree 30/2020): pixels / dpi, in points."""
        return self.width_px * 72 / self.dpi, self.height_px * 72 / self.dpi


def ink_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Text and line work as uint8 0/255, specks removed (OpenCV only: numpy's
    element-wise `where` is several times slower on a full page)."""
    smooth = cv2.blur(gray, (3, 3)) if dpi >= 200 else gray
    block = max(3, int(dpi / 10) | 1)
    marks = cv2.adaptiveThreshold(
        smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 22
    )
    # Inside large dark areas the local mean is dark too: keep what is plainly dark.
    marks = cv2.bitwise_or(marks, cv2.threshold(smooth, 79, 255, cv2.THRESH_BINARY_INV)[1])
    return despeckle(marks, dpi)


def despeckle(marks: np.ndarray, dpi: int) -> np.ndarray:
    """Remove isolated dots far smaller than a diacritic's dot.

    A mark is dropped when its 5×5 (at 300 dpi) neighbourhood holds no more than a
    few marked pixels: cheaper than labelling components, and a tone mark's dot
    (about 5×5 pixels at 300 dpi) always survives.
    """
    k = max(3, round(5 * dpi / 300) | 1)
    limit = max(1, round(9 * (dpi / 300) ** 2))
    ones = cv2.threshold(marks, 0, 1, cv2.THRESH_BINARY)[1]
    count = cv2.boxFilter(ones, cv2.CV_8U, (k, k), normalize=False)
    keep = cv2.threshold(count, limit, 255, cv2.THRESH_BINARY)[1]
    return cv2.bitwise_and(marks, keep)


def g4(ink: np.ndarray) -> PdfImage:
    """CCITT Group 4 of an ink array (non-zero = ink); decodes to 0 = ink, 1 = paper."""
    h, w = ink.shape
    # Paper as 0 bits so that the long paper runs use Group 4's "white" codes.
    img = Image.fromarray(np.ascontiguousarray(ink if ink.dtype == bool else ink > 0))
    buf = io.BytesIO()
    img.save(buf, "TIFF", compression="group4", strip_size=2**31 - 1)
    tif = Image.open(io.BytesIO(buf.getvalue()))
    offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
    raw = buf.getvalue()
    data = b"".join(raw[o : o + c] for o, c in zip(offsets, counts, strict=True))
    if len(offsets) != 1:
        raise RuntimeError("Group 4 encoder wrote several strips")
    parms: dict[str, int | bool] = {"K": -1, "Columns": w, "Rows": h, "BlackIs1": False}
    return PdfImage(data, w, h, "/CCITTFaxDecode", "/DeviceGray", 1, parms)


def _jpeg(arr: np.ndarray, quality: int) -> PdfImage:
    if arr.ndim == 3:
        ok, buf = cv2.imencode(".jpg", cv2.cvtColor(arr, cv2.COLOR_RGB2BGR),
                               [cv2.IMWRITE_JPEG_QUALITY, quality])
        space = "/DeviceRGB"
    else:
        ok, buf = cv2.imencode(".jpg", arr, [cv2.IMWRITE_JPEG_QUALITY, quality])
        space = "/DeviceGray"
    if not ok:
        raise RuntimeError("JPEG encoder failed")
    return PdfImage(buf.tobytes(), arr.shape[1], arr.shape[0], "/DCTDecode", space, 8)


def _fill(values: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """`values` where `ok`, elsewhere filled in smoothly from coarser levels (so the
    layer compresses to little); uint8 out."""
    okf = ok.astype(np.float32)
    num = np.asarray(values, np.float32) * (okf[..., None] if values.ndim == 3 else okf)
    return _fill_sums(num, okf)


def _fill_sums(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    eps = 0.02
    ok = den > eps
    d = np.maximum(den, 1e-6)
    out = num / (d[..., None] if num.ndim == 3 else d)
    if ok.all():
        return np.clip(out, 0, 255, out=out).astype(np.uint8)
    if not ok.any() or min(num.shape[:2]) < 4:
        fallback = out[ok].mean(axis=0) if ok.any() else 255.0
        out[~ok] = fallback
        return np.clip(out, 0, 255).astype(np.uint8)
    small = (max(1, num.shape[1] // 4), max(1, num.shape[0] // 4))
    coarse = _fill_sums(cv2.resize(num, small, interpolation=cv2.INTER_AREA),
                        cv2.resize(den, small, interpolation=cv2.INTER_AREA))
    up = cv2.resize(coarse, (num.shape[1], num.shape[0]), interpolation=cv2.INTER_LINEAR)
    np.copyto(out, up.astype(np.float32), where=~(ok[..., None] if num.ndim == 3 else ok))
    return np.clip(out, 0, 255, out=out).astype(np.uint8)


def percentile_u8(gray: np.ndarray, q: float) -> float:
    """A percentile of a uint8 image from its histogram (numpy's sorts: far slower)."""
    hist = cv2.calcHist([np.ascontiguousarray(gray)], [0], None, [256], [0, 256]).ravel()
    cum = np.cumsum(hist)
    return float(np.searchsorted(cum, q / 100 * cum[-1]))


def _picture_regions(small: np.ndarray) -> np.ndarray | None:
    """Areas (uint8 0/255, at the background's resolution) where most of an 8 mm
    neighbourhood is far from the paper's colour: pictures, not lines of text."""
    gray = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    paper = percentile_u8(gray, 95)
    off = cv2.threshold(gray, paper - 40, 1, cv2.THRESH_BINARY_INV)[1].astype(np.float32)
    k = max(3, round(BG_DPI * 8 / 25.4) | 1)
    dense = cv2.blur(off, (k, k)) > 0.6
    if not dense.any():
        return None
    # Grow by half a window so the picture's edges come along.
    region = cv2.dilate(dense.view(np.uint8) * np.uint8(255), np.ones((k // 2, k // 2), np.uint8))
    return region


def is_photo(background: np.ndarray) -> bool:
    """A page is a photograph when most of its text-free background is not paper."""
    h, w = background.shape[:2]
    background = cv2.resize(background, (max(1, w // 4), max(1, h // 4)),
                            interpolation=cv2.INTER_AREA)  # 25 dpi is enough to judge
    gray = background if background.ndim == 2 else cv2.cvtColor(background, cv2.COLOR_RGB2GRAY)
    paper = percentile_u8(gray, 95)
    differs = np.abs(gray.astype(np.int16) - paper) > 40
    if background.ndim == 3:
        hsv = cv2.cvtColor(background, cv2.COLOR_RGB2HSV)
        differs |= hsv[..., 1] > 90
    return float(differs.mean()) > 0.35


def _straighten(arr: np.ndarray, skew: float, bilevel: bool = False) -> np.ndarray:
    """Rotate by -skew (degrees) about the centre, edges continued."""
    if not skew:
        return arr
    h, w = arr.shape[:2]
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), -skew, 1.0)
    out = cv2.warpAffine(arr, mat, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)
    return cv2.threshold(out, 127, 255, cv2.THRESH_BINARY)[1] if bilevel else out


def encode_bilevel(arr: np.ndarray, dpi: int, skew: float = 0.0) -> EncodedPage:
    gray = arr if arr.ndim == 2 else cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    if _two_levels(gray):
        marks = despeckle(cv2.threshold(gray, 127, 255, cv2.THRESH_BINARY_INV)[1], dpi)
    else:
        marks = ink_mask(gray, dpi)
    marks = _straighten(marks, skew, bilevel=True)
    h, w = gray.shape
    return EncodedPage(w, h, dpi, "bilevel", [g4(marks)])


def _two_levels(gray: np.ndarray) -> bool:
    sample = gray[:: max(1, gray.shape[0] // 128), :: max(1, gray.shape[1] // 128)]
    return bool(np.all((sample == 0) | (sample == 255)))


def _plain_text_threshold(gray: np.ndarray, marks: np.ndarray,
                          background: np.ndarray) -> float | None:
    """For a gray page whose text says all there is to see (even paper, dark marks),
    the gray level that separates ink from paper; None for any other page.

    `marks` is the page's ink mask (not yet straightened, so it lies over `gray`),
    `background` the low-resolution paper layer with the text filled in.
    """
    paper = percentile_u8(background, 50)
    spread = percentile_u8(background, 99.5) - percentile_u8(background, 0.5)
    if spread > PLAIN_PAPER_SPREAD:
        return None
    hist = cv2.calcHist([gray], [0], marks, [256], [0, 256]).ravel()
    cum = np.cumsum(hist)
    if cum[-1] == 0:
        return paper / 2  # nothing but paper: any threshold gives a blank page
    if paper - float(np.searchsorted(cum, cum[-1] / 2)) < DARK_TEXT_CONTRAST:
        return None
    # Halfway between the paper and the toner's core: where the scanner's optics
    # put the stroke's true edge. The mask (made to separate text from tints) cuts
    # further out and would print every letter a little bolder.
    core = float(np.searchsorted(cum, cum[-1] * 0.05))
    return (paper + core) / 2


def _bilevel_text(gray: np.ndarray, dpi: int, threshold: float, skew: float) -> np.ndarray:
    """Ink (uint8 0/255) of a plain text page at one threshold, straightened.

    A 3×3 mean first, so sensor noise does not fray the edges and lone dust pixels
    stay below the threshold; the gray page is straightened before thresholding,
    which keeps the edges smoother (and Group 4 smaller) than rotating the result.
    """
    smooth = cv2.blur(gray, (3, 3)) if dpi >= 200 else gray
    return cv2.threshold(_straighten(smooth, skew), threshold, 255, cv2.THRESH_BINARY_INV)[1]


def encode_page(
    arr: np.ndarray, dpi: int, bilevel: bool = False, skew: float = 0.0
) -> EncodedPage:
    """Pick the encoding for a cleaned page: G4, mixed raster or JPEG.

    A gray page of dark text on even paper comes out as G4 alone, as a black-and-white
    scan would (see `_plain_text_threshold`); colour pages keep their colour.

    `skew` (degrees, counter-clockwise) is straightened here, on the layers: the
    one-channel mask and the small background cost far less to rotate than the
    full colour page.
    """
    if bilevel or (arr.ndim == 2 and _two_levels(arr)):
        return encode_bilevel(arr, dpi, skew)
    gray = arr if arr.ndim == 2 else cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape
    unrotated = ink_mask(gray, dpi)
    marks = _straighten(unrotated, skew, bilevel=True)
    # Everything but the mask is worked out at the background's low resolution: one
    # pass over the full-size page, the rest on arrays nine times smaller.
    factor = max(1, round(dpi / BG_DPI))
    size = (max(1, w // factor), max(1, h // factor))
    # An exact integer factor takes OpenCV's fast path; the few edge pixels cut off
    # here only stretch the background by less than 0.1 %.
    crop = (slice(0, size[1] * factor), slice(0, size[0] * factor))
    small_u8 = _straighten(cv2.resize(arr[crop], size, interpolation=cv2.INTER_AREA), skew)
    small = small_u8.astype(np.float32)
    cover = cv2.resize(marks[crop], size, interpolation=cv2.INTER_AREA)
    cover = cover.astype(np.float32) / 255  # share of each low-resolution pixel in text
    picture = _picture_regions(small_u8)
    if picture is not None:
        # A picture on a text page (the portrait on a copy of an ID card) stays in
        # the background, whole, instead of being cut into mask and flat colour.
        full = np.zeros_like(marks)
        full[crop] = cv2.resize(picture, (size[0] * factor, size[1] * factor),
                                interpolation=cv2.INTER_NEAREST)
        marks = cv2.bitwise_and(marks, cv2.bitwise_not(full))
        cover[picture > 0] = 0
    # Background: pixels with no text within one pixel (a halo), the rest filled in.
    clear = cv2.dilate((cover > 0).view(np.uint8), np.ones((3, 3), np.uint8)) == 0
    background = _fill(small, clear)
    # Text covers a few per cent of a page, dense text about 15 %: far more "ink" is
    # a picture or a coloured graphic, which a bilevel layer would only mangle.
    if float(cover.mean()) > 0.3 or is_photo(background):
        return EncodedPage(w, h, dpi, "photo", [_jpeg(_straighten(arr, skew), PHOTO_QUALITY)])
    threshold = _plain_text_threshold(gray, unrotated, background) if (
        arr.ndim == 2 and picture is None) else None
    if threshold is not None:
        return EncodedPage(w, h, dpi, "bilevel", [g4(_bilevel_text(gray, dpi, threshold, skew))])
    # Foreground colour: a low-resolution pixel is cover × text + (1 - cover) × paper,
    # so the text's colour is unmixed from the pixel and the background under it.
    c = cover[..., None] if small.ndim == 3 else cover
    text_sum = small - (1.0 - c) * background.astype(np.float32)
    fg_factor = max(1, round(BG_DPI / FG_DPI))
    fg_size = (max(1, -(-size[0] // fg_factor)), max(1, -(-size[1] // fg_factor)))
    foreground = _fill_sums(cv2.resize(text_sum, fg_size, interpolation=cv2.INTER_AREA),
                            cv2.resize(cover, fg_size, interpolation=cv2.INTER_AREA))
    # The mask's edge pixels are half-tones, so the average over the mask is lighter
    # than the stroke's core: push the colour away from the paper under it, then
    # smooth out the sensor noise that the small layer would otherwise carry.
    paper = cv2.resize(background, fg_size, interpolation=cv2.INTER_AREA).astype(np.float32)
    foreground = np.clip(paper + FG_CONTRAST * (foreground.astype(np.float32) - paper), 0, 255)
    foreground = cv2.medianBlur(foreground.astype(np.uint8), 3)
    mask = g4(marks)
    mask.image_mask, mask.colorspace, mask.bpc = True, None, 1
    fg = _jpeg(foreground, FG_QUALITY)
    fg.mask = mask
    return EncodedPage(w, h, dpi, "mixed", [_jpeg(background, BG_QUALITY), fg])
