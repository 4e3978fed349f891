"""Read an ESC/POS byte stream back: commands, text in its code page, images, QR.

Used to check what a receipt says before (or after) it reaches the printer: tests
decode what a TCP listener received, and support can inspect a saved job. Only the
commands our receipts use are known; anything else is reported, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import vncodec

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A
# Commands with a fixed number of argument bytes.
_ESC_ARGS = {
    ord("@"): 0, ord("t"): 1, ord("a"): 1, ord("E"): 1, ord("-"): 1, ord("!"): 1,
    ord("d"): 1, ord("M"): 1, ord("G"): 1, ord("V"): 1, ord("{"): 1, ord("r"): 1,
    ord("2"): 0, ord("3"): 1, ord("J"): 1, ord("p"): 3, ord("c"): 2,
}
_GS_ARGS = {
    ord("!"): 1, ord("B"): 1, ord("b"): 1, ord("h"): 1, ord("w"): 1, ord("H"): 1,
    ord("f"): 1, ord("L"): 2, ord("W"): 2,
}


class StreamError(ValueError):
    pass


@dataclass
class Decoded:
    """What a receipt stream says."""

    lines: list[str] = field(default_factory=list)  # text lines, NFC
    code_pages: list[int] = field(default_factory=list)  # ESC t values, in order
    qr: list[str] = field(default_factory=list)  # QR payloads (GS ( k, fn 80)
    images: list[Any] = field(default_factory=list)  # PIL images from GS v 0 (bands joined)
    cuts: int = 0
    status_queries: list[int] = field(default_factory=list)
    commands: list[tuple[str, bytes]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def decode(data: bytes, pages: dict[int, str]) -> Decoded:
    """Decode `data`; `pages` maps ESC t numbers to code page names (a printer profile's
    table, e.g. {30: 'TCVN-3-1', 31: 'TCVN-3-2', 52: 'CP1258'})."""
    out = Decoded()
    page = pages.get(0, "CP437")
    line = bytearray()
    line_parts: list[str] = []
    bands: list[tuple[int, int, bytes]] = []
    i, n = 0, len(data)

    def flush_text() -> None:
        if line:
            line_parts.append(_decode_run(bytes(line), page))
            line.clear()

    def end_line() -> None:
        flush_text()
        out.lines.append(vncodec.unicodedata.normalize("NFC", "".join(line_parts)))
        line_parts.clear()

    def end_image() -> None:
        if bands:
            out.images.append(_join_bands(bands))
            bands.clear()

    while i < n:
        b = data[i]
        if b == LF:
            end_line()
            i += 1
        elif b == ESC:
            if i + 1 >= n:
                raise StreamError(f"ESC cụt ở byte {i}")
            cmd = data[i + 1]
            if cmd not in _ESC_ARGS:
                raise StreamError(f"lệnh ESC {chr(cmd)!r} không biết ở byte {i}")
            args = data[i + 2 : i + 2 + _ESC_ARGS[cmd]]
            out.commands.append((f"ESC {chr(cmd)}", args))
            if cmd == ord("t"):
                flush_text()
                out.code_pages.append(args[0])
                page = pages.get(args[0], f"#{args[0]}")
            i += 2 + _ESC_ARGS[cmd]
        elif b == GS:
            cmd = data[i + 1]
            if cmd == ord("V"):
                mode = data[i + 2]
                size = 4 if mode in (65, 66) else 3
                out.cuts += 1
                out.commands.append(("GS V", data[i + 2 : i + size]))
                i += size
            elif cmd == ord("(") and data[i + 2] in (ord("k"), ord("L")):
                length = data[i + 3] | (data[i + 4] << 8)
                body = data[i + 5 : i + 5 + length]
                if data[i + 2] == ord("k") and body[:2] == b"1P":
                    out.qr.append(body[3:].decode("utf-8"))
                out.commands.append((f"GS ( {chr(data[i + 2])}", body))
                i += 5 + length
            elif cmd == ord("v") and data[i + 2] == ord("0"):
                xb = data[i + 4] | (data[i + 5] << 8)
                rows = data[i + 6] | (data[i + 7] << 8)
                start = i + 8
                bands.append((xb, rows, data[start : start + xb * rows]))
                i = start + xb * rows
                if i >= n or data[i : i + 3] != b"\x1dv0":
                    end_image()
            elif cmd in _GS_ARGS:
                out.commands.append((f"GS {chr(cmd)}", data[i + 2 : i + 2 + _GS_ARGS[cmd]]))
                i += 2 + _GS_ARGS[cmd]
            else:
                raise StreamError(f"lệnh GS {chr(cmd)!r} không biết ở byte {i}")
        elif b == DLE and i + 1 < n and data[i + 1] == 0x04:
            out.status_queries.append(data[i + 2])
            i += 3
        elif b < 0x20:
            raise StreamError(f"ký tự điều khiển 0x{b:02x} không biết ở byte {i}")
        else:
            line.append(b)
            i += 1
    if line or line_parts:
        end_line()
    return out


def _decode_run(data: bytes, page: str) -> str:
    if page in (vncodec.TCVN3_LOWER_PAGE, vncodec.TCVN3_UPPER_PAGE):
        return vncodec.decode_tcvn3(data, page)
    if page == vncodec.CP1258_PAGE:
        return vncodec.decode_cp1258(data)
    if page.startswith("#"):
        raise StreamError(f"bảng mã {page} không có trong cấu hình máy in")
    return data.decode(page.lower().replace("_", "-"), errors="replace")


def _join_bands(bands: list[tuple[int, int, bytes]]) -> Any:
    from PIL import Image

    width = bands[0][0] * 8
    height = sum(rows for _, rows, _ in bands)
    img = Image.new("1", (width, height), 0)
    top = 0
    for xb, rows, raw in bands:
        band = Image.frombytes("1", (xb * 8, rows), raw)
        img.paste(band, (0, top))
        top += rows
    return img
