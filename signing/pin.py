"""How the signing layer asks for a PIN: an interface the UI implements.

Threading contract: `ask_pin` is called on the token worker thread
(`signing.worker.TokenWorker`), never on the GUI thread. A Qt implementation must
marshal the question to the GUI thread and block until the dialog closes, e.g. by
emitting a signal connected with `Qt.BlockingQueuedConnection` to a slot that runs
the dialog (as Electrum's `hw_wallet/qt.py` does with its handler). It returns the
PIN, or None when the officer cancels. The PIN is used once to log in and then
dropped: it is never stored, logged or put in an exception.
"""

from __future__ import annotations

import getpass
import sys
from typing import Protocol, TextIO


class PinPrompt(Protocol):
    def ask_pin(self, token_label: str, tries_left: int | None) -> str | None:
        """Ask the officer for the token's PIN.

        `tries_left` is what the token reports before this try: None when it does
        not say (most tokens only flag "count low" / "final try"), 1 on the final
        try. Return None when the officer cancels.
        """
        ...


class FixedPin:
    """Answers with a fixed PIN (tests, and `--pin-stdin` once read)."""

    def __init__(self, pin: str | None) -> None:
        self._pin = pin
        self.asked: list[tuple[str, int | None]] = []

    def ask_pin(self, token_label: str, tries_left: int | None) -> str | None:
        self.asked.append((token_label, tries_left))
        return self._pin

    def __repr__(self) -> str:  # never show the PIN in a log or traceback
        return "FixedPin(***)"


class TerminalPin:
    """Asks on the terminal without echo (`desk-app sign` without --pin-stdin)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr

    def ask_pin(self, token_label: str, tries_left: int | None) -> str | None:
        hint = f" (còn {tries_left} lần thử)" if tries_left is not None else ""
        try:
            pin = getpass.getpass(f"Mã PIN của token “{token_label}”{hint}: ", self._stream)
        except (EOFError, KeyboardInterrupt):
            return None
        return pin or None


def read_pin_from_stream(stream: TextIO) -> str | None:
    """The first line of `stream` (for `--pin-stdin`), without its newline."""
    line = stream.readline()
    pin = line.rstrip("\r\n")
    return pin or None
