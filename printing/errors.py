"""Errors of the printing layer: each carries a Vietnamese message an officer can act on."""

from __future__ import annotations


class PrintError(Exception):
    """Base class. `message` is Vietnamese and shown as is; `retryable` says whether the
    same job can simply be sent again once the cause is fixed (printer switched on,
    paper loaded, cable plugged in)."""

    retryable: bool = False

    def __init__(self, message: str, *, retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if retryable is not None:
            self.retryable = retryable

    def __str__(self) -> str:
        return self.message


class TemplateError(PrintError):
    """A template set (manifest) is missing, malformed or refers to an unknown field."""


class FontError(PrintError):
    """No installed font can print Vietnamese."""


class FormDataError(PrintError):
    """The data for a form is missing a field, too long, or holds characters that
    cannot be printed. Nothing was sent; fix the data and print again."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message, retryable=False)
        self.field = field


class PrinterError(PrintError):
    """A printer could not take the job. The job is kept and can be retried."""

    retryable = True


class PrinterUnavailable(PrinterError):
    """Off, unreachable, refused the connection, or no driver/CUPS to reach it."""


class PrinterDisconnected(PrinterError):
    """The printer closed the connection before it confirmed the whole job."""


class PrinterOutOfPaper(PrinterError):
    """The printer reports that its paper has run out."""


class UnsupportedPrinter(PrintError):
    """The printer address is not one we can speak to (bad URI scheme)."""
