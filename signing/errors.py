"""Errors of the signing layer: each carries a Vietnamese message for the officer.

The UI shows `str(error)`; nothing here ever contains a PIN.
"""

from __future__ import annotations


class SigningError(Exception):
    """Base class: something the officer must be told, in Vietnamese."""

    def __init__(self, message_vi: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi


class TokenLibraryError(SigningError):
    """The PKCS#11 library (driver of the USB token) is missing or unusable."""


class TokenNotFoundError(SigningError):
    """No token (or no token with the wanted label) is plugged in."""


class CertificateNotFoundError(SigningError):
    """The token holds no usable signing certificate / private key pair."""


class CertificateValidityError(SigningError):
    """The signing certificate is expired or not yet valid."""


class PinCancelledError(SigningError):
    """The officer closed the PIN dialog."""

    def __init__(self) -> None:
        super().__init__("Đã hủy nhập mã PIN; chưa ký văn bản nào.")


class PinIncorrectError(SigningError):
    """The token refused the PIN."""

    def __init__(self, tries_left: int | None) -> None:
        self.tries_left = tries_left
        if tries_left is None:
            detail = (
                "Token không cho biết số lần thử còn lại; nhập sai nhiều lần "
                "token sẽ bị khóa."
            )
        else:
            detail = f"Token báo còn {tries_left} lần thử."
        super().__init__(f"Mã PIN không đúng. {detail}")


class PinLockedError(SigningError):
    """The token's user PIN is locked after too many wrong tries."""

    def __init__(self, token_label: str) -> None:
        super().__init__(
            f"Token “{token_label}” đã bị khóa do nhập sai mã PIN quá số lần cho phép. "
            "Hãy liên hệ tổ chức cung cấp chữ ký số (CA) để mở khóa; không thể ký."
        )


class TokenRemovedError(SigningError):
    """The token was pulled out (or stopped answering) during work."""

    def __init__(self, detail: str = "") -> None:
        text = "Mất kết nối với token (token bị rút ra hoặc không phản hồi)."
        super().__init__(f"{text} {detail}".strip())


class AppearanceError(SigningError):
    """A font or image needed to draw the visible signature is missing."""


class DocumentError(SigningError):
    """The PDF cannot be read or is not in the state the step needs."""


class RegisterError(SigningError):
    """No outgoing register number could be taken."""
