"""The device steps behind small adapters: printing, scanning/digitising, signing,
signature validation. Each adapter uses its package when present and otherwise raises
`DeviceUnavailable` with a plain Vietnamese message, so a screen never crashes.

Everything here blocks (files, tokens, scanners, printers): call it from
`ui.threads.run_task`, never from the GUI thread.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desk_app.domain import Dossier, Officer, Procedure, Unit
from ui.portal import message_of as _message_of

NOT_READY = "chức năng này chưa sẵn sàng trên máy này"


class DeviceUnavailable(Exception):
    def __init__(self, vi: str) -> None:
        super().__init__(vi)
        self.vi = vi


def message_of(exc: BaseException) -> str:
    msg = getattr(exc, "message", None)
    if isinstance(msg, str) and msg and not getattr(exc, "vi", None):
        return msg
    return _message_of(exc)


# --- signature status (Art. 11.1) ----------------------------------------------------

def signature_status(pdf: bytes) -> str:
    """One line: valid / modified / unknown signer…, or that there is no signature."""
    if b"/ByteRange" not in pdf:
        return "Tệp không có chữ ký số"
    try:
        from signing.validate import validate_pdf
    except ImportError:
        return "Chưa kiểm tra được chữ ký số: " + NOT_READY
    try:
        return validate_pdf(pdf).status_vi()
    except Exception as exc:
        return "Không kiểm tra được chữ ký số: " + message_of(exc)


# --- forms and printing ------------------------------------------------------------------

@dataclass(frozen=True)
class FormRequest:
    form_id: str  # receipt, supplement, refusal, apology, control, postal_slip, …
    unit: Unit
    officer: Officer
    now: datetime
    data: dict[str, Any]
    people: dict[str, str] = field(default_factory=dict)  # username → full name
    calendar: Any = None  # the unit's WorkCalendar (form 04's working-day check)


def render_form(req: FormRequest) -> bytes:
    """A form of Circular 01/2018 (or the postal slip) as PDF bytes."""
    try:
        from printing.models import FormContext
        from printing.pdf import render_form as _render
    except ImportError as exc:
        raise DeviceUnavailable("Chưa in được biểu mẫu: " + NOT_READY) from exc
    place = req.unit.address.split(",")[-1].strip() or req.unit.name
    place = place.replace("huyện ", "").replace("thị trấn ", "").strip()
    ctx = FormContext(unit=req.unit, officer=req.officer, place=place, now=req.now,
                      help_line=req.unit.phone, people=req.people,
                      **({"calendar": req.calendar} if req.calendar is not None else {}))
    return _render(req.form_id, ctx, **req.data)


def print_thermal_receipt(req: FormRequest, printer_uri: str) -> str:
    """The short receipt (Mẫu 01) on the counter's ESC/POS printer (tcp://, usb://…)."""
    try:
        from printing.dispatch import PrintJob, send_job
        from printing.thermal import render_receipt_escpos
    except ImportError as exc:
        raise DeviceUnavailable("Chưa in được biên nhận nhiệt: " + NOT_READY) from exc
    from printing.models import FormContext

    ctx = FormContext(unit=req.unit, officer=req.officer, place=req.unit.name, now=req.now,
                      help_line=req.unit.phone, people=req.people)
    dossier = req.data["dossier"]
    data = render_receipt_escpos(ctx, dossier, req.data.get("procedure"))
    result = send_job(PrintJob(data=data, kind="escpos", printer=printer_uri, form="receipt",
                               dossier_code=dossier.code, officer=req.officer.username))
    del result
    return "đã in biên nhận trên máy in nhiệt"


def postal_batch(number: str, at: datetime, dossiers: Sequence[Dossier],
                 postal_unit: str) -> Any:
    from printing.models import PostalBatch, PostalItem

    items = tuple(PostalItem(d.code, d.applicant.name, d.postal_address, d.applicant.phone,
                             number_and_symbol=d.register_number) for d in dossiers)
    return PostalBatch(number=number, pickup_at=at, postal_unit=postal_unit, items=items)


def print_pdf(pdf: bytes, name: str, printer: str, out_dir: Path) -> str:
    """Send a PDF to the A4 printer, or (no printer set) write it to `out_dir`.

    Returns what happened, in plain Vietnamese (no file paths: officers read it at a
    counter; the folder is in Settings).
    """
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    target = out_dir / f"{safe}.pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(pdf)
    tmp.replace(target)
    if not printer:
        return "đã lưu thành tệp PDF trong thư mục bản in (chưa đặt máy in A4)"
    if shutil.which("lp") is None:
        raise DeviceUnavailable("Máy này chưa cài dịch vụ in (CUPS); bản in đã được lưu "
                                "thành tệp PDF trong thư mục bản in")
    done = subprocess.run(["lp", "-d", printer, str(target)], capture_output=True,
                          text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise DeviceUnavailable(f"Máy in {printer} không nhận lệnh in: "
                                f"{done.stderr.strip()[:200]}; bản in đã được lưu thành tệp "
                                "PDF trong thư mục bản in")
    return f"đã gửi tới máy in {printer}"


# --- digitising (Art. 12.1.b) ---------------------------------------------------------------

@dataclass(frozen=True)
class Digitised:
    data: bytes
    pages: int
    filename: str
    warnings: tuple[str, ...] = ()


def digitise_files(paths: Sequence[str], work_dir: Path, title: str, author: str,
                   dossier_code: str = "", component_code: str = "",
                   cancel: threading.Event | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Digitised:
    """Turn image/PDF files into one PDF for a component (through the scanning service)."""
    if not paths:
        raise DeviceUnavailable("Chưa chọn tệp nào")
    try:
        from scanning.pdfbuild import DocumentMetadata
        from scanning.session import ScanSession
    except ImportError:
        return _digitise_fallback(paths)
    session = ScanSession(work_dir, label=title)
    try:
        result = session.import_files([Path(p) for p in paths], cancel=cancel)
        if result.cancelled or (cancel is not None and cancel.is_set()):
            raise DeviceUnavailable("Đã hủy số hóa; chưa có tệp nào được lưu")
        if result.problems and not result.pages:
            raise DeviceUnavailable("; ".join(f"{Path(f).name}: {m}" for f, m in result.problems))
        meta = DocumentMetadata(title=title, author=author, dossier_code=dossier_code,
                                component_code=component_code)
        out = _built_path(work_dir)
        built = session.build_pdf(None, meta, out, cancel=cancel, progress=progress)
        data = built.data
        out.unlink(missing_ok=True)
        warnings = tuple(built.warnings) + tuple(f"{Path(f).name}: {m}"
                                                 for f, m in result.problems)
        return Digitised(data, built.pages, f"{component_code or 'scan'}.pdf", warnings)
    finally:
        session.finish()


def _built_path(work_dir: Path) -> Path:
    # Outside the spool folder: the spool is removed when the batch finishes.
    import uuid

    folder = work_dir / "built"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{uuid.uuid4().hex}.pdf"


def _digitise_fallback(paths: Sequence[str]) -> Digitised:
    import img2pdf

    files = [Path(p) for p in paths]
    if len(files) == 1 and files[0].suffix.lower() == ".pdf":
        data = files[0].read_bytes()
        return Digitised(data, data.count(b"/Type /Page") or 1, files[0].name)
    data = img2pdf.convert([str(f) for f in files])
    return Digitised(data, len(files), files[0].with_suffix(".pdf").name)


def scan_to_pdf(device: str, work_dir: Path, title: str, author: str,
                cancel: threading.Event | None = None,
                progress: Callable[[int, int], None] | None = None) -> Digitised:
    """Scan a batch from the configured scanner into one PDF."""
    if not device:
        raise DeviceUnavailable("Chưa chọn máy quét (Cài đặt → Máy quét)")
    try:
        from scanning.backends import backend_by_name
        from scanning.backends.base import ScanSettings
        from scanning.pdfbuild import DocumentMetadata
        from scanning.session import ScanSession
    except ImportError as exc:
        raise DeviceUnavailable("Chưa quét được: " + NOT_READY) from exc
    backend = backend_by_name("sane")
    session = ScanSession(work_dir, backend, label=title)
    try:
        result = session.scan(device, ScanSettings(), cancel=cancel)
        if result.cancelled or (cancel is not None and cancel.is_set()):
            raise DeviceUnavailable("Đã hủy quét; chưa có tệp nào được lưu")
        if result.error is not None and not result.pages:
            raise DeviceUnavailable(message_of(result.error))
        out = _built_path(work_dir)
        built = session.build_pdf(None, DocumentMetadata(title=title, author=author), out,
                                  cancel=cancel, progress=progress)
        data = built.data
        out.unlink(missing_ok=True)
        return Digitised(data, built.pages, "scan.pdf", tuple(built.warnings))
    finally:
        session.finish()


# --- drafts and signing ---------------------------------------------------------------------

def generate_draft(dossier: Dossier, procedure: Procedure | None, unit: Unit | None,
                   officer: Officer) -> bytes:
    """A plain draft of the result document for the leader to approve."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = _font()
    style = ParagraphStyle("body", fontName=font, fontSize=13, leading=18)
    title = ParagraphStyle("title", parent=style, fontSize=15, alignment=1, spaceAfter=12)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=f"Dự thảo {dossier.code}")
    lines = [
        (unit.name.upper() if unit else "", title),
        ("DỰ THẢO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", title),
        (f"Thủ tục: {procedure.name if procedure else dossier.procedure_code}", style),
        (f"Mã hồ sơ: {dossier.code}", style),
        (f"Người nộp: {dossier.applicant.name}", style),
        (f"Địa chỉ: {dossier.applicant.address}", style),
        (f"Kết quả: {procedure.result if procedure and procedure.result else dossier.subject}",
         style),
        (f"Chuyên viên dự thảo: {officer.full_name}", style),
    ]
    story: list[Any] = []
    for text, st in lines:
        story += [Paragraph(escape(text), st), Spacer(1, 4)]
    doc.build(story)
    return buf.getvalue()


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DeskSerif" in pdfmetrics.getRegisteredFontNames():
        return "DeskSerif"
    for path in ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"):
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("DeskSerif", path))
            return "DeskSerif"
    return "Helvetica"


def signing_available(token_library: str) -> tuple[bool, str]:
    if not token_library:
        return False, "Chưa cài đặt thư viện chữ ký số (Cài đặt → Thư viện chữ ký số)"
    try:
        import signing  # noqa: F401
    except ImportError:
        return False, "Chưa ký số được: " + NOT_READY
    if not Path(token_library).exists():
        return False, f"Không tìm thấy thư viện chữ ký số {token_library}"
    return True, ""


def certificate_text(token_library: str, token_label: str = "") -> str:
    """'Chứng thư số: NGUYỄN QUANG HUY, hết hạn 31/12/2027' of the token that will sign
    (the first signing certificate); empty when it cannot be read now."""
    try:
        from signing.tokens import list_tokens

        tokens = [t for t in list_tokens(token_library, refresh=True)
                  if t.label.strip() and (not token_label or t.label == token_label)]
    except Exception:
        return ""
    for token in tokens:
        for cert in token.certificates:
            if cert.can_sign():
                return (f"Chứng thư số: {cert.holder}, hết hạn "
                        f"{cert.not_after:%d/%m/%Y} (thiết bị “{token.label}”)")
    return ""


def sign_files(token_library: str, pin_prompt: Any, role: str, files: Sequence[Path],
               out_dir: Path, officer: Officer, unit: Unit | None,
               cancel: threading.Event | None = None,
               progress: Callable[[int, int, str], None] | None = None,
               register_book: Any = None, token_label: str = ""
               ) -> list[tuple[Path, Path | None, str, str]]:
    """Sign many PDFs with one PIN. Returns (source, signed output or None, message,
    register number) per file."""
    ok, why = signing_available(token_library)
    if not ok:
        raise DeviceUnavailable(why)
    from signing import SignerProfile, SigningService, SignJob, SignRole

    service = SigningService(token_library, pin_prompt=pin_prompt,
                             register_book=register_book, token_label=token_label or None)
    if not token_label:
        # One token plugged in (empty slots do not count): use it without asking. With
        # several, the one whose certificate names the signer: the leader by name, the
        # agency's seal by the unit's name.
        tokens = [t for t in service.list_tokens(refresh=True) if t.label.strip()]
        signer = (officer.full_name if role == "leader" else unit.name if unit else "")
        mine = [t for t in tokens if any(c.holder.casefold() == signer.casefold()
                                         for c in t.certificates)]
        if len(tokens) == 1 or len(mine) == 1:
            service.token_label = (mine or tokens)[0].label
    sign_role = SignRole.LEADER if role == "leader" else SignRole.CLERK
    profile = SignerProfile(role=sign_role, signer_name=officer.full_name, title=officer.title,
                            agency_id=unit.agency_id if unit else "",
                            register_symbol=unit.register_symbol if unit else "")
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [SignJob(source=f, output=out_dir / f"{f.stem}-signed.pdf",
                    dossier_code=f.stem.split("--")[0]) for f in files]

    def report(done: int, total: int, outcome: Any) -> None:
        if progress is not None:
            progress(done, total, outcome.line_vi() if hasattr(outcome, "line_vi") else "")

    result = service.sign_batch(jobs, profile, progress=report, cancel=cancel)
    return [(o.source, o.output, o.line_vi(), o.register_number) for o in result.outcomes] \
        if hasattr(result, "outcomes") else []
