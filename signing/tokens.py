"""USB tokens through PKCS#11: list them, read their certificates, log in.

Call everything here on the token worker thread (`signing.worker`); the
`SigningService` does. Certificates are public objects, readable without a PIN.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pkcs11
from asn1crypto import x509 as asn1_x509
from pkcs11 import Attribute, ObjectClass, TokenFlag
from pkcs11 import exceptions as p11e
from pyhanko.sign.pkcs11 import PKCS11Signer

from desk_app.textfmt import VN_TZ, require_aware, short_datetime

from .errors import (
    CertificateNotFoundError,
    PinCancelledError,
    PinIncorrectError,
    PinLockedError,
    SigningError,
    TokenLibraryError,
    TokenNotFoundError,
    TokenRemovedError,
)
from .pin import PinPrompt

log = logging.getLogger(__name__)

# PKCS#11 errors that mean the token went away (pulled out, or its store vanished).
TOKEN_LOST_ERRORS: tuple[type[Exception], ...] = (
    p11e.DeviceRemoved,
    p11e.TokenNotPresent,
    p11e.TokenNotRecognised,
    p11e.SessionClosed,
    p11e.SessionHandleInvalid,
    p11e.DeviceError,
    p11e.ObjectHandleInvalid,
    p11e.KeyHandleInvalid,
    p11e.NoSuchToken,
)

KEY_USAGE_VI = {
    "digital_signature": "ký số",
    "non_repudiation": "chống chối bỏ",
    "key_encipherment": "mã hóa khóa",
    "data_encipherment": "mã hóa dữ liệu",
    "key_agreement": "thỏa thuận khóa",
    "key_cert_sign": "ký chứng thư",
    "crl_sign": "ký CRL",
}


@dataclass(frozen=True)
class CertificateInfo:
    label: str
    key_id: bytes
    holder: str
    issuer: str
    serial: int
    not_before: datetime
    not_after: datetime
    key_usage: tuple[str, ...]
    der: bytes = field(repr=False)

    @classmethod
    def from_der(cls, der: bytes, label: str = "", key_id: bytes = b"") -> CertificateInfo:
        cert = asn1_x509.Certificate.load(der)
        usage = cert.key_usage_value
        return cls(
            label=label,
            key_id=key_id,
            holder=_common_name(cert.subject),
            issuer=_common_name(cert.issuer),
            serial=cert.serial_number,
            not_before=cert.not_valid_before.astimezone(VN_TZ),
            not_after=cert.not_valid_after.astimezone(VN_TZ),
            key_usage=tuple(sorted(usage.native)) if usage is not None else (),
            der=der,
        )

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.der)

    def can_sign(self) -> bool:
        return not self.key_usage or bool(
            {"digital_signature", "non_repudiation"} & set(self.key_usage)
        )

    def problems(self, at: datetime) -> list[str]:
        """Vietnamese warnings to show before signing at `at`."""
        at = require_aware(at, "at")
        out: list[str] = []
        if at < self.not_before:
            out.append(
                f"Chứng thư số của {self.holder} chưa có hiệu lực "
                f"(hiệu lực từ {short_datetime(self.not_before)})."
            )
        if at > self.not_after:
            out.append(
                f"Chứng thư số của {self.holder} đã hết hạn "
                f"ngày {short_datetime(self.not_after)}."
            )
        if not self.can_sign():
            out.append(f"Chứng thư số của {self.holder} không được phép dùng để ký số.")
        return out

    def usage_vi(self) -> str:
        return ", ".join(KEY_USAGE_VI.get(u, u) for u in self.key_usage) or "không giới hạn"


@dataclass(frozen=True)
class TokenInfo:
    module: str
    label: str
    manufacturer: str
    model: str
    serial: str
    flags: int
    certificates: tuple[CertificateInfo, ...] = ()

    @property
    def locked(self) -> bool:
        return bool(self.flags & TokenFlag.USER_PIN_LOCKED)

    @property
    def tries_left(self) -> int | None:
        return tries_left_from_flags(self.flags)


def tries_left_from_flags(flags: int) -> int | None:
    """What PKCS#11 can say: 0 when locked, 1 on the final try, else unknown."""
    if flags & TokenFlag.USER_PIN_LOCKED:
        return 0
    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        return 1
    return None


def _common_name(name: asn1_x509.Name) -> str:
    native = name.native
    for key in ("common_name", "organization_name"):
        if native.get(key):
            value = native[key]
            return value if isinstance(value, str) else ", ".join(value)
    return name.human_friendly


def load_library(module_path: str | Path) -> Any:
    path = Path(module_path)
    if not path.is_file():
        raise TokenLibraryError(
            f"Không tìm thấy thư viện PKCS#11 “{path}”. Hãy cài trình điều khiển token "
            "của nhà cung cấp chữ ký số hoặc chỉ đúng đường dẫn trong phần cài đặt."
        )
    try:
        return pkcs11.lib(str(path))
    except Exception as exc:  # a broken or wrong-architecture DLL
        raise TokenLibraryError(
            f"Không nạp được thư viện PKCS#11 “{path.name}”: {exc.__class__.__name__}. "
            "Có thể thư viện không đúng phiên bản (32/64-bit) hoặc đã hỏng."
        ) from exc


def _token_info(module: str, token: Any, certs: tuple[CertificateInfo, ...]) -> TokenInfo:
    return TokenInfo(
        module=module,
        label=token.label,
        manufacturer=token.manufacturer_id,
        model=token.model,
        serial=token.serial.decode("ascii", "replace") if isinstance(token.serial, bytes)
        else str(token.serial),
        flags=int(token.flags),
        certificates=certs,
    )


def read_certificates(session: Any) -> tuple[CertificateInfo, ...]:
    out = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            out.append(
                CertificateInfo.from_der(
                    bytes(obj[Attribute.VALUE]),
                    label=str(obj[Attribute.LABEL] or ""),
                    key_id=bytes(obj[Attribute.ID] or b""),
                )
            )
        except Exception:  # a non-X.509 or malformed object: skip it, list the rest
            log.warning("skipping an unreadable certificate object on the token")
    return tuple(out)


def list_tokens(module_path: str | Path, *, refresh: bool = False) -> list[TokenInfo]:
    """Every token plugged in behind `module_path`, with its certificates."""
    lib = load_library(module_path)
    if refresh:
        lib.reinitialize()  # many CA modules only see a newly plugged token after this
    result = []
    try:
        slots = lib.get_slots(token_present=True)
    except p11e.PKCS11Error as exc:
        raise TokenNotFoundError(
            f"Không đọc được danh sách token: {exc.__class__.__name__}."
        ) from exc
    for slot in slots:
        try:
            token = slot.get_token()
            with token.open() as session:
                certs = read_certificates(session)
            result.append(_token_info(str(module_path), token, certs))
        except p11e.PKCS11Error:
            continue  # a slot that fails is shown as absent, the others still list
    return result


class SerialPkcs11Signer(PKCS11Signer):
    """pyHanko's PKCS#11 signer, but every token call stays on the calling thread.

    pyHanko hands the raw signing to the event loop's default thread pool; with
    our token worker that would put token I/O on a second thread.
    """

    async def ensure_objects_loaded(self) -> None:
        self._load_objects()

    async def async_sign_raw(self, data: bytes, digest_algorithm: str,
                             dry_run: bool = False) -> bytes:
        if dry_run:
            return self.estimate_raw_signature_size_bytes() * b"0"
        self._load_objects()
        spec = self._select_pkcs11_signing_params(
            digest_algorithm, sign_kwargs=self.sign_kwargs(data)
        )
        if spec.pre_sign_transform is not None:
            data = spec.pre_sign_transform(data)
        assert self._key_handle is not None
        signature = self._key_handle.sign(data, **spec.sign_kwargs)
        if spec.post_sign_transform is not None:
            signature = spec.post_sign_transform(signature)
        return signature


class TokenSession:
    """A logged-in session on one token; one PIN for a whole batch."""

    def __init__(self, module_path: str | Path, token_label: str | None = None) -> None:
        self.module_path = Path(module_path)
        self.wanted_label = token_label
        self._session: Any = None
        self._token: Any = None
        self.certificates: tuple[CertificateInfo, ...] = ()

    @property
    def label(self) -> str:
        return self._token.label if self._token is not None else (self.wanted_label or "")

    def _find_token(self) -> Any:
        lib = load_library(self.module_path)
        try:
            slots = lib.get_slots(token_present=True)
        except p11e.PKCS11Error as exc:
            raise TokenNotFoundError("Không đọc được danh sách token.") from exc
        tokens = []
        for slot in slots:
            try:
                tokens.append(slot.get_token())
            except p11e.PKCS11Error:
                continue
        if self.wanted_label is not None:
            tokens = [t for t in tokens if t.label == self.wanted_label]
        if not tokens:
            which = f" có nhãn “{self.wanted_label}”" if self.wanted_label else ""
            raise TokenNotFoundError(f"Không tìm thấy token{which}. Hãy cắm token vào máy.")
        if len(tokens) > 1:
            labels = ", ".join(t.label for t in tokens)
            raise TokenNotFoundError(f"Có nhiều token đang cắm ({labels}); hãy chọn một token.")
        return tokens[0]

    def login(self, prompt: PinPrompt) -> None:
        """Ask the PIN once and log in; map every refusal to a plain message."""
        token = self._find_token()
        self._token = token
        flags = int(token.flags)
        if flags & TokenFlag.USER_PIN_LOCKED:
            raise PinLockedError(token.label)
        pin = prompt.ask_pin(token.label, tries_left_from_flags(flags))
        if pin is None:
            raise PinCancelledError()
        try:
            self._session = token.open(user_pin=pin)
        except p11e.PinIncorrect:
            raise PinIncorrectError(self._tries_left_now()) from None
        except p11e.PinLocked:
            raise PinLockedError(token.label) from None
        except (p11e.PinInvalid, p11e.PinLenRange):
            raise SigningError("Mã PIN không hợp lệ (sai độ dài hoặc ký tự).") from None
        except TOKEN_LOST_ERRORS as exc:
            raise TokenRemovedError() from exc
        finally:
            del pin
        self.certificates = read_certificates(self._session)

    def _tries_left_now(self) -> int | None:
        try:
            lib = load_library(self.module_path)
            for slot in lib.get_slots(token_present=True):
                tok = slot.get_token()
                if tok.label == self._token.label:
                    return tries_left_from_flags(int(tok.flags))
        except Exception:  # the count is a courtesy; never hide the wrong-PIN message
            return None
        return None

    def choose_certificate(self, label: str | None = None) -> CertificateInfo:
        """The certificate to sign with: by label, else the one with a signing key."""
        assert self._session is not None, "login() first"
        keys = {
            bytes(k[Attribute.ID] or b"")
            for k in self._session.get_objects(
                {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True}
            )
        }
        candidates = [c for c in self.certificates if c.key_id in keys and c.can_sign()]
        if label is not None:
            candidates = [c for c in candidates if c.label == label]
        if not candidates:
            raise CertificateNotFoundError(
                "Token không có chứng thư số kèm khóa ký phù hợp"
                + (f" với nhãn “{label}”." if label else ".")
            )
        # Prefer the one valid longest (a renewed certificate beside the old one).
        return max(candidates, key=lambda c: c.not_after)

    def signer(self, cert: CertificateInfo, ca_chain: list[asn1_x509.Certificate] | None = None
               ) -> SerialPkcs11Signer:
        assert self._session is not None, "login() first"
        return SerialPkcs11Signer(
            self._session,
            key_id=cert.key_id,
            signing_cert=cert.asn1,
            ca_chain=ca_chain or [],
        )

    def close(self) -> None:
        if self._session is not None:
            with contextlib.suppress(p11e.PKCS11Error):  # the token is gone already
                self._session.close()
            self._session = None
