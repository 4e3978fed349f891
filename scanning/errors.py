"""Errors of the scanning layer: each carries a Vietnamese message an officer can act on."""

from __future__ import annotations


class ScanError(Exception):
    """A scanning or digitising problem, with a message fit to show to the officer."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # technical detail for the log, never the only text shown

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message


class BackendUnavailable(ScanError):
    """The library or platform a back end needs is missing here."""


class DeviceError(ScanError):
    """The scanner reported an error (jam, cover open, no paper, I/O)."""


class ScanCancelled(ScanError):
    """The officer cancelled the batch; the pages already scanned are kept."""


class BadInputError(ScanError):
    """A file to digitise is damaged, too large or not an image/PDF."""
