"""Page clean-up: scanner-bed crop, deskew, orientation by text, blank detection.

Analysis works on a reduced gray copy (about 150 dpi) and returns parameters
(`Cleanup`): the raw scan stays untouched in the spool and the parameters are
applied when a page is shown or assembled, so an officer can undo them. All
pixel work is OpenCV/numpy; nothing loops over pixels in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

ANALYSIS_DPI = 150


@dataclass(frozen=True)
class CleanupOptions:
    deskew: bool = True
    crop_bed: bool = True
    orient: bool = True
    detect_blank: bool = True
    max_skew: float = 10.0  # degrees; beyond that the page is left for the officer
    blank_coverage: float = 0.0002  # share of the page in marks (0.02 %)


@dataclass(frozen=True)
class Cleanup:
    """What clean-up found for one page; applied by `apply`."""

    crop: tuple[int, int, int, int] | None = None  # x, y, w, h in raw pixels
    crop_angle: float = 0.0  # degrees (counter-clockwise) to straighten the sheet first
    skew: float = 0.0  # degrees (counter-clockwise) of the text, after cropping
    quarter_turns: int = 0  # clockwise quarter turns that make the text upright
    blank: bool = False
    coverage: float = 0.0  # share of the page in marks

    def scaled(self, factor: float) -> Cleanup:
        """The same clean-up for the page read at 1/factor of its size (thumbnails)."""
        if self.crop is None or factor == 1:
            return self
        crop = tuple(round(v / factor) for v in self.crop)
        return replace(self, crop=crop)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return {
            "crop": list(self.crop) if self.crop else None,
            "crop_angle": self.crop_angle,
            "skew": self.skew,
            "quarter_turns": self.quarter_turns,
            "blank": self.blank,
            "coverage": self.coverage,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Cleanup:
        crop = d.get("crop")
        return cls(
            crop=tuple(int(v) for v in crop) if isinstance(crop, list) else None,  # type: ignore[arg-type]
            crop_angle=float(d.get("crop_angle", 0.0)),  # type: ignore[arg-type]
            skew=float(d.get("skew", 0.0)),  # type: ignore[arg-type]
            quarter_turns=int(d.get("quarter_turns", 0)),  # type: ignore[call-overload]
            blank=bool(d.get("blank", False)),
            coverage=float(d.get("coverage", 0.0)),  # type: ignore[arg-type]
        )


def to_gray(arr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY) if arr.ndim == 3 else arr


def _reduce(gray: np.ndarray, dpi: int, target: int = ANALYSIS_DPI) -> tuple[np.ndarray, float]:
    """A copy at about `target` dpi and the factor from it back to full size."""
    if dpi <= target * 1.2:
        return gray, 1.0
    factor = dpi / target
    size = (max(1, round(gray.shape[1] / factor)), max(1, round(gray.shape[0] / factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), factor


def ink(gray: np.ndarray, dpi: int, contrast: int = 25) -> np.ndarray:
    """Dark marks against their surroundings (uint8 0/255), robust to tinted paper."""
    block = max(3, int(dpi / 10) | 1)
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, contrast
    )


def analyse(arr: np.ndarray, dpi: int, options: CleanupOptions = CleanupOptions()) -> Cleanup:
    """Find the sheet on the bed, the skew, the orientation and whether it is blank."""
    small, factor = _reduce(to_gray(arr), dpi)
    sdpi = dpi / factor
    crop, crop_angle = (None, 0.0)
    if options.crop_bed:
        found = find_sheet(small)
        if found is not None:
            (x, y, w, h), crop_angle = found
            crop = (round(x * factor), round(y * factor), round(w * factor), round(h * factor))
            small = _crop_rotated(small, (x, y, w, h), crop_angle)
    marks = ink(small, round(sdpi))
    marks = _drop_specks(marks, min_area=max(4, round((sdpi / 150) ** 2 * 6)))
    coverage = float(np.count_nonzero(_inner(marks))) / max(1, _inner(marks).size)
    blank = options.detect_blank and coverage < options.blank_coverage and _uniform(small)
    skew = 0.0
    turns = 0
    if not blank:
        if options.orient:
            turns = detect_orientation(marks)
            if turns:
                marks = np.rot90(marks, -turns).copy()
        if options.deskew:
            skew = estimate_skew(marks, options.max_skew)
    return Cleanup(crop, crop_angle, skew, turns, blank, coverage)


def apply(
    arr: np.ndarray, cleanup: Cleanup, extra_turns: int = 0, deskew: bool = True
) -> np.ndarray:
    """The cleaned page: crop, turn upright, straighten, then the officer's own turns.

    With `deskew=False` the small text skew is left for `compress.encode_page(...,
    skew=...)`, which straightens its layers more cheaply than a full colour page;
    the officer's turns then come first (a quarter turn and a small rotation commute
    once the skew's sign is carried along, see `residual_skew`).
    """
    out = arr
    if cleanup.crop is not None:
        out = _crop_rotated(out, cleanup.crop, cleanup.crop_angle)
    if cleanup.quarter_turns % 4:
        out = np.ascontiguousarray(np.rot90(out, -(cleanup.quarter_turns % 4)))
    if deskew and abs(cleanup.skew) >= 0.05:
        out = rotate(out, -cleanup.skew)
    if extra_turns % 4:
        out = np.ascontiguousarray(np.rot90(out, -(extra_turns % 4)))
    return out


def residual_skew(cleanup: Cleanup) -> float:
    """The skew `apply(..., deskew=False)` leaves: rotating by -skew after quarter turns
    equals rotating by the same angle before them (rotations about the centre commute)."""
    return cleanup.skew if abs(cleanup.skew) >= 0.05 else 0.0


def rotate(arr: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees, same size, edges continued."""
    h, w = arr.shape[:2]
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(arr, mat, (w, h), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)
    if arr.ndim == 2 and _is_bilevel(arr):
        # Interpolate then threshold: nearest-neighbour would leave staircase edges,
        # which look ragged and cost Group 4 more bytes.
        out = cv2.threshold(out, 127, 255, cv2.THRESH_BINARY)[1]
    return out


def _is_bilevel(arr: np.ndarray) -> bool:
    sample = arr[:: max(1, arr.shape[0] // 64), :: max(1, arr.shape[1] // 64)]
    return bool(np.all((sample == 0) | (sample == 255)))


def _percentile(gray: np.ndarray, q: float) -> float:
    hist = cv2.calcHist([np.ascontiguousarray(gray)], [0], None, [256], [0, 256]).ravel()
    cum = np.cumsum(hist)
    return float(np.searchsorted(cum, q / 100 * cum[-1]))


def _uniform(gray: np.ndarray) -> bool:
    """No broad dark areas either (a soft photograph has no sharp marks but is not
    blank); faint bleed-through from the other side stays within the margin."""
    inner = _inner(gray)
    paper = _percentile(inner, 90)
    return float(np.mean(inner < paper - 50)) < 0.01


def _inner(marks: np.ndarray, margin: float = 0.04) -> np.ndarray:
    h, w = marks.shape
    dy, dx = int(h * margin), int(w * margin)
    return marks[dy : h - dy, dx : w - dx]


def _drop_specks(marks: np.ndarray, min_area: int) -> np.ndarray:
    """Drop marks whose 5×5 neighbourhood holds fewer than `min_area` marked pixels
    (dust, noise); a box filter is far cheaper than labelling components."""
    ones = cv2.threshold(marks, 0, 1, cv2.THRESH_BINARY)[1]
    count = cv2.boxFilter(ones, cv2.CV_8U, (5, 5), normalize=False)
    keep = cv2.threshold(count, min_area - 1, 255, cv2.THRESH_BINARY)[1]
    return cv2.bitwise_and(marks, keep)


def estimate_skew(marks: np.ndarray, max_skew: float = 10.0) -> float:
    """Skew of the text lines in degrees (counter-clockwise), by projection profiles.

    Rotating the coordinates of a sample of ink pixels and histogramming their rows
    is far cheaper than rotating the image for each candidate angle.
    """
    ys, xs = np.nonzero(marks)
    if ys.size < 200:
        return 0.0
    step = max(1, ys.size // 80_000)  # an even sample of the ink is plenty
    xs = xs[::step].astype(np.float64) - marks.shape[1] / 2
    ys = ys[::step].astype(np.float64)
    span = int(np.hypot(*marks.shape)) + 4

    def score(angle: float, stride: int = 1) -> float:
        t = np.deg2rad(angle)
        # Row of each point after rotating the page clockwise by `angle`.
        rows = ys[::stride] + xs[::stride] * np.tan(t)
        hist = np.bincount(np.clip(rows + span / 2, 0, 2 * span).astype(np.int64),
                           minlength=2 * span + 1)
        return float(np.dot(hist, hist))

    coarse = np.arange(-max_skew, max_skew + 1e-9, 0.5)
    best = float(coarse[int(np.argmax([score(a, 4) for a in coarse]))])
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    scores = np.array([score(a) for a in fine])
    i = int(np.argmax(scores))
    angle = float(fine[i])
    if 0 < i < len(fine) - 1:  # parabola through the peak and its neighbours
        a, b, c = scores[i - 1], scores[i], scores[i + 1]
        denom = a - 2 * b + c
        if denom < 0:
            angle += 0.05 * 0.5 * (a - c) / denom
    return float(round(angle, 3))


def detect_orientation(marks: np.ndarray) -> int:
    """Clockwise quarter turns that make the text upright (0-3); 0 when unsure.

    Text lines make the row profile far more uneven than the column profile. Up
    from down: Vietnamese (like any Latin script) has more ink above the x-height
    band (capitals, ascenders, and most tone marks) than below it (descenders).
    """
    if np.count_nonzero(marks) < 500:
        return 0
    rows = marks.sum(axis=1, dtype=np.float64)
    cols = marks.sum(axis=0, dtype=np.float64)
    row_score = rows.var() / max(rows.mean() ** 2, 1e-9)
    col_score = cols.var() / max(cols.mean() ** 2, 1e-9)
    sideways = col_score > row_score * 1.3
    upright = np.rot90(marks, -1) if sideways else marks
    asym = _ascender_asymmetry(upright)
    if asym is None:
        return 0
    if sideways:
        return 1 if asym > 0 else 3
    return 2 if asym < 0 else 0


def _ascender_asymmetry(marks: np.ndarray) -> float | None:
    """>0 when ink sits above the line cores (upright), <0 when below (upside down)."""
    profile = marks.sum(axis=1, dtype=np.float64)
    on = profile > profile.max() * 0.02
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    starts = edges[::2] + 1 if on[0] == 0 else np.r_[0, edges[1::2] + 1]
    ends = edges[1::2] + 1 if on[0] == 0 else edges[::2] + 1
    above = below = 0.0
    lines = 0
    for start, end in zip(starts, ends, strict=False):
        band = profile[start:end]
        if band.size < 6:
            continue
        core = np.flatnonzero(band >= band.max() * 0.5)
        top, bottom = core[0], core[-1]
        above += band[:top].sum()
        below += band[bottom + 1 :].sum()
        lines += 1
    if lines < 3 or above + below == 0:
        return None
    ratio = (above - below) / (above + below)
    return ratio if abs(ratio) > 0.1 else None


def find_sheet(gray: np.ndarray) -> tuple[tuple[int, int, int, int], float] | None:
    """The paper lying on a darker scanner bed: its box (after straightening) and angle.

    None when no bed shows (the scan is all paper) or the sheet cannot be told apart.
    """
    h, w = gray.shape
    band = max(2, min(h, w) // 50)
    border = np.concatenate(
        [gray[:band].ravel(), gray[-band:].ravel(), gray[:, :band].ravel(), gray[:, -band:].ravel()]
    )
    centre = gray[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4]
    paper_level = _percentile(centre, 90)
    dark = border[border < paper_level - 60]
    if dark.size < 0.25 * border.size or float(dark.std()) > 25:
        return None  # no even, dark bed shows along the edges: nothing to crop
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    if cv2.contourArea(sheet) < 0.15 * h * w:
        return None
    (cx, cy), (rw, rh), angle = cv2.minAreaRect(sheet)
    # minAreaRect's angle range differs between OpenCV versions ((0, 90] or
    # [-90, 0)): bring it to the nearest small tilt, swapping the sides each turn.
    while angle > 45:
        angle -= 90
        rw, rh = rh, rw
    while angle <= -45:
        angle += 90
        rw, rh = rh, rw
    if abs(angle) > 10 or cv2.contourArea(sheet) < 0.9 * rw * rh:
        return None  # not a straight-ish rectangle of paper: leave it to the officer
    inset = max(1, round(min(rw, rh) * 0.01))  # keep the sheet's own edge shadow out
    rw, rh = rw - 2 * inset, rh - 2 * inset
    box = (round(cx - rw / 2), round(cy - rh / 2), round(rw), round(rh))
    return box, float(-angle)


def _crop_rotated(
    arr: np.ndarray, box: tuple[int, int, int, int], angle: float
) -> np.ndarray:
    """Straighten by `angle` around the box centre, then cut the box out."""
    x, y, w, h = box
    if abs(angle) >= 0.05:
        cx, cy = x + w / 2, y + h / 2
        mat = cv2.getRotationMatrix2D((cx, cy), -angle, 1.0)
        mat[0, 2] += w / 2 - cx
        mat[1, 2] += h / 2 - cy
        return cv2.warpAffine(arr, mat, (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_REPLICATE)
    x0, y0 = max(0, x), max(0, y)
    return np.ascontiguousarray(arr[y0 : y + h, x0 : x + w])
