"""Errors the portal answers with: a status, a code, and the reason in Vietnamese and English."""

from __future__ import annotations

from typing import Any


class PortalError(Exception):
    """A request the portal refuses; answered as {"detail": {"code", "vi", "en"}}."""

    def __init__(self, status: int, code: str, vi: str, en: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{vi} / {en}")
        self.status = status
        self.code = code
        self.vi = vi
        self.en = en
        self.headers = headers or {}

    def detail(self) -> dict[str, Any]:
        return {"code": self.code, "vi": self.vi, "en": self.en}


def unauthorized(vi: str = "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn",
                 en: str = "Not signed in, or the session has expired") -> PortalError:
    return PortalError(401, "unauthorized", vi, en, {"WWW-Authenticate": "Bearer"})


def forbidden(code: str, vi: str, en: str) -> PortalError:
    return PortalError(403, code, vi, en)


def not_found(vi: str, en: str, code: str = "not_found") -> PortalError:
    return PortalError(404, code, vi, en)


def bad_request(code: str, vi: str, en: str) -> PortalError:
    return PortalError(422, code, vi, en)
