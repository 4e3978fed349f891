"""Import from files, and bad input: each fault gets a clear message and loses nothing."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from scanning.backends.files import load_file
from scanning.cli import digitise_main
from scanning.errors import BadInputError
from scanning.session import ScanSession
from scanning.testpages import text_page


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(path: Path, side: int = 60_000) -> None:
    """A valid, all-white 1-bit PNG of side × side pixels, written row by row."""
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.write(_png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)))
        data = bytearray()
        for _ in range(side):
            data += comp.compress(row)
        data += comp.flush()
        fh.write(_png_chunk(b"IDAT", bytes(data)))
        fh.write(_png_chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    good = text_page(seed=61, dpi=200, lines=12).pil()
    jpeg = folder / "good.jpg"
    good.save(jpeg, quality=85, dpi=(200, 200))
    truncated = folder / "truncated.jpg"
    truncated.write_bytes(jpeg.read_bytes()[: jpeg.stat().st_size // 2])
    # A PDF whose cross-reference table points at the wrong offsets.
    pdf = folder / "good.pdf"
    good.save(pdf, resolution=200)
    broken = folder / "broken-xref.pdf"
    raw = pdf.read_bytes()
    at = raw.rindex(b"\nxref") + 1
    lines = raw[at:].split(b"\n")
    for i, line in enumerate(lines):
        if line.endswith((b" n ", b" n")):  # every offset 7 bytes off
            lines[i] = b"%010d" % (int(line[:10]) + 7) + line[10:]
    broken.write_bytes(raw[:at] + b"\n".join(lines))
    huge = folder / "huge.png"
    huge_png(huge)
    text = folder / "notes.txt"
    text.write_text("Đây không phải là ảnh.\n", encoding="utf-8")
    tiff = folder / "multi.tif"
    pages = [text_page(seed=62 + i, dpi=200, lines=8).pil() for i in range(3)]
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(200, 200),
                  compression="tiff_lzw")
    return {"jpeg": jpeg, "truncated": truncated, "pdf": pdf, "broken": broken,
            "huge": huge, "text": text, "tiff": tiff}


def test_good_files_import(bad_files: dict[str, Path]) -> None:
    assert [p.dpi for p in load_file(bad_files["jpeg"])] == [200]
    assert len(list(load_file(bad_files["tiff"]))) == 3
    pdf_pages = list(load_file(bad_files["pdf"]))
    assert len(pdf_pages) == 1 and pdf_pages[0].dpi == 200  # the image itself, not a render


@pytest.mark.parametrize(("name", "words"), [
    ("truncated", "bị hỏng hoặc bị cắt cụt"),
    ("huge", "quá lớn"),
    ("text", "không phải ảnh"),
])
def test_bad_files_get_a_clear_message(bad_files: dict[str, Path], name: str, words: str) -> None:
    with pytest.raises(BadInputError, match=words) as info:
        list(load_file(bad_files[name]))
    assert bad_files[name].name in info.value.message


def test_broken_cross_reference_is_repaired_or_refused_plainly(bad_files: dict[str, Path]) -> None:
    try:
        pages = list(load_file(bad_files["broken"]))
    except BadInputError as exc:
        assert "broken-xref.pdf" in exc.message
    else:
        assert len(pages) == 1
        assert "lỗi cấu trúc" in pages[0].info["warning"]


def test_a_bad_file_loses_nothing_else(bad_files: dict[str, Path], tmp_path: Path) -> None:
    session = ScanSession(tmp_path / "spool")
    order = ["jpeg", "truncated", "tiff", "huge", "text", "broken", "pdf"]
    result = session.import_files([bad_files[n] for n in order])
    assert {Path(p).name for p, _ in result.problems} >= {
        "truncated.jpg", "huge.png", "notes.txt"}
    good_pages = 1 + 3 + 1 + (0 if any("broken" in p for p, _ in result.problems) else 1)
    assert len(session.pages) == good_pages


def test_digitise_command_writes_the_good_pages(bad_files: dict[str, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.pdf"
    code = digitise_main([str(bad_files["jpeg"]), str(bad_files["text"]), str(bad_files["tiff"]),
                          "--out", str(out), "--spool", str(tmp_path / "spool")])
    err = capsys.readouterr().err
    assert code == 1  # written, but something was left out
    assert "notes.txt" in err and "không phải ảnh" in err
    import pikepdf

    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 4
    assert digitise_main([str(bad_files["jpeg"]), "--out", str(tmp_path / "one.pdf"),
                          "--spool", str(tmp_path / "spool")]) == 0
