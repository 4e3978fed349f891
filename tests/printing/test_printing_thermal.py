"""ESC/POS receipts sent to a real TCP listener on 127.0.0.1 and decoded back."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printing import vncodec
from printing.dispatch import PrintJob, send_job
from printing.escpos_stream import decode
from printing.fields import form_values
from printing.templates import set_for
from printing.thermal import (
    SUBSTITUTES,
    ThermalPrinter,
    code_pages,
    receipt_lines,
    render_lines_image,
    render_receipt_escpos,
)

VIETNAMESE = "".join(sorted(vncodec.TCVN3_LOWER) + sorted(vncodec.TCVN3_UPPER))
TEXT = st.text(alphabet=VIETNAMESE + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123"
               "456789 .,:;-/()", max_size=80)


def _pages(profile: str) -> dict[int, str]:
    return {n: name for name, n in code_pages(profile).items()}


def _expected(ctx, dossier, procedure) -> list[str]:  # type: ignore[no-untyped-def]
    tset = set_for(dossier, ctx.now)  # the set in force on the dossier's receipt date
    values = form_values(tset, tset.form("receipt"), ctx, dossier=dossier, procedure=procedure)
    values = {k: (v.translate(SUBSTITUTES) if isinstance(v, str) else v)
              for k, v in values.items()}
    return [line.text for line in receipt_lines(tset, values)]


def _flat(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _print(fake_printer, data: bytes) -> bytes:  # type: ignore[no-untyped-def]
    send_job(PrintJob(data, "escpos", fake_printer.uri, form="receipt"))
    return fake_printer.wait_jobs(1)[0]


def test_tcvn3_tables_agree_with_the_printer_database() -> None:
    import escpos

    caps = json.loads((Path(escpos.__file__).parent / "capabilities.json").read_text())
    for page, ours in ((vncodec.TCVN3_LOWER_PAGE, vncodec.TCVN3_LOWER),
                       (vncodec.TCVN3_UPPER_PAGE, vncodec.TCVN3_UPPER)):
        theirs = "".join(caps["encodings"][page]["data"])
        for ch, byte in ours.items():
            # The database writes Đ as the look-alike Ð (U+00D0).
            assert theirs[byte - 0x80] in (ch, "Ð" if ch == "Đ" else ch), (page, ch)
    letters = {c for c in VIETNAMESE}
    assert all(unicodedata.normalize("NFC", c) == c for c in letters)
    assert len(letters) == 134  # 67 lower-case Vietnamese letters and their capitals


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_codecs_round_trip_to_the_same_nfc_text(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    assert vncodec.decode_cp1258(vncodec.encode_cp1258(text)) == text
    runs = vncodec.encode_tcvn3(text)
    assert "".join(vncodec.decode_tcvn3(b, p or vncodec.TCVN3_LOWER_PAGE) for p, b in runs) == text


def test_receipt_in_tcvn3_over_tcp(fake_printer, ctx, dossier, procedure) -> None:
    data = render_receipt_escpos(ctx, dossier, procedure)  # default profile: TCVN-3 pages
    got = decode(_print(fake_printer, data), _pages("default"))
    assert _flat(got.lines) == _flat(_expected(ctx, dossier, procedure))
    assert "Người nộp: Công ty Trách nhiệm hữu hạn Một" in got.lines
    assert {30, 31} <= set(got.code_pages)  # lower- and upper-case pages both used
    assert got.qr == ["000.00.22.H57-261129-0001"]
    assert got.cuts == 1
    assert got.status_queries == [4, 1]  # paper before, confirmation after
    assert all(len(line) <= 42 for line in got.lines)
    assert got.images == []


def test_receipt_in_cp1258_over_tcp(fake_printer, ctx, dossier, procedure) -> None:
    printer = ThermalPrinter(profile="TM-T88V", vietnamese="cp1258", paper_mm=58)
    data = render_receipt_escpos(ctx, dossier, procedure, printer=printer)
    raw = _print(fake_printer, data)
    got = decode(raw, _pages("TM-T88V"))
    assert _flat(got.lines) == _flat(_expected(ctx, dossier, procedure))
    assert got.code_pages == [52]
    # 'ế' is not in CP1258: it goes as 'ê' + combining acute (0xEA 0xEC).
    assert "ê\u0301".encode("cp1258") == b"\xea\xec" and b"\xea\xec" in raw
    assert all(len(line) <= 32 for line in got.lines)
    assert got.qr == [dossier.code] and got.cuts == 1


def test_provisional_receipt_on_thermal(fake_printer, ctx, dossier, procedure) -> None:
    offline = dataclasses.replace(dossier, provisional=True)
    got = decode(_print(fake_printer, render_receipt_escpos(ctx, offline, procedure)),
                 _pages("default"))
    assert "BẢN TẠM" in got.text


def test_printer_without_vietnamese_gets_an_image(fake_printer, ctx, dossier, procedure) -> None:
    printer = ThermalPrinter(profile="RP-F10-58mm", paper_mm=58)  # no Vietnamese code page
    data = render_receipt_escpos(ctx, dossier, procedure, printer=printer)
    got = decode(_print(fake_printer, data), _pages("RP-F10-58mm"))
    assert [line for line in got.lines if line.strip()] == []  # no text sent as text
    assert got.qr == [dossier.code] and got.cuts == 1
    [image] = got.images
    assert image.width == 384
    tset = set_for(dossier, ctx.now)
    values = form_values(tset, tset.form("receipt"), ctx, dossier=dossier, procedure=procedure)
    expected = render_lines_image(receipt_lines(tset, values), printer)
    assert image.tobytes() == expected.tobytes()  # the exact picture of the exact text
    if shutil.which("tesseract"):
        _ocr_matches(image, _expected(ctx, dossier, procedure))


def _ocr_matches(image, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Read the printed picture with Tesseract (Vietnamese) as a citizen would read it."""
    from PIL import ImageOps

    big = ImageOps.invert(image.convert("L")).resize((image.width * 2, image.height * 2))
    with_tmp = subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie", "--psm", "6"],
                              input=_png(big), capture_output=True, check=True)
    text = with_tmp.stdout.decode("utf-8")
    for line in expected:
        for word in line.split():
            if any(ch.isalpha() for ch in word):
                assert unicodedata.normalize("NFC", word) in text, word


def _png(image) -> bytes:  # type: ignore[no-untyped-def]
    import io

    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def test_image_is_as_wide_as_the_printer_prints(ctx, dossier, procedure) -> None:
    printer = ThermalPrinter(profile="TM-T88IV", paper_mm=80)  # 512 dots at 180 dpi
    got = decode(render_receipt_escpos(ctx, dossier, procedure, printer=printer),
                 _pages("TM-T88IV"))
    assert got.images[0].width == 512


def test_profile_without_native_qr_gets_a_qr_picture(ctx, dossier, procedure) -> None:
    data = render_receipt_escpos(ctx, dossier, procedure, printer=ThermalPrinter("simple"))
    got = decode(data, _pages("simple"))
    assert got.qr == [] and len(got.images) == 2  # the text and the QR code
    from PIL import ImageOps
    from pyzbar.pyzbar import decode as zbar

    qr = ImageOps.invert(got.images[1].convert("L"))
    assert [r.data.decode() for r in zbar(qr)] == [dossier.code]


def test_modes_a_profile_lacks_are_refused(ctx, dossier, procedure) -> None:
    from printing.errors import PrintError

    with pytest.raises(PrintError, match="không có bảng mã TCVN3"):
        render_receipt_escpos(ctx, dossier, procedure,
                              printer=ThermalPrinter("Sunmi-V2", vietnamese="tcvn3"))


def test_importing_printing_does_not_load_the_escpos_database() -> None:
    code = (
        "import sys; import printing, printing.thermal, printing.transport, printing.dispatch,"
        " printing.pdf, printing.cli, printing.testpage, printing.escpos_stream;"
        " print(sorted(m for m in sys.modules if m.startswith('escpos')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"


WORD = st.text(alphabet=VIETNAMESE + "abcdeghiklmnopqrstuvxyADGHKLMNPQTV", min_size=1,
               max_size=9)


@settings(max_examples=25, deadline=None)
@given(name=st.lists(WORD, min_size=1, max_size=8).map(" ".join),
       mode=st.sampled_from(["tcvn3", "cp1258"]))
def test_any_vietnamese_name_comes_back_exactly(name: str, mode: str) -> None:
    """Whatever letters a name has, the printer gets exactly that name back."""
    import datetime as dt

    from desk_app.domain import (
        Applicant,
        ApplicantKind,
        Channel,
        Dossier,
        Officer,
        Procedure,
        ProcessShape,
        Unit,
    )
    from desk_app.textfmt import VN_TZ
    from printing.models import FormContext

    now = dt.datetime(2026, 11, 29, 16, 10, tzinfo=VN_TZ)
    unit = Unit("000.00.22.H57", "UBND xã Phú Thuận", ProcessShape.COMMUNE)
    ctx = FormContext(unit, Officer("a", "Trần Thị Ánh", unit.agency_id, frozenset()),
                      "Phú Thuận", now)
    dossier = Dossier("000.00.22.H57-261129-0002", "2.000777", unit.agency_id,
                      Applicant(ApplicantKind.CITIZEN, name), Channel.IN_PERSON,
                      received_at=now, due_at=now + dt.timedelta(days=3))
    procedure = Procedure("2.000777", unit.agency_id, "Đăng ký khai sinh")
    printer = ThermalPrinter("TM-T88V", vietnamese=mode)
    got = decode(render_receipt_escpos(ctx, dossier, procedure, printer=printer),
                 _pages("TM-T88V"))
    assert f"Người nộp: {unicodedata.normalize('NFC', name)}" in _flat(got.lines)
