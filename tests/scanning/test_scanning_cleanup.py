"""Clean-up on generated pages with known skew, orientation, blank backs and a bed."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import cleanup
from scanning.testpages import text_page


@pytest.mark.parametrize("skew", [-3.7, -0.6, 0.35, 1.9, 6.2])
def test_deskew_within_a_fifth_of_a_degree(skew: float) -> None:
    page = text_page(seed=21, dpi=300, skew=skew, noise=8, specks=400, lines=30)
    found = cleanup.analyse(page.image, 300)
    assert found.skew == pytest.approx(skew, abs=0.2)
    # And the straightened page measures straight.
    straight = cleanup.apply(page.image, found)
    again = cleanup.analyse(straight, 300, cleanup.CleanupOptions(crop_bed=False))
    assert abs(again.skew) < 0.2


@pytest.mark.parametrize(("turn", "expected"), [(1, 3), (2, 2), (3, 1)])
def test_orientation_from_the_text(turn: int, expected: int) -> None:
    page = text_page(seed=22, dpi=200, noise=5, lines=25)
    turned = np.ascontiguousarray(np.rot90(page.image, -turn))  # scanned turned clockwise
    found = cleanup.analyse(turned, 200)
    assert found.quarter_turns == expected
    upright = cleanup.apply(turned, found)
    assert upright.shape == page.image.shape


def test_upright_page_is_left_alone() -> None:
    page = text_page(seed=23, dpi=200, noise=5, color=True, seal=True)
    found = cleanup.analyse(page.image, 200)
    assert found.quarter_turns == 0 and not found.blank and found.crop is None


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(blank=True, noise=8, specks=600),
        dict(blank=True, bleed_through=True, noise=6, specks=300),
        dict(blank=True, color=True, noise=5),
    ],
)
def test_blank_backs_are_found(kwargs: dict) -> None:
    page = text_page(seed=24, dpi=200, **kwargs)
    assert cleanup.analyse(page.image, 200).blank


def test_a_page_with_one_short_line_is_not_blank() -> None:
    page = text_page(seed=25, dpi=200, lines=1, noise=8, specks=300)
    assert not cleanup.analyse(page.image, 200).blank


def test_sheet_on_the_scanner_bed_is_cropped_and_straightened() -> None:
    page = text_page(seed=26, dpi=200, paper_mm=(148, 210), bed_mm=(216, 297), skew=2.5,
                     lines=18)
    found = cleanup.analyse(page.image, 200)
    assert found.crop is not None
    assert found.crop_angle == pytest.approx(2.5, abs=0.3)
    out = cleanup.apply(page.image, found)
    h, w = out.shape[:2]
    # A5 at 200 dpi is 1165 × 1654 pixels; the crop keeps it within 2 %.
    assert w == pytest.approx(1165, rel=0.02) and h == pytest.approx(1654, rel=0.02)
    # No dark bed is left along the edges.
    assert out[5:-5, 5:-5][:, :3].mean() > 200 and out[5:-5, 5:-5][-3:].mean() > 200
