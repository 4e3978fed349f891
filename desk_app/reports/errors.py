"""Errors of the reports package, each with a message for the officer in Vietnamese."""

from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be built or sent; `vi` is shown to the officer."""

    def __init__(self, vi: str, en: str = "") -> None:
        super().__init__(f"{vi} / {en}" if en else vi)
        self.vi = vi
        self.en = en
