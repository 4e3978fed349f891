"""Vietnamese text for receipt printers' code pages: CP1258 and TCVN-3.

CP1258 holds the vowels with circumflex, breve and horn precomposed but most tone
marks only as combining characters, so a letter such as 'ế' is sent as 'ê' + U+0301.
TCVN-3 (TCVN 5712:1993, the "ABC" font encoding) is a font-based encoding: Epson-
compatible printers offer it as two code pages, one with the lower-case letters
(ESC t 30) and one with the upper-case ones at mostly the same byte values (ESC t 31).
The tables below are ours; a test checks them against python-escpos' printer database.

Both encoders produce a sequence of (code page, bytes) runs, and `decode_*` turn bytes
back into NFC text, so a receipt can be checked to say exactly what was meant.
"""

from __future__ import annotations

import unicodedata

# --- TCVN-3 --------------------------------------------------------------------------
# Bytes 0x80-0xFF, 16 per row; a space marks an unused position.
_TCVN3_LOWER_ROWS = (
    "                ",
    "                ",
    "        ăâêôơưđ ",
    "     àảãáạ ằẳẵắ ",
    "      ặầẩẫấậè ẻẽ",
    "éẹềểễếệìỉ   ĩíịò",
    " ỏõóọồổỗốộờởỡớợù",
    " ủũúụừửữứựỳỷỹýỵ ",
)
_TCVN3_UPPER_ROWS = (
    "                ",
    "                ",
    " ĂÂ    Đ  ÊÔƠƯ  ",
    "     ÀẢÃÁẠ ẰẲẴẮ ",
    "      ẶẦẨẪẤẬÈ ẺẼ",
    "ÉẸỀỂỄẾỆÌỈ   ĨÍỊÒ",
    " ỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙ",
    " ỦŨÚỤỪỬỮỨỰỲỶỸÝỴ ",
)


def _table(rows: tuple[str, ...]) -> dict[str, int]:
    return {ch: 0x80 + i for i, ch in enumerate("".join(rows)) if ch != " "}


TCVN3_LOWER: dict[str, int] = _table(_TCVN3_LOWER_ROWS)
TCVN3_UPPER: dict[str, int] = _table(_TCVN3_UPPER_ROWS)
TCVN3_LOWER_REV: dict[int, str] = {b: c for c, b in TCVN3_LOWER.items()}
TCVN3_UPPER_REV: dict[int, str] = {b: c for c, b in TCVN3_UPPER.items()}
# The names the python-escpos printer database gives these code pages.
TCVN3_LOWER_PAGE = "TCVN-3-1"
TCVN3_UPPER_PAGE = "TCVN-3-2"
CP1258_PAGE = "CP1258"

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def tcvn3_can_encode(ch: str) -> bool:
    return ch in TCVN3_LOWER or ch in TCVN3_UPPER or (ch.isascii() and ch.isprintable())


def encode_tcvn3(text: str) -> list[tuple[str | None, bytes]]:
    """NFC text → runs of (code page name or None for plain ASCII, bytes).

    ASCII fits in either page, so it joins whichever run is open. Raises
    UnicodeEncodeError for a character neither page has.
    """
    runs: list[tuple[str | None, bytearray]] = []
    for pos, ch in enumerate(unicodedata.normalize("NFC", text)):
        if ch in TCVN3_LOWER:
            page, byte = TCVN3_LOWER_PAGE, TCVN3_LOWER[ch]
        elif ch in TCVN3_UPPER:
            page, byte = TCVN3_UPPER_PAGE, TCVN3_UPPER[ch]
        elif ch.isascii() and (ch.isprintable() or ch == "\n"):
            page, byte = None, ord(ch)
        else:
            raise UnicodeEncodeError("tcvn3", text, pos, pos + 1, "not in TCVN-3")
        if runs and (page is None or runs[-1][0] in (None, page)):
            if runs[-1][0] is None and page is not None:
                runs[-1] = (page, runs[-1][1])
            runs[-1][1].append(byte)
        else:
            runs.append((page, bytearray([byte])))
    return [(p, bytes(b)) for p, b in runs]


def decode_tcvn3(data: bytes, page: str) -> str:
    table = TCVN3_UPPER_REV if page == TCVN3_UPPER_PAGE else TCVN3_LOWER_REV
    return "".join(chr(b) if b < 0x80 else table.get(b, "\ufffd") for b in data)


# --- CP1258 --------------------------------------------------------------------------


def cp1258_can_encode(ch: str) -> bool:
    try:
        encode_cp1258(ch)
    except UnicodeEncodeError:
        return False
    return True


def encode_cp1258(text: str) -> bytes:
    """NFC text → CP1258, splitting off tone marks the code page lacks precomposed."""
    out = bytearray()
    for pos, ch in enumerate(unicodedata.normalize("NFC", text)):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = [c for c in decomposed if c in TONE_MARKS]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        try:
            out += base.encode("cp1258") + "".join(tones).encode("cp1258")
        except UnicodeEncodeError:
            raise UnicodeEncodeError("cp1258", text, pos, pos + 1, "not in CP1258") from None
    return bytes(out)


def decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258"))
