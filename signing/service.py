"""The high-level API the UI and the CLI call: sign a batch with one PIN.

    service = SigningService(module_path, pin_prompt=dialog, register_book=book)
    result = service.sign_batch(jobs, profile, progress=cb, cancel=event)

Everything that touches the token runs on the single token worker thread;
`sign_batch` blocks its caller (call it from a pool thread, or use
`submit_batch`, which returns a Future). `progress(done, total, outcome)` is
called on the token thread: a Qt caller emits a signal from it.

A token pulled out mid-batch stops the batch: every finished document keeps its
signed output, every other one is left untouched (its output is never written,
its source never is), and the result says which is which.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pyhanko.sign.signers import Signer
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator import CertificateValidator, ValidationContext

from desk_app.domain import OutgoingRegisterRow
from desk_app.textfmt import VN_TZ, require_aware

from . import appearance as ap
from . import pades
from .errors import (
    CertificateValidityError,
    DocumentError,
    RegisterError,
    SigningError,
    TokenRemovedError,
)
from .pin import PinPrompt
from .register import InMemoryRegisterBook, RegisterBook, decree30_date
from .tokens import TOKEN_LOST_ERRORS, CertificateInfo, TokenInfo, TokenSession, list_tokens
from .validate import TrustStore
from .worker import TokenWorker, default_worker

log = logging.getLogger(__name__)


class SignRole(enum.StrEnum):
    LEADER = "leader"  # App. step 3: approval signature
    CLERK = "clerk"  # App. step 4: the agency's signature, number and register


class Outcome(enum.StrEnum):
    SIGNED = "signed"
    NOT_SIGNED = "not_signed"  # untouched: batch stopped (token pulled out, cancelled)
    FAILED = "failed"  # this file could not be signed; the others went on


OUTCOME_VI = {
    Outcome.SIGNED: "Đã ký",
    Outcome.NOT_SIGNED: "Chưa ký (giữ nguyên)",
    Outcome.FAILED: "Lỗi",
}


@dataclass(frozen=True)
class SignJob:
    """One document to sign; for the clerk, its attachments share its number."""

    source: Path
    output: Path
    attachments: tuple[tuple[Path, Path], ...] = ()  # (source, output) pairs
    summary: str = ""  # type and summary, for the register
    recipients: str = ""
    dossier_code: str = ""


@dataclass(frozen=True)
class SignerProfile:
    """Who signs and how the signature looks."""

    role: SignRole
    signer_name: str = ""  # default: the certificate holder
    title: str = ""  # the leader's title, e.g. "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signature_image: Path | None = None  # the leader's blue signature PNG
    seal_image: Path | None = None  # the agency's red seal PNG
    agency_id: str = ""
    register_symbol: str = ""  # e.g. "GP-UBND"
    place_name: str = ""  # e.g. "Phú Vang", before the date
    keeping_unit: str = ""
    location: str = ""
    placement: pades.RegisterPlacement = field(default_factory=pades.RegisterPlacement)


@dataclass(frozen=True)
class FileOutcome:
    source: Path
    output: Path | None
    outcome: Outcome
    message: str = ""
    register_number: str = ""
    level: str = ""

    def line_vi(self) -> str:
        parts = [f"{OUTCOME_VI[self.outcome]}: {self.source.name}"]
        if self.register_number:
            parts.append(f"số {self.register_number}")
        if self.level:
            parts.append(self.level)
        if self.message:
            parts.append(self.message)
        return " — ".join(parts)


@dataclass
class BatchResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    token_removed: bool = False
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)
    certificate: CertificateInfo | None = None

    def signed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.outcome is Outcome.SIGNED]

    def not_signed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.outcome is not Outcome.SIGNED]

    def summary_vi(self) -> str:
        text = f"Đã ký {len(self.signed())}/{len(self.outcomes)} văn bản."
        if self.token_removed:
            text += " Token bị rút ra giữa chừng; các văn bản chưa ký được giữ nguyên."
        if self.cancelled:
            text += " Đã dừng theo yêu cầu."
        return text


Progress = Callable[[int, int, FileOutcome], None]


def now_vn() -> datetime:
    return datetime.now(VN_TZ)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".signing-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _token_lost(exc: BaseException) -> bool:
    seen = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, (TokenRemovedError, *TOKEN_LOST_ERRORS)):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def _message(exc: BaseException) -> str:
    text = exc.message_vi if isinstance(exc, SigningError) else (
        f"Không ký được: {exc.__class__.__name__}.")
    return " ".join([text, *_notes(exc)])


def _notes(exc: BaseException) -> list[str]:
    return [n for n in getattr(exc, "__notes__", ()) if n.startswith("Số ")]


class SigningService:
    def __init__(
        self,
        module_path: str | os.PathLike[str],
        *,
        pin_prompt: PinPrompt,
        token_label: str | None = None,
        certificate_label: str | None = None,
        register_book: RegisterBook | None = None,
        timestamp_url: str | None = None,
        timestamper: TimeStamper | None = None,
        trust: TrustStore | None = None,
        worker: TokenWorker | None = None,
        clock: Callable[[], datetime] = now_vn,
        allow_invalid_certificate: bool = False,
    ) -> None:
        self.module_path = Path(module_path)
        self.pin_prompt = pin_prompt
        self.token_label = token_label
        self.certificate_label = certificate_label
        self.register_book: RegisterBook = register_book or InMemoryRegisterBook()
        self.timestamper = timestamper or (HTTPTimeStamper(timestamp_url) if timestamp_url
                                           else None)
        self.trust = trust  # roots + revocation sources; enables B-LT when it answers
        self.worker = worker or default_worker()
        self.clock = clock
        self.allow_invalid_certificate = allow_invalid_certificate

    # --- discovery ------------------------------------------------------------

    def list_tokens(self, refresh: bool = False) -> list[TokenInfo]:
        """Tokens and their certificates (blocks: not from the GUI thread)."""
        return self.worker.run(list_tokens, self.module_path, refresh=refresh)

    def submit_list_tokens(self, refresh: bool = False) -> Future[list[TokenInfo]]:
        """The same, as a Future: what a GUI calls."""
        return self.worker.submit(list_tokens, self.module_path, refresh=refresh)

    # --- batch signing ----------------------------------------------------------

    def submit_batch(self, jobs: Sequence[SignJob], profile: SignerProfile, *,
                     progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> Future[BatchResult]:
        return self.worker.submit(self._run_batch, list(jobs), profile, progress, cancel)

    def sign_batch(self, jobs: Sequence[SignJob], profile: SignerProfile, *,
                   progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> BatchResult:
        return self.worker.run(self._run_batch, list(jobs), profile, progress, cancel)

    def _run_batch(self, jobs: list[SignJob], profile: SignerProfile,
                   progress: Progress | None, cancel: threading.Event | None) -> BatchResult:
        session = TokenSession(self.module_path, self.token_label)
        try:
            session.login(self.pin_prompt)  # one PIN for the whole batch
            cert = session.choose_certificate(self.certificate_label)
            result = BatchResult(certificate=cert)
            problems = cert.problems(require_aware(self.clock(), "clock"))
            if problems and not self.allow_invalid_certificate:
                raise CertificateValidityError(" ".join(problems) + " Không thể ký.")
            result.warnings += problems
            chain = list(self.trust.intermediates) if self.trust else []
            signer = session.signer(cert, chain)
            return asyncio.run(self._batch(jobs, profile, signer, cert, result, progress, cancel))
        finally:
            session.close()

    async def _lt_context(self, cert: CertificateInfo, result: BatchResult
                          ) -> ValidationContext | None:
        """A context for B-LT when revocation data for the signer can be had."""
        if self.trust is None:
            return None
        vc = self.trust.context(hard_fail=True)
        try:
            validator = CertificateValidator(cert.asn1, intermediate_certs=self.trust.intermediates,
                                             validation_context=vc)
            await validator.async_validate_path()
        except Exception as exc:  # no revocation data (offline) or an unknown chain
            result.warnings.append(
                "Không lấy được dữ liệu thu hồi chứng thư; ký ở mức "
                f"{'B-T' if self.timestamper else 'B-B'} ({exc.__class__.__name__})."
            )
            return None
        return vc

    async def _batch(self, jobs: list[SignJob], profile: SignerProfile, signer: Signer,
                     cert: CertificateInfo, result: BatchResult, progress: Progress | None,
                     cancel: threading.Event | None) -> BatchResult:
        vc = await self._lt_context(cert, result)
        name = profile.signer_name or cert.holder
        style = self._batch_style(profile, name)
        total = len(jobs)
        stop_reason: Outcome | None = None
        stop_message = ""
        for ix, job in enumerate(jobs):
            if stop_reason is None and cancel is not None and cancel.is_set():
                result.cancelled = True
                stop_reason, stop_message = Outcome.NOT_SIGNED, "Đã dừng theo yêu cầu."
            if stop_reason is not None:
                outcome = FileOutcome(job.source, None, stop_reason, stop_message)
            else:
                try:
                    outcome = await self._sign_job(job, profile, signer, name, style, vc)
                except Exception as exc:
                    if _token_lost(exc):
                        result.token_removed = True
                        stop_reason = Outcome.NOT_SIGNED
                        stop_message = TokenRemovedError().message_vi
                        outcome = FileOutcome(job.source, None, stop_reason,
                                              " ".join([stop_message, *_notes(exc)]))
                    else:
                        log.info("signing %s failed: %s", job.source.name, exc.__class__.__name__)
                        outcome = FileOutcome(job.source, None, Outcome.FAILED, _message(exc))
            result.outcomes.append(outcome)
            if progress is not None:
                try:
                    progress(ix + 1, total, outcome)
                except Exception:  # a broken progress bar must not stop the signing
                    log.exception("progress callback failed")
        return result

    def _level(self, vc: ValidationContext | None) -> pades.Level:
        if vc is not None:
            return pades.Level.B_LT
        return pades.Level.B_T if self.timestamper else pades.Level.B_B

    async def _sign(self, writer: pades.IncrementalPdfFileWriter,
                    remake: Callable[[], pades.IncrementalPdfFileWriter], signer: Signer,
                    placement: pades.Placement, reason: str, location: str,
                    vc: ValidationContext | None) -> tuple[bytes, pades.Level]:
        if vc is not None:
            try:
                data = await pades.sign_writer(writer, signer, placement, reason=reason,
                                               location=location, timestamper=self.timestamper,
                                               validation_context=vc)
                return data, pades.Level.B_LT
            except Exception as exc:
                if _token_lost(exc):
                    raise
                # Revocation data for this document's chain (e.g. the TSA's) failed:
                # fall back to B-T rather than lose the signature, on a fresh writer
                # since the failed attempt may have touched the old one.
                log.info("B-LT failed (%s); signing without revocation data",
                         exc.__class__.__name__)
                writer = remake()
        data = await pades.sign_writer(writer, signer, placement, reason=reason,
                                       location=location, timestamper=self.timestamper)
        return data, self._level(None)

    @staticmethod
    def _batch_style(profile: SignerProfile, name: str) -> BaseStampStyle:
        """The leader's block or the seal, drawn once for the whole batch."""
        if profile.role is SignRole.LEADER:
            image = ap.load_image(profile.signature_image, ap.demo_signature_image())
            w, h = ap.LEADER_BOX
            return ap.prerendered_style(
                ap.prerender(ap.leader_style(profile.title, name, image), w, h))
        seal = ap.load_image(profile.seal_image, ap.demo_seal_image())
        d = ap.SEAL_DIAMETER_MM * ap.MM
        return ap.prerendered_style(ap.prerender(ap.seal_style(seal), d, d))

    async def _sign_job(self, job: SignJob, profile: SignerProfile, signer: Signer,
                        name: str, style: BaseStampStyle, vc: ValidationContext | None
                        ) -> FileOutcome:
        data = _read(job.source)
        if profile.role is SignRole.LEADER:
            return await self._sign_leader(job, data, profile, signer, style, vc)
        return await self._sign_clerk(job, data, profile, signer, name, style, vc)

    async def _sign_leader(self, job: SignJob, data: bytes, profile: SignerProfile,
                           signer: Signer, style: BaseStampStyle,
                           vc: ValidationContext | None) -> FileOutcome:
        writer = pades.open_writer(data)
        last_page = pades.page_count(writer) - 1
        width, _ = pades.page_size(writer, last_page)

        def prepare(w: pades.IncrementalPdfFileWriter) -> None:
            # The empty number/date fields belong to the leader's signed revision.
            pades.add_register_fields(w, profile.placement)

        prepare(writer)
        placement = pades.Placement(
            field_name=pades.next_field_name(writer.root, pades.LEADER_FIELD_PREFIX),
            page=last_page, rect=ap.leader_box(width), style=style, text_params={},
        )
        signed, level = await self._sign(writer, lambda: _prepared(data, prepare), signer,
                                         placement, "Phê duyệt (ký số lãnh đạo)",
                                         profile.location, vc)
        _write_atomic(job.output, signed)
        return FileOutcome(job.source, job.output, Outcome.SIGNED, level=level.value)

    async def _sign_clerk(self, job: SignJob, data: bytes, profile: SignerProfile,
                          signer: Signer, name: str, style: BaseStampStyle,
                          vc: ValidationContext | None) -> FileOutcome:
        if not profile.agency_id:
            raise RegisterError("Chưa cấu hình mã cơ quan để cấp số văn bản đi.")
        writer = pades.open_writer(data)
        signed_before = pades.has_signatures(writer.root)
        if signed_before and not pades.has_register_fields(writer.root):
            raise DocumentError(
                "Văn bản đã được ký nhưng không có ô ghi số, ngày ban hành (không ký "
                "bằng phần mềm này); không thể ghi số mà không làm hỏng chữ ký trước."
            )
        already = pades.issued_number(writer.root)
        if already:
            # Decree 30: one number per document; sealing twice would give it two.
            raise DocumentError(f"Văn bản đã được cấp số {already} và đóng dấu trước đó.")
        attachments = [(src, out, _read(src)) for src, out in job.attachments]
        for _src, _, att in attachments:
            pades.open_writer(att)  # refuse an unreadable attachment before taking a number

        when = require_aware(self.clock(), "clock")
        number = self.register_book.next_number(profile.agency_id, when.year)
        row = OutgoingRegisterRow(
            agency_id=profile.agency_id, year=when.year, number=number,
            symbol=profile.register_symbol, date=when, summary=job.summary or job.source.stem,
            signer=name, recipients=job.recipients, keeping_unit=profile.keeping_unit,
            dossier_code=job.dossier_code,
        )
        number_text = row.number_and_symbol
        date_text = decree30_date(when, profile.place_name)

        def prepare(w: pades.IncrementalPdfFileWriter) -> None:
            pades.add_register_fields(w, profile.placement)  # no-op when the leader made them
            pades.fill_register_fields(w, f"Số: {number_text}", date_text)

        prepare(writer)
        leader = pades.leader_signature(writer)
        if leader is None:
            page = pades.page_count(writer) - 1
            leader = (page, ap.leader_box(pades.page_size(writer, page)[0]))
        placement = pades.Placement(
            field_name=pades.next_field_name(writer.root, pades.CLERK_FIELD_PREFIX),
            page=leader[0], rect=ap.seal_box(leader[1]), style=style, text_params={},
        )
        reason = f"Phát hành văn bản số {number_text}"
        try:
            signed, level = await self._sign(writer, lambda: _prepared(data, prepare), signer,
                                             placement, reason, profile.location, vc)
            outputs: list[tuple[Path, bytes]] = [(job.output, signed)]
            for _src, out, att in attachments:
                outputs.append((out, await self._sign_attachment(
                    att, signer, number_text, reason, profile.location, vc)))
        except Exception as exc:
            # Decree 30 numbers are never reused: tell the clerk which one was taken.
            exc.add_note(f"Số {number_text} đã được lấy nhưng chưa dùng; hãy ghi chú trong sổ.")
            raise
        # Write only once every part is signed: a token pulled out half-way leaves
        # the whole document (main + attachments) untouched.
        for out, blob in outputs:
            _write_atomic(out, blob)
        self.register_book.record(row)
        return FileOutcome(job.source, job.output, Outcome.SIGNED, register_number=number_text,
                           level=level.value)

    async def _sign_attachment(self, data: bytes, signer: Signer, number_text: str, reason: str,
                               location: str, vc: ValidationContext | None) -> bytes:
        writer = pades.open_writer(data)
        width, height = pades.page_size(writer, 0)
        signed_at = require_aware(self.clock(), "clock").replace(microsecond=0)
        placement = pades.Placement(
            field_name=pades.next_field_name(writer.root, pades.CLERK_FIELD_PREFIX),
            page=0, rect=ap.attachment_box(width, height), style=ap.attachment_style(),
            text_params={"number": number_text, "signed_at": signed_at.isoformat()},
        )
        signed, _ = await self._sign(writer, lambda: pades.open_writer(data), signer, placement,
                                     reason, location, vc)
        return signed


def _prepared(data: bytes, prepare: Callable[[pades.IncrementalPdfFileWriter], None]
              ) -> pades.IncrementalPdfFileWriter:
    writer = pades.open_writer(data)
    prepare(writer)
    return writer


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(f"Không đọc được tệp “{path}”: {exc.strerror}.") from exc
