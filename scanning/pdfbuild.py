"""Assemble encoded pages into one PDF/A-2b document (pikepdf).

Each page is drawn at 100 % scale: its size in points is pixels / dpi × 72, so a
viewer prints it at the size of the paper and reads back the scan's dpi (Decree
30/2020: PDF 1.4 or later, at least 200 dpi, 100 % scale). PDF/A-2b needs an
output intent (sRGB here), XMP metadata that says pdfaid part 2 / conformance B
and agrees with the document information, embedded fonts (only the OCR layer has
one: Tesseract's glyph-less font, embedded) and no encryption.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pikepdf
from PIL import ImageCms

from scanning.compress import EncodedPage, PdfImage

PRODUCER = "desk-app scanning (pikepdf)"
VN_TZ_NAME = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class DocumentMetadata:
    title: str
    author: str = ""  # the officer who digitised the paper
    subject: str = ""
    keywords: tuple[str, ...] = ()
    dossier_code: str = ""
    component_code: str = ""
    created: datetime | None = None  # aware; now in Vietnam time when not given
    language: str = "vi-VN"


def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _xobject(pdf: pikepdf.Pdf, image: PdfImage) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, image.data)
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Image
    stream.Width = image.width
    stream.Height = image.height
    stream.BitsPerComponent = image.bpc
    stream.Filter = pikepdf.Name(image.filter)
    if image.decode_parms:
        stream.DecodeParms = pikepdf.Dictionary(
            {f"/{k}": v for k, v in image.decode_parms.items()}
        )
    if image.image_mask:
        stream.ImageMask = True
    elif image.colorspace:
        stream.ColorSpace = pikepdf.Name(image.colorspace)
    if image.mask is not None:
        stream.Mask = _xobject(pdf, image.mask)
    return stream


class PdfWriter:
    """Collects pages, then writes a PDF/A-2b file; pages can come one at a time."""

    def __init__(self) -> None:
        self.pdf = pikepdf.new()
        self.text_parts: list[str] = []

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)

    def add(self, page: EncodedPage, ocr_pdf: bytes | None = None, text: str = "") -> None:
        width, height = page.size_pt
        resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary())
        ops = []
        for i, layer in enumerate(page.layers):
            name = f"/Im{i}"
            resources.XObject[name] = _xobject(self.pdf, layer)
            ops.append(f"q {width:.4f} 0 0 {height:.4f} 0 0 cm {name} Do Q")
        content = pikepdf.Stream(self.pdf, "\n".join(ops).encode("ascii"))
        pdf_page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, round(width, 4), round(height, 4)],
                Resources=resources,
                Contents=content,
            )
        )
        self.pdf.pages.append(pdf_page)
        if ocr_pdf:
            with pikepdf.open(io.BytesIO(ocr_pdf)) as text_layer:
                self.pdf.pages[-1].add_overlay(
                    text_layer.pages[0], pikepdf.Rectangle(0, 0, width, height)
                )
        self.text_parts.append(text)

    def save(self, out: Path, metadata: DocumentMetadata) -> str:
        """Write atomically to `out`; returns the file's SHA-256 (hex)."""
        self._finish(metadata)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=".pdf", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                self.pdf.save(fh, min_version="1.7", fix_metadata_version=True)
                fh.flush()
                os.fsync(fh.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the file is an ordinary one
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha256_file(out)

    def _finish(self, meta: DocumentMetadata) -> None:
        from desk_app.textfmt import VN_TZ, require_aware

        created = require_aware(meta.created, "created") if meta.created else datetime.now(VN_TZ)
        # Whole seconds: the Info dictionary's dates cannot carry fractions, and
        # PDF/A wants the XMP and Info dates to agree.
        created = created.replace(microsecond=0)
        pdf = self.pdf
        profile = pikepdf.Stream(pdf, _srgb_profile())
        profile.N = 3
        pdf.Root.OutputIntents = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFA1,
                    OutputConditionIdentifier="sRGB IEC61966-2.1",
                    Info="sRGB IEC61966-2.1",
                    DestOutputProfile=profile,
                )
            ]
        )
        pdf.Root.Lang = meta.language
        identifier = "/".join(p for p in (meta.dossier_code, meta.component_code) if p)
        keywords = [*meta.keywords, *(p for p in (meta.dossier_code, meta.component_code) if p)]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = meta.title
            if meta.author:
                xmp["dc:creator"] = [meta.author]
            if meta.subject:
                xmp["dc:description"] = meta.subject
            if identifier:
                xmp["dc:identifier"] = identifier
            if keywords:
                xmp["dc:subject"] = keywords
                xmp["pdf:Keywords"] = ", ".join(keywords)
            xmp["dc:language"] = [meta.language]
            xmp["xmp:CreateDate"] = created.isoformat()
            xmp["xmp:ModifyDate"] = created.isoformat()
            xmp["xmp:MetadataDate"] = created.isoformat()
            xmp["xmp:CreatorTool"] = PRODUCER
            xmp["pdf:Producer"] = PRODUCER
            xmp["pdfaid:part"] = "2"
            xmp["pdfaid:conformance"] = "B"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pdfa_self_check(path: Path) -> list[str]:
    """What can be checked of PDF/A-2b without veraPDF (not available here).

    Checks the header version, encryption, the XMP identification, the output
    intent, embedded fonts, forbidden filters and image keys, the trailer ID and
    that the document information agrees with the XMP. An empty list means none of
    these problems; it is not a full conformance test.
    """
    problems: list[str] = []
    with open(path, "rb") as fh:
        header = fh.read(16)
    if not header.startswith(b"%PDF-1.") or header[7:8] not in b"4567":
        problems.append(f"header {header[:8]!r} is not PDF 1.4-1.7")
    with pikepdf.open(path) as pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        if "/ID" not in pdf.trailer:
            problems.append("no trailer /ID")
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
            problems.append("XMP does not identify PDF/A-2b")
        info = pdf.docinfo
        if "/Title" in info and str(info.Title) != str(meta.get("dc:title", "")):
            problems.append("Info /Title differs from XMP dc:title")
        if "/Producer" in info and str(info.Producer) != str(meta.get("pdf:Producer", "")):
            problems.append("Info /Producer differs from XMP pdf:Producer")
        intents = pdf.Root.get("/OutputIntents", [])
        if not any(i.get("/S") == pikepdf.Name.GTS_PDFA1 and "/DestOutputProfile" in i
                   for i in intents):
            problems.append("no PDF/A output intent with an ICC profile")
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                continue
            filters = obj.get("/Filter")
            names = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
            if pikepdf.Name.LZWDecode in names:
                problems.append("LZW compression is not allowed")
            if obj.get("/Subtype") == pikepdf.Name.Image and obj.get("/Interpolate") is True:
                problems.append("image with /Interpolate true")
            if obj.get("/Type") == pikepdf.Name.FontDescriptor and not any(
                k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"font {obj.get('/FontName')} is not embedded")
            if "/JS" in obj or "/JavaScript" in obj:
                problems.append("JavaScript is not allowed")
    return problems
