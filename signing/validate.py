"""Validation of signed PDFs: applicants' dossiers (Art. 11.1) and our own results.

Each signature gets one plain verdict with the signer's name: intact, modified
after signing, signer not trusted, certificate expired, certificate revoked.
"""

from __future__ import annotations

import asyncio
import enum
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

import platformdirs
from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from desk_app.textfmt import VN_TZ, short_datetime

from .errors import DocumentError

TRUST_DIR_ENV = "DESK_TRUST_DIR"

# Vietnamese CAs issue signing certificates with digitalSignature, nonRepudiation or
# both; pyHanko's default demands nonRepudiation alone.
SIGNER_KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


class Verdict(enum.StrEnum):
    INTACT = "intact"
    MODIFIED = "modified"
    UNTRUSTED = "untrusted"
    EXPIRED = "expired"
    REVOKED = "revoked"
    INVALID = "invalid"  # the cryptographic signature itself is broken


VERDICT_VI: dict[Verdict, str] = {
    Verdict.INTACT: "Chữ ký hợp lệ, văn bản còn nguyên vẹn",
    Verdict.MODIFIED: "Văn bản đã bị sửa đổi sau khi ký",
    Verdict.UNTRUSTED: "Người ký không được tin cậy (chứng thư không do CA tin cậy cấp)",
    Verdict.EXPIRED: "Chứng thư số đã hết hạn",
    Verdict.REVOKED: "Chứng thư số đã bị thu hồi",
    Verdict.INVALID: "Chữ ký không hợp lệ",
}


def _load_pem_or_der(data: bytes) -> list[tuple[str, bytes]]:
    if pem.detect(data):
        return [(kind, der) for kind, _, der in pem.unarmor(data, multiple=True)]
    return [("", data)]


@dataclass
class TrustStore:
    """Trusted roots (e.g. the national root CAs), intermediates and known CRLs."""

    roots: list[asn1_x509.Certificate] = field(default_factory=list)
    intermediates: list[asn1_x509.Certificate] = field(default_factory=list)
    crls: list[asn1_crl.CertificateList] = field(default_factory=list)
    allow_fetching: bool = False  # online OCSP/CRL look-ups

    def add_file(self, path: str | os.PathLike[str]) -> None:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DocumentError(f"Không đọc được tệp tin cậy “{p}”: {exc.strerror}.") from exc
        for kind, der in _load_pem_or_der(data):
            if "CRL" in kind or p.suffix.lower() == ".crl":
                self.crls.append(asn1_crl.CertificateList.load(der))
                continue
            cert = asn1_x509.Certificate.load(der)
            if cert.self_signed in ("maybe", "yes"):
                self.roots.append(cert)
            else:
                self.intermediates.append(cert)

    @classmethod
    def from_paths(cls, paths: Iterable[str | os.PathLike[str]], *,
                   allow_fetching: bool = False) -> TrustStore:
        store = cls(allow_fetching=allow_fetching)
        for path in paths:
            p = Path(path)
            files = sorted(p.iterdir()) if p.is_dir() else [p]
            for f in files:
                if f.suffix.lower() in (".pem", ".crt", ".cer", ".der", ".crl"):
                    store.add_file(f)
        return store

    @classmethod
    def default(cls) -> TrustStore:
        """Roots (e.g. the national root CAs) from signing/assets/trust, the user's
        config folder (…/desk-app/trust) and $DESK_TRUST_DIR; online revocation checks."""
        dirs = [Path(__file__).with_name("assets") / "trust",
                Path(platformdirs.user_config_dir("desk-app")) / "trust"]
        if os.environ.get(TRUST_DIR_ENV):
            dirs.append(Path(os.environ[TRUST_DIR_ENV]))
        return cls.from_paths([d for d in dirs if d.is_dir()], allow_fetching=True)

    def context(self, *, hard_fail: bool = False, moment: datetime | None = None
                ) -> ValidationContext:
        return ValidationContext(
            trust_roots=list(self.roots),
            other_certs=list(self.intermediates),
            crls=list(self.crls),
            allow_fetching=self.allow_fetching,
            revocation_mode="hard-fail" if hard_fail else "soft-fail",
            moment=moment,
            # Judging the past (at a timestamp): a CRL issued later still tells
            # whether the certificate was revoked then.
            retroactive_revinfo=moment is not None,
        )


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer: str
    issuer: str
    signed_at: datetime | None
    verdict: Verdict
    timestamped: bool
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.INTACT

    def line_vi(self) -> str:
        when = f", ký lúc {short_datetime(self.signed_at)}" if self.signed_at else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{VERDICT_VI[self.verdict]} — {self.signer}{when}{extra}"


@dataclass(frozen=True)
class ValidationReport:
    path: str
    signatures: tuple[SignatureReport, ...]

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def ok(self) -> bool:
        return self.signed and all(s.ok for s in self.signatures)

    def status_vi(self) -> str:
        """One line for the dossier view."""
        if not self.signatures:
            return "Tệp không có chữ ký số"
        if self.ok:
            names = ", ".join(s.signer for s in self.signatures)
            return f"Chữ ký hợp lệ, văn bản còn nguyên vẹn — {names}"
        worst = next(s for s in self.signatures if not s.ok)
        return worst.line_vi()

    def lines_vi(self) -> list[str]:
        return [s.line_vi() for s in self.signatures]


def _verdict(status: PdfSignatureStatus) -> tuple[Verdict, str]:
    if not status.intact:
        return Verdict.MODIFIED, "nội dung được ký không khớp"
    if not status.valid:
        return Verdict.INVALID, ""
    if not status.docmdp_ok and status.modification_level is not None:
        return Verdict.MODIFIED, "có thay đổi không được phép sau khi ký"
    if status.revoked:
        return Verdict.REVOKED, ""
    indic = status.trust_problem_indic
    if indic is not None:
        name = getattr(indic, "name", str(indic))
        if "REVOKED" in name:
            return Verdict.REVOKED, ""
        if "EXPIRED" in name or "OUT_OF_BOUNDS" in name:
            return Verdict.EXPIRED, ""
        return Verdict.UNTRUSTED, ""
    if not status.trusted:
        return Verdict.UNTRUSTED, ""
    return Verdict.INTACT, ""


def _cn(name: asn1_x509.Name) -> str:
    native = name.native
    cn = native.get("common_name") or native.get("organization_name")
    if isinstance(cn, list):
        cn = ", ".join(cn)
    return cn or name.human_friendly


async def _validate(data: bytes, path: str, trust: TrustStore) -> ValidationReport:
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:
        raise DocumentError(f"Không đọc được tệp PDF “{path}”: {exc.__class__.__name__}.") from exc
    reports = []
    for sig in embedded:
        status = await async_validate_pdf_signature(sig, signer_validation_context=trust.context(),
                                                    key_usage_settings=SIGNER_KEY_USAGE)
        verdict, detail = _verdict(status)
        ts = status.timestamp_validity
        if verdict in (Verdict.EXPIRED, Verdict.REVOKED) and ts is not None and ts.trusted:
            # A trusted timestamp proves when it was signed: a certificate that
            # expired (or was revoked) only afterwards does not spoil the signature.
            at_signing = await async_validate_pdf_signature(
                sig, signer_validation_context=trust.context(moment=ts.timestamp),
                key_usage_settings=SIGNER_KEY_USAGE)
            if _verdict(at_signing)[0] is Verdict.INTACT:
                later = "hết hạn" if verdict is Verdict.EXPIRED else "bị thu hồi"
                verdict, detail = Verdict.INTACT, f"chứng thư {later} sau thời điểm ký"
        signed_at = status.signer_reported_dt
        if status.timestamp_validity is not None:
            signed_at = status.timestamp_validity.timestamp
        reports.append(SignatureReport(
            field_name=sig.field_name,
            signer=_cn(status.signing_cert.subject),
            issuer=_cn(status.signing_cert.issuer),
            signed_at=signed_at.astimezone(VN_TZ) if signed_at else None,
            verdict=verdict,
            timestamped=status.timestamp_validity is not None,
            detail=detail,
        ))
    return ValidationReport(path=path, signatures=tuple(reports))


def validate_pdf(source: str | os.PathLike[str] | bytes, trust: TrustStore | None = None
                 ) -> ValidationReport:
    """Validate every signature of a PDF (blocking: call it off the GUI thread)."""
    trust = trust or TrustStore.default()
    if isinstance(source, bytes):
        data, path = source, "<bytes>"
    else:
        path = str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise DocumentError(f"Không đọc được tệp “{path}”: {exc.strerror}.") from exc
    return asyncio.run(_validate(data, path, trust))


def validate_many(paths: Sequence[str | os.PathLike[str]], trust: TrustStore | None = None
                  ) -> list[ValidationReport]:
    trust = trust or TrustStore.default()
    return [validate_pdf(p, trust) for p in paths]
