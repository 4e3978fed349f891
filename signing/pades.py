"""PDF work for one document: register fields, signature placement, PAdES signing.

The register number and date of issue go into two text fields made when the
leader signs (inside the leader's signed revision); the clerk only fills them. A
filled form field is a change pyHanko (and Adobe) accept after a signature, so the
leader's signature stays intact when the clerk numbers and seals the document.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator import ValidationContext

from .appearance import field_text_style, prerender, prerendered_style
from .errors import DocumentError

NUMBER_FIELD = "SoKyHieu"  # "Số: 01/GP-UBND"
DATE_FIELD = "NgayBanHanh"  # "Phú Vang, ngày 29 tháng 11 năm 2026"
LEADER_FIELD_PREFIX = "LanhDao"
CLERK_FIELD_PREFIX = "VanThu"

Rect = tuple[float, float, float, float]


class Level(enum.StrEnum):
    B_B = "PAdES-B-B"
    B_T = "PAdES-B-T"
    B_LT = "PAdES-B-LT"


@dataclass(frozen=True)
class RegisterPlacement:
    """Where number and date go on page 1 of a Decree 30 document (A4, points).

    Defaults follow the layout of Appendix I: the number under the agency's name
    on the left, the place and date under the national motto on the right.
    """

    number_rect: Rect = (40.0, 700.0, 290.0, 720.0)
    date_rect: Rect = (280.0, 700.0, 570.0, 720.0)
    page: int = 0


def open_writer(data: bytes) -> IncrementalPdfFileWriter:
    try:
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    except Exception as exc:
        raise DocumentError(f"Không đọc được tệp PDF: {exc.__class__.__name__}.") from exc
    if writer.prev.encrypted:
        raise DocumentError("Tệp PDF được đặt mật khẩu; hãy dùng bản không mật khẩu để ký.")
    return writer


def page_size(writer: IncrementalPdfFileWriter, page_ix: int) -> tuple[float, float]:
    try:
        page = writer.find_page_for_modification(page_ix)[0].get_object()
    except Exception as exc:
        raise DocumentError(f"Tệp PDF không có trang {page_ix + 1}.") from exc
    box = page.get("/MediaBox") or [0, 0, 595, 842]
    x1, y1, x2, y2 = (float(v) for v in box)
    return x2 - x1, y2 - y1


def page_count(handler: Any) -> int:
    return int(handler.root["/Pages"]["/Count"])


def _fields(root: generic.DictionaryObject) -> list[generic.DictionaryObject]:
    try:
        arr = root["/AcroForm"]["/Fields"]
    except KeyError:
        return []
    return [f.get_object() for f in arr]


def find_field(root: generic.DictionaryObject, name: str) -> tuple[Any, Any] | None:
    try:
        arr = root["/AcroForm"]["/Fields"]
    except KeyError:
        return None
    for ref in arr:
        obj = ref.get_object()
        if obj.get("/T") == name:
            return ref, obj
    return None


def signature_fields(root: generic.DictionaryObject) -> list[tuple[str, generic.DictionaryObject]]:
    return [(str(f.get("/T")), f) for f in _fields(root) if f.get("/FT") == "/Sig"]


def has_signatures(root: generic.DictionaryObject) -> bool:
    return any("/V" in f for _, f in signature_fields(root))


def has_register_fields(root: generic.DictionaryObject) -> bool:
    return find_field(root, NUMBER_FIELD) is not None and find_field(root, DATE_FIELD) is not None


def issued_number(root: generic.DictionaryObject) -> str:
    """The number already written by a clerk, or "" while there is none."""
    found = find_field(root, NUMBER_FIELD)
    value = str(found[1].get("/V", "")) if found is not None else ""
    return value.removeprefix("Số:").strip()


def next_field_name(root: generic.DictionaryObject, prefix: str) -> str:
    names = {n for n, _ in signature_fields(root)}
    i = 1
    while f"{prefix}-{i}" in names:
        i += 1
    return f"{prefix}-{i}"


def _page_of(writer: IncrementalPdfFileWriter, field_ref: Any) -> int | None:
    for ix in range(page_count(writer)):
        page = writer.find_page_for_modification(ix)[0].get_object()
        for a in page.get("/Annots", generic.ArrayObject()):
            if isinstance(a, generic.IndirectObject) and a.idnum == field_ref.idnum:
                return ix
    return None


def leader_signature(writer: IncrementalPdfFileWriter) -> tuple[int, Rect] | None:
    """Page and rectangle of the last signed leader field, if any."""
    found = None
    try:
        arr = writer.root["/AcroForm"]["/Fields"]
    except KeyError:
        return None
    for ref in arr:
        f = ref.get_object()
        name = str(f.get("/T", ""))
        if f.get("/FT") == "/Sig" and name.startswith(LEADER_FIELD_PREFIX) and "/V" in f \
                and "/Rect" in f:
            r = [float(v) for v in f["/Rect"]]
            page_ix = _page_of(writer, ref)
            if page_ix is not None:
                found = (page_ix, (min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]),
                                   max(r[1], r[3])))
    return found


def add_register_fields(writer: IncrementalPdfFileWriter, placement: RegisterPlacement) -> None:
    """Empty text fields for the number and date, to be filled by the clerk."""
    root = writer.root
    if has_register_fields(root):
        return
    page_ref = writer.find_page_for_modification(placement.page)[0]
    if "/AcroForm" not in root:
        root[pdf_name("/AcroForm")] = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    arr = form.raw_get("/Fields") if "/Fields" in form else None
    if arr is None:
        form[pdf_name("/Fields")] = generic.ArrayObject()
    fields_arr = form["/Fields"]
    for name, rect in ((NUMBER_FIELD, placement.number_rect), (DATE_FIELD, placement.date_rect)):
        field = generic.DictionaryObject({
            pdf_name("/FT"): pdf_name("/Tx"),
            pdf_name("/T"): pdf_string(name),
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/F"): generic.NumberObject(4),  # print
            pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in rect),
            pdf_name("/P"): page_ref,
            pdf_name("/DA"): pdf_string("/Helv 12 Tf 0 g"),
            pdf_name("/V"): pdf_string(""),
        })
        ref = writer.add_object(field)
        fields_arr.append(ref)
        writer.register_annotation(page_ref, ref)
    if isinstance(form.raw_get("/Fields"), generic.IndirectObject):
        writer.update_container(fields_arr)
    else:
        writer.update_container(form)


@lru_cache(maxsize=16)
def _prerendered_text(value: str, font_style: str, size: int, width: float, height: float
                      ) -> BaseStampStyle:
    # The date is the same for a whole day's batch: embed its font subset once.
    return prerendered_style(prerender(field_text_style(font_style, size), width, height,
                                       {"value": value}))


def fill_register_fields(writer: IncrementalPdfFileWriter, number_text: str, date_text: str
                         ) -> None:
    """Write the number and date into their fields, with a visible appearance."""
    for name, value, font_style, size in (
        (NUMBER_FIELD, number_text, "regular", 13),
        (DATE_FIELD, date_text, "italic", 14),
    ):
        found = find_field(writer.root, name)
        if found is None:
            raise DocumentError("Văn bản không có ô ghi số, ngày ban hành.")
        _ref, field = found
        rect = [float(v) for v in field["/Rect"]]
        w, h = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
        box = layout.BoxConstraints(width=w, height=h)
        if name == DATE_FIELD:
            style = _prerendered_text(value, font_style, size, w, h)
        else:
            style = field_text_style(font_style, size)
        stamp = style.create_stamp(writer, box, {"value": value})
        field[pdf_name("/V")] = pdf_string(value)
        stamp.apply_appearance(field)
        writer.update_container(field)


@dataclass(frozen=True)
class Placement:
    field_name: str
    page: int
    rect: Rect
    style: BaseStampStyle
    text_params: dict[str, str]


async def sign_writer(
    writer: IncrementalPdfFileWriter,
    signer: signers.Signer,
    placement: Placement,
    *,
    reason: str,
    location: str = "",
    timestamper: TimeStamper | None = None,
    validation_context: ValidationContext | None = None,
) -> bytes:
    """One PAdES signature (B-B; B-T with a timestamper; B-LT with a context)."""
    meta = signers.PdfSignatureMetadata(
        field_name=placement.field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        embed_validation_info=validation_context is not None,
        validation_context=validation_context,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer,
        timestamper=timestamper,
        stamp_style=placement.style,
        new_field_spec=fields.SigFieldSpec(
            placement.field_name, on_page=placement.page,
            box=tuple(round(v) for v in placement.rect),  # type: ignore[arg-type]
        ),
    )
    out = await pdf_signer.async_sign_pdf(writer, appearance_text_params=placement.text_params)
    return out.getvalue()


def read_pdf(data: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(BytesIO(data), strict=False)
    except Exception as exc:
        raise DocumentError(f"Không đọc được tệp PDF: {exc.__class__.__name__}.") from exc
