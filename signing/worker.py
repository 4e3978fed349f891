"""One serial worker thread for all token I/O.

PKCS#11 modules of Vietnamese CA tokens are often not thread-safe, and a token
does one operation at a time anyway; so every call into a token goes through this
single thread (as Electrum's `run_in_hwd_thread` does). The GUI thread submits work
and gets a Future; it never waits on the token itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

THREAD_NAME = "token-io"


class TokenWorker:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        self._thread_ident: int | None = None
        # Learn the worker's identity so that nested calls run inline.
        self._executor.submit(self._remember_thread).result()

    def _remember_thread(self) -> None:
        self._thread_ident = threading.get_ident()

    def in_worker(self) -> bool:
        return threading.get_ident() == self._thread_ident

    def submit(self, fn: Callable[..., T], *args: object, **kwargs: object) -> Future[T]:
        """Queue `fn` on the token thread; the Future carries its result or error."""
        return self._executor.submit(fn, *args, **kwargs)

    def run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run `fn` on the token thread and wait for it (never from the GUI thread)."""
        if self.in_worker():
            return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


_default: TokenWorker | None = None
_default_lock = threading.Lock()


def default_worker() -> TokenWorker:
    """The process-wide token thread (created on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = TokenWorker()
        return _default
