"""Errors of the sync layer, each with a message for the officer in Vietnamese."""

from __future__ import annotations

from desk_app.services import ServiceError


class SyncError(Exception):
    """A sync step that failed; `vi` is shown to the officer, `en` goes to the log."""

    def __init__(self, vi: str, en: str = "", code: str = "") -> None:
        super().__init__(f"{vi} / {en}" if en else vi)
        self.vi = vi
        self.en = en
        self.code = code


class AuthError(SyncError):
    """The portal refused the officer's credentials (or they expired)."""


class PortalUnavailable(SyncError):
    """The portal could not be reached, timed out or kept failing: the desk is offline."""


class ProtocolError(SyncError):
    """The portal answered something the protocol does not allow."""


class PortalRefused(SyncError):
    """The portal answered a request with a 4xx error and its own reason."""

    def __init__(self, vi: str, en: str = "", code: str = "", status: int = 0) -> None:
        super().__init__(vi, en, code)
        self.status = status


class Cancelled(SyncError):
    """The officer (or the application closing) cancelled a sync."""


class OfflineLimitReached(ServiceError):
    """New work is blocked until the desk syncs (MOSIP-style offline limits)."""
