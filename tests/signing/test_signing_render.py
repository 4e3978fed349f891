"""The signatures are visible: render the signed page and look at the signature area."""

from __future__ import annotations

import subprocess

import numpy as np
from PIL import Image

from signing import appearance as ap
from signing.service import SignJob

from .conftest import CLERK, LEADER

DPI = 72  # one pixel per point: field rectangles map straight onto the picture


def _render(pdf, out_prefix):
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", "1", str(pdf),
                    str(out_prefix)], check=True)
    (png,) = out_prefix.parent.glob(out_prefix.name + "*.png")
    return Image.open(png).convert("RGB")


def _crop(img, rect):
    x1, y1, x2, y2 = rect
    h = img.height
    return img.crop((int(x1), int(h - y2), int(x2), int(h - y1)))


def _count(img, pred):
    a = np.asarray(img, dtype=np.int16)
    return int(pred(a[..., 0], a[..., 1], a[..., 2]).sum())


def blue(r, g, b):
    return (b > 120) & (r < 90) & (g < 110)


def red(r, g, b):
    return (r > 150) & (g < 90) & (b < 90)


def dark(r, g, b):
    return (r < 80) & (g < 80) & (b < 80)


def test_leader_signature_and_seal_are_visible(tmp_path, make_pdf, service, leader_profile,
                                              clerk_profile):
    src = make_pdf(tmp_path / "a.pdf")
    approved, final = tmp_path / "o1" / "a.pdf", tmp_path / "o2" / "a.pdf"
    service(LEADER).sign_batch([SignJob(src, approved)], leader_profile)
    service(CLERK).sign_batch([SignJob(approved, final)], clerk_profile)

    leader_rect = ap.leader_box(595.0)
    img = _render(approved, tmp_path / "approved")
    area = _crop(img, leader_rect)
    assert _count(area, blue) > 300, "the blue signature image is drawn"
    assert _count(area, dark) > 100, "title and name are written"
    assert _count(_crop(img, ap.seal_box(leader_rect)), red) == 0

    img = _render(final, tmp_path / "final")
    seal = _crop(img, ap.seal_box(leader_rect))
    assert _count(seal, red) > 1000, "the red seal is drawn"
    # The seal's right part lies over the signature's left third: both inks meet there.
    x1, y1, x2, y2 = leader_rect
    overlap = _crop(img, (x1, y1, x1 + (x2 - x1) / 3, y2))
    assert _count(overlap, red) > 100
    number_area = _crop(img, clerk_profile.placement.number_rect)
    assert _count(number_area, dark) > 30, "the number is written"
    img.save(tmp_path / "final-page.png")


def test_attachment_stamp_is_visible_top_right(tmp_path, make_pdf, service, clerk_profile):
    main, att = make_pdf(tmp_path / "m.pdf"), make_pdf(tmp_path / "p.pdf", body="Phụ lục")
    out_att = tmp_path / "o" / "p.pdf"
    service(CLERK).sign_batch([SignJob(main, tmp_path / "o" / "m.pdf",
                                       attachments=((att, out_att),))], clerk_profile)
    img = _render(out_att, tmp_path / "att")
    stamp = _crop(img, ap.attachment_box(595.0, 842.0))
    assert _count(stamp, dark) > 50
    assert _count(stamp, red) == 0 and _count(stamp, blue) == 0, "no image on an attachment"


def test_missing_fonts_are_reported_plainly(tmp_path, monkeypatch):
    import pytest

    from signing.errors import AppearanceError

    monkeypatch.setattr(ap, "_font_dirs", lambda: [tmp_path])
    ap.find_font.cache_clear()
    try:
        with pytest.raises(AppearanceError, match="fonts-liberation2"):
            ap.find_font("regular")
    finally:
        ap.find_font.cache_clear()
